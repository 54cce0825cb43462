// Package runtimemetrics is the exporter's own Go runtime and process
// metrics (go_*, process_*), read at most once per interval.
package runtimemetrics

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	dto "github.com/prometheus/client_model/go"
)

// New returns the Go runtime and process collectors, sampled once per
// interval.
func New(interval time.Duration) prometheus.Gatherer {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return Sampled(reg, interval)
}

// Sampled gathers g at most once per interval and answers with that sample in
// between. The Go runtime and process collectors cost more per scrape (they
// read runtime/metrics and half a dozen /proc files) than sending 100,000
// pre-rendered series; values that move by the second gain nothing from being
// read more often than once a second, and scrapers of an HA pair arriving
// together share one reading.
func Sampled(g prometheus.Gatherer, interval time.Duration) prometheus.Gatherer {
	return &sampled{g: g, interval: interval}
}

type sampled struct {
	g        prometheus.Gatherer
	interval time.Duration

	mu   sync.Mutex
	at   time.Time
	fams []*dto.MetricFamily // shared read-only by every scrape of the interval
	err  error
}

func (s *sampled) Gather() ([]*dto.MetricFamily, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if now := time.Now(); s.at.IsZero() || now.Sub(s.at) >= s.interval {
		s.fams, s.err = s.g.Gather()
		s.at = now
	}
	return s.fams, s.err
}
