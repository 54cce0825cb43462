package exposition

import (
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset/datasettest"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/runtimemetrics"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/synth"
)

// ownMetrics is what the exporter serves besides the data, as main sets it up.
func ownMetrics() prometheus.Gatherer {
	return runtimemetrics.New(time.Second)
}

func synthetic(b *testing.B, n int) *dataset.Dataset {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "data")
	if err := synth.Write(dir, n, 0); err != nil {
		b.Fatal(err)
	}
	return datasettest.Dir(b, dir)
}

// BenchmarkScrape compares, on the same series, this package's handler with
// promhttp serving the same metric families (built once, as before) and with
// writing pre-rendered bytes, the physical limit.
func BenchmarkScrape(b *testing.B) {
	for _, n := range []int{0, 10000, 100000} {
		var ds *dataset.Dataset
		if n == 0 {
			ds = embedded(b)
		} else {
			ds = synthetic(b, n)
		}
		snap := NewSnapshot(ds, 1)
		reg := ownMetrics()
		var fams []*dto.MetricFamily
		for _, f := range snap.families {
			fams = append(fams, f.build())
		}
		all := prometheus.GathererFunc(func() ([]*dto.MetricFamily, error) {
			own, err := reg.Gather()
			return append(own, fams...), err
		})
		name := fmt.Sprintf("series=%d", n)
		if n == 0 {
			name = "series=embedded"
		}
		for _, gz := range []bool{false, true} {
			enc := ""
			if gz {
				enc = "gzip"
			}
			pre := serve(Handler(func() *Snapshot { return snap }, slog.New(slog.DiscardHandler), reg), acceptPrometheus3, enc)
			raw := pre.Body.Bytes()
			handlers := []struct {
				name string
				h    http.Handler
			}{
				{"exporter", Handler(func() *Snapshot { return snap }, slog.New(slog.DiscardHandler), reg)},
				{"promhttp", promhttp.HandlerFor(all, promhttp.HandlerOpts{EnableOpenMetrics: true})},
				{"bytes", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write(raw) })},
			}
			for _, h := range handlers {
				b.Run(fmt.Sprintf("%s/gzip=%v/%s", name, gz, h.name), func(b *testing.B) {
					req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
					req.Header.Set("Accept", acceptPrometheus3)
					if gz {
						req.Header.Set("Accept-Encoding", "gzip")
					}
					b.ReportAllocs()
					for b.Loop() {
						h.h.ServeHTTP(discard{}, req)
					}
				})
			}
		}
	}
}

// BenchmarkScrapeLoopback serves 10 k and 100 k series through a loopback socket to a
// client reading each body to the end, as Prometheus and curl scrape (the
// harness of docs/performance.md measures the same across processes): the
// exporter, which keeps the plain formats raw at these sizes and the gzipped
// ones compressed, against its own response pre-rendered in memory. The
// 100 k series are also served from S2 blocks, as a plain format over
// rawLimit is (1 M series), which a scrape decodes as it sends them.
func BenchmarkScrapeLoopback(b *testing.B) {
	for _, tc := range []struct {
		series int
		blocks bool
	}{{10000, false}, {100000, false}, {100000, true}} {
		scrapeLoopback(b, tc.series, tc.blocks)
	}
}

// scrapeLoopback is BenchmarkScrapeLoopback for n series, their plain
// formats in S2 blocks or raw.
func scrapeLoopback(b *testing.B, n int, blocks bool) {
	name := fmt.Sprintf("series=%d", n)
	if blocks {
		defer func(l int) { rawLimit = l }(rawLimit)
		rawLimit = 0
		name += "/s2-blocks"
	}
	snap := NewSnapshot(synthetic(b, n), 1)
	reg := ownMetrics()
	exporter := Handler(func() *Snapshot { return snap }, slog.New(slog.DiscardHandler), reg)
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	for _, tc := range []struct {
		name, accept string
		gzip         bool
	}{
		{"text", acceptText, false},
		{"openmetrics", acceptPrometheus3, false},
		{"openmetrics+gzip", acceptPrometheus3, true},
	} {
		if blocks && tc.gzip {
			continue // gzipped formats are never in blocks
		}
		enc := ""
		if tc.gzip {
			enc = "gzip"
		}
		pre := serve(exporter, tc.accept, enc)
		raw, hdr := pre.Body.Bytes(), pre.Header().Clone()
		for _, h := range []struct {
			name string
			h    http.Handler
		}{
			{"exporter", exporter},
			{"bytes", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				maps.Copy(w.Header(), hdr)
				w.Write(raw)
			})},
		} {
			b.Run(fmt.Sprintf("%s/%s/%s", name, tc.name, h.name), func(b *testing.B) {
				srv := httptest.NewServer(h.h)
				defer srv.Close()
				b.SetBytes(int64(len(raw)))
				// The machine may be shared: the CPU time server and client
				// spend (this process') says more than the wall time.
				cpu := cpuTime()
				for b.Loop() {
					req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
					req.Header.Set("Accept", tc.accept)
					if tc.gzip {
						req.Header.Set("Accept-Encoding", "gzip")
					}
					resp, err := client.Do(req)
					if err != nil {
						b.Fatal(err)
					}
					if n, err := io.Copy(io.Discard, resp.Body); err != nil || n < int64(len(raw))*9/10 {
						b.Fatalf("read %d bytes of %d: %v", n, len(raw), err)
					}
					resp.Body.Close()
				}
				b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
			})
		}
	}
}

// cpuTime is the CPU time, user and system, this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru) // cannot fail with these arguments
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkRender is the cost a refresh pays per format it renders.
func BenchmarkRender(b *testing.B) {
	ds := synthetic(b, 100000)
	for _, gz := range []bool{false, true} {
		b.Run(fmt.Sprintf("series=100000/gzip=%v", gz), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				snap := NewSnapshot(ds, 1)
				snap.encoding(key{accepted[0], gz}, shape{})
			}
		})
	}
}

// BenchmarkWarm is a refresh's render of the plain formats the previous
// generation was asked for, sized by that generation's renders (see
// Cache.Publish).
func BenchmarkWarm(b *testing.B) {
	ds := synthetic(b, 100000)
	for _, f := range []struct {
		name string
		typ  expfmt.FormatType
	}{{"text", expfmt.TypeTextPlain}, {"openmetrics", expfmt.TypeOpenMetrics}} {
		prev := NewSnapshot(ds, 1)
		prev.serve(key{expfmt.NewFormat(f.typ), false})
		b.Run("series=100000/"+f.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				NewSnapshot(ds, 2).warm(prev)
			}
		})
	}
}

type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(p []byte) (int, error) { return len(p), nil }
func (discard) WriteHeader(int)             {}

// BenchmarkPlainBodyToRawLimit is the first render of a plain format that
// fills rawLimit, written as render writes it (64 kB at a time): B/op is
// what the raw buffer's growth allocates in all.
func BenchmarkPlainBodyToRawLimit(b *testing.B) {
	chunk := make([]byte, 64<<10)
	b.ReportAllocs()
	for b.Loop() {
		p := newPlainBody(shape{})
		for range rawLimit / len(chunk) {
			_, _ = p.Write(chunk)
		}
		if _, ends, _ := p.done(); ends != nil {
			b.Fatal("spilled into blocks")
		}
	}
}
