// Package refresh runs each data source on its schedule and publishes the
// merged data as an immutable snapshot, swapped atomically after every
// successful refresh so that a scrape never waits for, or sees half of, one.
package refresh

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/exposition"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source"
)

// Manager owns the sources, their schedules and the published snapshot.
type Manager struct {
	logger   *slog.Logger
	clock    Clock
	embedded fs.FS

	// swap serializes publishing: merge the sources' data, build the
	// snapshot, store it. Scrapes never take it.
	swap       sync.Mutex
	generation uint64

	// lifecycle serializes Apply and Stop.
	lifecycle sync.Mutex
	cancel    context.CancelFunc
	wg        sync.WaitGroup

	sources  atomic.Pointer[[]*Source]
	snapshot atomic.Pointer[exposition.Snapshot]

	reloadOK        atomic.Bool
	reloadSuccessTS atomic.Int64 // unix nanoseconds
}

// New returns a manager with no sources; Apply gives it some.
func New(logger *slog.Logger, clock Clock, embedded fs.FS) *Manager {
	m := &Manager{logger: logger, clock: clock, embedded: embedded}
	m.sources.Store(&[]*Source{})
	m.snapshot.Store(exposition.Empty())
	return m
}

// Snapshot is the data currently served.
func (m *Manager) Snapshot() *exposition.Snapshot { return m.snapshot.Load() }

// Sources is the current source list.
func (m *Manager) Sources() []*Source { return *m.sources.Load() }

// Ready reports whether every source has finished its first refresh.
func (m *Manager) Ready() bool {
	for _, s := range m.Sources() {
		if s.State().Attempts == 0 {
			return false
		}
	}
	return true
}

// Reload loads a configuration and applies it. A source whose
// configuration is unchanged keeps its data, fetcher and schedule and is not
// fetched again; a changed or new one keeps the data and counters of the
// source of its name, if any, and refreshes at once. On error the previous
// configuration stays in force.
func (m *Manager) Reload(load func() (*config.Config, error)) error {
	cfg, err := load()
	if err == nil {
		err = m.apply(cfg)
	}
	m.reloadOK.Store(err == nil)
	if err == nil {
		m.reloadSuccessTS.Store(m.clock.Now().UnixNano())
	}
	return err
}

