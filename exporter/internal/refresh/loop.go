package refresh

import (
	"context"
	"time"
)

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
