// Package promqltest runs the real exporter as the demo stack configures it
// and evaluates PromQL over its output with Prometheus' own engine, for the
// tests of the dashboards' queries and of the README's cookbook.
package promqltest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql"
	"github.com/prometheus/prometheus/storage"
	"github.com/prometheus/prometheus/util/teststorage"
	"gopkg.in/yaml.v3"

	"github.com/korea-ict-exporter/korea-ict-exporter/internal/buildtool"
	"github.com/korea-ict-exporter/korea-ict-exporter/internal/exportertest"
)

// ScrapeExporter builds and runs the real exporter with the demo stack's
// configuration, its World Bank source pointed at the fixtures and the
// extra sources appended (ExporterConfig), and returns two scrapes of its
// /metrics, to be loaded a minute apart in the storage.
func ScrapeExporter(t testing.TB, extra ...map[string]any) []map[string]*dto.MetricFamily {
	t.Helper()
	bin := exportertest.Binary(t)
	addr := exportertest.FreeAddr(t)
	cmd := exec.Command(bin, "--web.listen-address="+addr, "--config.file="+ExporterConfig(t, extra...))
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

// LoadScrapes appends the scrapes to a test TSDB as Prometheus would: with
// the job and instance labels, plus the up and scrape_duration_seconds
// series a scrape adds.
func LoadScrapes(t testing.TB, scrapes []map[string]*dto.MetricFamily, at []time.Time) *teststorage.TestStorage {
	t.Helper()
	return LoadReplicas(t, scrapes, at, "exporter:10873")
}

// LoadReplicas appends the scrapes once per instance, under one job: what
// Prometheus stores when it scrapes replicas of the exporter serving the
// same data (the README's advice for high availability).
func LoadReplicas(t testing.TB, scrapes []map[string]*dto.MetricFamily, at []time.Time, instances ...string) *teststorage.TestStorage {
	t.Helper()
	st := teststorage.New(t)
	for _, instance := range instances {
		appendScrapes(t, st, scrapes, at, instance)
	}
	return st
}

func appendScrapes(t testing.TB, st *teststorage.TestStorage, scrapes []map[string]*dto.MetricFamily, at []time.Time, instance string) {
	t.Helper()
	for i, fams := range scrapes {
		app := st.Appender(context.Background())
		ts := at[i].UnixMilli()
		add := func(name string, pairs []*dto.LabelPair, v float64) {
			b := labels.NewScratchBuilder(len(pairs) + 3)
			b.Add(model.MetricNameLabel, name)
			b.Add("job", "korea-ict-exporter")
			b.Add("instance", instance)
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
}

// Query is one PromQL expression, evaluated as Grafana would: at one time
// (Instant), or else over the last minute in 15-second steps.
type Query struct {
	Expr    string
	Instant bool
}

// Result is what a query returned.
type Result struct {
	Series int
	Values map[string]float64           // by the series' label set (the last sample of a range)
	Labels map[string]map[string]string // the same keys: the label set (instant queries)
}

// Evaluate runs the query at the given time.
func Evaluate(eng *promql.Engine, st storage.Queryable, q Query, at time.Time) (Result, error) {
	ctx := context.Background()
	var qry promql.Query
	var err error
	if q.Instant {
		qry, err = eng.NewInstantQuery(ctx, st, nil, q.Expr, at)
	} else {
		qry, err = eng.NewRangeQuery(ctx, st, nil, q.Expr, at.Add(-time.Minute), at, 15*time.Second)
	}
	if err != nil {
		return Result{}, err
	}
	defer qry.Close()
	res := qry.Exec(ctx)
	if res.Err != nil {
		return Result{}, res.Err
	}
	out := Result{Values: map[string]float64{}, Labels: map[string]map[string]string{}}
	switch v := res.Value.(type) {
	case promql.Vector:
		for _, s := range v {
			out.Values[s.Metric.String()] = s.F
			out.Labels[s.Metric.String()] = s.Metric.Map()
		}
		out.Series = len(v)
	case promql.Matrix:
		for _, s := range v {
			if len(s.Floats) > 0 {
				out.Values[s.Metric.String()] = s.Floats[len(s.Floats)-1].F
			}
		}
		out.Series = len(v)
	case promql.Scalar:
		out.Series = 1
	default:
		return Result{}, fmt.Errorf("unexpected result type %T", res.Value)
	}
	return out, nil
}

// NewEngine is a PromQL engine with Prometheus' default lookback.
func NewEngine() *promql.Engine {
	return promql.NewEngine(promql.EngineOpts{MaxSamples: 5e7, Timeout: time.Minute, LookbackDelta: 5 * time.Minute})
}

// The World Bank fixtures of the exporter's worldbank source, relative to
// the repository's root: response pages in the API's format, with synthetic
// values (exporter/internal/source/worldbank/testdata/README.md).
const worldBankFixtures = "exporter/internal/source/worldbank/testdata/api"

var worldBankPath = regexp.MustCompile(`^/country/[A-Z]{3}(;[A-Z]{3})*/indicator/([A-Za-z0-9._-]+)$`)

// worldBankServer serves the fixtures as the World Bank API would: GET
// /country/{iso3;...}/indicator/{code}?format=json&page=n. (The exporter's
// own tests use its internal wbtest package, which no package outside
// exporter/ can import.)
func worldBankServer(t testing.TB, root string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := worldBankPath.FindStringSubmatch(r.URL.Path)
		page := r.URL.Query().Get("page")
		if page == "" {
			page = "1"
		}
		if m == nil || r.URL.Query().Get("format") != "json" {
			http.NotFound(w, r)
			return
		}
		data, err := os.ReadFile(filepath.Join(root, worldBankFixtures, m[2], "page-"+page+".json"))
		if err != nil {
			fmt.Fprintln(w, `[{"message":[{"id":"120","key":"Invalid value","value":"The provided parameter value is not valid"}]}]`)
			return
		}
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// ExporterConfig is the demo stack's config/korea-ict-exporter.yml with
// every worldbank source's base_url pointed at a fixture server (no test
// reaches api.worldbank.org), and the extra sources appended.
func ExporterConfig(t testing.TB, extra ...map[string]any) string {
	t.Helper()
	root, err := buildtool.ModuleRoot()
	if err != nil {
		t.Fatalf("finding the module root: %v", err)
	}
	raw, err := os.ReadFile(filepath.Join(root, "config", "korea-ict-exporter.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	base := worldBankServer(t, root).URL
	n := 0
	sources := mapValue(doc.Content[0], "sources")
	if sources == nil {
		t.Fatal("config/korea-ict-exporter.yml has no sources")
	}
	for _, s := range sources.Content {
		if typ := mapValue(s, "type"); typ == nil || typ.Value != "worldbank" {
			continue
		}
		n++
		if v := mapValue(s, "base_url"); v != nil {
			v.Value, v.Tag, v.Style = base, "!!str", 0
		} else {
			s.Content = append(s.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "base_url"}, &yaml.Node{Kind: yaml.ScalarNode, Value: base})
		}
	}
	if n == 0 {
		t.Fatal("config/korea-ict-exporter.yml has no worldbank source: the World Bank panels would show no data")
	}
	for _, e := range extra {
		var src yaml.Node
		if err := src.Encode(e); err != nil {
			t.Fatal(err)
		}
		sources.Content = append(sources.Content, &src)
	}
	out, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "korea-ict-exporter.yml")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
