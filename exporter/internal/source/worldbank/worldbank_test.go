package worldbank

// The fixtures follow the World Bank Indicators API v2's documented JSON
// format, and the tests never reach the internet (an httptest server serves
// them):
//
//   - Calls, query strings (format=json, page, per_page; default 50 per
//     page), several countries separated by ";":
//     https://datahelpdesk.worldbank.org/knowledgebase/articles/898581-api-basic-call-structures
//   - v2 responses: the metadata (page, pages, per_page, total, lastupdated)
//     then the observations, each with countryiso3code:
//     https://datahelpdesk.worldbank.org/knowledgebase/articles/1886674-new-features-and-enhancements-in-the-v2-api
//   - The error envelope [{"message":[{"id","key","value"}]}], as users of
//     the API quote it: id 120 "Invalid value", "The provided parameter
//     value is not valid" (https://github.com/pydata/pandas-datareader/issues/719),
//     id 175 "Invalid format", "The indicator was not found. It may have
//     been deleted or archived." (https://github.com/gshs-ornl/wbstats/issues/44);
//     error codes of the API's first documentation:
//     http://developer.worldbank.org/docs/documentation_v1/Untitled
//   - page, pages, per_page and total come as numbers or as strings
//     ("per_page": "50"), e.g. in the response shown at
//     https://kazim-albayrak.com/wp-content/uploads/2026/02/exploring_world_bank_api.html
//
// The values in testdata/api are synthetic (testdata/README.md).

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/datafile"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset/datasettest"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/exposition"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/httpfetch"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source/worldbank/wbtest"
)

var update = flag.Bool("update", false, "rewrite testdata/metrics.golden from the current output")

