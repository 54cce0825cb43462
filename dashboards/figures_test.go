package main

import (
	"math"
	"testing"
	"time"

	"github.com/prometheus/prometheus/storage"

	"github.com/korea-ict-exporter/korea-ict-exporter/internal/promqltest"
)

// figure is a value a panel must show, as printed in the report (converted
// to the base unit), picked by the labels of the panel's result series.
type figure struct {
	file, panel string
	labels      map[string]string
	want        float64
}

var reportFigures = []figure{
	{"korea-ict-it-industry.json", "IT industry production", map[string]string{"period": "2003 reported"}, 208.8e12},
	{"korea-ict-it-industry.json", "IT exports and imports", map[string]string{"period": "2001 reported", "flow": "export"}, 385e8},
	{"korea-ict-it-industry.json", "IT production", map[string]string{"year": "2003"}, 208.8e12},
	{"korea-ict-ecommerce.json", "E-commerce volume by transaction partner", map[string]string{"year": "2003", "partner": "b2b"}, 206854e9},
	{"korea-ict-ecommerce.json", "B-to-B volume by industry in $year", map[string]string{"industry": "manufacturing"}, 146162e9},
	{"korea-ict-ecommerce.json", "B-to-C revenue by quarter", map[string]string{"period": "2002 Q4 reported"}, 1420e9},
	{"korea-ict-ecommerce.json", "E-marketplaces by sector, 2003", map[string]string{"category": "mro"}, 24},
	{"korea-ict-ecommerce.json", "G-to-B market", map[string]string{"period": "2003 reported", "category": "construction_projects"}, 13223e9},
	{"korea-ict-ecommerce.json", "E-commerce implementation rate by industry", map[string]string{"industry": "communications"}, 0.647},
	{"korea-ict-smes.json", "Exports by SMEs, large enterprises and others", map[string]string{"year": "2003", "size": "sme"}, 81699e6},
	{"korea-ict-smes.json", "Venture companies by type", map[string]string{"period": "2002 reported", "venture_type": "new_technology"}, 6329},
	{"korea-ict-smes.json", "Firms by size class", map[string]string{"year": "2003", "size": "1-4"}, 2681.5e3},
	// The first query of the e-trade panels is the SMEs' bars.
	{"korea-ict-smes.json", "Reasons for not using e-trade", map[string]string{"reason": "no_particular_need"}, 0.442},
	// The World Bank panels put the report's figure and the World Bank's side
	// by side, each named by its source (the World Bank values are the
	// fixtures' synthetic ones, exporter/internal/source/worldbank/testdata).
	{"korea-ict-it-industry.json", "Internet usage: report vs World Bank", map[string]string{"year": "2003", "series": "Report · KOR (table 9)"}, 0.655},
	{"korea-ict-it-industry.json", "Internet usage: report vs World Bank", map[string]string{"year": "2003", "series": "World Bank · Republic of Korea"}, 0.752},
	{"korea-ict-it-industry.json", "Mobile subscribers per person: report vs World Bank", map[string]string{"year": "2003", "series": "Report · KOR (table 9)"}, 0.7009},
}

func near(got, want float64) bool {
	return math.Abs(got-want) <= 1e-9*math.Max(math.Abs(got), math.Abs(want))
}

// panelQuery is the first query of a panel, as Grafana would send it.
func panelQuery(t *testing.T, file, title string) query {
	t.Helper()
	return panelQueries(t, file, title)[0]
}

// panelQueries are a panel's queries, in order.
func panelQueries(t *testing.T, file, title string) []query {
	t.Helper()
	var out []query
	for _, q := range queries(t) {
		if q.board == file && q.panel == title {
			out = append(out, q)
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s has no panel %q", file, title)
	}
	return out
}

// pick returns the value of the one result series carrying the labels.
func pick(series map[string]map[string]string, values map[string]float64, want map[string]string) (float64, int) {
	var v float64
	n := 0
	for key, ls := range series {
		ok := true
		for k, w := range want {
			if ls[k] != w {
				ok = false
			}
		}
		if ok {
			v = values[key]
			n++
		}
	}
	return v, n
}

// Panels show the report's figures: the engine's results for these panels'
// own queries equal the printed cells, each once, also when two replicas
// of the exporter serve them under one job.
func TestPanelsShowTheReportsFigures(t *testing.T) {
	now := time.Now().Truncate(time.Second)
	at := []time.Time{now.Add(-time.Minute), now}
	scrapes := promqltest.ScrapeExporter(t)
	t.Run("one exporter", func(t *testing.T) {
		showFigures(t, promqltest.LoadScrapes(t, scrapes, at), now)
	})
	t.Run("two replicas", func(t *testing.T) {
		showFigures(t, promqltest.LoadReplicas(t, scrapes, at, "exporter-a:10873", "exporter-b:10873"), now)
	})
}

func showFigures(t *testing.T, st storage.Queryable, now time.Time) {
	eng := promqltest.NewEngine()
	for _, f := range reportFigures {
		q := panelQuery(t, f.file, f.panel)
		res, err := promqltest.Evaluate(eng, st, promqltest.Query{Expr: q.expr, Instant: q.instant}, now)
		if err != nil {
			t.Errorf("%s: %v", f.panel, err)
			continue
		}
		got, n := pick(res.Labels, res.Values, f.labels)
		if n != 1 || !near(got, f.want) {
			t.Errorf("%s / %s %v: got %v (%d series), want %v", f.file, f.panel, f.labels, got, n, f.want)
		}
	}
	if len(reportFigures) < 10 {
		t.Errorf("only %d panels checked against the report", len(reportFigures))
	}
}
