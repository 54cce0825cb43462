package refresh

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/exposition"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/sourcetypes"
)

// fakeClock lets a test fire schedules without sleeping.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []waiter
}

type waiter struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.waiters = append(c.waiters, waiter{c.now.Add(d), ch})
	return ch
}

func (c *fakeClock) pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.waiters)
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if !w.at.After(c.now) {
			w.ch <- c.now
		} else {
			kept = append(kept, w)
		}
	}
	c.waiters = kept
}

// waitFor polls for an event another goroutine causes; it is not a timing
// assertion, and gives up after a generous bound.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func table(id string, values ...int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "table: %q\ntitle: Test table %s\nsource: test\nmetrics:\n  - name: korea_ict_test_won\n    help: A test figure.\n    unit: won\n    series:\n", id, id)
	for i, v := range values {
		fmt.Fprintf(&b, "      - {year: %d, value: %d}\n", 2000+i, v)
	}
	return b.String()
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func newManager(t *testing.T, clock Clock) *Manager {
	t.Helper()
	m := New(slog.New(slog.NewTextHandler(io.Discard, nil)), clock, source.Embedded{FS: fstest.MapFS{
		"table-1.yaml": {Data: []byte(table("1", 10, 20))},
	}})
	t.Cleanup(m.Stop)
	return m
}

func parseConfig(t *testing.T, y string) func() (*config.Config, error) {
	t.Helper()
	c, err := config.Parse([]byte(y), sourcetypes.All)
	if err != nil {
		t.Fatal(err)
	}
	return func() (*config.Config, error) { return c, nil }
}

// scrape renders the published data as the text exposition.
func scrape(t *testing.T, m *Manager) string {
	t.Helper()
	p := m.Published()
	snap := exposition.NewSnapshot(p.Dataset, p.Generation)
	rec := httptest.NewRecorder()
	exposition.Handler(func() *exposition.Snapshot { return snap }, slog.New(slog.DiscardHandler), prometheus.NewRegistry()).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("scrape: %d %s", rec.Code, rec.Body)
	}
	return rec.Body.String()
}

func sourceNamed(m *Manager, name string) *Source {
	for _, s := range m.Sources() {
		if s.cfg.Name == name {
			return s
		}
	}
	return nil
}

func TestScheduledRefreshWithFakeClock(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "t.yaml")
	writeFile(t, file, table("mine", 1, 2))
	clock := newFakeClock()
	m := newManager(t, clock)
	if err := m.Reload(parseConfig(t, fmt.Sprintf("sources:\n- {name: mine, type: file, paths: [%q], schedule: \"@every 1m\"}\n", dir))); err != nil {
		t.Fatal(err)
	}
	s := sourceNamed(m, "mine")
	waitFor(t, "first refresh", func() bool { return s.State().Attempts == 1 && clock.pending() == 1 })
	if !m.Ready() {
		t.Error("not ready after the first refresh")
	}
	if got, want := s.State().Next, clock.Now().Add(time.Minute); !got.Equal(want) {
		t.Errorf("next refresh = %s, want %s", got, want)
	}
	if !strings.Contains(scrape(t, m), `korea_ict_test_won{status="reported",table="mine",year="2001"} 2`) {
		t.Fatalf("first data not served:\n%s", scrape(t, m))
	}

	// A series that disappears from the source disappears from the output.
	writeFile(t, file, table("mine", 5))
	clock.Advance(59 * time.Second)
	if s.State().Attempts != 1 {
		t.Fatal("refreshed before the schedule fired")
	}
	clock.Advance(time.Second)
	waitFor(t, "scheduled refresh", func() bool { return s.State().Attempts == 2 })
	out := scrape(t, m)
	if !strings.Contains(out, `korea_ict_test_won{status="reported",table="mine",year="2000"} 5`) || strings.Contains(out, `year="2001"`) {
		t.Fatalf("second data not served, or a stale series kept:\n%s", out)
	}
}

