package architecture

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/internal/buildtool"
)

// maxLines is the most lines a package's non-test Go files may hold
// together: past it, a package holds more than one thing a newcomer looks
// for (issue 25; docs/architecture.md).
const maxLines = 2500

func TestNoPackageOutgrowsOneSubject(t *testing.T) {
	root, err := buildtool.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{root, filepath.Join(root, "deploy")} {
		cmd := exec.Command("go", "list", "-f", `{{.ImportPath}} {{.Dir}}{{range .GoFiles}} {{.}}{{end}}`, "./...")
		cmd.Dir = dir
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list in %s: %v", dir, err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			f := strings.Fields(line)
			lines := 0
			for _, name := range f[2:] {
				b, err := os.ReadFile(filepath.Join(f[1], name))
				if err != nil {
					t.Fatal(err)
				}
				lines += bytes.Count(b, []byte("\n"))
			}
			if lines > maxLines {
				t.Errorf("%s: %d lines of non-test Go, over %d: split it by what it holds", strings.TrimPrefix(f[0], module), lines, maxLines)
			}
		}
	}
}
