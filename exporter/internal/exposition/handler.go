package exposition

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/s2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"
)

// accepted are the formats offered, as promhttp offers them with OpenMetrics
// enabled.
var accepted = expfmt.DefaultOpenMetricsAcceptedFormats()

// Handler serves the current snapshot's pre-rendered data followed by the
// exporter's own metrics from self, gathered and encoded on each scrape (they
// are few and change all the time). Data and self metric names never collide:
// korea_ict_exporter_* is reserved. Families are not interleaved, as
// OpenMetrics requires, but the parts are not sorted into one order.
//
// Each of self is encoded in turn rather than merged with
// prometheus.Gatherers, whose consistency checks and sorting cost a scrape of
// a small dataset as much as gathering does (8 % of the exporter's CPU at
// 10 k series): their names must not collide either (the Go runtime's and
// the process' go_* and process_*, the registry's korea_ict_exporter_* and
// promhttp_*; exporter.TestPromtoolCheckMetrics fails on a second family of
// one name in the binary's /metrics).
func Handler(current func() *Snapshot, logger *slog.Logger, self ...prometheus.Gatherer) http.Handler {
	return &handler{current: current, self: self, logger: logger}
}

type handler struct {
	current func() *Snapshot
	self    []prometheus.Gatherer
	logger  *slog.Logger
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	snap := h.current()
	format := expfmt.NegotiateAccept(r.Header, accepted...)
	gz := acceptsGzip(r.Header.Get("Accept-Encoding"))

	tail := buffers.Get().(*bytes.Buffer)
	defer buffers.Put(tail)
	tail.Reset()
	enc := expfmt.NewEncoder(tail, format)
	for _, g := range h.self {
		own, err := g.Gather()
		if err != nil {
			// As promhttp.ContinueOnError: serve what was gathered.
			h.logger.Error("gathering the exporter's own metrics", "err", err)
		}
		for _, mf := range own {
			if err := enc.Encode(mf); err != nil {
				h.logger.Error("encoding the exporter's own metrics", "metric", mf.GetName(), "err", err)
			}
		}
	}
	if c, ok := enc.(expfmt.Closer); ok {
		_ = c.Close() // writes to a buffer: cannot fail
	}

	e := snap.serve(key{format, gz})
	if e.err != nil {
		h.logger.Error("rendering the data", "format", format, "err", e.err)
		http.Error(w, "rendering the data: "+e.err.Error(), http.StatusInternalServerError)
		return
	}

	hdr := w.Header()
	hdr.Set("Content-Type", string(format))
	hdr.Add("Vary", "Accept")
	hdr.Add("Vary", "Accept-Encoding")
	if !gz {
		h.writePlain(w, e, tail.Bytes())
		return
	}
	writeGzip(w, e, tail.Bytes())
}

// blockBuffers hold a plain scrape's decoded block.
var blockBuffers = sync.Pool{New: func() any {
	b := make([]byte, blockSize)
	return &b
}}

// writePlain sends the data, decoding its S2 blocks one at a time into the
// same buffer, or as it is where it was kept raw (see rawLimit), then tail.
func (h *handler) writePlain(w http.ResponseWriter, e *encoding, tail []byte) {
	w.Header().Set("Content-Length", strconv.Itoa(e.size+len(tail)))
	if e.ends == nil {
		if _, err := w.Write(e.body); err == nil {
			_, _ = w.Write(tail)
		}
		return
	}
	buf := blockBuffers.Get().(*[]byte)
	defer blockBuffers.Put(buf)
	start := 0
	for _, end := range e.ends {
		block, err := s2.Decode(*buf, e.body[start:end])
		if err != nil {
			// The blocks were encoded by render: a bug. The client sees a
			// body shorter than its Content-Length, an error.
			h.logger.Error("decoding the rendered data", "err", err)
			return
		}
		if _, err := w.Write(block); err != nil {
			return
		}
		start = end
	}
	_, _ = w.Write(tail)
}

var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff} // deflate, no name, no mtime, unknown OS

// buffers hold a scrape's own metrics, plain and compressed.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var flatePool = sync.Pool{New: func() any {
	fw, _ := flate.NewWriter(nil, flate.BestSpeed) // the level is valid
	return fw
}}

// writeGzip sends one gzip member (RFC 1952): the pre-compressed data, whose
// DEFLATE stream ends on a byte boundary without a final block, then tail
// compressed by a fresh compressor whose last block is final, then the CRC
// and length of the whole. The fresh compressor never refers back to the
// data, so the joined stream is valid DEFLATE; the CRC continues from the
// data's. Every gzip reader accepts it, not only those that read
// concatenated members.
func writeGzip(w http.ResponseWriter, e *encoding, tail []byte) {
	dtail := buffers.Get().(*bytes.Buffer)
	defer buffers.Put(dtail)
	dtail.Reset()
	fw := flatePool.Get().(*flate.Writer)
	fw.Reset(dtail)
	_, _ = fw.Write(tail) // writes to a buffer: cannot fail
	_ = fw.Close()
	flatePool.Put(fw)

	var trailer [8]byte
	binary.LittleEndian.PutUint32(trailer[:4], crc32.Update(e.crc, crc32.IEEETable, tail))
	binary.LittleEndian.PutUint32(trailer[4:], uint32(e.size+len(tail))) // ISIZE is the length mod 2^32
	hdr := w.Header()
	hdr.Set("Content-Encoding", "gzip")
	hdr.Set("Content-Length", strconv.Itoa(len(gzipHeader)+len(e.body)+dtail.Len()+len(trailer)))
	for _, p := range [][]byte{gzipHeader, e.body, dtail.Bytes(), trailer[:]} {
		if _, err := w.Write(p); err != nil {
			return
		}
	}
}

// acceptsGzip reads Accept-Encoding (RFC 9110 12.5.3): gzip is used when
// listed, or covered by "*", with a non-zero weight.
func acceptsGzip(header string) bool {
	star := false
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "*" {
			continue
		}
		ok := true
		for _, p := range strings.Split(params, ";") {
			name, value, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(name, "q") {
				q, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
				ok = err == nil && q > 0
			}
		}
		if coding == "gzip" {
			return ok
		}
		star = ok
	}
	return star
}
