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

	// lifecycle serializes apply and Stop. Neither waits for a refresh
	// while holding it: a refresh may be stuck in a read (see fetch).
	lifecycle sync.Mutex
	running   *schedules // nil when stopped

	reads reads

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

// Reload loads a configuration and applies it: sources keep their data and
// counters by name, schedules are re-armed and every source refreshes at
// once. On error the previous configuration stays in force.
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
	for _, sc := range cfg.Sources {
		f, err := source.New(sc, m.embedded)
		if err != nil {
			return err
		}
		next = append(next, &Source{cfg: sc, fetcher: f})
	}
	// Cancelled, the old sources' refreshes commit nothing (see Refresh), so
	// what is carried over below is their last completed refresh. They are
	// not waited for: one may be stuck in a read.
	m.running.stop()
	m.swap.Lock()
	for _, s := range next {
		if prev := old[s.cfg.Name]; prev != nil {
			s.carryOver(prev)
		}
	}
	m.sources.Store(&next)
	if err := m.publishLocked(nil, nil); err != nil {
		// The kept data conflicts under the new source list (e.g. a source
		// was renamed); serve what merges and let the refreshes sort it out.
		m.logger.Warn("kept data does not merge under the new configuration", "err", err)
	}
	m.swap.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	m.running = &schedules{cancel: cancel}
	for _, s := range next {
		m.running.wg.Go(func() { m.run(ctx, s) })
	}
	return nil
}

// schedules are the running refresh loops of one applied configuration.
type schedules struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// stop cancels the loops and their refreshes without waiting for them.
func (r *schedules) stop() {
	if r != nil {
		r.cancel()
	}
}

// Stop ends every schedule and waits for the refresh loops to return, which
// they do promptly: a read that does not is abandoned (see fetch).
func (m *Manager) Stop() {
	m.lifecycle.Lock()
	r := m.running
	m.running = nil
	m.lifecycle.Unlock()
	if r != nil {
		r.stop()
		r.wg.Wait()
	}
}

func (m *Manager) run(ctx context.Context, s *Source) {
	// The loop ends with its configuration, and so does the use of its
	// fetcher: close its pooled keep-alive connections, which would otherwise
	// stay open for the transport's idle timeout of five minutes (one per
	// HTTP source and reload).
	defer func() {
		if c, ok := s.fetcher.(interface{ CloseIdleConnections() }); ok {
			c.CloseIdleConnections()
		}
	}()
	m.Refresh(ctx, s)
	if s.cfg.Parsed == nil {
		return
	}
	for {
		now := m.clock.Now()
		next := s.cfg.Parsed.Next(now)
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
//
// A refresh whose ctx is cancelled (by a reload or shutdown) is not a
// failure: it is dropped, not counted, and changes neither the source's
// state nor its data; it returns an error wrapping context.Canceled. Running
// out of the source's timeout is a failure.
func (m *Manager) Refresh(ctx context.Context, s *Source) error {
	if !s.running.TryLock() {
		return ErrBusy
	}
	defer s.running.Unlock()
	start := m.clock.Now()
	ds, err := m.load(ctx, s)
	// The outcome is committed under swap, which apply takes after
	// cancelling: a refresh either completes before the reload carries its
	// source's state over, or is dropped.
	m.swap.Lock()
	if ctx.Err() != nil {
		m.swap.Unlock()
		m.logger.Debug("refresh cancelled by a reload or shutdown; not counted", "source_name", s.cfg.Name)
		return fmt.Errorf("refresh cancelled: %w", ctx.Err())
	}
	if err == nil {
		err = m.publishLocked(s, ds)
	}
	s.record(start, m.clock.Now(), err)
	m.swap.Unlock()
	if err != nil {
		m.logger.Error("refresh failed; serving the last good data", "source_name", s.cfg.Name, "err", err)
	} else {
		m.logger.Debug("refreshed", "source_name", s.cfg.Name, "series", s.State().Series)
	}
	return err
}

// load fetches and builds a source's data within its timeout.
func (m *Manager) load(ctx context.Context, s *Source) (*dataset.Dataset, error) {
	timeout := time.Duration(s.cfg.Timeout)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	timedOut := func(err error) error {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return fmt.Errorf("timed out after %s: %w", s.cfg.Timeout, err)
		}
		return err
	}
	in, err := m.fetch(ctx, s)
	if err != nil {
		return nil, timedOut(fmt.Errorf("fetch: %w", err))
	}
	ds, _, err := in.Build()
	if err != nil {
		return nil, err
	}
	if ctx.Err() != nil {
		return nil, timedOut(errors.New("parsing and checking the data took too long"))
	}
	return ds, nil
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
		if s != nil {
			return fmt.Errorf("conflicts with another source: %w", err)
		}
		return err
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
