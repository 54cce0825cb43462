package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/korea-ict-exporter/korea-ict-exporter/internal/buildtool"
	"github.com/korea-ict-exporter/korea-ict-exporter/internal/exportertest"
)

var update = flag.Bool("update", false, "rewrite testdata/metrics.golden from the current output")

// binary is the exporter built once for the tests that run it for real.
var binary string

func TestMain(m *testing.M) {
	flag.Parse()
	var err error
	if binary, err = exportertest.Build(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// exporter is a running exporter process.
type exporter struct {
	cmd  *exec.Cmd
	addr string
	logs *bytes.Buffer
}

// start runs the exporter on a free port and waits until it is ready.
func start(t *testing.T, args ...string) *exporter {
	t.Helper()
	return startOn(t, exportertest.FreeAddr(t), args...)
}

func (e *exporter) get(t *testing.T, path string) string {
	t.Helper()
	resp, err := http.Get("http://" + e.addr + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s\n%s", path, resp.Status, b)
	}
	return string(b)
}

// volatile families change from run to run: runtime, process and timing.
var volatile = regexp.MustCompile(`^(# (HELP|TYPE) )?(go_|process_|promhttp_|korea_ict_exporter_build_info|korea_ict_exporter_source_last_refresh_duration_seconds|korea_ict_exporter_source_last_refresh_success_timestamp_seconds|korea_ict_exporter_config_last_reload_success_timestamp_seconds)`)

func stable(metrics string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(metrics, "\n") {
		if !volatile.MatchString(line) {
			b.WriteString(line)
		}
	}
	return b.String()
}

// The whole /metrics output of the embedded dataset, as a scrape sees it.
func TestMetricsGolden(t *testing.T) {
	e := start(t)
	got := stable(e.get(t, "/metrics"))
	golden := filepath.Join("testdata", "metrics.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./exporter -run TestMetricsGolden -update)", err)
	}
	if got != string(want) {
		t.Errorf("/metrics differs from %s (go test ./exporter -run TestMetricsGolden -update, then review the diff):\n%s", golden, firstDiff(string(want), got))
	}
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n-%s\n+%s", i+1, a, b)
		}
	}
	return ""
}

func TestPromtoolCheckMetrics(t *testing.T) {
	pt := buildtool.Path(t, "promtool")
	e := start(t)
	out := e.get(t, "/metrics")
	cmd := exec.Command(pt, "check", "metrics")
	cmd.Stdin = strings.NewReader(out)
	res, err := cmd.CombinedOutput()
	if err != nil || len(bytes.TrimSpace(res)) > 0 {
		t.Fatalf("promtool check metrics: %v\n%s", err, res)
	}
}

func TestContentNegotiation(t *testing.T) {
	e := start(t)
	for _, tc := range []struct{ accept, wantType string }{
		{"text/plain;version=0.0.4", "text/plain; version=0.0.4"},
		{"application/openmetrics-text;version=1.0.0", "application/openmetrics-text; version=1.0.0"},
		{"application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited", "application/vnd.google.protobuf"},
	} {
		req, _ := http.NewRequest(http.MethodGet, "http://"+e.addr+"/metrics", nil)
		req.Header.Set("Accept", tc.accept)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, tc.wantType) {
			t.Errorf("Accept %s: Content-Type %s, want %s", tc.accept, ct, tc.wantType)
		}
		if resp.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("Accept %s: not gzipped", tc.accept)
		}
	}
}