func TestFailedRefreshKeepsLastGoodData(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		breakIt    func(t *testing.T, file string)
	}{
		{"garbage", "malformed YAML", func(t *testing.T, f string) { writeFile(t, f, "\x00\x01{{{ not yaml") }},
		{"deleted", "no such file", func(t *testing.T, f string) { os.Remove(f) }},
		{"nan", `value "NaN" is not a finite number`, func(t *testing.T, f string) {
			writeFile(t, f, strings.Replace(table("mine", 1, 2), "value: 2", "value: NaN", 1))
		}},
		{"empty value", `value "" is not a number`, func(t *testing.T, f string) {
			writeFile(t, f, strings.Replace(table("mine", 1, 2), "value: 2", "value: ", 1))
		}},
		{"share outside 0-1", "outside 0-100", func(t *testing.T, f string) {
			writeFile(t, f, strings.NewReplacer("korea_ict_test_won", "korea_ict_test_share_ratio", "unit: won", `unit: "%"`, "value: 2", "value: 140").Replace(table("mine", 1, 2)))
		}},
		{"duplicate series", "duplicate series", func(t *testing.T, f string) {
			writeFile(t, f, table("mine", 1, 2)+"      - {year: 2001, value: 3}\n")
		}},
		{"invalid label name", `invalid label name "Year"`, func(t *testing.T, f string) {
			writeFile(t, f, strings.Replace(table("mine", 1, 2), "{year: 2001", "{Year: 2001", 1))
		}},
		{"too large", "over the size limit", func(t *testing.T, f string) {
			writeFile(t, f, table("mine", 1, 2)+strings.Repeat("# padding\n", 1000))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "t.yaml")
			writeFile(t, file, table("mine", 1, 2))
			m := newManager(t, newFakeClock())
			if err := m.Reload(parseConfig(t, fmt.Sprintf("sources:\n- {name: mine, type: file, paths: [%q], max_bytes: 4KiB}\n", file))); err != nil {
				t.Fatal(err)
			}
			s := sourceNamed(m, "mine")
			waitFor(t, "first refresh", func() bool { return s.State().Attempts == 1 })
			before := scrape(t, m)
			tc.breakIt(t, file)
			err := m.Refresh(context.Background(), s)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("refresh error = %v, want %q", err, tc.want)
			}
			if after := scrape(t, m); after != before {
				t.Errorf("served data changed after a failed refresh:\n%s", after)
			}
			st := s.State()
			if st.LastOK || st.Failures != 1 || st.LastSuccess.IsZero() || !strings.Contains(st.LastError, tc.want) {
				t.Errorf("state does not show the failure: %+v", st)
			}
		})
	}
}

func TestSameSeriesFromTwoSourcesFailsTheRefresh(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "t.yaml"), table("1", 10, 20)) // the embedded table, again
	m := newManager(t, newFakeClock())
	if err := m.Reload(parseConfig(t, fmt.Sprintf("sources:\n- {name: report, type: embedded}\n- {name: copy, type: file, paths: [%q]}\n", dir))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "both refreshes", m.Ready)
	rep, cp := sourceNamed(m, "report").State(), sourceNamed(m, "copy").State()
	if rep.LastOK == cp.LastOK {
		t.Fatalf("want exactly one failed refresh: report %+v, copy %+v", rep, cp)
	}
	failed := rep
	if rep.LastOK {
		failed = cp
	}
	if !strings.Contains(failed.LastError, "duplicate series") {
		t.Errorf("error = %q", failed.LastError)
	}
	if out := scrape(t, m); strings.Count(out, `korea_ict_test_won{`) != 2 {
		t.Errorf("want the two series once each:\n%s", out)
	}
}

func TestHTTPSourceFailures(t *testing.T) {
	good := table("remote", 7)
	var mu sync.Mutex
	handler := func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, good) }
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		h := handler
		mu.Unlock()
		h(w, r)
	}))
	defer srv.Close()
	release := make(chan struct{})
	defer close(release)
	for _, tc := range []struct {
		name, want string
		h          http.HandlerFunc
	}{
		{"404", "HTTP status 404 Not Found", http.NotFound},
		{"500", "HTTP status 500 Internal Server Error", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "boom", http.StatusInternalServerError)
		}},
		{"hangs past the timeout", "timed out after 300ms", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}},
		{"trickles past the timeout", "timed out after 300ms", func(w http.ResponseWriter, r *http.Request) {
			for i := 0; ; i++ {
				if _, err := fmt.Fprintln(w, "# slow"); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-release:
					return
				case <-r.Context().Done():
					return
				case <-time.After(50 * time.Millisecond):
				}
			}
		}},
		{"over the size limit", "over the size limit", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, good+strings.Repeat("# padding\n", 1000))
		}},
		{"wrong format", `missing key "table"`, func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "<html><body>{{ not: data</body></html>")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mu.Lock()
			handler = func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, good) }
			mu.Unlock()
			m := newManager(t, RealClock)
			url := srv.URL + "/data/table.yaml"
			if err := m.Reload(parseConfig(t, fmt.Sprintf("sources:\n- {name: remote, type: http, urls: [%q], timeout: 300ms, max_bytes: 4KiB}\n", url))); err != nil {
				t.Fatal(err)
			}
			s := sourceNamed(m, "remote")
			waitFor(t, "first refresh", func() bool { return s.State().Attempts == 1 })
			if !s.State().LastOK {
				t.Fatalf("first refresh failed: %s", s.State().LastError)
			}
			before := scrape(t, m)
			mu.Lock()
			handler = tc.h
			mu.Unlock()
			err := m.Refresh(context.Background(), s)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("refresh error = %v, want %q", err, tc.want)
			}
			if !strings.Contains(err.Error(), url) {
				t.Errorf("error does not name the URL: %v", err)
			}
			if after := scrape(t, m); after != before {
				t.Errorf("served data changed after a failed refresh")
			}
		})
	}
}

