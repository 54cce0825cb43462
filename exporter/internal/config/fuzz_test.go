package config

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse: any configuration bytes give a configuration or an error, never
// a panic, and a configuration that parses has valid sources.
func FuzzParse(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*.yml")
	paths = append(paths, "../../../config/korea-ict-exporter.yml")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
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
