package refresh

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// A remote data file that did not change is answered 304 to the source's
// conditional request: the refresh succeeds, keeps the data without parsing
// or swapping it, and is counted as a success and as not modified. A new
// version that fails to validate is never passed off as unchanged later.
func TestNotModifiedKeepsData(t *testing.T) {
	var mu sync.Mutex
	var body, etag string
	var conditions []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		conditions = append(conditions, r.Header.Get("If-None-Match"))
		w.Header().Set("ETag", etag)
		http.ServeContent(w, r, "t.yaml", time.Time{}, strings.NewReader(body))
	}))
	defer srv.Close()
	serve := func(b, e string) {
		mu.Lock()
		defer mu.Unlock()
		body, etag = b, e
	}
	lastCondition := func() string {
		mu.Lock()
		defer mu.Unlock()
		return conditions[len(conditions)-1]
	}

	serve(table("h", 1, 2), `"1"`)
	m := newManager(t, newFakeClock())
	if err := m.Reload(parseConfig(t, "sources:\n- {name: h, type: http, urls: [\""+srv.URL+"/t.yaml\"]}\n")); err != nil {
		t.Fatal(err)
	}
	s := sourceNamed(m, "h")
	waitFor(t, "first refresh", func() bool { return s.State().Attempts == 1 })
	if st := s.State(); !st.LastOK {
		t.Fatalf("first refresh: %s", st.LastError)
	}
	gen := m.Published().Generation

	refresh := func() error {
		t.Helper()
		return m.Refresh(context.Background(), s)
	}
	if err := refresh(); err != nil {
		t.Fatalf("unchanged file: %v", err)
	}
	if c := lastCondition(); c != `"1"` {
		t.Errorf("If-None-Match = %q, want the ETag of the data served", c)
	}
	st := s.State()
	if !st.LastOK || st.Attempts != 2 || st.Failures != 0 || st.NotModified != 1 || st.Series != 2 {
		t.Errorf("after a 304: %+v", st)
	}
	if g := m.Published().Generation; g != gen {
		t.Errorf("a 304 swapped the data: generation %d -> %d", gen, g)
	}
	if !strings.Contains(scrape(t, m), `korea_ict_test_won{status="reported",table="h",year="2001"} 2`) {
		t.Error("data not kept after a 304")
	}
	want := `
# HELP korea_ict_exporter_source_not_modified_total Successful refreshes of the source that found its remote data unchanged (HTTP 304 Not Modified to a conditional request) and kept it without parsing. Sources are refreshed on their cron schedule, never on scrape.
# TYPE korea_ict_exporter_source_not_modified_total counter
korea_ict_exporter_source_not_modified_total{source="h"} 1
# HELP korea_ict_exporter_source_refresh_failures_total Refreshes of the source that failed since the exporter started. Sources are refreshed on their cron schedule, never on scrape.
# TYPE korea_ict_exporter_source_refresh_failures_total counter
korea_ict_exporter_source_refresh_failures_total{source="h"} 0
`
	reg := prometheus.NewRegistry()
	reg.MustRegister(m.Collector())
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "korea_ict_exporter_source_not_modified_total", "korea_ict_exporter_source_refresh_failures_total"); err != nil {
		t.Error(err)
	}

	// A new version: fetched, parsed and swapped in.
	serve(table("h", 1, 5), `"2"`)
	if err := refresh(); err != nil {
		t.Fatal(err)
	}
	if g := m.Published().Generation; g == gen || !strings.Contains(scrape(t, m), `year="2001"} 5`) {
		t.Errorf("new version not served (generation %d)", g)
	}

	// A broken version fails, and keeps failing: the next request asks
	// against the version served ("2"), not the broken one.
	serve("\x00 not yaml", `"3"`)
	for range 2 {
		if err := refresh(); err == nil {
			t.Fatal("a broken file refreshed")
		}
		if c := lastCondition(); c != `"2"` {
			t.Errorf("If-None-Match = %q, want that of the data served", c)
		}
	}
	if st := s.State(); st.Failures != 2 || st.NotModified != 1 || !strings.Contains(scrape(t, m), `year="2001"} 5`) {
		t.Errorf("after a broken version: %+v", st)
	}
}
