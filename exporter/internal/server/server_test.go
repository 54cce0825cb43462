package server

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/refresh"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/sourcetypes"
)

const tableYAML = "table: \"1\"\ntitle: T\nsource: S\nmetrics:\n  - name: korea_ict_test_won\n    help: H.\n    unit: won\n    series:\n      - {year: 2000, value: 1}\n"

func newServer(t *testing.T, cfgYAML string, lifecycle bool, reload func() error) (*httptest.Server, *refresh.Manager) {
	t.Helper()
	return newServerAt(t, cfgYAML, "/metrics", lifecycle, reload)
}

func newServerAt(t *testing.T, cfgYAML, telemetryPath string, lifecycle bool, reload func() error) (*httptest.Server, *refresh.Manager) {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	m := refresh.New(logger, refresh.RealClock, source.Embedded{FS: fstest.MapFS{"t.yaml": {Data: []byte(tableYAML)}}})
	t.Cleanup(m.Stop)
	cfg, err := config.Parse([]byte(cfgYAML), sourcetypes.All)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Reload(func() (*config.Config, error) { return cfg, nil }); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(Handler(Options{
		Logger: logger, Manager: m, Registry: prometheus.NewRegistry(), TelemetryPath: telemetryPath,
		EnableLifecycle: lifecycle, Reload: reload, Version: "test",
	}))
	t.Cleanup(srv.Close)
	return srv, m
}

func waitReady(t *testing.T, m *refresh.Manager) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !m.Ready() {
		if time.Now().After(deadline) {
			t.Fatal("never ready")
		}
		time.Sleep(time.Millisecond)
	}
}

func do(t *testing.T, method, url string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestLifecycleEndpoints(t *testing.T) {
	reloadErr := errors.New("config.yml: line 3: unknown key \"bogus\"")
	var next error
	cfg := "sources:\n- {name: report, type: embedded}\n"
	off, _ := newServer(t, cfg, false, func() error { return nil })
	on, m := newServer(t, cfg, true, func() error { return next })
	waitReady(t, m)
	for _, tc := range []struct {
		name, method, url string
		reloadErr         error
		code              int
		body              string
	}{
		{"reload disabled", http.MethodPost, off.URL + "/-/reload", nil, http.StatusForbidden, "Lifecycle API is not enabled"},
		{"reload by GET", http.MethodGet, on.URL + "/-/reload", nil, http.StatusMethodNotAllowed, "Only POST"},
		{"reload by PUT", http.MethodPut, on.URL + "/-/reload", nil, http.StatusMethodNotAllowed, "Only POST"},
		{"reload fails", http.MethodPost, on.URL + "/-/reload", reloadErr, http.StatusInternalServerError, `unknown key "bogus"`},
		{"reload works", http.MethodPost, on.URL + "/-/reload", nil, http.StatusOK, "Reloaded"},
		{"healthy", http.MethodGet, on.URL + "/-/healthy", nil, http.StatusOK, "Healthy"},
		{"ready", http.MethodGet, on.URL + "/-/ready", nil, http.StatusOK, "Ready"},
		{"metrics", http.MethodGet, on.URL + "/metrics", nil, http.StatusOK, `korea_ict_test_won{status="reported",table="1",year="2000"} 1`},
		{"landing", http.MethodGet, on.URL + "/", nil, http.StatusOK, "Data sources"},
		{"unknown path", http.MethodGet, on.URL + "/nope", nil, http.StatusNotFound, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			next = tc.reloadErr
			code, body := do(t, tc.method, tc.url)
			if code != tc.code || !strings.Contains(body, tc.body) {
				t.Errorf("%s %s = %d %q, want %d containing %q", tc.method, tc.url, code, body, tc.code, tc.body)
			}
		})
	}
}

