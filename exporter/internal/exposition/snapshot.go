package exposition

import (
	"bufio"
	"bytes"
	"hash/crc32"
	"io"
	"sync"
	"sync/atomic"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/s2"
	"github.com/prometheus/common/expfmt"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
)

// Cache is the wire formats' per-generation cache: the snapshot of the
// latest generation published, which renders each format once for every
// scrape of that generation.
type Cache struct {
	current atomic.Pointer[Snapshot]
}

// NewCache returns a cache serving no data (generation 0) until the first
// Publish.
func NewCache() *Cache {
	c := &Cache{}
	c.current.Store(NewSnapshot(&dataset.Dataset{}, 0))
	return c
}

// Current is the snapshot served now.
func (c *Cache) Current() *Snapshot { return c.current.Load() }

// Publish serves generation of ds from now on. Before the swap it renders
// every encoding that scrapes asked the previous generation for, so that
// those scrapers (Prometheus servers, above all) never wait for a render;
// others render on first request. Calls must not overlap (refresh's
// OnPublish serializes them); scrapes go on meanwhile.
func (c *Cache) Publish(generation uint64, ds *dataset.Dataset) {
	next := NewSnapshot(ds, generation)
	next.warm(c.current.Load())
	c.current.Store(next)
}

// Snapshot is one generation of published data and its encodings. It never
// changes once built; scrapes share it without locks on the data.
type Snapshot struct {
	Generation uint64
	families   []family

	mu        sync.Mutex // guards the map, not the encodings in it
	encodings map[key]*encoding
}

// key is one wire format: a negotiated content type (with its version and
// escaping scheme) and whether the body is gzipped.
type key struct {
	format expfmt.Format
	gzip   bool
}

type encoding struct {
	once sync.Once
	// asked is set when a scrape asks for the encoding, before it is rendered:
	// worth rendering for the next snapshot too, even if this render outlasts
	// the refresh that makes the next one (at 1 M series it can).
	asked atomic.Bool
	// shape is how the render kept body, set once it is done: it sizes the
	// next generation's render of the format.
	shape atomic.Pointer[shape]
	err   error
	// body is the data's exposition, without the end a format may need
	// (OpenMetrics' "# EOF"), compressed unless small (rawLimit): a
	// generation keeps every format asked for, and at a million series one
	// is over 100 MB plain.
	//   - Gzipped, it is a raw DEFLATE stream ended by a sync flush, not a
	//     final block, so that a scrape can append the exporter's own metrics
	//     and close the stream: see writeGzip.
	//   - Plain, it is S2 blocks (ends says where each ends) of at most
	//     blockSize bytes decoded, which a scrape decodes one by one as it
	//     sends them: see writePlain. S2 keeps about a tenth of the bytes and
	//     decodes faster than a loopback socket takes them; DEFLATE would
	//     keep a twentieth, but decodes at well under half S2's speed
	//     (100 k series, one run: S2 3.4-3.9 GB/s, DEFLATE 1.4 GB/s with
	//     klauspost's reader).
	body []byte
	ends []int  // plain only
	crc  uint32 // CRC-32 of the uncompressed exposition (gzip only)
	size int    // length of the uncompressed exposition
}

// shape is an encoding's size: how long its body is, as kept, and the
// exposition it holds.
type shape struct{ body, size int }

// blockSize is the most an S2 block of a plain encoding holds decoded: what
// each plain scrape holds at once.
const blockSize = 256 << 10

// rawLimit is the largest plain exposition kept as it is rather than in S2
// blocks (ends nil). Decoding costs a plain scrape about a third more CPU
// than sending the bytes (at 100 k series, 12.6 MB of text: 2.6 ms of S2
// decoding beside 6–7 ms of loopback socket), so blocks are kept for the
// sizes where memory is what runs out: 32 MiB is about 250 k synthetic
// series, where even the three plain formats of two generations (during a
// swap) hold at most 192 MiB, well under what a million series may take
// (docs/performance.md). A variable for tests.
var rawLimit = 32 << 20

// NewSnapshot prepares ds for serving; nothing is rendered until the first
// scrape asks for a format (or Cache.Publish warms it).
func NewSnapshot(ds *dataset.Dataset, generation uint64) *Snapshot {
	return &Snapshot{Generation: generation, families: families(ds, generation), encodings: map[key]*encoding{}}
}

// warm renders every encoding scrapes asked prev for.
func (s *Snapshot) warm(prev *Snapshot) {
	prev.mu.Lock()
	var keys []key
	shapes := map[key]shape{}
	for k, e := range prev.encodings {
		if e.asked.Load() {
			keys = append(keys, k)
			if sh := e.shape.Load(); sh != nil {
				shapes[k] = *sh
			}
		}
	}
	prev.mu.Unlock()
	for _, k := range keys {
		s.encoding(k, shapes[k])
	}
}

// encoding returns the rendered encoding for k, rendering it on first use;
// concurrent callers wait for the one render. prev, the shape of the
// previous generation's, if known, sizes the body.
func (s *Snapshot) encoding(k key, prev shape) *encoding {
	e := s.entry(k)
	e.once.Do(func() { s.render(k, e, prev) })
	return e
}

