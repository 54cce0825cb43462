package refresh

import (
	"fmt"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// selfMetrics gathers the manager's self-metrics as "name/source" → value.
func selfMetrics(t *testing.T, m *Manager) map[string]float64 {
	t.Helper()
	reg := prometheus.NewRegistry()
	reg.MustRegister(m.Collector())
	fams, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range fams {
		for _, mm := range f.Metric {
			var src string
			for _, l := range mm.Label {
				if l.GetName() == "source" {
					src = l.GetValue()
				}
			}
			got[f.GetName()+"/"+src] = mm.GetGauge().GetValue() + mm.GetCounter().GetValue()
		}
	}
	return got
}

// TestRefreshIntervalMetric: scheduled sources publish their schedule's
// longest gap, which the staleness alert compares the data's age with;
// sources without a schedule publish none.
func TestRefreshIntervalMetric(t *testing.T) {
	clock := newFakeClock()
	m := newManager(t, clock)
	if err := m.Reload(parseConfig(t, fmt.Sprintf("sources:\n- {name: every, type: embedded, schedule: %q}\n- {name: weekdays, type: file, paths: [%q], schedule: %q}\n- {name: once, type: file, paths: [%q]}\n",
		"@every 90s", t.TempDir(), "0 6 * * 1-5", t.TempDir()))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "first refreshes", func() bool { return m.Ready() })
	got := selfMetrics(t, m)
	for src, want := range map[string]float64{"every": 90, "weekdays": 3 * 86400} {
		if v := got["korea_ict_exporter_source_refresh_interval_seconds/"+src]; v != want {
			t.Errorf("korea_ict_exporter_source_refresh_interval_seconds{source=%q} = %v, want %v", src, v, want)
		}
	}
	if v, ok := got["korea_ict_exporter_source_refresh_interval_seconds/once"]; ok {
		t.Errorf("a source without a schedule publishes an interval (%v)", v)
	}
}