func TestNotReadyBeforeFirstRefresh(t *testing.T) {
	block := make(chan struct{})
	remote := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-block
		fmt.Fprint(w, tableYAML)
	}))
	defer remote.Close()
	defer close(block)
	srv, _ := newServer(t, fmt.Sprintf("sources:\n- {name: slow, type: http, urls: [%q]}\n", remote.URL), false, nil)
	if code, _ := do(t, http.MethodGet, srv.URL+"/-/ready"); code != http.StatusServiceUnavailable {
		t.Errorf("/-/ready = %d before the first refresh, want 503", code)
	}
	if code, _ := do(t, http.MethodGet, srv.URL+"/metrics"); code != http.StatusOK {
		t.Errorf("/metrics = %d while a refresh runs, want 200", code)
	}
}

// Strings from data files, paths and errors are escaped on the landing page,
// and no password is shown.
func TestLandingPageEscapesAndRedacts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), `<script>alert("dir")</script>`)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	hostile := "table: \"1\"\ntitle: \"" + strings.Repeat("long ", 2000) + "\\nnew line\"\n\"<script>alert('key')</script>\": 1\n"
	if err := os.WriteFile(filepath.Join(dir, "t.yaml"), []byte(hostile), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf("sources:\n- {name: mine, type: file, paths: [%q]}\n- {name: remote, type: http, urls: [\"http://user:hunter2@127.0.0.1:1/x.yaml\"], timeout: 1s}\n"+
		"- {name: wb, type: worldbank, base_url: \"http://user:hunter3@127.0.0.1:1/v2\", indicators: [IT.NET.USER.ZS], timeout: 1s}\n", dir)
	srv, m := newServer(t, cfg, false, nil)
	waitReady(t, m)
	_, body := do(t, http.MethodGet, srv.URL+"/")
	if strings.Contains(body, "<script>alert") {
		t.Error("landing page contains an unescaped <script> from a path or a data file")
	}
	if !strings.Contains(body, "&lt;script&gt;alert(&#39;key&#39;)&lt;/script&gt;") {
		t.Error("the hostile key is not shown escaped")
	}
	if strings.Contains(body, "hunter2") || strings.Contains(body, "hunter3") {
		t.Error("landing page shows a URL password")
	}
	if !strings.Contains(body, "user:xxxxx@127.0.0.1:1/v2") {
		t.Error("landing page does not show the World Bank source's redacted base URL")
	}
	if !strings.Contains(body, "user:xxxxx@127.0.0.1") {
		t.Error("landing page does not show the redacted URL")
	}
}

// Behind a proxy that serves the exporter under a path prefix, with
// --web.telemetry-path moved, the catalogue's links still reach the landing
// page and the metrics: they are resolved against the page's own address, as
// a browser resolves them (net/url's ResolveReference, RFC 3986).
func TestCatalogueLinksFollowPrefixAndTelemetryPath(t *testing.T) {
	srv, m := newServerAt(t, "sources:\n- {name: report, type: embedded}\n", "/internal/metrics", false, nil)
	waitReady(t, m)
	target, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httptest.NewServer(http.StripPrefix("/korea", httputil.NewSingleHostReverseProxy(target)))
	defer proxy.Close()
	page, err := url.Parse(proxy.URL + "/korea/catalogue")
	if err != nil {
		t.Fatal(err)
	}
	code, body := do(t, http.MethodGet, page.String())
	if code != http.StatusOK {
		t.Fatalf("%s: %d", page, code)
	}
	for text, want := range map[string]string{"Exporter": "Data sources", "Metrics": "korea_ict_test_won"} {
		m := regexp.MustCompile(`<a href="([^"]*)">` + text + `</a>`).FindStringSubmatch(body)
		if m == nil {
			t.Errorf("the catalogue has no %s link", text)
			continue
		}
		ref, err := url.Parse(m[1])
		if err != nil {
			t.Fatal(err)
		}
		link := page.ResolveReference(ref)
		if code, got := do(t, http.MethodGet, link.String()); code != http.StatusOK || !strings.Contains(got, want) {
			t.Errorf("%s link %q goes to %s: %d, without %q", text, m[1], link, code, want)
		}
	}
}
