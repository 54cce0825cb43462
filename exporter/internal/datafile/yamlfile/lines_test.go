package yamlfile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/synth"
)

// TestFastPathReads pins down which series lines the parser reads itself;
// FuzzBuild checks that it reads them as yaml.v3 does.
func TestFastPathReads(t *testing.T) {
	for _, tc := range []struct {
		line string
		fast bool
	}{
		{`      - {year: "1990", size: large, industry: ind_10000, value: 12.3}`, true},
		{`      - {year: "1990", value: -}`, true},
		{`      - {year: "1990", value: "-"}`, true},
		{`      - {year: "1990", value: -5, status: estimate}`, true},
		{`      - { kind: a b , value: 1 }`, true},
		{`      - {kind: 가나, value: 1}`, true},
		{`      - {year: "1990", value: "12"}`, false},               // a quoted number: an error
		{`      - {year: "1990", value: 1, status: undated}`, false}, // an error
		{`      - {year: 1990, year: 1991, value: 1}`, false},        // an error
		{`      - {kind: a, value: 1, printed: "1.0"}`, false},       // remarks are rare
		{`      - {kind: a, value: 1e3}`, false},
		{`      - {kind: a, value: 1} # comment`, false},
		{`      - {kind: 'a', value: 1}`, false},
		{`      - {kind: a, value: 1,}`, false},
	} {
		p := &parser{file: "t.yaml"}
		m := &dataset.Metric{Table: &dataset.Table{}, Unit: dataset.Unit{Factor: 1}}
		indent, ok := seriesLine([]byte(tc.line))
		got := ok && indent == 6 && p.fastSeries(m, []byte(tc.line), 9)
		if got != tc.fast {
			t.Errorf("%s: read by the fast path: %v, want %v", tc.line, got, tc.fast)
		}
	}
}

// TestFastPathReadsSyntheticData checks that the benchmarks' data is read by
// the fast path, every line of it.
func TestFastPathReadsSyntheticData(t *testing.T) {
	dir := t.TempDir()
	if err := synth.Write(dir, 1000, 0); err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		p := &parser{file: path}
		tab := p.parse(data, withFastPath)
		if p.fallback || len(p.errs) > 0 || len(p.runs) != 1 {
			t.Fatalf("%s: fallback %v, errors %v, %d runs", path, p.fallback, p.errs, len(p.runs))
		}
		for _, r := range p.runs {
			if n := len(tab.Metrics[0].Series); n != len(r.lines) || n == 0 {
				t.Fatalf("%s: %d series from a run of %d lines", path, n, len(r.lines))
			}
		}
	}
}

// A series holds at most MaxLabels labels, and at most its source's
// label_limit; more is an error at its line, on the fast path and off it.
func TestTooManyLabels(t *testing.T) {
	var b strings.Builder
	b.WriteString(fastPathHeader + "      - {value: 1")
	for i := range dataset.MaxLabels + 1 {
		fmt.Fprintf(&b, ", l%d: a", i)
	}
	b.WriteString("}\n")
	for _, tc := range []struct {
		limits dataset.Limits
		want   string
	}{
		{dataset.Limits{}, fmt.Sprintf("many.yaml:9: %d labels: a series has at most %d", dataset.MaxLabels+1, dataset.MaxLabels)},
		{dataset.Limits{Labels: 1 << 20}, fmt.Sprintf("many.yaml:9: %d labels: a series has at most %d", dataset.MaxLabels+1, dataset.MaxLabels)},
		{dataset.DefaultLimits, fmt.Sprintf("many.yaml:9: %d labels, over the source's label_limit of 64", dataset.MaxLabels+1)},
	} {
		for _, fast := range []bool{withFastPath, withoutFastPath} {
			_, err := parse("many.yaml", []byte(b.String()), tc.limits, fast)
			if err == nil || err.Error() != tc.want {
				t.Errorf("%+v, fast %v: error %v, want %s", tc.limits, fast, err, tc.want)
			}
		}
	}
}
