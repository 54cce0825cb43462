package exposition

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/klauspost/compress/s2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"google.golang.org/protobuf/encoding/protodelim"
	"google.golang.org/protobuf/proto"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset/datasettest"
)

// Accept headers as the clients send them.
const (
	acceptPrometheus3 = "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2"
	acceptProtobuf    = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3"
	acceptText        = "text/plain;version=0.0.4"
)

func embedded(tb testing.TB) *dataset.Dataset { return datasettest.Shipped(tb) }

// self stands for the exporter's own metrics: a gauge and a counter, whose
// OpenMetrics form differs from the text format's.
func self() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	g := prometheus.NewGauge(prometheus.GaugeOpts{Name: "korea_ict_exporter_test_gauge", Help: "A gauge."})
	g.Set(3)
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: "korea_ict_exporter_test_events_total", Help: "A counter."})
	c.Add(7)
	reg.MustRegister(g, c)
	return reg
}

func serve(h http.Handler, accept, encoding string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	req.Header.Set("Accept", accept)
	if encoding != "" {
		req.Header.Set("Accept-Encoding", encoding)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// reference is what promhttp itself serves for the same families.
func reference(snap *Snapshot, reg *prometheus.Registry) http.Handler {
	all := prometheus.GathererFunc(func() ([]*dto.MetricFamily, error) {
		out, err := reg.Gather()
		for _, f := range snap.families {
			out = append(out, f.build())
		}
		return out, err
	})
	return promhttp.HandlerFor(all, promhttp.HandlerOpts{EnableOpenMetrics: true, DisableCompression: true})
}

// blocks splits a text exposition into its families, sorted, so that two
// expositions that order their families differently compare equal; the
// OpenMetrics end marker is returned apart.
func blocks(t *testing.T, body string) (fams []string, eof int) {
	t.Helper()
	var cur strings.Builder
	for _, line := range strings.SplitAfter(body, "\n") {
		switch {
		case line == "":
		case line == "# EOF\n":
			eof++
		case strings.HasPrefix(line, "# HELP "):
			if cur.Len() > 0 {
				fams = append(fams, cur.String())
			}
			cur.Reset()
			cur.WriteString(line)
		default:
			cur.WriteString(line)
		}
	}
	if cur.Len() > 0 {
		fams = append(fams, cur.String())
	}
	sort.Strings(fams)
	return fams, eof
}

// The pre-rendered exposition says exactly what promhttp says, family for
// family, in every format Prometheus and other clients negotiate, and a
// gzipped response is one gzip member holding the same bytes as the plain one.
// Plain formats are checked both ways they are kept: raw, as the report is,
// and in S2 blocks, as a larger dataset is (rawLimit 0 stands in for one),
// and spilled into blocks part way through the render (the report is about
// 300 kB of text).
func TestSameAsPromhttp(t *testing.T) {
	for _, tc := range []struct {
		name     string
		rawLimit int
		blocks   func(n int) bool
	}{
		{"raw", rawLimit, func(n int) bool { return n == 0 }},
		{"S2 blocks", 0, func(n int) bool { return n >= 2 }},
		{"spilled into S2 blocks", 100 << 10, func(n int) bool { return n >= 2 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func(l int) { rawLimit = l }(rawLimit)
			rawLimit = tc.rawLimit
			snap := NewSnapshot(embedded(t), 42)
			if e := snap.encoding(key{expfmt.NewFormat(expfmt.TypeTextPlain), false}, shape{}); !tc.blocks(len(e.ends)) {
				t.Fatalf("the plain text is %d S2 block(s): not kept %s", len(e.ends), tc.name)
			}
			sameAsPromhttp(t, snap)
		})
	}
}

// A plain format is kept raw or in blocks by its own size, whichever way
// the previous generation's was kept; a render started in blocks (the
// previous one was over rawLimit) keeps every byte, and the raw buffer
// never grows past rawLimit.
func TestPlainBodyFollowsItsSize(t *testing.T) {
	defer func(l int) { rawLimit = l }(rawLimit)
	rawLimit = 1000
	small, large := strings.Repeat("s", 10), strings.Repeat("l", 3*blockSize/2)
	for _, tc := range []struct {
		name   string
		prev   shape
		text   string
		blocks bool
	}{
		{"small after small", shape{body: 10, size: 10}, small, false},
		{"large after small", shape{body: 10, size: 10}, large, true},
		{"large after large", shape{body: 100, size: len(large)}, large, true},
		{"small after large: in blocks this once", shape{body: 100, size: len(large)}, small, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newPlainBody(tc.prev)
			for i := 0; i < len(tc.text); i += 7 {
				if _, err := p.Write([]byte(tc.text[i:min(i+7, len(tc.text))])); err != nil {
					t.Fatal(err)
				}
				if cap(p.raw) > rawLimit {
					t.Fatalf("a raw buffer of %d bytes, over rawLimit %d", cap(p.raw), rawLimit)
				}
			}
			body, ends, size := p.done()
			if (ends != nil) != tc.blocks || size != len(tc.text) {
				t.Fatalf("kept in %d blocks, size %d; want blocks %v, size %d", len(ends), size, tc.blocks, len(tc.text))
			}
			got := body
			if ends != nil {
				got = nil
				start := 0
				for _, end := range ends {
					b, err := s2.Decode(nil, body[start:end])
					if err != nil {
						t.Fatal(err)
					}
					got, start = append(got, b...), end
				}
			}
			if string(got) != tc.text {
				t.Errorf("kept %d bytes that are not the %d written", len(got), len(tc.text))
			}
		})
	}
}

func sameAsPromhttp(t *testing.T, snap *Snapshot) {
	reg := self()
	h := Handler(func() *Snapshot { return snap }, slog.New(slog.DiscardHandler), reg)
	for _, tc := range []struct {
		name, accept, contentType string
	}{
		{"prometheus 3 (openmetrics 1.0.0)", acceptPrometheus3, "application/openmetrics-text; version=1.0.0; charset=utf-8; escaping=allow-utf-8"},
		{"text 0.0.4", acceptText, "text/plain; version=0.0.4; charset=utf-8; escaping=underscores"},
		{"no accept header", "", "text/plain; version=0.0.4; charset=utf-8; escaping=underscores"},
		{"protobuf", acceptProtobuf, "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited; escaping=underscores"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plain := serve(h, tc.accept, "")
			if plain.Code != 200 || plain.Header().Get("Content-Type") != tc.contentType {
				t.Fatalf("got %d %q, want 200 %q", plain.Code, plain.Header().Get("Content-Type"), tc.contentType)
			}
			if got, want := plain.Header().Get("Content-Length"), fmt.Sprint(plain.Body.Len()); got != want {
				t.Errorf("Content-Length %s, body is %s bytes", got, want)
			}
			ref := serve(reference(snap, reg), tc.accept, "")
			if ref.Header().Get("Content-Type") != tc.contentType {
				t.Fatalf("promhttp negotiated %q", ref.Header().Get("Content-Type"))
			}
			if strings.Contains(tc.contentType, "protobuf") {
				if a, b := decodeProto(t, plain.Body.Bytes()), decodeProto(t, ref.Body.Bytes()); !equalFamilies(a, b) {
					t.Errorf("protobuf families differ from promhttp's")
				}
			} else {
				got, gotEOF := blocks(t, plain.Body.String())
				want, wantEOF := blocks(t, ref.Body.String())
				if strings.Join(got, "") != strings.Join(want, "") {
					t.Errorf("families differ from promhttp's: %d vs %d", len(got), len(want))
				}
				if gotEOF != wantEOF || (gotEOF == 1 && !strings.HasSuffix(plain.Body.String(), "\n# EOF\n")) {
					t.Errorf("end marker: %d, want %d, at the end", gotEOF, wantEOF)
				}
			}

			zipped := serve(h, tc.accept, "gzip")
			if zipped.Header().Get("Content-Encoding") != "gzip" {
				t.Fatalf("Content-Encoding %q", zipped.Header().Get("Content-Encoding"))
			}
			if got, want := zipped.Header().Get("Content-Length"), fmt.Sprint(zipped.Body.Len()); got != want {
				t.Errorf("gzip Content-Length %s, body is %s bytes", got, want)
			}
			br := bytes.NewReader(zipped.Body.Bytes())
			zr, err := gzip.NewReader(br)
			if err != nil {
				t.Fatal(err)
			}
			zr.Multistream(false) // one member, not concatenated ones
			unzipped, err := io.ReadAll(zr)
			if err != nil {
				t.Fatalf("gunzip (checks CRC and length): %v", err)
			}
			if br.Len() != 0 {
				t.Errorf("%d bytes after the gzip member", br.Len())
			}
			if !bytes.Equal(unzipped, plain.Body.Bytes()) {
				t.Errorf("gunzipped body (%d bytes) differs from the plain body (%d bytes)", len(unzipped), plain.Body.Len())
			}
		})
	}
}