func TestSIGHUPReloadAndSIGTERMShutdown(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yml")
	write := func(s string) {
		if err := os.WriteFile(cfg, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("sources:\n- {name: report, type: embedded}\n")
	e := start(t, "--config.file="+cfg)
	reloadOK := func() string {
		m := regexp.MustCompile(`(?m)^korea_ict_exporter_config_last_reload_successful (\S+)$`).FindStringSubmatch(e.get(t, "/metrics"))
		if m == nil {
			t.Fatal("no korea_ict_exporter_config_last_reload_successful")
		}
		return m[1]
	}
	waitValue := func(want string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for reloadOK() != want {
			if time.Now().After(deadline) {
				t.Fatalf("config_last_reload_successful never became %s", want)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	write("sources:\n- {name: report, type: embedded, bogus: true}\n")
	e.cmd.Process.Signal(syscall.SIGHUP)
	waitValue("0")
	if !strings.Contains(e.get(t, "/metrics"), `korea_ict_table_info{`) {
		t.Error("data not served after a failed reload")
	}
	write("sources:\n- {name: report, type: embedded, schedule: \"@daily\"}\n")
	e.cmd.Process.Signal(syscall.SIGHUP)
	waitValue("1")
	// The schedule is armed once the reloaded source's first refresh is done.
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(e.get(t, "/metrics"), `korea_ict_exporter_source_next_refresh_timestamp_seconds{source="report"}`) {
		if time.Now().After(deadline) {
			t.Fatal("schedule not armed after reload")
		}
		time.Sleep(20 * time.Millisecond)
	}

	e.cmd.Process.Signal(syscall.SIGTERM)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- e.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v", err)
		}
	case <-ctx.Done():
		t.Fatal("no exit after SIGTERM")
	}
}

// TLS and basic auth through --web.config.file (exporter-toolkit), end to end.
func TestWebConfigTLSAndBasicAuth(t *testing.T) {
	dir := t.TempDir()
	certPEM, keyPEM := selfSigned(t)
	os.WriteFile(filepath.Join(dir, "tls.crt"), certPEM, 0o600)
	os.WriteFile(filepath.Join(dir, "tls.key"), keyPEM, 0o600)
	hash, err := bcrypt.GenerateFromPassword([]byte("s3cret-pa55"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	webCfg := filepath.Join(dir, "web.yml")
	os.WriteFile(webCfg, []byte(fmt.Sprintf("tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\nbasic_auth_users:\n  analyst: %s\n", hash)), 0o600)

	addr := exportertest.FreeAddr(t)
	cmd := exec.Command(binary, "--web.listen-address="+addr, "--web.config.file="+webCfg)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()

	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(certPEM)
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	get := func(url, user, pass string) (int, error) {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		if user != "" {
			req.SetBasicAuth(user, pass)
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	base := "https://" + addr + "/metrics"
	deadline := time.Now().Add(20 * time.Second)
	for {
		if code, err := get(base, "analyst", "s3cret-pa55"); err == nil && code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no authenticated HTTPS scrape:\n%s", logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if code, _ := get(base, "analyst", "wrong"); code != http.StatusUnauthorized {
		t.Errorf("wrong password: %d, want 401", code)
	}
	if code, _ := get(base, "", ""); code != http.StatusUnauthorized {
		t.Errorf("no credentials: %d, want 401", code)
	}
	if resp, err := http.Get("http://" + addr + "/metrics"); err == nil {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK && strings.Contains(string(body), "korea_ict_") {
			t.Error("plain HTTP to the TLS port served metrics")
		}
	}
	if strings.Contains(logs.String(), "s3cret-pa55") {
		t.Error("the password appears in the logs")
	}
	// The container health check works behind TLS and basic auth too, and
	// fails where nothing listens.
	if out, err := exec.Command(binary, "healthcheck", "--web.listen-address="+addr).CombinedOutput(); err != nil {
		t.Errorf("healthcheck of a TLS + basic auth exporter: %v\n%s", err, out)
	}
	if err := exec.Command(binary, "healthcheck", "--web.listen-address="+exportertest.FreeAddr(t)).Run(); err == nil {
		t.Error("healthcheck succeeded with nothing listening")
	}
	// With --pid (the image's health check, --pid=1) it probes the address
	// and TLS that process was started with, here not the default one; a
	// process that is not a serving exporter is an error naming it.
	if out, err := exec.Command(binary, "healthcheck", fmt.Sprintf("--pid=%d", cmd.Process.Pid)).CombinedOutput(); err != nil {
		t.Errorf("healthcheck --pid of an exporter on %s: %v\n%s", addr, err, out)
	}
	self := fmt.Sprintf("--pid=%d", os.Getpid())
	if out, err := exec.Command(binary, "healthcheck", self).CombinedOutput(); err == nil || !strings.Contains(string(out), "not started with the exporter's flags") {
		t.Errorf("healthcheck %s (the test binary): %v, %q; want a failure saying it is not an exporter", self, err, out)
	}
}

func selfSigned(t *testing.T) (certPEM, keyPEM []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "localhost"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb})
}

// `check` validates data files for users' CI: file:line errors, exit 1.
func TestCheckCommand(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile("data/table-01.yaml")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "table-01.yaml"), good, 0o644)
	run := func(args ...string) (int, string) {
		out, err := exec.Command(binary, args...).CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, string(out)
	}
	// A copy of a shipped table is good alone, and beside the rest of the
	// embedded dataset (taken as a copy of that table, not a duplicate).
	for _, args := range [][]string{{"check", "--standalone", dir}, {"check", dir}} {
		if code, out := run(args...); code != 0 || !strings.Contains(out, "ok: 1 tables, 16 series") {
			t.Fatalf("%v of a good file: exit %d\n%s", args, code, out)
		}
	}
	// Described otherwise than the report describes it, it is an error
	// beside the report only.
	other := strings.Replace(string(good), "table: \"1\"", "table: my-1", 1)
	other = strings.Replace(other, "help: ", "help: Not the report's words. ", 1)
	if other == string(good) {
		t.Fatal("fixture edit did not apply")
	}
	os.WriteFile(filepath.Join(dir, "table-01.yaml"), []byte(other), 0o644)
	if code, out := run("check", dir); code != 1 || !strings.Contains(out, "has a different help text in table-01.yaml") || !strings.Contains(out, "--standalone checks the files alone") {
		t.Fatalf("check of a table describing a report's metric otherwise: exit %d\n%s", code, out)
	}
	if code, out := run("check"); code != 0 || !strings.Contains(out, `source "report": ok:`) {
		t.Fatalf("check of the default configuration: exit %d\n%s", code, out)
	}
	bad := strings.Replace(string(good), "value: 8.67", "value: 8.67e", 1)
	if bad == string(good) {
		t.Fatal("fixture edit did not apply")
	}
	os.WriteFile(filepath.Join(dir, "table-01.yaml"), []byte(bad), 0o644)
	code, out := run("check", dir)
	if code != 1 || !regexp.MustCompile(`table-01\.yaml:17: value "8\.67e" is not a number`).MatchString(out) {
		t.Fatalf("check of a bad file: exit %d\n%s", code, out)
	}
}

// The backfill path with the real tools: `backfill` output through
// `promtool tsdb create-blocks-from openmetrics`, served by a real Prometheus,
// and range queries find the report's figures at the start of their periods.
func TestBackfillIntoPrometheus(t *testing.T) {
	pt := buildtool.Path(t, "promtool")
	prom := filepath.Join(filepath.Dir(pt), "prometheus")
	if _, err := os.Stat(prom); err != nil {
		t.Fatalf("prometheus not next to promtool: %v (make tools)", err)
	}
	dir := t.TempDir()
	om := filepath.Join(dir, "history.om")
	out, err := exec.Command(binary, "backfill").Output()
	if err != nil {
		t.Fatalf("backfill: %v", err)
	}
	if !strings.HasSuffix(string(out), "# EOF\n") {
		t.Fatal("backfill output is not # EOF terminated")
	}
	os.WriteFile(om, out, 0o644)
	data := filepath.Join(dir, "data")
	if res, err := exec.Command(pt, "tsdb", "create-blocks-from", "openmetrics", om, data).CombinedOutput(); err != nil {
		t.Fatalf("promtool tsdb create-blocks-from openmetrics: %v\n%s", err, res)
	}
	cfg := filepath.Join(dir, "prometheus.yml")
	os.WriteFile(cfg, []byte("global: {}\n"), 0o644)
	addr := exportertest.FreeAddr(t)
	cmd := exec.Command(prom, "--config.file="+cfg, "--storage.tsdb.path="+data, "--storage.tsdb.retention.time=50y", "--web.listen-address="+addr)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()

	query := func(q string, at time.Time) (string, error) {
		resp, err := http.Get("http://" + addr + "/api/v1/query?query=" + url.QueryEscape(q) + "&time=" + fmt.Sprint(at.Unix()))
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		var r struct {
			Data struct {
				Result []struct {
					Value [2]any `json:"value"`
				} `json:"result"`
			} `json:"data"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
			return "", err
		}
		if len(r.Data.Result) != 1 {
			return "", fmt.Errorf("%d series", len(r.Data.Result))
		}
		return r.Data.Result[0].Value[1].(string), nil
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := query(`korea_ict_it_production_won{table="2"}`, time.Date(2003, 1, 1, 0, 0, 0, 0, time.UTC)); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Prometheus never answered from the backfilled blocks:\n%s", logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, tc := range []struct {
		q    string
		at   time.Time
		want string
	}{
		// At the start of the period, and held through it by last_over_time.
		// The lookback is 366d, not 1y: a range excludes its start, and
		// 1y (365d) before 31 December of a leap year is exactly 1 January.
		{`korea_ict_it_production_won{table="2"}`, time.Date(2003, 1, 1, 0, 0, 0, 0, time.UTC), "208800000000000"},
		{`last_over_time(korea_ict_it_production_won{table="2"}[366d])`, time.Date(1999, 7, 1, 0, 0, 0, 0, time.UTC), "115000000000000"},
		{`last_over_time(korea_ict_b2c_revenue_won{table="22"}[93d])`, time.Date(2002, 11, 15, 0, 0, 0, 0, time.UTC), "1420000000000"},
		{`last_over_time(korea_ict_it_subsector_share_ratio{table="3",category="it_equipment",granularity="year"}[366d])`, time.Date(1996, 12, 31, 0, 0, 0, 0, time.UTC), "0.706"},
		{`last_over_time(korea_ict_ebusiness_manpower{table="50",flow="demand"}[366d])`, time.Date(2007, 3, 1, 0, 0, 0, 0, time.UTC), "1306544"},
	} {
		got, err := query(tc.q, tc.at)
		if err != nil || got != tc.want {
			t.Errorf("%s at %s = %q (%v), want %s", tc.q, tc.at.Format("2006-01-02"), got, err, tc.want)
		}
	}
	if got, err := query(`korea_ict_it_production_won{table="2"}`, time.Date(1996, 6, 1, 0, 0, 0, 0, time.UTC)); err == nil {
		t.Errorf("a value before the first year (1997): %s", got)
	}
}
