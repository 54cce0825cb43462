package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql"
	"github.com/prometheus/prometheus/util/teststorage"

	"github.com/korea-ict-exporter/korea-ict-exporter/internal/exportertest"
)

// scrapeExporter builds and runs the real exporter with the demo stack's
// configuration, its World Bank source pointed at the fixtures
// (exporterConfig), and returns two scrapes of its /metrics, a minute apart
// in the storage.
func scrapeExporter(t *testing.T) []map[string]*dto.MetricFamily {
	t.Helper()
	bin := exportertest.Binary(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(bin, "--web.listen-address="+addr, "--config.file="+exporterConfig(t))
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	get := func(path string) (*http.Response, error) { return http.Get("http://" + addr + path) }
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := get("/-/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("exporter not ready")
		}
		time.Sleep(20 * time.Millisecond)
	}
	var scrapes []map[string]*dto.MetricFamily
	for range 2 {
		resp, err := get("/metrics")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		parser := expfmt.NewTextParser(model.UTF8Validation)
		fams, err := parser.TextToMetricFamilies(strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		scrapes = append(scrapes, fams)
	}
	return scrapes
}

// loadScrapes appends the scrapes to a test TSDB as Prometheus would: with
// the job and instance labels, plus the up and scrape_duration_seconds
// series a scrape adds.
func loadScrapes(t *testing.T, scrapes []map[string]*dto.MetricFamily, at []time.Time) *teststorage.TestStorage {
	t.Helper()
	st := teststorage.New(t)
	for i, fams := range scrapes {
		app := st.Appender(context.Background())
		ts := at[i].UnixMilli()
		add := func(name string, pairs []*dto.LabelPair, v float64) {
			b := labels.NewScratchBuilder(len(pairs) + 3)
			b.Add(model.MetricNameLabel, name)
			b.Add("job", "korea-ict-exporter")
			b.Add("instance", "exporter:10873")
			for _, p := range pairs {
				b.Add(p.GetName(), p.GetValue())
			}
			b.Sort()
			if _, err := app.Append(0, b.Labels(), ts, v); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		for name, f := range fams {
			for _, m := range f.Metric {
				switch {
				case m.Gauge != nil:
					add(name, m.Label, m.Gauge.GetValue())
				case m.Counter != nil:
					add(name, m.Label, m.Counter.GetValue())
				case m.Untyped != nil:
					add(name, m.Label, m.Untyped.GetValue())
				}
			}
		}
		add("up", nil, 1)
		add("scrape_duration_seconds", nil, 0.004)
		if err := app.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

type result struct {
	series int
	values map[string]float64           // by the series' label set
	labels map[string]map[string]string // the same keys: the label set
}

func evaluate(eng *promql.Engine, st *teststorage.TestStorage, q query, at time.Time) (result, error) {
	ctx := context.Background()
	var qry promql.Query
	var err error
	if q.instant {
		qry, err = eng.NewInstantQuery(ctx, st, nil, q.expr, at)
	} else {
		qry, err = eng.NewRangeQuery(ctx, st, nil, q.expr, at.Add(-time.Minute), at, 15*time.Second)
	}
	if err != nil {
		return result{}, err
	}
	defer qry.Close()
	res := qry.Exec(ctx)
	if res.Err != nil {
		return result{}, res.Err
	}
	out := result{values: map[string]float64{}, labels: map[string]map[string]string{}}
	switch v := res.Value.(type) {
	case promql.Vector:
		for _, s := range v {
			out.values[s.Metric.String()] = s.F
			out.labels[s.Metric.String()] = s.Metric.Map()
		}
		out.series = len(v)
	case promql.Matrix:
		for _, s := range v {
			if len(s.Floats) > 0 {
				out.values[s.Metric.String()] = s.Floats[len(s.Floats)-1].F
			}
		}
		out.series = len(v)
	case promql.Scalar:
		out.series = 1
	default:
		return result{}, fmt.Errorf("unexpected result type %T", res.Value)
	}
	return out, nil
}

func newEngine() *promql.Engine {
	return promql.NewEngine(promql.EngineOpts{MaxSamples: 5e7, Timeout: time.Minute, LookbackDelta: 5 * time.Minute})
}

// Every panel query, evaluated by Prometheus' own PromQL engine over the
// exporter's actual output, returns data.
func TestEveryPanelQueryReturnsData(t *testing.T) {
	now := time.Now().Truncate(time.Second)
	at := []time.Time{now.Add(-time.Minute), now}
	st := loadScrapes(t, scrapeExporter(t), at)
	eng := newEngine()
	n := 0
	for _, q := range queries(t) {
		if emptyOnLiveData(q) {
			continue
		}
		res, err := evaluate(eng, st, q, now)
		n++
		switch {
		case err != nil:
			t.Errorf("%s / %s: %v\n%s", q.board, q.panel, err, q.expr)
		case res.series == 0:
			t.Errorf("%s / %s: no data\n%s", q.board, q.panel, q.expr)
		}
	}
	t.Logf("evaluated %d panel queries", n)
}

// emptyOnLiveData are the queries that have no data over the live gauges
// by design: History reads only the backfilled history (tested over it by
// TestHistoryDashboardOverBackfilledData, and empty here by
// TestHistoryIgnoresLiveGauges), and the alerts table lists alerts only
// while they fire (the end-to-end test makes one fire and finds it).
func emptyOnLiveData(q query) bool {
	return q.board == historyBoard || strings.HasPrefix(q.expr, "ALERTS{")
}

const historyBoard = "korea-ict-history.json"
