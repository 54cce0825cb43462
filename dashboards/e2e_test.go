package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/korea-ict-exporter/korea-ict-exporter/internal/buildtool"
	"github.com/korea-ict-exporter/korea-ict-exporter/internal/exportertest"
	"github.com/korea-ict-exporter/korea-ict-exporter/internal/promqltest"
)

func startProcess(t *testing.T, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	log, err := os.Create(filepath.Join(t.TempDir(), filepath.Base(name)+".log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			b, _ := os.ReadFile(log.Name())
			t.Logf("%s log:\n%s", name, b)
		}
	})
}

type apiResponse struct {
	Status string `json:"status"`
	Error  string `json:"error"`
	Data   struct {
		ResultType string `json:"resultType"`
		Result     []struct {
			Metric map[string]string `json:"metric"`
			Value  []any             `json:"value"`
			Values [][]any           `json:"values"`
		} `json:"result"`
	} `json:"data"`
}

// pick is the value of the one instant-vector result carrying the labels.
func (r apiResponse) pick(labels map[string]string) (float64, int) {
	series, values := map[string]map[string]string{}, map[string]float64{}
	for i, s := range r.Data.Result {
		var v float64
		fmt.Sscan(s.Value[1].(string), &v)
		series[fmt.Sprint(i)], values[fmt.Sprint(i)] = s.Metric, v
	}
	return pick(series, values, labels)
}

func promQuery(base string, q query, at time.Time) (apiResponse, error) {
	if !q.instant {
		return promQueryRange(base, q.expr, at.Add(-5*time.Minute), at, 15*time.Second)
	}
	return promAPI(base, "/api/v1/query", url.Values{"query": {q.expr}, "time": {fmt.Sprint(at.Unix())}})
}

func promQueryRange(base, expr string, start, end time.Time, step time.Duration) (apiResponse, error) {
	return promAPI(base, "/api/v1/query_range", url.Values{
		"query": {expr}, "start": {fmt.Sprint(start.Unix())}, "end": {fmt.Sprint(end.Unix())}, "step": {fmt.Sprint(int(step.Seconds()))},
	})
}

func promAPI(base, path string, v url.Values) (apiResponse, error) {
	var r apiResponse
	resp, err := http.PostForm(base+path, v)
	if err != nil {
		return r, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(body, &r); err != nil {
		return r, fmt.Errorf("%s: %s", resp.Status, body)
	}
	if r.Status != "success" {
		return r, fmt.Errorf("%s", r.Error)
	}
	return r, nil
}

// TestEndToEndWithPrometheus runs the demo stack without Docker: the real
// exporter, scraped by a real Prometheus (the version the compose file pins)
// with config/prometheus.yml and the alerting rules, and every dashboard
// query asked of Prometheus' HTTP API the way Grafana asks it. Beside the
// demo's sources the exporter has a broken one, which must raise its alert
// while the healthy ones raise none.
func TestEndToEndWithPrometheus(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end run skipped in -short mode")
	}
	prometheus, promtool := buildtool.Path(t, "prometheus"), buildtool.Path(t, "promtool")
	if out, err := exec.Command(promtool, "check", "config", "--syntax-only", "../config/prometheus.yml").CombinedOutput(); err != nil {
		t.Fatalf("promtool check config: %v\n%s", err, out)
	}

	bin := exportertest.Binary(t)
	exporterAddr := exportertest.FreeAddr(t)
	startProcess(t, bin, "--web.listen-address="+exporterAddr, "--config.file="+promqltest.ExporterConfig(t, broken(t)))

	// The compose file's config, with the target pointed at this machine,
	// short intervals so the first scrape and rule evaluation come quickly,
	// and the alerting rules beside it, where the compose file mounts them.
	cfg, err := os.ReadFile("../config/prometheus.yml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(cfg), "exporter:10873") {
		t.Fatal("config/prometheus.yml does not scrape exporter:10873")
	}
	local := strings.NewReplacer("exporter:10873", exporterAddr, "scrape_interval: 1m", "scrape_interval: 2s", "evaluation_interval: 1m", "evaluation_interval: 1s").Replace(string(cfg))
	if !strings.Contains(local, "evaluation_interval: 1s") {
		t.Fatal("config/prometheus.yml sets no evaluation_interval: 1m for the test to shorten")
	}
	dir := t.TempDir()
	copyRules(t, cfg, dir)
	cfgPath := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(cfgPath, []byte(local), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(promtool, "check", "config", cfgPath).CombinedOutput(); err != nil {
		t.Fatalf("promtool check config: %v\n%s", err, out)
	}
	promAddr := exportertest.FreeAddr(t)
	startProcess(t, prometheus, "--config.file="+cfgPath, "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+promAddr)
	base := "http://" + promAddr

	deadline := time.Now().Add(60 * time.Second)
	for {
		r, err := promQuery(base, query{expr: `up{job="korea-ict-exporter"} == 1`, instant: true}, time.Now())
		if err == nil && len(r.Data.Result) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Prometheus never scraped the exporter: %v %+v", err, r)
		}
		time.Sleep(200 * time.Millisecond)
	}
	scraped := time.Now()
	// Two scrapes, so that increase() and friends have samples to compare.
	for {
		r, err := promQuery(base, query{expr: `count_over_time(up{job="korea-ict-exporter"}[1m]) >= 2`, instant: true}, time.Now())
		if err == nil && len(r.Data.Result) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Prometheus never scraped the exporter twice: %v %+v", err, r)
		}
		time.Sleep(200 * time.Millisecond)
	}
	checkAlerts(t, base, scraped)

	// The scraped exposition passes promtool's lint.
	resp, err := http.Get("http://" + exporterAddr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	check := exec.Command(promtool, "check", "metrics")
	check.Stdin = strings.NewReader(string(body))
	if out, err := check.CombinedOutput(); err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("promtool check metrics: %v\n%s", err, out)
	}

	now := time.Now()
	n := 0
	for _, q := range queries(t) {
		// The broken source's alert fires here (checkAlerts): only History,
		// which reads backfilled blocks, is empty.
		if q.board == historyBoard {
			continue
		}
		r, err := promQuery(base, q, now)
		n++
		switch {
		case err != nil:
			t.Errorf("%s / %s: %v\n%s", q.board, q.panel, err, q.expr)
		case len(r.Data.Result) == 0:
			t.Errorf("%s / %s: no data\n%s", q.board, q.panel, q.expr)
		}
	}
	checked := 0
	for _, f := range reportFigures {
		r, err := promQuery(base, panelQuery(t, f.file, f.panel), now)
		if err != nil {
			t.Errorf("%s: %v", f.panel, err)
			continue
		}
		got, n := r.pick(f.labels)
		if n != 1 || !near(got, f.want) {
			t.Errorf("%s / %s %v: got %v (%d series), want %v", f.file, f.panel, f.labels, got, n, f.want)
		}
		checked++
	}
	// The health board's alerts table lists the broken source's alert.
	r, err := promQuery(base, panelQuery(t, "korea-ict-exporter-health.json", "Firing and pending alerts"), now)
	if _, k := r.pick(map[string]string{"source": brokenSource}); err != nil || k == 0 {
		t.Errorf("the health board's alerts table does not list the broken source's alert: %v %+v", err, r.Data.Result)
	}
	t.Logf("Prometheus answered %d dashboard queries; %d values compared with the report", n, checked)
}
