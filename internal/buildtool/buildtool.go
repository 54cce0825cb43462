// Package buildtool finds, for tests, the binaries `make tools` installs into
// the repository's .build/bin (promtool, prometheus), or else on PATH.
package buildtool

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Path returns the named tool. Without it the test is skipped, or fails in
// CI (CI set), where `make test` has installed it.
func Path(t testing.TB, name string) string {
	t.Helper()
	if root, err := ModuleRoot(); err == nil {
		p := filepath.Join(root, ".build", "bin", name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s not found: `make tools` installs it", name)
	}
	t.Skipf("%s not found: run `make tools`", name)
	return ""
}

// ModuleRoot is the nearest directory above the working directory (a test's
// package directory) holding go.mod: the repository's root.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

// ReadFile reads a file of the repository, named by its path from the root
// (ModuleRoot), or fails the test.
func ReadFile(t testing.TB, elem ...string) []byte {
	t.Helper()
	root, err := ModuleRoot()
	if err != nil {
		t.Fatalf("finding the module root: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(append([]string{root}, elem...)...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
