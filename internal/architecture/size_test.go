package architecture

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// maxLines is the most lines a package's non-test Go files may hold
// together: past it, a package holds more than one thing a newcomer looks
// for (issue 25; docs/architecture.md).
const maxLines = 2500

func TestNoPackageOutgrowsOneSubject(t *testing.T) {
	for _, f := range goList(t, `{{.ImportPath}} {{.Dir}}{{range .GoFiles}} {{.}}{{end}}`, ".", "deploy") {
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
