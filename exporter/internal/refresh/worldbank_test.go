package refresh

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source/worldbank/wbtest"
)

// The World Bank source's failures, against a fixture server in the API's
// format (exporter/internal/source/worldbank/testdata): whatever goes wrong, the
// last good data stays, the self-metrics show the failure, and no partial
// data is published.
func TestWorldBankSourceFailures(t *testing.T) {
	fixtures := os.DirFS("../source/worldbank/" + wbtest.Dir)
	good := wbtest.Handler(fixtures)
	var mu sync.Mutex
	handler := good
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		h := handler
		mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	defer srv.Close()
	release := make(chan struct{})
	defer close(release)

	// page serves the fixture page a request asks for, edited.
	page := func(edit func(p int, body string) string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			rec := httptest.NewRecorder()
			good.ServeHTTP(rec, r)
			var p int
			fmt.Sscan(r.URL.Query().Get("page"), &p)
			fmt.Fprint(w, edit(p, rec.Body.String()))
		}
	}
	onPage := func(n int, h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("page") == fmt.Sprint(n) && strings.Contains(r.URL.Path, "IT.NET.USER.ZS") {
				h(w, r)
				return
			}
			good.ServeHTTP(w, r)
		}
	}
	for _, tc := range []struct {
		name, want string
		h          http.HandlerFunc
	}{
		{"HTTP 500", "HTTP status 500 Internal Server Error", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "boom", http.StatusInternalServerError)
		}},
		{"HTTP 404", "HTTP status 404 Not Found", http.NotFound},
		{"API error envelope", "World Bank API error 120 (Invalid value): The provided parameter value is not valid", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintln(w, wbtest.ErrorEnvelope)
		}},
		{"malformed JSON", "malformed response: invalid character '<'", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "<html><body>Service Unavailable</body></html>")
		}},
		{"truncated JSON", "malformed response: unexpected end of JSON input", page(func(_ int, b string) string { return b[:len(b)/2] })},
		{"connection cut mid-body", "reading body: unexpected EOF", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "10000")
			fmt.Fprint(w, `[{"page":1,"pages":3,`)
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler)
		}},
		{"a page failing mid-way", "page=2&per_page=50: HTTP status 503 Service Unavailable", onPage(2, func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "later", http.StatusServiceUnavailable)
		})},
		{"the error envelope on page 3", "page=3&per_page=50: World Bank API error 120", onPage(3, func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintln(w, wbtest.ErrorEnvelope)
		})},
		{"page count changing between pages", "the result changed while paging (page 1 announced 3 pages and 120 observations, page 2 announces 4 and 120)",
			onPage(2, page(func(_ int, b string) string { return strings.Replace(b, `"pages":"3"`, `"pages":"4"`, 1) }))},
		{"fewer observations than the total", "got 120 observations in 3 pages, the API announced 125", page(func(_ int, b string) string {
			return strings.NewReplacer(`"total":120`, `"total":125`, `"total":"120"`, `"total":"125"`).Replace(b)
		})},
		{"quarterly dates", `date "2023Q4" is not a year`, page(func(_ int, b string) string {
			return strings.Replace(b, `"date":"2023"`, `"date":"2023Q4"`, 1)
		})},
		{"hangs past the timeout", "context deadline exceeded", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}},
		{"over max_bytes", "over the size limit", page(func(_ int, b string) string {
			return b[:len(b)-3] + strings.Repeat(" ", 70<<10) + "]]\n"
		})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mu.Lock()
			handler = good
			mu.Unlock()
			m := newManager(t, RealClock)
			// The timeout is what the hanging case waits; the good first
			// refresh must fit in it under the race detector on a loaded
			// machine too (500ms did not, with make test's -race).
			cfg := fmt.Sprintf("sources:\n- {name: report, type: embedded}\n- {name: wb, type: worldbank, base_url: %q, indicators: [IT.NET.USER.ZS, IT.CEL.SETS.P2], per_page: 50, timeout: 3s, max_bytes: 64KiB}\n", srv.URL)
			if err := m.Reload(parseConfig(t, cfg)); err != nil {
				t.Fatal(err)
			}
			s := sourceNamed(m, "wb")
			waitFor(t, "first refreshes", m.Ready)
			if !s.State().LastOK {
				t.Fatalf("first refresh failed: %s", s.State().LastError)
			}
			before := scrape(t, m)
			for _, want := range []string{
				`korea_ict_internet_usage_ratio{country="KOR",status="reported",table="IT.NET.USER.ZS",year="2003"} 0.752`,
				`korea_ict_wb_latest_internet_usage_ratio{country="KOR",status="estimate",table="IT.NET.USER.ZS",year="2023"}`,
				`korea_ict_test_won{`, // the other source's data
			} {
				if !strings.Contains(before, want) {
					t.Fatalf("first data lacks %s:\n%s", want, before)
				}
			}
			mu.Lock()
			handler = tc.h
			mu.Unlock()
			err := m.Refresh(context.Background(), s)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("refresh error = %v, want %q", err, tc.want)
			}
			if after := scrape(t, m); after != before {
				t.Errorf("served data changed after a failed refresh")
			}
			st := s.State()
			if st.LastOK || st.Failures != 1 || st.Attempts != 2 || st.LastSuccess.IsZero() || st.Series == 0 {
				t.Errorf("state does not show the failure with the data kept: %+v", st)
			}
			// The self-metrics say so (the help text is not this test's business).
			got := selfMetrics(t, m)
			for k, want := range map[string]float64{
				"korea_ict_exporter_source_last_refresh_success/wb":     0,
				"korea_ict_exporter_source_last_refresh_success/report": 1,
				"korea_ict_exporter_source_refresh_failures_total/wb":   1,
				"korea_ict_exporter_source_refreshes_total/wb":          2,
			} {
				if v, ok := got[k]; !ok || v != want {
					t.Errorf("%s = %v (present %v), want %v", k, v, ok, want)
				}
			}
			if got["korea_ict_exporter_source_series/wb"] == 0 {
				t.Error("korea_ict_exporter_source_series{source=\"wb\"} is 0: the kept data is not counted")
			}
		})
	}
}