func (m *Manager) apply(cfg *config.Config) error {
	m.lifecycle.Lock()
	defer m.lifecycle.Unlock()
	old := map[string]*Source{}
	for _, s := range m.Sources() {
		old[s.cfg.Name] = s
	}
	next := make([]*Source, 0, len(cfg.Sources))
	kept := map[*Source]bool{}
	for _, sc := range cfg.Sources {
		if prev := old[sc.Name]; prev != nil && prev.cfg.Equal(sc) {
			next = append(next, prev)
			kept[prev] = true
			continue
		}
		settings := sc.Settings()
		settings.Embedded = m.embedded
		f, err := sc.Spec.Fetcher(settings)
		if err != nil {
			return fmt.Errorf("source %q: %w", sc.Name, err)
		}
		next = append(next, &Source{cfg: sc, fetcher: f})
	}
	m.stopLocked()
	for _, s := range next {
		if prev := old[s.cfg.Name]; prev != nil && !kept[s] {
			s.carryOver(prev)
		}
	}
	m.swap.Lock()
	m.sources.Store(&next)
	if err := m.publishLocked(nil, nil); err != nil {
		// The kept data conflicts under the new source list (e.g. a source
		// was renamed); serve what merges and let the refreshes sort it out.
		m.logger.Warn("kept data does not merge under the new configuration", "err", err)
	}
	m.swap.Unlock()
	// The old sources' refreshes are over (stopLocked) and their fetchers
	// unused from here on.
	for _, s := range old {
		if c, ok := s.fetcher.(interface{ CloseIdleConnections() }); ok && !kept[s] {
			c.CloseIdleConnections()
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	m.cancel = cancel
	for _, s := range next {
		// A kept source that has refreshed waits for its schedule.
		refreshNow := !kept[s] || s.State().Attempts == 0
		m.wg.Add(1)
		go func() {
			defer m.wg.Done()
			m.run(ctx, s, refreshNow)
		}()
	}
	return nil
}

// Stop ends every schedule and waits for running refreshes.
func (m *Manager) Stop() {
	m.lifecycle.Lock()
	defer m.lifecycle.Unlock()
	m.stopLocked()
}

func (m *Manager) stopLocked() {
	if m.cancel != nil {
		m.cancel()
		m.wg.Wait()
		m.cancel = nil
	}
}

// run refreshes a source, at once if refreshNow, then on its schedule. A
// source kept across a reload resumes its schedule where it was.
func (m *Manager) run(ctx context.Context, s *Source, refreshNow bool) {
	if refreshNow {
		m.Refresh(ctx, s)
	}
	if s.cfg.Parsed == nil {
		return
	}
	for {
		now := m.clock.Now()
		next := s.cfg.Parsed.Next(now)
		if pending := s.State().Next; !refreshNow && pending.After(now) {
			next = pending
		}
		refreshNow = true
		if next.IsZero() {
			return // a schedule that never fires again
		}
		s.setNext(next)
		select {
		case <-ctx.Done():
			return
		case <-m.clock.After(next.Sub(now)):
		}
		m.Refresh(ctx, s)
	}
}

// ErrBusy is returned when a refresh of the source is already running.
var ErrBusy = errors.New("a refresh of this source is already running")

// Refresh fetches, parses, validates and checks a source's data and, if all
// of that succeeds and it merges with the other sources, publishes it.
// Otherwise the source keeps its last good data.
func (m *Manager) Refresh(ctx context.Context, s *Source) error {
	if !s.running.TryLock() {
		return ErrBusy
	}
	defer s.running.Unlock()
	start := m.clock.Now()
	err := m.refresh(ctx, s)
	s.record(start, m.clock.Now(), err)
	if err != nil {
		m.logger.Error("refresh failed; serving the last good data", "source_name", s.cfg.Name, "err", err)
	} else {
		m.logger.Debug("refreshed", "source_name", s.cfg.Name, "series", s.State().Series)
	}
	return err
}

func (m *Manager) refresh(ctx context.Context, s *Source) error {
	ctx, cancel := context.WithTimeout(ctx, time.Duration(s.cfg.Timeout))
	defer cancel()
	in, err := s.fetcher.Fetch(ctx)
	if errors.Is(err, source.ErrNotModified) {
		// What the source serves is what the remote has: nothing to parse
		// or swap, and a success.
		s.countNotModified()
		return nil
	}
	if err != nil {
		return fmt.Errorf("fetch: %w", err)
	}
	// The families (duplicate series, one help and unit per metric) are
	// validated once, across every source, by the merge in publishLocked.
	ds, _, err := in.BuildPart()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("refresh took longer than the timeout of %s", s.cfg.Timeout)
	}
	m.swap.Lock()
	defer m.swap.Unlock()
	if err := m.publishLocked(s, ds); err != nil {
		return err
	}
	if c, ok := s.fetcher.(source.Committer); ok {
		c.Commit()
	}
	return nil
}

// publishLocked merges every source's data, with s's replaced by ds, and
// swaps in the new snapshot. It holds m.swap.
func (m *Manager) publishLocked(s *Source, ds *dataset.Dataset) error {
	var parts []*dataset.Dataset
	for _, o := range m.Sources() {
		d := o.current()
		if o == s {
			d = ds
		}
		parts = append(parts, d)
	}
	merged, err := dataset.Merge(parts...)
	if err != nil {
		if s == nil {
			return err
		}
		if _, alone := dataset.Merge(ds); alone != nil {
			return alone // a problem of the source's own data
		}
		return fmt.Errorf("conflicts with another source: %w", err)
	}
	if s != nil {
		s.setData(ds)
	}
	m.generation++
	next := exposition.NewSnapshot(merged, m.generation)
	next.Warm(m.snapshot.Load())
	m.snapshot.Store(next)
	return nil
}