// serve is encoding for a scrape, which asks for it first (see asked).
func (s *Snapshot) serve(k key) *encoding {
	s.entry(k).asked.Store(true)
	return s.encoding(k, shape{})
}

func (s *Snapshot) entry(k key) *encoding {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.encodings[k]
	if e == nil {
		e = &encoding{}
		s.encodings[k] = e
	}
	return e
}

func (s *Snapshot) render(k key, e *encoding, prev shape) {
	defer func() { e.shape.Store(&shape{body: len(e.body), size: e.size}) }()
	if !k.gzip {
		p := newPlainBody(prev)
		bw := bufio.NewWriterSize(p, 64<<10)
		e.err = s.encode(bw, k.format)
		if e.err == nil {
			e.err = bw.Flush()
		}
		e.body, e.ends, e.size = p.done()
		return
	}
	var buf bytes.Buffer
	buf.Grow(prev.body)
	// klauspost's level 6 keeps 9 % fewer bytes than the standard library's
	// default level and renders 4 times as fast (100 k series: 579 kB in
	// 32 ms against 638 kB in 122 ms).
	fw, _ := flate.NewWriter(&buf, 6) // the level is valid
	crc := crc32.NewIEEE()
	n := &counter{}
	bw := bufio.NewWriterSize(io.MultiWriter(fw, crc, n), 64<<10)
	e.err = s.encode(bw, k.format)
	if e.err == nil {
		e.err = bw.Flush()
	}
	if e.err == nil {
		e.err = fw.Flush()
	}
	e.body, e.crc, e.size = buf.Bytes(), crc.Sum32(), n.n
}

func (s *Snapshot) encode(w io.Writer, format expfmt.Format) error {
	enc := expfmt.NewEncoder(w, format)
	for _, f := range s.families {
		if err := enc.Encode(f.build()); err != nil {
			return err
		}
	}
	return nil
}

// s2Blocks compresses what is written to it into S2 blocks of blockSize
// bytes, the last one shorter, once flushed. It keeps the blocks' ends
// itself rather than use S2's stream format (s2.Writer, s2.Reader), whose
// reader copies each decoded block once more into the caller's buffer and
// checks a CRC the data, never stored outside memory, does not need.
type s2Blocks struct {
	pending, scratch []byte
	body             []byte
	ends             []int
	size             int
}

func (b *s2Blocks) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if b.pending == nil {
			b.pending = make([]byte, 0, blockSize)
			b.scratch = make([]byte, s2.MaxEncodedLen(blockSize))
		}
		k := min(len(p), blockSize-len(b.pending))
		b.pending, p = append(b.pending, p[:k]...), p[k:]
		if len(b.pending) == blockSize {
			b.flush()
		}
	}
	return n, nil
}

func (b *s2Blocks) flush() {
	if len(b.pending) == 0 {
		return
	}
	b.body = append(b.body, s2.EncodeBetter(b.scratch, b.pending)...)
	b.ends = append(b.ends, len(b.body))
	b.size += len(b.pending)
	b.pending = b.pending[:0]
}

// plainBody keeps a plain exposition as it is written: raw while it fits
// in rawLimit, then in S2 blocks, so that a small one is never compressed
// and a large one is never held raw whole. The previous generation's shape
// sizes it, and starts it in blocks when that was over rawLimit: only the
// first render of a large format holds raw bytes, at most rawLimit of them.
type plainBody struct {
	raw    []byte
	blocks *s2Blocks // nil while raw
}

func newPlainBody(prev shape) *plainBody {
	if prev.size > rawLimit {
		return &plainBody{blocks: &s2Blocks{body: make([]byte, 0, prev.body)}}
	}
	return &plainBody{raw: make([]byte, 0, prev.size)}
}

func (p *plainBody) Write(b []byte) (int, error) {
	if p.blocks == nil {
		if n := len(p.raw) + len(b); n <= rawLimit {
			if n > cap(p.raw) {
				// Doubling up to rawLimit, not append's growth, which adds
				// about a quarter at a time to a large slice: filling 32 MiB
				// took it 26 allocations, 187 MiB in all, ending at 37.5 MiB;
				// doubling takes 10, 64 MiB (BenchmarkPlainBodyToRawLimit).
				grown := make([]byte, len(p.raw), min(max(2*cap(p.raw), n), rawLimit))
				copy(grown, p.raw)
				p.raw = grown
			}
			p.raw = append(p.raw, b...)
			return len(b), nil
		}
		p.blocks = &s2Blocks{}
		_, _ = p.blocks.Write(p.raw) // cannot fail
		p.raw = nil
	}
	return p.blocks.Write(b)
}

// done returns the body, the ends of its S2 blocks (nil when raw) and the
// exposition's length.
func (p *plainBody) done() (body []byte, ends []int, size int) {
	if p.blocks == nil {
		return p.raw, nil, len(p.raw)
	}
	p.blocks.flush()
	return p.blocks.body, p.blocks.ends, p.blocks.size
}

type counter struct{ n int }

func (c *counter) Write(p []byte) (int, error) {
	c.n += len(p)
	return len(p), nil
}
