package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/sourcetypes"
)

// FuzzParse: any configuration bytes give a configuration or an error, never
// a panic, and a configuration that parses has valid sources.
func FuzzParse(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*.yml")
	more, _ := filepath.Glob("../source/*/testdata/*.yml")
	paths = append(append(paths, more...), "../../../config/korea-ict-exporter.yml")
	more, _ = filepath.Glob("../source/*/testdata/config/*.yml")
	paths = append(paths, more...)
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data, sourcetypes.All)
		if err != nil {
			return
		}
		if len(c.Sources) == 0 {
			t.Fatal("a parsed configuration has no sources")
		}
		for _, s := range c.Sources {
			if s.Name == "" || s.Timeout <= 0 || s.MaxBytes <= 0 {
				t.Fatalf("invalid source passed validation: %+v", s)
			}
		}
	})
}
