package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/prometheus/model/labels"

	"github.com/korea-ict-exporter/korea-ict-exporter/internal/buildtool"
	"github.com/korea-ict-exporter/korea-ict-exporter/internal/exportertest"
)

// The History dashboard over the backfilled history, with the real tools:
// backfill output through promtool into blocks, served by a real
// Prometheus, every History query asked as a range query over 1996-2008.
func TestHistoryDashboardOverBackfilledData(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end run skipped in -short mode")
	}
	prometheus := buildtool.Path(t, "prometheus")
	dir := t.TempDir()
	data := historyBlocks(t, backfill(t), dir)
	cfg := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(cfg, []byte("global: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := exportertest.FreeAddr(t)
	startProcess(t, prometheus, "--config.file="+cfg, "--storage.tsdb.path="+data, "--storage.tsdb.retention.time=50y", "--web.listen-address="+addr)
	base := "http://" + addr

	start := time.Date(1996, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2008, 12, 31, 0, 0, 0, 0, time.UTC)
	waitFor(t, "Prometheus to serve the backfilled blocks", func() bool {
		r, err := promQuery(base, query{expr: `count(korea_ict_it_production_won)`, instant: true}, time.Date(2003, 1, 1, 0, 0, 0, 0, time.UTC))
		return err == nil && len(r.Data.Result) == 1
	})
	// Every History query has data, and every line is named in words, as
	// the legend shows it.
	n := 0
	voc := shippedNames()
	for _, d := range generated(t) {
		if d.file != historyBoard {
			continue
		}
		for _, p := range viewPanels(t, d) {
			for _, tg := range p.Targets {
				n++
				expr := substitute(d, tg.Expr)
				r, err := promQueryRange(base, expr, start, end, 30*24*time.Hour)
				if err != nil || len(r.Data.Result) == 0 {
					t.Errorf("%s: no data over 1996-2008 (%v)\n%s", p.Title, err, expr)
					continue
				}
				for _, s := range r.Data.Result {
					ls := labels.FromMap(s.Metric)
					name := displayName(p, legendName(series{labels: ls}, tg.LegendFormat), tg.RefID, ls)
					var seen []string
					ls.Range(func(l labels.Label) { seen = append(seen, l.Name) })
					if rawName(name, voc, seen) {
						t.Errorf("%s: line %q is a raw label value", p.Title, name)
					}
				}
			}
		}
	}
	if n < 8 {
		t.Errorf("only %d History queries", n)
	}
	// Values hold through their period and equal the report's figures.
	for _, f := range []struct {
		panel  string
		target int // the panel's query: 0 reported figures, 1 projections
		at     time.Time
		labels map[string]string
		want   float64
	}{
		{"IT industry production", 0, time.Date(2003, 6, 1, 0, 0, 0, 0, time.UTC), nil, 208.8e12},
		{"IT industry production", 0, time.Date(1997, 12, 31, 0, 0, 0, 0, time.UTC), nil, 76.0e12},
		{"B-to-C revenue by quarter", 0, time.Date(2002, 11, 15, 0, 0, 0, 0, time.UTC), nil, 1420e9},
		{"Exports by SMEs and large enterprises", 0, time.Date(2002, 3, 1, 0, 0, 0, 0, time.UTC), map[string]string{"size": "sme"}, 68308e6},
		{"E-business manpower", 1, time.Date(2007, 7, 1, 0, 0, 0, 0, time.UTC), map[string]string{"flow": "demand", "status": "projection"}, 1306544},
		{"E-business manpower", 0, time.Date(2003, 7, 1, 0, 0, 0, 0, time.UTC), map[string]string{"flow": "demand", "status": "reported"}, 888719},
	} {
		q := panelQueries(t, historyBoard, f.panel)[f.target]
		q.instant = true
		r, err := promQuery(base, q, f.at)
		if err != nil {
			t.Errorf("%s: %v", f.panel, err)
			continue
		}
		got, k := r.pick(f.labels)
		if k != 1 || !near(got, f.want) {
			t.Errorf("%s at %s %v: got %v (%d series), want %v", f.panel, f.at.Format("2006-01-02"), f.labels, got, k, f.want)
		}
	}
	// Nothing before the first figure.
	q := panelQuery(t, historyBoard, "IT industry production")
	q.instant = true
	if r, err := promQuery(base, q, time.Date(1996, 6, 1, 0, 0, 0, 0, time.UTC)); err != nil || len(r.Data.Result) != 0 {
		t.Errorf("IT production before 1997: %v %v", err, r.Data.Result)
	}
}
