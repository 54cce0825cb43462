// Package configtest checks configuration errors (the file's, a source type's): one
// fixture per mistake, each with the exact message a user sees.
package configtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source"
)

// BadConfigs loads dir/NAME.bad.yml for each NAME of want with types and
// compares the error with "dir/NAME.bad.yml: " + want[NAME]. Every fixture
// in dir must be listed, and no error may show a password ("secret").
func BadConfigs(t *testing.T, types source.Types, dir string, want map[string]string) {
	t.Helper()
	for name, msg := range want {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name+".bad.yml")
			_, err := config.Load(path, types)
			if err == nil {
				t.Fatal("loaded without error")
			}
			if w := path + ": " + msg; err.Error() != w {
				t.Errorf("error:\n got %s\nwant %s", err, w)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("error shows a password: %s", err)
			}
		})
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.bad.yml"))
	for _, f := range files {
		if _, ok := want[strings.TrimSuffix(filepath.Base(f), ".bad.yml")]; !ok {
			t.Errorf("%s has no expected message", f)
		}
	}
	if len(files) == 0 {
		if _, err := os.Stat(dir); err != nil {
			t.Error(err)
		}
	}
}
