package yamlfile

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/panics"
	"github.com/korea-ict-exporter/korea-ict-exporter/internal/fixturetest"
)

// FuzzBuild feeds arbitrary bytes to the YAML parser, then validation and
// checks: they must return a dataset or an error, never panic, and every
// error must name the file and, unless the file is empty, the line. The
// parser's fast path for series lines must read the file as yaml.v3 alone
// does: the same table or the same errors. A file with more errors than a
// message shows is one of the seeds (a CI run found it).
var fileLine = regexp.MustCompile(`^fuzz\.yaml:([1-9][0-9]*):`)

func FuzzBuild(f *testing.F) {
	// This format's bad files, and the model's good and bad ones.
	for _, dir := range []string{"testdata/bad", "../../dataset/testdata/good", "../../dataset/testdata/bad"} {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	for _, line := range fastPathLines {
		f.Add([]byte(fastPathHeader + line + "\n"))
		f.Add([]byte("labels: {country: KOR, year: \"2000\"}\n" + fastPathHeader + line + "\n"))
	}
	// More errors than a message shows: it ends with how many more there are.
	f.Add([]byte(fastPathHeader + strings.Repeat("      - {kind: a}\n", dataset.ShownErrors+1)))
	f.Fuzz(func(t *testing.T, data []byte) {
		fast, fastErr := parse("fuzz.yaml", data, dataset.DefaultLimits, withFastPath)
		slow, slowErr := parse("fuzz.yaml", data, dataset.DefaultLimits, withoutFastPath)
		if got, want := dump(fast, fastErr), dump(slow, slowErr); got != want {
			t.Fatalf("with the fast path:\n%s\nwith yaml.v3 alone:\n%s", got, want)
		}
		var ds *dataset.Dataset
		err := panics.Catch(func() (err error) {
			tab, err := Parse("fuzz.yaml", data, dataset.DefaultLimits)
			if err == nil {
				ds, err = dataset.Build([]*dataset.Table{tab}, dataset.Options{Limits: dataset.DefaultLimits})
			}
			return err
		})
		if stack := panics.Stack(err); stack != nil {
			t.Fatalf("%v\n%s", err, stack)
		}
		if err != nil {
			for _, line := range fixturetest.ErrorLines(t, err, dataset.ShownErrors) {
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
		// What loads can be grouped into families and described.
		_, _ = ds.Families(), ds.Vocabulary(nil)
	})
}

// fastPathHeader and fastPathLines seed FuzzBuild with series lines at the
// edge of what the parser's fast path reads.
const fastPathHeader = `table: t
title: T
source: S
metrics:
  - name: korea_ict_things
    help: Things.
    unit: thousand persons
    series:
`

var fastPathLines = []string{
	`      - {year: "1990", size: large, industry: ind_10000, value: 12.3}`,
	`      - {year: "1990", value: -}`,
	`      - {year: "1990", value: "-"}`,
	`      - {year: "1990", value: "12"}`,
	`      - {year: "1990", value: -5, status: estimate}`,
	`      - {year: "1990", value: 1, status: undated}`,
	`      - {country: JPN, value: 1, status: undated}`,
	`      - {year: "1990", value: 1, status: guessed}`,
	`      - {year: 1990, year: 1991, value: 1}`,
	"      - {year: \"1990\", kind: abc, value: 1}\n      - {year: abc, kind: x, value: 2}",
	`      - {Year: 1990, value: 1}`,
	`      - {table: x, value: 1}`,
	`      - {kind: a b, other: x  y, value: 1}`,
	`      - {kind: 가나, value: 1}`,
	`      - {kind: null, value: 1e3}`,
	`      - { kind: a , value: 1 }`,
	`      - {kind: a,value: 1,}`,
	`      - {kind: -a, value: 1}`,
	`      - {kind: "a, b: c", value: 1}`,
	`      - {kind: a, value: 1, printed: "1.0", note: n, flag: f}`,
	`      - {kind: a}`,
	`      - {kind: "", value: 1}`,
	`      - {value: 99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999}`,
	"      - {kind: a, value: 1}\n      - {kind: a, value: 2}",
	"      - {kind: a, value: 1}\n    - {kind: b, value: 2}",
	"    note: |\n      - {kind: a, value: 1}",
	"      - {kind: a, value: 1}\n  - name: korea_ict_others\n    help: Others.\n    unit: persons\n    series:\n      - {kind: a, value: 1}",
}

// dump writes out a parsed table, or the error, for comparison.
func dump(t *dataset.Table, err error) string {
	if err != nil {
		return err.Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %d %q %q %q %q %d\n", t.File, t.Line, t.ID, t.Title, t.SourceLine, t.Note, len(t.Checks))
	for _, m := range t.Metrics {
		fmt.Fprintf(&b, "%d %s %q %v\n", m.Line, m.Name, m.Help, m.Unit)
		for _, s := range m.Series {
			fmt.Fprintf(&b, "  %d %v %s %q %x %v", s.Line, s.Labels(), s.Status(), s.Printed(), math.Float64bits(s.Value), s.Absent)
			if s.Remarks != nil {
				fmt.Fprintf(&b, " %+v", *s.Remarks)
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}
