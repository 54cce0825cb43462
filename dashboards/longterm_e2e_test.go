package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/cli"

	"github.com/korea-ict-exporter/korea-ict-exporter/internal/buildtool"
	"github.com/korea-ict-exporter/korea-ict-exporter/internal/exportertest"
	"github.com/korea-ict-exporter/korea-ict-exporter/internal/promqltest"
)

// TestDashboardsOnVictoriaMetrics runs the compose file's longterm profile
// without Docker: the exporter scraped by a Prometheus server (the demo's,
// config/prometheus.yml) and by a Prometheus agent that remote_writes to
// VictoriaMetrics (config/prometheus-agent.yml), the backfilled history
// loaded into both (promtool's blocks for Prometheus, VictoriaMetrics'
// /api/v1/import/prometheus for the other), and every dashboard query
// asked of both as Grafana asks it. The answers must be the same: the same
// series, the same timestamps, the same values.
func TestDashboardsOnVictoriaMetrics(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end run skipped in -short mode")
	}
	prometheus, promtool := buildtool.Path(t, "prometheus"), buildtool.Path(t, "promtool")
	vm := buildtool.Path(t, "victoria-metrics")
	dir := t.TempDir()

	// The history, as the compose file's backfill services load it.
	bin := exportertest.Binary(t)
	history := backfill(t)
	promData := historyBlocks(t, history, dir)

	vmAddr := exportertest.FreeAddr(t)
	startProcess(t, vm, victoriaMetricsFlags(t, vmAddr, filepath.Join(dir, "vm-data"))...)
	vmBase := "http://" + vmAddr
	waitFor(t, "VictoriaMetrics to start", func() bool {
		resp, err := http.Get(vmBase + "/health")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil && resp.StatusCode == http.StatusOK
	})
	resp, err := http.Post(vmBase+"/api/v1/import/prometheus", "text/plain", bytes.NewReader(history))
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("importing the history into VictoriaMetrics: %v %v", err, resp)
	}
	resp.Body.Close()

	exporterAddr := exportertest.FreeAddr(t)
	startProcess(t, bin, "--web.listen-address="+exporterAddr, "--config.file="+promqltest.ExporterConfig(t))

	// The compose file's two Prometheus configurations, pointed at this
	// machine, scraping every 2 s.
	local := strings.NewReplacer("exporter:10873", exporterAddr, "victoriametrics:8428", vmAddr,
		"scrape_interval: 1m", "scrape_interval: 2s", "evaluation_interval: 1m", "evaluation_interval: 1s")
	server := writeConfig(t, dir, "prometheus.yml", local)
	copyRules(t, mustRead(t, "../config/prometheus.yml"), dir)
	agent := writeConfig(t, dir, "prometheus-agent.yml", local)
	if !strings.Contains(string(mustRead(t, agent)), "http://"+vmAddr+"/api/v1/write") {
		t.Fatal("config/prometheus-agent.yml does not remote_write to victoriametrics:8428/api/v1/write")
	}
	for _, cfg := range []string{server, agent} {
		args := []string{"check", "config", cfg}
		if cfg == agent {
			args = append(args, "--agent")
		}
		if out, err := exec.Command(promtool, args...).CombinedOutput(); err != nil {
			t.Fatalf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	promAddr := exportertest.FreeAddr(t)
	startProcess(t, prometheus, "--config.file="+server, "--storage.tsdb.path="+promData,
		"--storage.tsdb.retention.time=50y", "--web.listen-address="+promAddr)
	startProcess(t, prometheus, "--agent", "--config.file="+agent, "--storage.agent.path="+filepath.Join(dir, "agent-data"),
		"--web.listen-address="+exportertest.FreeAddr(t))
	promBase := "http://" + promAddr

	// Both stores hold two scrapes or more; the range queries cover 30 s
	// from then on, and VictoriaMetrics holds every sample the agent took
	// until their end.
	for _, base := range []string{promBase, vmBase} {
		waitFor(t, base+" to hold two scrapes of the exporter", func() bool {
			r, err := promQuery(base, query{expr: `count_over_time(up{job="korea-ict-exporter"}[1m]) >= 2`, instant: true}, time.Now())
			return err == nil && len(r.Data.Result) == 1
		})
	}
	const step = 5 * time.Second
	start := time.Now().Truncate(step).Add(step)
	at := start.Add(2 * step)
	time.Sleep(time.Until(at))
	waitFor(t, "VictoriaMetrics to hold the samples up to the last query's time", func() bool {
		flush(t, vmBase)
		r, err := promQuery(vmBase, query{expr: `timestamp(up{job="korea-ict-exporter"})`, instant: true}, at.Add(10*time.Second))
		if err != nil || len(r.Data.Result) != 1 {
			return false
		}
		ts, _ := strconv.ParseFloat(r.Data.Result[0].Value[1].(string), 64)
		return ts >= float64(at.Unix())
	})

	n, alike := 0, 0
	for _, q := range queries(t) {
		ask := func(base string) (apiResponse, error) {
			switch {
			case q.board == historyBoard:
				return promQueryRange(base, q.expr, time.Date(1996, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2008, 12, 31, 0, 0, 0, 0, time.UTC), 30*24*time.Hour)
			case q.instant:
				return promQuery(base, q, at)
			default:
				return promQueryRange(base, q.expr, start, at, step)
			}
		}
		p, err := ask(promBase)
		if err != nil {
			t.Errorf("%s / %s: Prometheus: %v\n%s", q.board, q.panel, err, q.expr)
			continue
		}
		v, err := ask(vmBase)
		if err != nil {
			t.Errorf("%s / %s: VictoriaMetrics: %v\n%s", q.board, q.panel, err, q.expr)
			continue
		}
		n++
		if len(p.Data.Result) == 0 && !strings.Contains(q.expr, "ALERTS") {
			t.Errorf("%s / %s: no data in Prometheus\n%s", q.board, q.panel, q.expr)
		}
		if diff := compareResults(p, v, timingOfScrapes(q.expr), strings.Contains(q.expr, "time()")); diff != "" {
			t.Errorf("%s / %s: VictoriaMetrics answers otherwise than Prometheus: %s\n%s", q.board, q.panel, diff, q.expr)
			continue
		}
		alike++
	}
	t.Logf("%d of %d dashboard queries answered alike by Prometheus and VictoriaMetrics", alike, n)
	if n < 100 {
		t.Errorf("only %d dashboard queries", n)
	}
}

// victoriaMetricsFlags are the flags docker-compose.yml starts the
// victoriametrics service with, listening on addr and storing in data, plus
// two that make a test's answers comparable at once: no result cache, and
// no latency offset (the last 30 s are otherwise left out of answers, for
// data still arriving).
func victoriaMetricsFlags(t *testing.T, addr, data string) []string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	opts, err := cli.NewProjectOptions([]string{filepath.Join(root, "docker-compose.yml")},
		cli.WithWorkingDirectory(root), cli.WithProfiles([]string{"longterm"}))
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	svc, err := p.GetService("victoriametrics")
	if err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	var flags []string
	for _, f := range svc.Command {
		switch {
		case strings.HasPrefix(f, "-httpListenAddr="):
			f = "-httpListenAddr=" + addr
		case strings.HasPrefix(f, "-storageDataPath="):
			f = "-storageDataPath=" + data
		}
		flags = append(flags, f)
	}
	return append(flags, "-search.disableCache", "-search.latencyOffset=0s")
}

