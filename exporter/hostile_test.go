package main

// Hostile data: what a source serves may be wrong in any way, and may be
// made to hurt. The process stays up, the report stays served, and the
// source fails with a reason that names the file and line.

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/korea-ict-exporter/korea-ict-exporter/internal/fixturetest"
)

func TestWideCSVFailsTheSourceNotTheProcess(t *testing.T) {
	t.Parallel()
	wide := fixturetest.WideCSV(1 << 16)
	dir := t.TempDir()
	path := filepath.Join(dir, "wide.csv")
	writeFile(t, path, wide)
	const reason = "label columns: 65536 labels, over the source's label_limit of 64"

	code, stdout, stderr := run(t, "check", path)
	if code != 1 || !strings.Contains(stderr, path+":1: "+reason) || strings.Contains(stderr, "goroutine ") {
		t.Errorf("check wide.csv: exit %d, want 1 and the error at line 1\nstdout: %s\nstderr: %.2000s", code, stdout, stderr)
	}

	remote := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/csv")
		fmt.Fprint(w, wide)
	}))
	defer remote.Close()
	cfg := filepath.Join(dir, "config.yml")
	writeFile(t, cfg, fmt.Sprintf(`sources:
- {name: report, type: embedded}
- {name: wide_file, type: file, paths: [%q], schedule: "@every 1s"}
- {name: wide_http, type: http, urls: [%q], schedule: "@every 1s"}
`, path, remote.URL+"/wide.csv"))

	code, _, stderr = run(t, "backfill", "--config.file="+cfg)
	if code != 1 || !strings.Contains(stderr, reason) || strings.Contains(stderr, "goroutine ") {
		t.Errorf("backfill: exit %d, want 1 and the reason\nstderr: %.2000s", code, stderr)
	}

	e := start(t, "--config.file="+cfg)
	m := e.await(t, "two failed refreshes of each wide source", func(m string) bool {
		return atLeast(m, failures("wide_file"), 2) && atLeast(m, failures("wide_http"), 2)
	})
	if e.cmd.ProcessState != nil {
		t.Fatalf("the exporter exited: %v", e.cmd.ProcessState)
	}
	if !has(success("report", "embedded"), 1)(m) || !strings.Contains(m, `korea_ict_broadband_subscribers{`) {
		t.Errorf("the report is not served beside the failing sources:\n%s", selfMetrics(m))
	}
	page := e.get(t, "/")
	for _, name := range []string{"wide_file", "wide_http"} {
		row := sourceRow(page, name)
		if !strings.Contains(row, "<b>failing</b>") || !strings.Contains(row, html.EscapeString(reason)) {
			t.Errorf("landing page does not show %s failing with %q:\n%.2000s", name, reason, row)
		}
	}
	if strings.Contains(e.logs.String(), "panic") {
		t.Errorf("the log mentions a panic:\n%.2000s", e.logs)
	}
}

// atLeast reports whether a sample is present and at least want.
func atLeast(m, series string, want float64) bool {
	v, ok := sample(m, series)
	return ok && v >= want
}

// A file with 25,000 bad rows: its source fails naming the first errors
// and counting the others, and neither the landing page nor a log line
// grows with the file (before, at 100,000 rows: a 12 MB page and an 11 MB
// line per refresh).
func TestErrorsAreBounded(t *testing.T) {
	t.Parallel()
	const rows = 25_000
	dir := t.TempDir()
	path := filepath.Join(dir, "bad.csv")
	writeFile(t, path, "metric,unit,value\n"+strings.Repeat("korea_ict_w_won,won,x\n", rows))
	cfg := filepath.Join(dir, "config.yml")
	writeFile(t, cfg, fmt.Sprintf("sources:\n- {name: report, type: embedded}\n- {name: bad, type: file, paths: [%q], schedule: \"@every 1s\"}\n", path))

	code, _, stderr := run(t, "check", path)
	if code != 1 || !strings.Contains(stderr, path+":2: ") || !strings.Contains(stderr, fmt.Sprintf("… and %d more errors", rows-20)) || len(stderr) > 16<<10 {
		t.Errorf("check: exit %d, %d bytes of errors, want 1 and the first 20 with a count:\n%.3000s", code, len(stderr), stderr)
	}

	e := start(t, "--config.file="+cfg)
	e.await(t, "two failed refreshes", func(m string) bool { return atLeast(m, failures("bad"), 2) })
	page := e.get(t, "/")
	row := sourceRow(page, "bad")
	if !strings.Contains(row, "bad.csv:21: ") || strings.Contains(row, "bad.csv:22: ") || !strings.Contains(row, fmt.Sprintf("… and %d more errors", rows-20)) {
		t.Errorf("landing page row does not show the first 20 errors and a count:\n%.3000s", row)
	}
	if len(page) > 64<<10 {
		t.Errorf("landing page is %d bytes", len(page))
	}
	e.stop(t)
	for _, line := range strings.Split(e.logs.String(), "\n") {
		if len(line) > 16<<10 {
			t.Errorf("a log line of %d bytes: %.300s…", len(line), line)
		}
	}
}

