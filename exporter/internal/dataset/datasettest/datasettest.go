// Package datasettest builds datasets for other packages' tests: the shipped
// one and a directory's files, failing the test on any error.
package datasettest

import (
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/datafile"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source/embedded"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source/file"
)

// Shipped is the embedded dataset, validated against the shipped vocabulary
// as the embedded source loads it.
func Shipped(tb testing.TB) *dataset.Dataset {
	tb.Helper()
	shipped := embedded.Shipped()
	files, err := embedded.Read(shipped.FS)
	if err != nil {
		tb.Fatal(err)
	}
	return build(tb, datafile.Input{Files: files, Vocabulary: shipped.Vocabulary})
}

// Dir is the dataset of dir's data files (YAML and CSV), without a size limit.
func Dir(tb testing.TB, dir string) *dataset.Dataset {
	tb.Helper()
	files, err := file.Read([]string{dir}, 0)
	if err != nil {
		tb.Fatal(err)
	}
	return build(tb, datafile.Input{Files: files})
}

func build(tb testing.TB, in datafile.Input) *dataset.Dataset {
	tb.Helper()
	ds, err := in.Build()
	if err != nil {
		tb.Fatal(err)
	}
	return ds
}

// SeriesByKey is every series of ds, absent cells too, by its name and
// label set: korea_ict_exports_dollars{table="5",year="2003"}.
func SeriesByKey(ds *dataset.Dataset) map[string]*dataset.Series {
	out := map[string]*dataset.Series{}
	for _, tb := range ds.Tables {
		for _, m := range tb.Metrics {
			for _, s := range m.Series {
				out[m.Name+s.LabelSet()] = s
			}
		}
	}
	return out
}
