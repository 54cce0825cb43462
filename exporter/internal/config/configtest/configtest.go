// Package configtest checks configuration errors, the file's and each
// source type's: one fixture per mistake, each with the exact message a
// user sees.
package configtest

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source"
	"github.com/korea-ict-exporter/korea-ict-exporter/internal/fixturetest"
)

// BadConfigs loads dir/NAME.bad.yml for each NAME of want with types and
// compares the error with "dir/NAME.bad.yml: " + want[NAME]. Every fixture
// in dir must be listed, and no error may show a password ("secret").
func BadConfigs(t *testing.T, types source.Types, dir string, want map[string]string) {
	t.Helper()
	whole := map[string]string{}
	for name, msg := range want {
		whole[name] = path(dir, name) + ": " + msg
	}
	fixturetest.Errors(t, dir, ".bad.yml", whole, func(t *testing.T, name string) error {
		_, err := config.Load(path(dir, name), types)
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("error shows a password: %s", err)
		}
		return err
	})
}

func path(dir, name string) string { return filepath.Join(dir, name+".bad.yml") }