// A source that fails at start (a network blip, a file being written) is
// retried after the retry delay, not left empty until its schedule fires an
// hour later; the next attempt shows in the self-metrics and on the page.
func TestFailedSourceIsRetried(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "table.yaml")
	writeFile(t, path, "\x00 not yet written")
	r := newRemote(t, serveTable("remote", true, 7))
	r.down()
	cfg := filepath.Join(dir, "config.yml")
	writeFile(t, cfg, fmt.Sprintf("sources:\n- {name: local, type: file, paths: [%q], schedule: \"@every 1h\"}\n- {name: remote, type: http, urls: [%q], schedule: \"@every 1h\"}\n", path, r.url()))
	e := start(t, "--config.file="+cfg, "--refresh.retry-delay=2s")
	m := e.await(t, "the first failures", func(m string) bool { return has(failures("local"), 1)(m) && has(failures("remote"), 1)(m) })
	now := float64(time.Now().Unix())
	for _, name := range []string{"local", "remote"} {
		next := mustSample(t, m, fmt.Sprintf(`korea_ict_exporter_source_next_refresh_timestamp_seconds{source=%q}`, name))
		if next < now-30 || next > now+10 { // the retry, not the schedule an hour away
			t.Errorf("%s: next refresh in %.0fs, want the retry in about 2s", name, next-now)
		}
		if row := sourceRow(e.get(t, "/"), name); !strings.Contains(row, "<br>retry after ") {
			t.Errorf("%s: the landing page does not say it retries:\n%s", name, row)
		}
	}
	writeFile(t, path, dataTable("local", 7))
	r.up(t)
	e.awaitWithin(t, 20*time.Second, "both sources' retried success", func(m string) bool {
		return has(success("local", "file"), 1)(m) && has(success("remote", "http"), 1)(m) && has(dataSeries("remote"), 7)(m)
	})
}

