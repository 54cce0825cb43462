package architecture

import (
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/internal/buildtool"
)

const module = "github.com/korea-ict-exporter/korea-ict-exporter/"

// forbidden are imports, direct or not, that would make a package know
// what is none of its business (docs/architecture.md, "Import rules").
var forbidden = []struct{ from, to, why string }{
	{"exporter/internal/httpfetch", "exporter/internal/dataset", "a GET's size limit is HTTP's, not the data model's"},
	{"exporter/internal/source", "exporter/internal/httpfetch", "the plug-in seam knows no transport"},
	{"exporter/internal/source/worldbank", "exporter/internal/source/http", "source types are siblings: what they share lives below them"},
	{"exporter/internal/source/http", "exporter/internal/source/worldbank", "source types are siblings: what they share lives below them"},
	{"exporter/internal/source/file", "exporter/internal/source/embedded", "source types are siblings: what they share lives below them"},
	{"exporter/internal/source/embedded", "exporter/internal/source/file", "source types are siblings: what they share lives below them"},
	{"exporter/internal/refresh", "exporter/internal/exposition", "refresh publishes data; how a scrape encodes it is exposition's business"},
	{"exporter/internal/catalogue", "exporter/internal/exposition", "the page and the scrape each read the published data, not each other"},
	{"exporter/internal/exposition", "exporter/internal/catalogue", "the page and the scrape each read the published data, not each other"},
	{"exporter/internal/source/embedded", "exporter/internal/config", "a source type knows its own block, not the file around it (test helpers: config/configtest)"},
	{"exporter/internal/source/file", "exporter/internal/config", "a source type knows its own block, not the file around it (test helpers: config/configtest)"},
	{"exporter/internal/source/http", "exporter/internal/config", "a source type knows its own block, not the file around it (test helpers: config/configtest)"},
	{"exporter/internal/source/worldbank", "exporter/internal/config", "a source type knows its own block, not the file around it (test helpers: config/configtest)"},
	{"exporter/internal/dataset", "exporter/internal/source", "the data model knows nothing of where data comes from"},
	{"exporter/internal/dataset", "exporter/internal/httpfetch", "the data model knows nothing of where data comes from"},
	{"exporter/internal/datafile", "exporter/internal/source", "data files are read the same wherever they come from"},
	{"exporter/internal/datafile", "exporter/internal/httpfetch", "data files are read the same wherever they come from"},
	{"exporter/internal/datafile/yamlfile", "exporter/internal/datafile/csvfile", "formats are siblings: what they share is the model's (dataset)"},
	{"exporter/internal/datafile/csvfile", "exporter/internal/datafile/yamlfile", "formats are siblings: what they share is the model's (dataset)"},
	{"dashboards/internal/query", "dashboards/internal/dashboard", "the PromQL is readable apart from the layout"},
	{"dashboards/internal/dashboard", "dashboards/internal/boards", "the kit knows no board"},
}

// goList runs `go list -f format ./...` in each of the repository's
// modules named (by their directory: "." the root, "deploy") and returns
// each package's line as fields.
func goList(t *testing.T, format string, modules ...string) [][]string {
	t.Helper()
	root, err := buildtool.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	var pkgs [][]string
	for _, m := range modules {
		cmd := exec.Command("go", "list", "-f", format, "./...")
		cmd.Dir = filepath.Join(root, m)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list in %s: %v", cmd.Dir, err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			pkgs = append(pkgs, strings.Fields(line))
		}
	}
	return pkgs
}

// packages lists the module's packages with their dependencies (go list
// -deps: direct and indirect), the packages' test files left out.
func packages(t *testing.T) map[string][]string {
	t.Helper()
	pkgs := map[string][]string{}
	for _, f := range goList(t, `{{.ImportPath}}{{range .Deps}} {{.}}{{end}}`, ".") {
		pkgs[strings.TrimPrefix(f[0], module)] = f[1:]
	}
	return pkgs
}

func TestNoSidewaysImports(t *testing.T) {
	pkgs := packages(t)
	for _, r := range forbidden {
		deps, ok := pkgs[r.from]
		if !ok {
			t.Errorf("rule from %s: no such package (moved? update the rule)", r.from)
			continue
		}
		if _, ok := pkgs[r.to]; !ok {
			t.Errorf("rule to %s: no such package (moved? update the rule)", r.to)
			continue
		}
		if slices.Contains(deps, module+r.to) {
			t.Errorf("%s depends on %s: %s", r.from, r.to, r.why)
		}
	}
}
