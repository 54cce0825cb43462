package dataset

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// FuzzBuild feeds arbitrary bytes to the data file parser, validation and
// checks: they must return a dataset or an error, never panic, and every
// error must name the file and, unless the file is empty, the line.
var fileLine = regexp.MustCompile(`^fuzz\.yaml:([1-9][0-9]*):`)

func FuzzBuild(f *testing.F) {
	for _, dir := range []string{"testdata/good", "testdata/bad"} {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, _, err := Build([]File{{Name: "fuzz.yaml", Data: data}})
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if line == "fuzz.yaml: file is empty" {
					continue
				}
				m := fileLine.FindStringSubmatch(line)
				if m == nil {
					t.Fatalf("error without the file name and line: %q", line)
				}
				if n, _ := strconv.Atoi(m[1]); n > bytes.Count(data, []byte("\n"))+bytes.Count(data, []byte("\r"))+1 {
					t.Fatalf("error on a line past the end of the file: %q", line)
				}
			}
			return
		}
		// What loads can be published and catalogued.
		_ = Catalogue(ds)
	})
}
