package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql/parser"
	"gopkg.in/yaml.v3"

	"github.com/korea-ict-exporter/korea-ict-exporter/internal/buildtool"
)

func alertNames() []string {
	var names []string
	for _, a := range alerts() {
		names = append(names, a.name)
	}
	return names
}

func TestCommittedRulesAreRegenerated(t *testing.T) {
	want, err := Render(Default)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("alerts.yml")
	if err != nil {
		t.Fatalf("%v (run go generate ./alerts)", err)
	}
	if !bytes.Equal(got, want) {
		t.Error("alerts.yml differs from the generator's output: run go generate ./alerts")
	}
}

func TestAlertNames(t *testing.T) {
	names := alertNames()
	for _, n := range names {
		// The shared contract: the Exporter health dashboard selects
		// ALERTS{alertname=~"KoreaICTExporter.*"}.
		if !regexp.MustCompile(`^KoreaICTExporter[A-Z][A-Za-z]+$`).MatchString(n) {
			t.Errorf("alert %q is not named KoreaICTExporter<Something>", n)
		}
	}
	if c := slices.Compact(slices.Sorted(slices.Values(names))); len(c) != len(names) {
		t.Errorf("duplicate alert names: %q", names)
	}
}

func TestPromtoolCheckRules(t *testing.T) {
	out, err := exec.Command(buildtool.Path(t, "promtool"), "check", "rules", "--lint-fatal", "alerts.yml").CombinedOutput()
	if err != nil {
		t.Fatalf("promtool check rules: %v\n%s", err, out)
	}
	if want := fmt.Sprintf("SUCCESS: %d rules found", len(alerts())); !strings.Contains(string(out), want) {
		t.Errorf("promtool check rules says:\n%s\nwant %q", out, want)
	}
}

// unitTestFiles are promtool's unit tests of alerts.yml: by the minute,
// and by the day (evaluated less often, for speed).
var unitTestFiles = []string{"alerts_test.yml", "alerts_daily_test.yml"}

// TestPromtoolTestRules runs the unit tests.
func TestPromtoolTestRules(t *testing.T) {
	promtoolTest(t, ".", unitTestFiles, true)
}

func promtoolTest(t *testing.T, dir string, files []string, wantPass bool) string {
	t.Helper()
	cmd := exec.Command(buildtool.Path(t, "promtool"), append([]string{"test", "rules"}, files...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if wantPass && err != nil {
		t.Fatalf("promtool test rules %s: %v\n%s", files, err, out)
	}
	if !wantPass && err == nil {
		t.Fatalf("promtool test rules %s passed, want failures:\n%s", files, out)
	}
	return string(out)
}

// unitTests is the part of promtool's test file format the checks read.
type unitTests struct {
	RuleFiles []string `yaml:"rule_files"`
	Tests     []struct {
		Name      string `yaml:"name"`
		AlertRule []struct {
			Alertname string `yaml:"alertname"`
			ExpAlerts []any  `yaml:"exp_alerts"`
		} `yaml:"alert_rule_test"`
	} `yaml:"tests"`
}

// TestEveryAlertIsTested: each alert has a case where it fires and one
// where it stays quiet, and the tests name no alert that does not exist.
func TestEveryAlertIsTested(t *testing.T) {
	fires, quiet := map[string]int{}, map[string]int{}
	for _, f := range unitTestFiles {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var ut unitTests
		if err := yaml.Unmarshal(b, &ut); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ut.RuleFiles, []string{"alerts.yml"}) {
			t.Errorf("%s tests %q, want [alerts.yml]", f, ut.RuleFiles)
		}
		for _, tc := range ut.Tests {
			for _, a := range tc.AlertRule {
				if !slices.Contains(alertNames(), a.Alertname) {
					t.Errorf("%s: test %q checks %q, which is not an alert of alerts.yml", f, tc.Name, a.Alertname)
				}
				if len(a.ExpAlerts) > 0 {
					fires[a.Alertname]++
				} else {
					quiet[a.Alertname]++
				}
			}
		}
	}
	for _, n := range alertNames() {
		if fires[n] == 0 || quiet[n] == 0 {
			t.Errorf("%s: %d cases where it fires, %d where it stays quiet; want both", n, fires[n], quiet[n])
		}
	}
}

// TestSelectorIsConfigurable: the selector is the one place the job
// appears. Rules generated for another job select only that job in every
// series selector, pass the same unit tests with that job, and fail them
// with the default job.
func TestSelectorIsConfigurable(t *testing.T) {
	custom := Config{Selector: `job="ict"`, RunbookURL: Default.RunbookURL}
	p := parser.NewParser(parser.Options{})
	for _, c := range []Config{Default, custom} {
		want, err := p.ParseMetricSelector("{" + c.Selector + "}")
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range Rules(c).Groups {
			for _, r := range g.Rules {
				expr, err := p.ParseExpr(r.Expr)
				if err != nil {
					t.Fatalf("%s: %v", r.Alert, err)
				}
				parser.Inspect(expr, func(n parser.Node, _ []parser.Node) error {
					if vs, ok := n.(*parser.VectorSelector); ok && !hasMatchers(vs.LabelMatchers, want) {
						t.Errorf("%s (selector %s): %s does not select the job", r.Alert, c.Selector, vs)
					}
					return nil
				})
			}
		}
	}

	rules, err := Render(custom)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("alerts.yml", rules)
	// The same tests, scraped by the job "ict": they pass...
	toICT := strings.NewReplacer(`job="korea-ict-exporter"`, `job="ict"`, `job: korea-ict-exporter`, `job: ict`, "job korea-ict-exporter", "job ict")
	var ict, def []string
	for _, f := range unitTestFiles {
		tests, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		write("ict_"+f, []byte(toICT.Replace(string(tests))))
		write(f, tests)
		ict, def = append(ict, "ict_"+f), append(def, f)
	}
	promtoolTest(t, dir, ict, true)
	// ...while the tests of the default job fail where an alert should fire.
	out := promtoolTest(t, dir, def, false)
	for _, n := range alertNames() {
		if !strings.Contains(out, "alertname: "+n) {
			t.Errorf("with another job's rules, no failure of %s in the default job's tests:\n%s", n, out)
		}
	}
}

func hasMatchers(have, want []*labels.Matcher) bool {
	for _, w := range want {
		if !slices.ContainsFunc(have, func(h *labels.Matcher) bool { return h.String() == w.String() }) {
			return false
		}
	}
	return true
}

// TestCommand runs `go run ./alerts` as docs/operating.md does: the rules for the
// given selector on standard output, or an error naming a bad selector.
func TestCommand(t *testing.T) {
	sel := `job="ict",env="prod"`
	var stdout, stderr bytes.Buffer
	cmd := exec.Command("go", "run", ".", "-selector", sel)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go run ./alerts -selector %s: %v\n%s", sel, err, stderr.Bytes())
	}
	want, err := Render(Config{Selector: sel, RunbookURL: Default.RunbookURL})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(stdout.Bytes(), want) {
		t.Errorf("go run ./alerts -selector %s printed:\n%s\nwant:\n%s", sel, stdout.Bytes(), want)
	}

	stdout.Reset()
	stderr.Reset()
	cmd = exec.Command("go", "run", ".", "-selector", `job="ict`)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err == nil || stdout.Len() > 0 || !strings.Contains(stderr.String(), `alerts: selector "job=\"ict"`) {
		t.Errorf("a bad selector: err %v, stdout %q, stderr %q; want a failure naming the selector and no output", err, stdout.Bytes(), stderr.Bytes())
	}
}

