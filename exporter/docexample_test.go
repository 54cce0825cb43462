package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/internal/fixturetest"
)

// The CSV example of docs/data-format.md passes `check` as the exporter
// serves it, beside the embedded report, and is served so in a real
// deployment: its metrics that the report has take the report's help (one
// metric, one description), its own gives its own. Before issue 21 the
// example passed `check` and failed beside the report.
func TestDocExampleBesideTheReport(t *testing.T) {
	t.Parallel()
	example := fixturetest.DocCSVExample(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "exports-2024.csv")
	writeFile(t, path, example)
	if code, stdout, stderr := run(t, "check", path); code != 0 || !strings.Contains(stdout, "beside the embedded dataset") {
		t.Fatalf("check of the docs' example: exit %d\n%s%s", code, stdout, stderr)
	}

	cfg := filepath.Join(dir, "config.yml")
	writeFile(t, cfg, "sources:\n- {name: report, type: embedded}\n- {name: mine, type: file, paths: ["+path+"]}\n")
	e := start(t, "--config.file="+cfg)
	m := e.get(t, "/metrics")
	for _, want := range []string{
		`korea_ict_internet_users{status="preliminary",table="9-2004",year="2005"} 3.3e+07`,
		`korea_ict_survey_respondents{status="reported",table="9-2004",year="2004"} 120`,
		"# HELP korea_ict_exports_share_ratio Share of a size of exporter in total exports.",
		"# HELP korea_ict_internet_users Internet users. A stock",
		"# HELP korea_ict_survey_respondents Respondents to our own survey.",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if !has(success("mine", "file"), 1)(m) || !has(success("report", "embedded"), 1)(m) {
		t.Errorf("a source failed:\n%s", selfMetrics(m))
	}
}