func decodeProto(t *testing.T, b []byte) map[string]*dto.MetricFamily {
	t.Helper()
	out := map[string]*dto.MetricFamily{}
	r := bytes.NewReader(b)
	for r.Len() > 0 {
		mf := &dto.MetricFamily{}
		if err := protodelim.UnmarshalFrom(r, mf); err != nil {
			t.Fatal(err)
		}
		out[mf.GetName()] = mf
	}
	return out
}

func equalFamilies(a, b map[string]*dto.MetricFamily) bool {
	if len(a) != len(b) {
		return false
	}
	for name, mf := range a {
		if !proto.Equal(mf, b[name]) {
			return false
		}
	}
	return true
}

// The generation published with the data is the snapshot's own, and each
// format renders once per snapshot however many scrapes ask for it.
func TestGenerationAndRenderOnce(t *testing.T) {
	snap := NewSnapshot(embedded(t), 7)
	h := Handler(func() *Snapshot { return snap }, slog.New(slog.DiscardHandler), prometheus.NewRegistry())
	var wg sync.WaitGroup
	bodies := make([]string, 16)
	for i := range bodies {
		wg.Go(func() { bodies[i] = serve(h, acceptPrometheus3, "").Body.String() })
	}
	wg.Wait()
	for _, b := range bodies[1:] {
		if b != bodies[0] {
			t.Fatal("concurrent scrapes of one snapshot differ")
		}
	}
	if !strings.Contains(bodies[0], "\n"+Generation+" 7.0\n") { // OpenMetrics writes floats with a point
		t.Errorf("generation 7 not published")
	}
	if len(snap.encodings) != 1 {
		t.Errorf("%d encodings rendered, want 1", len(snap.encodings))
	}
}