func TestRenderRejectsBadSelectors(t *testing.T) {
	for _, sel := range []string{
		``,
		`job="unterminated`,
		`job="a"} or vector(1) or up{job="b"`,
		`job`,
	} {
		if _, err := Render(Config{Selector: sel, RunbookURL: Default.RunbookURL}); err == nil || !strings.Contains(err.Error(), "selector") {
			t.Errorf("selector %q: err = %v, want an error naming the selector", sel, err)
		}
	}
}

// TestRunbookHasEverySection: each alert's runbook_url anchor is a section
// of docs/runbook.md saying what it means, how to diagnose and how to fix.
func TestRunbookHasEverySection(t *testing.T) {
	b, err := os.ReadFile("../docs/runbook.md")
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]string{} // GitHub anchor → body
	var anchor string
	for _, line := range strings.Split(string(b), "\n") {
		if h, ok := strings.CutPrefix(line, "## "); ok {
			anchor = strings.ToLower(strings.TrimSpace(h))
			sections[anchor] = ""
			continue
		}
		if anchor != "" {
			sections[anchor] += line + "\n"
		}
	}
	for _, g := range Rules(Default).Groups {
		for _, r := range g.Rules {
			url := r.Annotations["runbook_url"]
			a, ok := strings.CutPrefix(url, Default.RunbookURL+"#")
			if !ok {
				t.Errorf("%s: runbook_url %q is not in %s", r.Alert, url, Default.RunbookURL)
				continue
			}
			body, ok := sections[a]
			if !ok {
				t.Errorf("%s: docs/runbook.md has no section ## %s", r.Alert, r.Alert)
				continue
			}
			for _, part := range []string{"**Meaning.**", "**Diagnose.**", "**Fix.**"} {
				if !strings.Contains(body, part) {
					t.Errorf("docs/runbook.md ## %s has no %s paragraph", r.Alert, part)
				}
			}
			for _, k := range []string{"summary", "description"} {
				if r.Annotations[k] == "" {
					t.Errorf("%s has no %s", r.Alert, k)
				}
			}
		}
	}
	for a := range sections {
		if strings.HasPrefix(a, "koreaictexporter") && !slices.ContainsFunc(alertNames(), func(n string) bool { return strings.ToLower(n) == a }) {
			t.Errorf("docs/runbook.md has a section for %q, which is no alert", a)
		}
	}
}

// TestDocsListEveryAlert: the "Alerts" section of docs/operating.md names
// them all.
func TestDocsListEveryAlert(t *testing.T) {
	b, err := os.ReadFile("../docs/operating.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## Alerts\n")
	if !ok {
		t.Fatal(`docs/operating.md has no "## Alerts" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	for _, n := range alertNames() {
		if !strings.Contains(section, "`"+n+"`") {
			t.Errorf("the Alerts section of docs/operating.md does not list `%s`", n)
		}
	}
}