// Characters a reader cannot see or that reorder what they see are refused
// however a file writes them; a quoted number is named as quoted; a year
// that is not one is refused (before, 2009.0 loaded and backfill left it
// out). Each fails its source alone, with the reason, beside the report.
func TestInvisibleCharactersQuotedNumbersAndYears(t *testing.T) {
	t.Parallel()
	yamlTable := func(series string) string {
		return "table: t\ntitle: T\nsource: S\nmetrics:\n  - name: korea_ict_test_won\n    help: A test figure.\n    unit: won\n    series:\n      - " + series + "\n"
	}
	cases := []struct{ name, file, content, want string }{
		{"rlo_escape", "t.yaml", yamlTable(`{year: 2004, kind: "a\u202Eb", value: 1}`), `t.yaml:9: "kind" holds the bidirectional formatting character U+202E`},
		{"bell_escape", "t.yaml", yamlTable(`{year: 2004, kind: "a\ab", value: 1}`), `t.yaml:9: "kind" holds the control character U+0007`},
		{"rlo_in_help", "t.yaml", strings.Replace(yamlTable(`{year: 2004, value: 1}`), "A test figure.", `"A \u2067test figure."`, 1), `t.yaml:6: "help" holds the bidirectional formatting character U+2067`},
		{"rlo_raw_csv", "t.csv", "metric,unit,value,kind\nkorea_ict_test_won,won,1,a\u202eb\n", `t.csv:2: a cell holds the bidirectional formatting character U+202E`},
		{"quoted", "t.yaml", yamlTable(`{year: 2004, value: "1"}`), `t.yaml:9: value "1" is quoted: a quoted number is text; write it without quotes`},
		{"year_float", "t.yaml", yamlTable(`{year: 2009.0, value: 1}`), `t.yaml:9: year "2009.0" is not a year: write its four digits (2009), or a span (1997-2000)`},
	}
	dir := t.TempDir()
	config := "sources:\n- {name: report, type: embedded}\n"
	for _, tc := range cases {
		path := filepath.Join(dir, tc.name, tc.file)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, path, tc.content)
		code, _, stderr := run(t, "check", "--standalone", path)
		if code != 1 || !strings.Contains(stderr, filepath.Join(dir, tc.name, tc.want)) {
			t.Errorf("%s: check: exit %d, want 1 and %q:\n%s", tc.name, code, tc.want, stderr)
		}
		config += fmt.Sprintf("- {name: %s, type: file, paths: [%q]}\n", tc.name, path)
	}
	cfg := filepath.Join(dir, "config.yml")
	writeFile(t, cfg, config)
	e := start(t, "--config.file="+cfg)
	m := e.get(t, "/metrics")
	if !has(success("report", "embedded"), 1)(m) {
		t.Errorf("the report is not served:\n%s", selfMetrics(m))
	}
	page := e.get(t, "/")
	for _, tc := range cases {
		if row := sourceRow(page, tc.name); !strings.Contains(row, "<b>failing</b>") || !strings.Contains(row, strings.ReplaceAll(html.EscapeString(tc.want), "+", "&#43;")) {
			t.Errorf("%s: the landing page does not show it failing with %q:\n%s", tc.name, tc.want, row)
		}
	}
}

// Each source's limits, as Prometheus's scrape limits: past one, the source
// fails naming the file and line, and the others are served.
func TestSourceLimits(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	table := dataTable("limits", 1, 2, 3) // three series, one label (year)
	cases := []struct{ name, limit, content, want string }{
		{"labels", "label_limit: 1", strings.Replace(table, "value: 2}", "value: 2, kind: a}", 1), ":10: 2 labels, over the source's label_limit of 1"},
		{"name_length", "label_name_length_limit: 4", strings.Replace(table, "value: 2}", "value: 2, industry: a}", 1), `:10: label name "industry" is 8 bytes, over the source's label_name_length_limit of 4`},
		{"value_length", "label_value_length_limit: 8", strings.Replace(table, "value: 2}", "value: 2, kind: "+strings.Repeat("v", 100)+"}", 1), `:10: label "kind" has a value of 100 bytes`},
		{"samples", "sample_limit: 2", table, ":11: more than the source's sample_limit of 2 series from here on"},
	}
	config := "sources:\n- {name: report, type: embedded}\n"
	for _, tc := range cases {
		path := filepath.Join(dir, tc.name+".yaml")
		writeFile(t, path, tc.content)
		config += fmt.Sprintf("- {name: %s, type: file, paths: [%q], %s}\n", tc.name, path, tc.limit)
	}
	cfg := filepath.Join(dir, "config.yml")
	writeFile(t, cfg, config)
	code, _, stderr := run(t, "check", "--config.file="+cfg)
	for _, tc := range cases {
		if want := tc.name + ".yaml" + tc.want; code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("check: exit %d, want 1 and %q:\n%s", code, want, stderr)
		}
	}
	e := start(t, "--config.file="+cfg)
	m := e.get(t, "/metrics")
	page := e.get(t, "/")
	if !has(success("report", "embedded"), 1)(m) {
		t.Errorf("the report is not served:\n%s", selfMetrics(m))
	}
	for _, tc := range cases {
		// Named relative to the configured path, as pages without a login
		// show it.
		want := tc.name + ".yaml" + tc.want
		if row := sourceRow(page, tc.name); strings.Contains(row, "<pre>"+dir) || !strings.Contains(row, "<b>failing</b>") || !strings.Contains(row, html.EscapeString(want)) {
			t.Errorf("%s: the landing page does not show it failing with %q:\n%s", tc.name, want, row)
		}
	}
}
