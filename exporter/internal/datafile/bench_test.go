package datafile_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/datafile"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source/file"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/synth"
)

// BenchmarkBuild is the parse, validate and check part of a refresh.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		dir := filepath.Join(b.TempDir(), "data")
		if err := synth.Write(dir, n, 0); err != nil {
			b.Fatal(err)
		}
		files, err := file.Read([]string{dir}, 1<<30)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("series=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := datafile.Build(slices.Clone(files)); err != nil { // Build drops the bytes it parsed
					b.Fatal(err)
				}
			}
		})
	}
}
