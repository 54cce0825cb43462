// Package refresh runs each data source on its schedule and publishes the
// merged data as an immutable generation (Published), swapped atomically
// after every successful refresh so that a scrape never waits for, or sees
// half of, one.
package refresh

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/panics"
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

// New returns a manager with no sources; Apply gives it some.
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
		settings := sc.Settings()
		settings.Embedded = m.embedded
		f, err := sc.Spec.Fetcher(settings)
		if err != nil {
			return fmt.Errorf("source %q: %w", sc.Name, err)
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

// loop is a source's refresh loop (run).
type loop struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// startLoop starts s's refresh loop; m.lifecycle is held.
func (m *Manager) startLoop(s *Source, refreshNow bool) {
	ctx, cancel := context.WithCancel(context.Background())
	l := &loop{cancel: cancel, done: make(chan struct{})}
	s.loop = l
	go func() {
		defer close(l.done)
		m.run(ctx, s, refreshNow)
	}()
}

// stopLoop cancels s's loop and its refresh without waiting for them, and
// returns the loop; m.lifecycle is held.
func (s *Source) stopLoop() *loop {
	l := s.loop
	if l != nil {
		l.cancel()
		s.loop = nil
	}
	return l
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

// run refreshes a source, at once if refreshNow, then on its schedule. A
// source kept across a reload resumes its schedule where it was.
func (m *Manager) run(ctx context.Context, s *Source, refreshNow bool) {
	// The loop ends with its configuration, and so does the use of its
	// fetcher: close its pooled keep-alive connections, which would otherwise
	// stay open for the transport's idle timeout of five minutes (one per
	// HTTP source and reload).
	defer func() {
		if c, ok := s.fetcher.(interface{ CloseIdleConnections() }); ok {
			c.CloseIdleConnections()
		}
	}()
	if refreshNow {
		m.Refresh(ctx, s)
	}
	for {
		now := m.clock.Now()
		var next time.Time
		if s.cfg.Parsed != nil {
			next = s.cfg.Parsed.Next(now)
		}
		st := s.State()
		if !refreshNow && st.Next.After(now) {
			next = st.Next // kept across a reload: its schedule or retry
		}
		retry := false
		if refreshNow && st.Failing > 0 && s.cfg.Parsed != nil {
			if at := now.Add(m.retryDelay(s, st.Failing)); next.IsZero() || at.Before(next) {
				next, retry = at, true
			}
		}
		refreshNow = true
		if next.IsZero() {
			s.setNext(next, false)
			return // loaded at start only, or a schedule that never fires again
		}
		s.setNext(next, retry)
		select {
		case <-ctx.Done():
			return
		case <-m.clock.After(next.Sub(now)):
		}
		m.Refresh(ctx, s)
	}
}

// DefaultRetryDelay is how long a source waits after a failed refresh
// before it is retried: a network blip at start-up then costs tens of
// seconds, not a whole schedule (a day, for the demo's daily sources).
const DefaultRetryDelay = 30 * time.Second

// retryDelay is the wait before retrying a source after its failures in a
// row: the retry delay, doubled after each, capped at half the source's
// schedule interval (its schedule comes sooner than longer retries). A
// source without a schedule is not retried: it loads at start and on
// reload (KoreaICTExporterSourceRefreshFailing alerts at once).
func (m *Manager) retryDelay(s *Source, failures int) time.Duration {
	limit := s.Interval(m.clock.Now()) / 2
	d := m.RetryDelay
	for range min(failures-1, 32) {
		if d >= limit {
			break
		}
		d *= 2
	}
	return max(min(d, limit), m.RetryDelay)
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
	published := false
	defer func() {
		if published {
			// The source's previous data and the files just parsed are
			// garbage now: return their pages at once rather than at the
			// scavenger's pace, so that the next refresh starts from the
			// live heap. It costs one full collection per refresh, after
			// the refresh (not in its duration) and outside its lock.
			debug.FreeOSMemory()
		}
	}()
	defer s.running.Unlock()
	defer lowerGC()() // while the refresh builds; see refreshGCPercent
	start := m.clock.Now()
	var ds *dataset.Dataset
	err := panics.Catch(func() (err error) {
		ds, err = m.load(ctx, s)
		return err
	})
	// The outcome is committed under swap, which apply takes after
	// cancelling: a refresh either completes before the reload carries its
	// source's state over, or is dropped.
	m.swap.Lock()
	if ctx.Err() != nil {
		m.swap.Unlock()
		m.logger.Debug("refresh cancelled by a reload or shutdown; not counted", "source_name", s.cfg.Name)
		return fmt.Errorf("refresh cancelled: %w", ctx.Err())
	}
	switch {
	case errors.Is(err, source.ErrNotModified):
		// What the source serves is what the remote has: nothing to
		// parse or swap, and a success.
		s.countNotModified()
		err = nil
	case err == nil:
		if err = panics.Catch(func() error { return m.publishLocked(s, ds) }); err == nil {
			published = true
			if c, ok := s.fetcher.(source.Committer); ok {
				c.Commit()
			}
		}
	}
	s.record(start, m.clock.Now(), err)
	m.swap.Unlock()
	if stack := panics.Stack(err); stack != nil {
		m.logger.Error("refresh failed on a bug; serving the last good data", "source_name", s.cfg.Name, "err", err, "stack", string(stack))
	} else if err != nil {
		m.logger.Error("refresh failed; serving the last good data", "source_name", s.cfg.Name, "err", err)
	} else {
		m.logger.Debug("refreshed", "source_name", s.cfg.Name, "series", s.State().Series)
	}
	return err
}

// load fetches and builds a source's data within its timeout.
func (m *Manager) load(ctx context.Context, s *Source) (*dataset.Dataset, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Duration(s.cfg.Timeout))
	defer cancel()
	in, err := m.fetch(ctx, s)
	if errors.Is(err, source.ErrNotModified) {
		return nil, err
	}
	if err != nil {
		return nil, timedOut(ctx, s.cfg, fmt.Errorf("fetch: %w", err))
	}
	// The families (duplicate series, one help and unit per metric) are
	// validated once, across every source, by the merge in publishLocked.
	limits := s.cfg.Limits()
	in.Limits = &limits
	ds, _, err := in.BuildPart()
	if err != nil {
		return nil, err
	}
	if ctx.Err() != nil {
		return nil, timedOut(ctx, s.cfg, errors.New("parsing and checking the data took too long"))
	}
	return ds, nil
}

// timedOut says so of err when sc's timeout has ended ctx.
func timedOut(ctx context.Context, sc *config.SourceConfig, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("timed out after %s: %w", sc.Timeout, err)
	}
	return err
}

// publishLocked merges every source's data, with s's replaced by ds, and
// publishes the result as a new generation. It holds m.swap.
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
	m.publish(&Published{Generation: m.generation, Dataset: merged})
	return nil
}
