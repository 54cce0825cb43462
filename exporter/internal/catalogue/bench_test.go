package catalogue

import (
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/vocabulary"
)

// The page of the shipped dataset, rendered once per data generation: what
// the first visit after a refresh waits for.
func BenchmarkRenderShipped(b *testing.B) {
	ds := shipped(b)
	v := ds.Vocabulary(vocabulary.Shipped())
	var n countingWriter
	for b.Loop() {
		n = 0
		if err := render(&n, ds, v, Links{TelemetryPath: "/metrics"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n), "bytes/page")
}

type countingWriter int

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}