// Publish renders for the next generation, before serving it, what scrapes
// asked the previous one for, served or still rendering, and only that.
func TestPublishWarms(t *testing.T) {
	ds := embedded(t)
	c := NewCache()
	c.Publish(1, ds)
	prev := c.Current()
	h := Handler(c.Current, slog.New(slog.DiscardHandler), prometheus.NewRegistry())
	serve(h, acceptPrometheus3, "gzip")
	prev.encoding(key{expfmt.NewFormat(expfmt.TypeTextPlain), false}, shape{})       // rendered, never asked for
	prev.entry(key{expfmt.NewFormat(expfmt.TypeProtoDelim), true}).asked.Store(true) // asked for, still rendering

	c.Publish(2, ds)
	next := c.Current()
	if next.Generation != 2 {
		t.Fatalf("serving generation %d after publishing 2", next.Generation)
	}
	if len(next.encodings) != 2 {
		t.Fatalf("warmed %d encodings, want 2", len(next.encodings))
	}
	for k, e := range next.encodings {
		if !k.gzip || k.format.FormatType() == expfmt.TypeTextPlain || len(e.body) == 0 || e.asked.Load() {
			t.Errorf("warmed %v (%d bytes, asked %v), want the OpenMetrics and protobuf gzip encodings, not yet asked for", k, len(e.body), e.asked.Load())
		}
	}
}

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"":                       false,
		"gzip":                   true,
		"GZIP":                   true,
		"identity":               false,
		"br, gzip;q=0.5":         true,
		"gzip;q=0":               false,
		"gzip; q=0.0":            false,
		"*":                      true,
		"*;q=0":                  false,
		"gzip;q=0, *":            false,
		"*, gzip;q=0":            false,
		"deflate, identity;q=1":  false,
		"zstd,gzip":              true,
		"gzip;q=invalid":         false,
		"x-gzip":                 false,
		" gzip ; q=1 , identity": true,
	} {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}