func TestRefreshesNeverOverlap(t *testing.T) {
	m := newManager(t, newFakeClock())
	if err := m.Reload(parseConfig(t, "sources:\n- {name: report, type: embedded}\n")); err != nil {
		t.Fatal(err)
	}
	s := sourceNamed(m, "report")
	waitFor(t, "first refresh", func() bool { return s.State().Attempts == 1 })
	s.running.Lock() // a refresh in progress
	err := m.Refresh(context.Background(), s)
	s.running.Unlock()
	if err != ErrBusy {
		t.Fatalf("overlapping refresh: err = %v, want ErrBusy", err)
	}
}

func TestReloadToBrokenConfigKeepsThePreviousOne(t *testing.T) {
	m := newManager(t, newFakeClock())
	if err := m.Reload(parseConfig(t, "sources:\n- {name: report, type: embedded}\n")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "first refresh", m.Ready)
	before := scrape(t, m)
	_, perr := config.Parse([]byte("sources:\n- {name: report, type: embedded, bogus: 1}\n"), sourcetypes.All)
	if perr == nil {
		t.Fatal("broken config parsed")
	}
	if err := m.Reload(func() (*config.Config, error) { return nil, perr }); err == nil {
		t.Fatal("reload of a broken config succeeded")
	}
	if m.reloadOK.Load() {
		t.Error("config_last_reload_successful is still 1")
	}
	if len(m.Sources()) != 1 || scrape(t, m) != before {
		t.Error("a failed reload changed what is served")
	}
	if err := m.Reload(parseConfig(t, "sources:\n- {name: report, type: embedded, schedule: \"@hourly\"}\n")); err != nil {
		t.Fatal(err)
	}
	if !m.reloadOK.Load() {
		t.Error("config_last_reload_successful is 0 after a good reload")
	}
	if st := sourceNamed(m, "report").State(); st.Attempts < 1 || st.Series != 2 {
		t.Errorf("the source's state and data were not kept across the reload: %+v", st)
	}
}

// A reload replaces every source's HTTP client; the dropped client's pooled
// keep-alive connection must be closed, not left open for its 5-minute idle
// timeout (one per HTTP source and reload: a SIGHUP storm piled them up).
func TestReloadClosesTheDroppedClientsConnections(t *testing.T) {
	var mu sync.Mutex
	open := map[net.Conn]bool{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, table("remote", 7))
	}))
	srv.Config.ConnState = func(c net.Conn, s http.ConnState) {
		mu.Lock()
		defer mu.Unlock()
		switch s {
		case http.StateNew:
			open[c] = true
		case http.StateClosed, http.StateHijacked:
			delete(open, c)
		}
	}
	srv.Start()
	defer srv.Close()
	conns := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(open)
	}
	m := newManager(t, newFakeClock())
	for i := 1; i <= 5; i++ {
		// A changed configuration each time: an unchanged source would be
		// kept, with its client.
		cfg := parseConfig(t, fmt.Sprintf("sources:\n- {name: remote, type: http, urls: [%q], timeout: %ds}\n", srv.URL+"/t.yaml", 10+i))
		if err := m.Reload(cfg); err != nil {
			t.Fatal(err)
		}
		s := sourceNamed(m, "remote")
		waitFor(t, fmt.Sprintf("refresh %d", i), func() bool { return s.State().Attempts == uint64(i) })
	}
	waitFor(t, "the dropped clients' connections to close", func() bool { return conns() <= 1 })
}
