package refresh

import (
	"sync"
	"time"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source"
)

// Source is a configured source with its last good data and refresh state.
type Source struct {
	cfg     *config.SourceConfig
	fetcher source.Fetcher
	running sync.Mutex // held for the whole of a refresh: refreshes never overlap
	loop    *loop      // its refresh loop, nil when stopped; guarded by Manager.lifecycle

	mu    sync.Mutex // guards data and state, briefly
	data  *dataset.Dataset
	state State

	intervalOnce sync.Once
	interval     time.Duration
}

// State is what the self-metrics and the landing page report of a source.
type State struct {
	Attempts     uint64
	Failures     uint64
	LastAttempt  time.Time
	LastSuccess  time.Time
	LastDuration time.Duration
	LastOK       bool
	LastError    string
	Series       int
	// Next is the source's next refresh: on its schedule, or sooner, a
	// retry after a failure (Retry). Zero when nothing will refresh it.
	Next time.Time
	// Retry says Next is a retry after the failures in a row Failing counts.
	Retry   bool
	Failing int
	// NotModified counts the successful refreshes that found the remote
	// data unchanged (HTTP 304) and kept it without parsing.
	NotModified uint64
}

// Config is the source's configuration.
func (s *Source) Config() *config.SourceConfig { return s.cfg }

// State returns a copy of the source's state.
func (s *Source) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

// Interval is the longest gap between two scheduled refreshes of the
// source, zero without a schedule. Computed once per configuration: the
// thousand firings of a cron schedule take milliseconds (7 ms measured for
// "*/5 9-17 * * 1-5"), too much for every scrape.
func (s *Source) Interval(now time.Time) time.Duration {
	s.intervalOnce.Do(func() {
		if s.cfg.Parsed != nil {
			s.interval = longestGap(s.cfg.Parsed, now)
		}
	})
	return s.interval
}

func (s *Source) current() *dataset.Dataset {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data
}

func (s *Source) setData(ds *dataset.Dataset) {
	n := 0
	for _, t := range ds.Tables {
		p, _ := t.Count()
		n += p
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data = ds
	s.state.Series = n
}

func (s *Source) setNext(t time.Time, retry bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.Next, s.state.Retry = t, retry
}

// maxErrorBytes bounds a source's last error as kept and shown; a data
// file's errors are already bounded to their first dataset.ShownErrors.
const maxErrorBytes = 32 << 10

func (s *Source) record(start, end time.Time, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.Attempts++
	s.state.LastAttempt = start
	s.state.LastDuration = end.Sub(start)
	s.state.LastOK = err == nil
	if err != nil {
		s.state.Failures++
		s.state.Failing++
		// Bounded whatever the error: it is shown on the landing page.
		s.state.LastError = dataset.Excerpt(err.Error(), maxErrorBytes)
		return
	}
	s.state.LastError = ""
	s.state.Failing = 0
	s.state.LastSuccess = end
}

func (s *Source) carryOver(prev *Source) {
	prev.mu.Lock()
	defer prev.mu.Unlock()
	s.data = prev.data
	s.state = prev.state
	// Reconfigured, it refreshes at once: a new start, not a retry.
	s.state.Next, s.state.Retry, s.state.Failing = time.Time{}, false, 0
}

func (s *Source) countNotModified() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.NotModified++
}
