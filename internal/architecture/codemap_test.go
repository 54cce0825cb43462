package architecture

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/internal/buildtool"
)

// listed matches a package's line in the code map: "- `path` — what it is".
var listed = regexp.MustCompile("(?m)^- `([^`]+)` — \\S")

// The code map has one line for each package of the module and of deploy's,
// as `go list ./...` lists them, and none for a package that is gone.
func TestCodeMapListsEveryPackage(t *testing.T) {
	doc := buildtool.ReadFile(t, "docs", "architecture.md")
	var inMap []string
	for _, m := range listed.FindAllStringSubmatch(string(doc), -1) {
		if slices.Contains(inMap, m[1]) {
			t.Errorf("docs/architecture.md lists %s twice", m[1])
		}
		inMap = append(inMap, m[1])
	}
	var inModule []string
	for _, f := range goList(t, "{{.ImportPath}}", ".", "deploy") {
		p := strings.TrimPrefix(f[0], strings.TrimSuffix(module, "/"))
		p = strings.TrimPrefix(p, "/")
		if p == "" {
			p = "."
		}
		inModule = append(inModule, p)
	}
	for _, p := range inModule {
		if !slices.Contains(inMap, p) {
			t.Errorf("docs/architecture.md has no line for package %s: say in one line what it holds", p)
		}
	}
	for _, p := range inMap {
		if !slices.Contains(inModule, p) {
			t.Errorf("docs/architecture.md lists %s, which go list does not: moved or removed?", p)
		}
	}
	if len(inModule) < 30 {
		t.Errorf("go list found %d packages; expected the whole module", len(inModule))
	}
}
