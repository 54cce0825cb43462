// Package refresh runs each data source on its schedule and publishes the
// merged data as an immutable generation (Published), swapped atomically
// after every successful refresh so that a scrape never waits for, or sees
// half of, one.
//
// By stage: manager.go applies configurations and owns the sources'
// lifecycle; loop.go runs each source's schedule (and retries); refresh.go
// refreshes a source and publishes the merge; read.go reads, bounding
// reads stuck in the kernel; published.go is what is served; once.go reads
// sources once, for the check and backfill commands.
package refresh

import (
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source"
)

// Manager owns the sources, their schedules and the published data.
type Manager struct {
	logger   *slog.Logger
	clock    Clock
	embedded source.Embedded

	// swap serializes publishing: merge the sources' data, hand the new
	// generation to the OnPublish functions, store it. Scrapes never take it.
	swap       sync.Mutex
	generation uint64
	onPublish  []func(*Published)

	// lifecycle serializes apply and Stop, and guards the sources' loops.
	// Neither waits for a refresh while holding it: a refresh may be stuck
	// in a read (see fetch).
	lifecycle sync.Mutex

	reads reads

	// RetryDelay is the wait before a failed source's first retry
	// (DefaultRetryDelay unless set before Reload).
	RetryDelay time.Duration

	sources   atomic.Pointer[[]*Source]
	published atomic.Pointer[Published]

	reloadOK        atomic.Bool
	reloadSuccessTS atomic.Int64 // unix nanoseconds
}

// New returns a manager with no sources; Reload gives it some.
func New(logger *slog.Logger, clock Clock, embedded source.Embedded) *Manager {
	m := &Manager{logger: logger, clock: clock, embedded: embedded, RetryDelay: DefaultRetryDelay}
	m.sources.Store(&[]*Source{})
	m.published.Store(&Published{Dataset: &dataset.Dataset{}})
	return m
}

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
// configuration is unchanged, and whose last refresh succeeded, keeps its
// data, fetcher and schedule and is not fetched again (a failing one is
// retried); a changed or new one keeps the data and counters of the source
// of its name, if any, and refreshes at once. On error the previous
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
		if prev := old[sc.Name]; prev != nil && prev.cfg.Equal(sc) && prev.State().LastOK {
			next = append(next, prev)
			kept[prev] = true
			continue
		}
		f, err := newFetcher(sc, m.embedded)
		if err != nil {
			return err
		}
		next = append(next, &Source{cfg: sc, fetcher: f})
	}
	// Cancelled, the replaced sources' refreshes commit nothing (see
	// Refresh), so what is carried over below is their last completed
	// refresh. They are not waited for: one may be stuck in a read. A kept
	// source's loop runs on, refresh in progress and schedule.
	for _, s := range old {
		if !kept[s] {
			s.stopLoop()
		}
	}
	m.swap.Lock()
	for _, s := range next {
		if prev := old[s.cfg.Name]; prev != nil && !kept[s] {
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
	for _, s := range next {
		if s.loop == nil { // new, replaced, or kept after a Stop
			m.startLoop(s, !kept[s])
		}
	}
	return nil
}

// Stop ends every schedule and waits for the refresh loops to return, which
// they do promptly: a read that does not is abandoned (see fetch).
func (m *Manager) Stop() {
	m.lifecycle.Lock()
	var loops []*loop
	for _, s := range m.Sources() {
		if l := s.stopLoop(); l != nil {
			loops = append(loops, l)
		}
	}
	m.lifecycle.Unlock()
	for _, l := range loops {
		<-l.done
	}
}
