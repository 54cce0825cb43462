// Package fixturetest runs the tests of bad input that the project keeps as
// one file per mistake: each fixture of a directory with the exact message
// a user sees, and no fixture without one.
// It also makes the CSV files that tests of several packages feed the
// exporter: a very wide one and the docs' example.
package fixturetest

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Errors runs load on each fixture of want, named without its directory
// and extension, in a subtest, and compares its error with the whole
// message want gives it. Every file of dir ending in ext must be in want.
func Errors(t *testing.T, dir, ext string, want map[string]string, load func(t *testing.T, name string) error) {
	t.Helper()
	for _, name := range slices.Sorted(maps.Keys(want)) {
		t.Run(name, func(t *testing.T) {
			err := load(t, name)
			if err == nil {
				t.Fatal("loaded without error")
			}
			if err.Error() != want[name] {
				t.Errorf("error:\n got %s\nwant %s", err, want[name])
			}
		})
	}
	files, err := filepath.Glob(filepath.Join(dir, "*"+ext))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures %s (%v)", filepath.Join(dir, "*"+ext), err)
	}
	for _, f := range files {
		if _, ok := want[strings.TrimSuffix(filepath.Base(f), ext)]; !ok {
			t.Errorf("%s has no expected message", f)
		}
	}
}
