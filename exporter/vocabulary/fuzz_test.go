package vocabulary

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/data"
)

// Any bytes parse or fail with a message naming the file; none panics, and a
// parsed vocabulary answers its lookups.
func FuzzParse(f *testing.F) {
	f.Add(data.Vocabulary)
	seeds, _ := filepath.Glob("testdata/*/*.yaml")
	more, _ := filepath.Glob("testdata/*.yaml")
	for _, name := range append(seeds, more...) {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := Parse("v.yaml", b)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "v.yaml:") {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		for _, l := range v.Labels {
			for _, x := range l.Values {
				if l.Rank(x.Value) < 0 || v.Display(l.Name, x.Value) != x.Name {
					t.Fatalf("%s=%s: documented but not found", l.Name, x.Value)
				}
			}
		}
	})
}
