package dataset_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/synth"
)

// BenchmarkBuild is the parse, validate and check part of a refresh.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		dir := filepath.Join(b.TempDir(), "data")
		if err := synth.Write(dir, n, 0); err != nil {
			b.Fatal(err)
		}
		files, err := dataset.ReadPaths([]string{dir}, 1<<30)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("series=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := dataset.Build(files); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
