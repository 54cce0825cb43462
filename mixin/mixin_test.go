package mixin

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-jsonnet"
	"gopkg.in/yaml.v3"
)

// evaluate evaluates mixin.libsonnet with config (a jsonnet object merged
// into _config) and returns its dashboards and its alerts, as JSON values.
func evaluate(t *testing.T, config string) (dashboards map[string]any, alerts any) {
	t.Helper()
	vm := jsonnet.MakeVM()
	vm.Importer(&jsonnet.FileImporter{JPaths: []string{"."}})
	out, err := vm.EvaluateAnonymousSnippet("test.jsonnet", `local m = (import 'mixin.libsonnet') + { _config+:: `+config+` };
{ dashboards: m.grafanaDashboards, alerts: m.prometheusAlerts }`)
	if err != nil {
		t.Fatalf("evaluating mixin.libsonnet with _config+:: %s: %v", config, err)
	}
	var v struct {
		Dashboards map[string]any
		Alerts     any
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	return v.Dashboards, v.Alerts
}

// generated runs the dashboards' and the alerts' generators (as `go run`
// does for a user) with the given selectors and returns their output as
// JSON values.
func generated(t *testing.T, dashboardMatchers, alertSelector string) (dashboards map[string]any, alerts any) {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("go", "run", "../dashboards", "-matchers="+dashboardMatchers, "-out", dir).CombinedOutput(); err != nil {
		t.Fatalf("go run ./dashboards: %v\n%s", err, out)
	}
	dashboards = map[string]any{}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	for _, f := range files {
		dashboards[filepath.Base(f)] = readJSON(t, f)
	}
	out, err := exec.Command("go", "run", "../alerts", "-selector="+alertSelector).Output()
	if err != nil {
		t.Fatalf("go run ./alerts: %v", err)
	}
	return dashboards, yamlValue(t, out)
}

func readJSON(t *testing.T, file string) any {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return v
}

// yamlValue decodes YAML into the values JSON would give (through JSON, so
// that numbers and maps compare alike).
func yamlValue(t *testing.T, b []byte) any {
	t.Helper()
	var y any
	if err := yaml.Unmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(y)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(j, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func names(m map[string]any) []string {
	var n []string
	for k := range m {
		n = append(n, k)
	}
	sort.Strings(n)
	return n
}

func compare(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("%s differs; first difference near line %d", what, firstDiffLine(g, w))
	}
}

func firstDiffLine(a, b []byte) int {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := range min(len(la), len(lb)) {
		if !bytes.Equal(la[i], lb[i]) {
			return i + 1
		}
	}
	return min(len(la), len(lb)) + 1
}

// With its default _config the mixin is the committed dashboards and rules,
// value for value.
func TestDefaultConfigIsTheCommittedFiles(t *testing.T) {
	dashboards, alerts := evaluate(t, `{}`)
	committed, _ := filepath.Glob("../dashboards/*.json")
	if len(committed) == 0 {
		t.Fatal("no committed dashboards")
	}
	want := map[string]any{}
	for _, f := range committed {
		want[filepath.Base(f)] = readJSON(t, f)
	}
	if !reflect.DeepEqual(names(dashboards), names(want)) {
		t.Fatalf("the mixin's dashboards are %v, the committed ones %v", names(dashboards), names(want))
	}
	for _, name := range names(want) {
		compare(t, "dashboard "+name, dashboards[name], want[name])
	}
	b, err := os.ReadFile("../alerts/alerts.yml")
	if err != nil {
		t.Fatal(err)
	}
	compare(t, "prometheusAlerts against alerts/alerts.yml", alerts, yamlValue(t, b))
}

// With another selector the mixin is what the generators write for it, and
// the selector is in every alert and every selector of the report boards:
// the placeholder is gone everywhere.
func TestSelectorChangesEverywhere(t *testing.T) {
	const sel = `job="ict",env="prod"`
	dashboards, alerts := evaluate(t, `{ selector: 'job="ict",env="prod"', dashboardSelector: 'job="ict",env="prod"' }`)
	wantDashboards, wantAlerts := generated(t, sel, sel)
	for _, name := range names(wantDashboards) {
		compare(t, "dashboard "+name+" with "+sel, dashboards[name], wantDashboards[name])
	}
	compare(t, "prometheusAlerts with "+sel, alerts, wantAlerts)

	all, err := json.Marshal(map[string]any{"dashboards": dashboards, "alerts": alerts})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(all), "__mixin_selector__") {
		t.Error("the placeholder is left in the mixin's output")
	}
	if strings.Contains(string(all), "korea-ict-exporter\\\"") {
		t.Error(`the default job="korea-ict-exporter" is left in the mixin's output`)
	}
	for _, g := range alerts.(map[string]any)["groups"].([]any) {
		for _, r := range g.(map[string]any)["rules"].([]any) {
			if expr := r.(map[string]any)["expr"].(string); !strings.Contains(expr, sel) {
				t.Errorf("alert %v: %s does not select %s", r.(map[string]any)["alert"], expr, sel)
			}
		}
	}
	n := strings.Count(string(all), `job=\"ict\",env=\"prod\"`)
	if n < 200 {
		t.Errorf("the selector appears %d times in the mixin's output, want it in every selector (hundreds)", n)
	}
}

// The generated files are those the generators write now (make generate).
func TestGeneratedFilesAreFresh(t *testing.T) {
	dashboards, alerts := generated(t, Placeholder, Placeholder)
	for _, name := range names(dashboards) {
		compare(t, "mixin/dashboards/"+name+" (run make generate)", readJSON(t, filepath.Join("dashboards", name)), dashboards[name])
	}
	b, err := os.ReadFile("alerts.yml")
	if err != nil {
		t.Fatal(err)
	}
	compare(t, "mixin/alerts.yml (run make generate)", yamlValue(t, b), alerts)
}