func flush(t *testing.T, base string) {
	t.Helper()
	resp, err := http.Get(base + "/internal/force_flush")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited a minute for %s", what)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// writeConfig writes config/name into dir with r applied.
func writeConfig(t *testing.T, dir, name string, r *strings.Replacer) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(r.Replace(string(mustRead(t, filepath.Join("..", "config", name))))), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// compareResults says how two answers differ: in their series, or in a
// series' points (unless labelsOnly). VictoriaMetrics stores a float as a
// decimal (lib/decimal, positiveFloatToDecimalSlow): below 1e6 to 12
// significant digits, above to 15, so values are equal within 1e-12 of
// their size; and in a query subtracting a stored Unix timestamp (about
// 1.8e9 s) from time() (sinceTime), within the timestamp's 1.8e-6 s,
// rounded up to 10 µs.
func compareResults(p, v apiResponse, labelsOnly, sinceTime bool) string {
	ps, vs := points(p, labelsOnly), points(v, labelsOnly)
	var keys []string
	for k := range ps {
		keys = append(keys, k)
	}
	for k := range vs {
		if _, ok := ps[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var diffs []string
	for _, k := range keys {
		a, inP := ps[k]
		b, inV := vs[k]
		switch {
		case !inP:
			diffs = append(diffs, "only VictoriaMetrics has "+k)
		case !inV:
			diffs = append(diffs, "only Prometheus has "+k)
		case !slices.EqualFunc(a, b, func(x, y point) bool { return x.equal(y, sinceTime) }):
			diffs = append(diffs, fmt.Sprintf("%s: Prometheus %v, VictoriaMetrics %v", k, a, b))
		}
	}
	if len(diffs) > 5 {
		diffs = append(diffs[:5], fmt.Sprintf("and %d more", len(diffs)-5))
	}
	return strings.Join(diffs, "; ")
}

type point struct {
	t any
	v float64
}

func (p point) String() string {
	return fmt.Sprintf("%v=%s", p.t, strconv.FormatFloat(p.v, 'g', 12, 64))
}

func (p point) equal(q point, sinceTime bool) bool {
	d := math.Abs(p.v - q.v)
	switch {
	case p.t != q.t:
		return false
	case p.v == q.v, math.IsNaN(p.v) && math.IsNaN(q.v):
		return true
	case sinceTime && d <= 1e-5:
		return true
	default:
		return d <= 1e-12*math.Max(math.Abs(p.v), math.Abs(q.v))
	}
}

// points maps each series (its labels as JSON) to its points, or to
// nothing when only the series count.
func points(r apiResponse, labelsOnly bool) map[string][]point {
	out := map[string][]point{}
	for _, s := range r.Data.Result {
		k, _ := json.Marshal(s.Metric) // sorted keys
		values := s.Values
		if s.Value != nil {
			values = [][]any{s.Value}
		}
		var ps []point
		for _, v := range values {
			f, _ := strconv.ParseFloat(v[1].(string), 64)
			ps = append(ps, point{v[0], f})
		}
		if labelsOnly {
			ps = nil
		}
		out[string(k)] = ps
	}
	return out
}

// timingOfScrapes: the query's values are the scraper's own measurements
// of its scrapes, which differ between the server and the agent scraping
// the same exporter; only its series are compared.
func timingOfScrapes(expr string) bool {
	return strings.Contains(expr, "scrape_duration_seconds")
}
