package dataset_test

import (
	"path/filepath"
	"runtime"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset/datasettest"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/synth"
)

// bytesPerSeries is the most heap a parsed series may take
// (docs/performance.md): the 40-byte Series, 8 bytes per label pair and a
// pointer, with room for the table's strings. It was about 220 before series
// were packed.
const bytesPerSeries = 96

// TestBytesPerSeries guards the memory a large dataset takes for as long as
// it is served, measured on the heap after a garbage collection.
func TestBytesPerSeries(t *testing.T) {
	const n = 100000
	dir := filepath.Join(t.TempDir(), "data")
	if err := synth.Write(dir, n, 0); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ds := datasettest.Dir(t, dir) // its files are garbage once it returns
	runtime.GC()
	runtime.ReadMemStats(&after)
	got := float64(after.HeapAlloc-before.HeapAlloc) / n
	t.Logf("%.1f bytes per series (%d series)", got, n)
	if got > bytesPerSeries {
		t.Errorf("%.1f bytes per series, over the budget of %d", got, bytesPerSeries)
	}
	runtime.KeepAlive(ds)
}
