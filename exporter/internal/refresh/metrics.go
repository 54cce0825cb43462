package refresh

import "github.com/prometheus/client_golang/prometheus"

const ns = "korea_ict_exporter"

var (
	scheduleNote = " Sources are refreshed on their cron schedule, never on scrape."

	descSuccess = prometheus.NewDesc(ns+"_source_last_refresh_success",
		"Whether the source's last refresh succeeded (1) or failed (0); on failure its last good data is still served."+scheduleNote,
		[]string{"source", "type"}, nil)
	descSuccessTS = prometheus.NewDesc(ns+"_source_last_refresh_success_timestamp_seconds",
		"When the source's data last refreshed successfully, as a Unix time (0: never)."+scheduleNote,
		[]string{"source"}, nil)
	descDuration = prometheus.NewDesc(ns+"_source_last_refresh_duration_seconds",
		"How long the source's last refresh took: fetch, parse, validate, check and swap."+scheduleNote,
		[]string{"source"}, nil)
	descSeries = prometheus.NewDesc(ns+"_source_series",
		"Number of series the source's last good data publishes."+scheduleNote,
		[]string{"source"}, nil)
	descRefreshes = prometheus.NewDesc(ns+"_source_refreshes_total",
		"Refreshes of the source completed, successfully or not, since the exporter started; one cancelled by a reload or shutdown is not counted."+scheduleNote,
		[]string{"source"}, nil)
	descFailures = prometheus.NewDesc(ns+"_source_refresh_failures_total",
		"Refreshes of the source that failed since the exporter started."+scheduleNote,
		[]string{"source"}, nil)
	descNotModified = prometheus.NewDesc(ns+"_source_not_modified_total",
		"Successful refreshes of the source that found its remote data unchanged (HTTP 304 Not Modified to a conditional request) and kept it without parsing."+scheduleNote,
		[]string{"source"}, nil)
	descNext = prometheus.NewDesc(ns+"_source_next_refresh_timestamp_seconds",
		"When the source is next refreshed, as a Unix time: on its schedule, or sooner to retry it after a failed refresh (the retry delay, doubled after each failure in a row, up to half the schedule's interval). Absent for sources loaded only at start and on reload."+scheduleNote,
		[]string{"source"}, nil)
	descInterval = prometheus.NewDesc(ns+"_source_refresh_interval_seconds",
		"The longest gap between two scheduled refreshes of the source: the period of a regular schedule, the weekend of a weekday-only one. Data older than twice this missed two refreshes. Absent for sources loaded only at start and on reload."+scheduleNote,
		[]string{"source"}, nil)
	descAbandoned = prometheus.NewDesc(ns+"_source_abandoned_reads",
		"Reads of the source abandoned at its timeout, a reload or shutdown that have not returned yet: stuck in the kernel (a FIFO without a writer, a hung network mount), each holds a goroutine and a file descriptor. The source's next read waits for it, so at most one per source and set of paths or URLs.",
		[]string{"source"}, nil)
	descReloadOK = prometheus.NewDesc(ns+"_config_last_reload_successful",
		"Whether the last configuration reload succeeded (1) or failed and the previous configuration is still in force (0).",
		nil, nil)
	descReloadTS = prometheus.NewDesc(ns+"_config_last_reload_success_timestamp_seconds",
		"When the configuration was last loaded successfully, as a Unix time.",
		nil, nil)
)

// Collector reports the sources' refresh state. It reads state copies only,
// so it never waits for a refresh.
func (m *Manager) Collector() prometheus.Collector { return (*collector)(m) }

type collector Manager

func (c *collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descSuccess, descSuccessTS, descDuration, descSeries, descRefreshes, descFailures, descNotModified, descNext, descInterval, descAbandoned, descReloadOK, descReloadTS} {
		ch <- d
	}
}

func (c *collector) Collect(ch chan<- prometheus.Metric) {
	m := (*Manager)(c)
	for _, s := range m.Sources() {
		st := s.State()
		name := s.cfg.Name
		if st.Attempts > 0 {
			ch <- prometheus.MustNewConstMetric(descSuccess, prometheus.GaugeValue, b2f(st.LastOK), name, s.cfg.Type)
			ch <- prometheus.MustNewConstMetric(descDuration, prometheus.GaugeValue, st.LastDuration.Seconds(), name)
		}
		ts := 0.0
		if !st.LastSuccess.IsZero() {
			ts = float64(st.LastSuccess.UnixNano()) / 1e9
		}
		ch <- prometheus.MustNewConstMetric(descSuccessTS, prometheus.GaugeValue, ts, name)
		ch <- prometheus.MustNewConstMetric(descSeries, prometheus.GaugeValue, float64(st.Series), name)
		ch <- prometheus.MustNewConstMetric(descRefreshes, prometheus.CounterValue, float64(st.Attempts), name)
		ch <- prometheus.MustNewConstMetric(descFailures, prometheus.CounterValue, float64(st.Failures), name)
		ch <- prometheus.MustNewConstMetric(descNotModified, prometheus.CounterValue, float64(st.NotModified), name)
		ch <- prometheus.MustNewConstMetric(descAbandoned, prometheus.GaugeValue, float64(m.reads.abandoned(name)), name)
		if !st.Next.IsZero() {
			ch <- prometheus.MustNewConstMetric(descNext, prometheus.GaugeValue, float64(st.Next.Unix()), name)
		}
		if d := s.Interval(m.clock.Now()); d > 0 {
			ch <- prometheus.MustNewConstMetric(descInterval, prometheus.GaugeValue, d.Seconds(), name)
		}
	}
	ch <- prometheus.MustNewConstMetric(descReloadOK, prometheus.GaugeValue, b2f(m.reloadOK.Load()))
	ch <- prometheus.MustNewConstMetric(descReloadTS, prometheus.GaugeValue, float64(m.reloadSuccessTS.Load())/1e9)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