func readPage(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "pages", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParsePage(t *testing.T) {
	for _, tc := range []struct {
		file, err   string
		total, rows int
	}{
		{file: "numbers.json", total: 3, rows: 3},
		{file: "strings.json", total: 3, rows: 3},
		{file: "empty.json", total: 0, rows: 0},
		{file: "quarterly.json", total: 1, rows: 1}, // parses; Table rejects it
		{file: "error-invalid-value.json", err: "World Bank API error 120 (Invalid value): The provided parameter value is not valid"},
		{file: "error-invalid-format.json", err: "World Bank API error 175 (Invalid format): The indicator was not found. It may have been deleted or archived."},
		{file: "truncated.json", err: "malformed response: unexpected end of JSON input (at byte 300)"},
		{file: "html.json", err: "malformed response: invalid character '<' looking for beginning of value (at byte 1)"},
		{file: "rows-not-a-list.json", err: "malformed observations: json: cannot unmarshal object into Go value of type []worldbank.row"},
		{file: "bad-per-page.json", err: `malformed response metadata: "fifty" is not a count`},
	} {
		t.Run(tc.file, func(t *testing.T) {
			p, err := ParsePage(readPage(t, tc.file))
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("error = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Total != tc.total || len(p.Rows) != tc.rows {
				t.Errorf("total %d, rows %d; want %d, %d", p.Total, len(p.Rows), tc.total, tc.rows)
			}
		})
	}
	// Strings and numbers in the paging fields mean the same.
	a, _ := ParsePage(readPage(t, "numbers.json"))
	b, _ := ParsePage(readPage(t, "strings.json"))
	if a.Page != b.Page || a.Pages != b.Pages || a.PerPage != b.PerPage || a.Total != b.Total {
		t.Errorf("numbers %+v, strings %+v", a, b)
	}
}

func TestTable(t *testing.T) {
	ind, _ := Lookup("IT.NET.USER.ZS")
	p, err := ParsePage(readPage(t, "strings.json"))
	if err != nil {
		t.Fatal(err)
	}
	tab, err := Table(ind, p.Rows, p.LastUpdated)
	if err != nil {
		t.Fatal(err)
	}
	if tab.ID != "IT.NET.USER.ZS" || tab.Title != "Individuals using the Internet (% of population)" || !strings.Contains(tab.SourceLine, "World Bank") {
		t.Errorf("table %+v", tab)
	}
	// It names the report's table it continues, in the catalogue page's
	// note and in HELP (through the cite; metrics.golden holds the lines).
	if !strings.HasPrefix(tab.Note, "Continues the report's table 9: Internet usage") || tab.Cite != "World Bank indicator IT.NET.USER.ZS, continuing the report's table 9" {
		t.Errorf("note %q, cite %q", tab.Note, tab.Cite)
	}
	m, latest := tab.Metrics[0], tab.Metrics[1]
	// The null of 2022 is skipped, not zero.
	if len(m.Series) != 2 {
		t.Fatalf("%d series, want 2 (the null skipped)", len(m.Series))
	}
	if s := m.Series[0]; s.Value != 0.655 || s.Status() != "reported" || s.Label(1).Value != "2003" {
		t.Errorf("2003: %+v", s)
	}
	if s := m.Series[1]; s.Value != 0.974 || s.Status() != "estimate" {
		t.Errorf("2023 (obs_status E): %+v", s)
	}
	if latest.Name != "korea_ict_wb_latest_internet_usage_ratio" || len(latest.Series) != 1 || latest.Series[0].Label(1).Value != "2023" {
		t.Errorf("latest: %s %+v", latest.Name, latest.Series)
	}

	for _, tc := range []struct {
		name, want string
		edit       func(r *Row)
	}{
		{"quarterly date", `date "2024Q1" is not a year; only annual indicators are supported`, func(r *Row) { r.Date = "2024Q1" }},
		{"unknown status", `unknown obs_status "X"`, func(r *Row) { r.ObsStatus = "X" }},
		{"no iso3 code", `countryiso3code "" is not an ISO 3166 alpha-3 code`, func(r *Row) { r.ISO3 = "" }},
		{"other indicator", `indicator "IT.CEL.SETS.P2" in the answer for IT.NET.USER.ZS`, func(r *Row) { r.IndicatorID = "IT.CEL.SETS.P2" }},
		{"share over 100 %", "share 140 % is outside 0-100 %", func(r *Row) {
			n := json.Number("140")
			r.IndicatorID, r.Value = "TX.VAL.ICTG.ZS.UN", &n
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows := append([]Row(nil), p.Rows...)
			tc.edit(&rows[0])
			in := ind
			if c, ok := Lookup(rows[0].IndicatorID); ok && rows[0].Value != nil && rows[0].Value.String() == "140" {
				in = c
				for i := range rows {
					rows[i].IndicatorID = c.ID
				}
			}
			// The share's range is the dataset's rule, applied when the
			// table is validated like any other.
			tab, err := Table(in, rows, "")
			if err == nil {
				_, err = datafile.Input{Tables: []*dataset.Table{tab}}.Build()
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want %q", err, tc.want)
			}
		})
	}

	// Only nulls: no table at all.
	empty, err := Table(ind, []Row{{IndicatorID: ind.ID, ISO3: "KOR", Date: "2024"}}, "")
	if err != nil || empty != nil {
		t.Errorf("only nulls: %v, %v", empty, err)
	}
}

// fixtureServer serves every built-in indicator's fixtures and counts requests.
func fixtureServer(t *testing.T) (*httptest.Server, *sync.Map) {
	t.Helper()
	var requests sync.Map
	h := wbtest.Handler(os.DirFS(wbtest.Dir))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Store(r.URL.String(), true)
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &requests
}

func builtinClient(srv *httptest.Server) *Client {
	return &Client{HTTP: &httpfetch.Client{HTTP: srv.Client(), MaxBytes: 1 << 20}, BaseURL: srv.URL + "/", Countries: DefaultCountries, Indicators: Builtin, PerPage: 50}
}

func TestClientPagesThroughTheFixtures(t *testing.T) {
	srv, requests := fixtureServer(t)
	tables, err := builtinClient(srv).Tables(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) != len(Builtin) {
		t.Fatalf("%d tables, want %d", len(tables), len(Builtin))
	}
	for _, p := range []string{"1", "2", "3"} {
		u := "/country/KOR;CHN;JPN;GBR;USA/indicator/IT.NET.USER.ZS?format=json&page=" + p + "&per_page=50"
		if _, ok := requests.Load(u); !ok {
			t.Errorf("page %s was not asked for as %s", p, u)
		}
	}
	// Three pages, 120 observations, 2 nulls.
	if got := len(tables[0].Metrics[0].Series); tables[0].ID != "IT.NET.USER.ZS" || got != 118 {
		t.Errorf("%s: %d series, want 118", tables[0].ID, got)
	}
	if _, err := (datafile.Input{Tables: tables}).Build(); err != nil {
		t.Fatal(err)
	}
}

// The metrics the source produces from the fixtures, as a scrape shows them.
func TestMetricsGolden(t *testing.T) {
	srv, _ := fixtureServer(t)
	tables, err := builtinClient(srv).Tables(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ds, err := datafile.Input{Tables: tables}.Build()
	if err != nil {
		t.Fatal(err)
	}
	snap := exposition.NewSnapshot(ds, 1)
	b := httptest.NewRecorder()
	exposition.Handler(func() *exposition.Snapshot { return snap }, slog.New(slog.DiscardHandler), prometheus.NewRegistry()).
		ServeHTTP(b, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	golden := filepath.Join("testdata", "metrics.golden")
	if *update {
		if err := os.WriteFile(golden, b.Body.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.Body.String() != string(want) {
		t.Errorf("metrics differ from %s (go test ./exporter/internal/source/worldbank -run TestMetricsGolden -update, then review the diff)", golden)
	}
}

// The World Bank's tables merge with the report's: a reused metric name has
// the report's description and base unit.
func TestMergesWithTheReport(t *testing.T) {
	report := datasettest.Shipped(t)
	srv, _ := fixtureServer(t)
	tables, err := builtinClient(srv).Tables(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	wb, err := datafile.Input{Tables: tables}.Build()
	if err != nil {
		t.Fatal(err)
	}
	merged, err := dataset.Merge(report, wb)
	if err != nil {
		t.Fatal(err)
	}
	shared := 0
	for _, f := range merged.Families() {
		var fromReport, fromWB bool
		for _, d := range f.Decls {
			if _, ok := Lookup(d.Table.ID); ok {
				fromWB = true
			} else {
				fromReport = true
			}
		}
		if fromReport && fromWB {
			shared++
		}
	}
	if shared != 2 { // internet usage and mobile subscribers
		t.Errorf("%d metrics shared with the report, want 2", shared)
	}
	// Every built-in mapping passes the naming scheme.
	for _, ind := range Builtin {
		if err := ind.Validate(); err != nil {
			t.Error(err)
		}
	}
}

// FuzzParsePage: any bytes give a page or an error, never a panic; a page
// that parses converts to a table or an error.
func FuzzParsePage(f *testing.F) {
	for _, glob := range []string{"testdata/pages/*.json", "testdata/api/*/*.json"} {
		paths, _ := filepath.Glob(glob)
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	ind, _ := Lookup("IT.NET.USER.ZS")
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePage(data)
		if err != nil {
			return
		}
		if p.Page < 1 || p.PerPage < 1 || len(p.Rows) > p.PerPage || p.Total < 0 {
			t.Fatalf("invalid page passed: %+v", p)
		}
		tab, err := Table(ind, p.Rows, p.LastUpdated)
		if err != nil || tab == nil {
			return
		}
		if _, err := (datafile.Input{Tables: []*dataset.Table{tab}}).Build(); err != nil && !strings.Contains(err.Error(), "duplicate series") {
			t.Fatalf("a converted table does not validate: %v", err)
		}
	})
}

// Pages the API answers 304 are not re-read: every page unchanged is
// source.ErrNotModified; one page changed re-reads the others from the
// bodies kept.
func TestClientConditionalPages(t *testing.T) {
	h := wbtest.Handler(os.DirFS(wbtest.Dir))
	var mu sync.Mutex
	changed := "" // a page URL whose body gets a new version
	notModified := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		etag := `"1"`
		if r.URL.String() == changed {
			etag = `"2"`
		}
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			notModified++
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h.ServeHTTP(w, r)
	}))
	defer srv.Close()
	c := builtinClient(srv)
	c.Versions = &httpfetch.Versions{KeepBodies: true}
	first, err := c.Tables(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c.Versions.Commit()
	if _, err := c.Tables(context.Background()); !errors.Is(err, source.ErrNotModified) {
		t.Fatalf("every page unchanged: %v", err)
	}
	pages := notModified
	c.Versions.Commit()
	mu.Lock()
	changed = "/country/KOR;CHN;JPN;GBR;USA/indicator/IT.NET.USER.ZS?format=json&page=2&per_page=50"
	mu.Unlock()
	tables, err := c.Tables(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if notModified != 2*pages-1 || len(tables) != len(first) {
		t.Errorf("one page changed: %d of %d pages answered 304, %d tables (want %d)", notModified-pages, pages, len(tables), len(first))
	}
	for i := range tables {
		a, b := tables[i], first[i]
		if a.ID != b.ID || len(a.Metrics[0].Series) != len(b.Metrics[0].Series) {
			t.Errorf("table %s: %d series, first fetch %s: %d", a.ID, len(a.Metrics[0].Series), b.ID, len(b.Metrics[0].Series))
		}
	}
}
