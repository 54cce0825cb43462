package exposition

import (
	"bufio"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"sync"
	"sync/atomic"

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
	hint  atomic.Int64 // len(body), once rendered
	err   error
	// body is the data's exposition, without the end a format may need
	// (OpenMetrics' "# EOF"). Gzipped, it is a raw DEFLATE stream ended by a
	// sync flush, not a final block, so that a scrape can append the
	// exporter's own metrics and close the stream: see writeGzip.
	body []byte
	crc  uint32 // CRC-32 of the uncompressed exposition (gzip only)
	size int    // length of the uncompressed exposition
}

// NewSnapshot prepares ds for serving; nothing is rendered until the first
// scrape asks for a format (or Cache.Publish warms it).
func NewSnapshot(ds *dataset.Dataset, generation uint64) *Snapshot {
	return &Snapshot{Generation: generation, families: families(ds, generation), encodings: map[key]*encoding{}}
}

// warm renders every encoding scrapes asked prev for.
func (s *Snapshot) warm(prev *Snapshot) {
	prev.mu.Lock()
	var keys []key
	hints := map[key]int{}
	for k, e := range prev.encodings {
		if e.asked.Load() {
			keys = append(keys, k)
			hints[k] = int(e.hint.Load())
		}
	}
	prev.mu.Unlock()
	for _, k := range keys {
		s.encoding(k, hints[k])
	}
}

// encoding returns the rendered encoding for k, rendering it on first use;
// concurrent callers wait for the one render. hint sizes the buffer.
func (s *Snapshot) encoding(k key, hint int) *encoding {
	e := s.entry(k)
	e.once.Do(func() { s.render(k, e, hint) })
	return e
}

// serve is encoding for a scrape, which asks for it first (see asked).
func (s *Snapshot) serve(k key) *encoding {
	s.entry(k).asked.Store(true)
	return s.encoding(k, 0)
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

func (s *Snapshot) render(k key, e *encoding, hint int) {
	defer func() { e.hint.Store(int64(len(e.body))) }()
	var buf bytes.Buffer
	buf.Grow(hint)
	if !k.gzip {
		e.err = s.encode(&buf, k.format)
		e.body, e.size = buf.Bytes(), buf.Len()
		return
	}
	fw, _ := flate.NewWriter(&buf, flate.DefaultCompression) // the level is valid
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

type counter struct{ n int }

func (c *counter) Write(p []byte) (int, error) {
	c.n += len(p)
	return len(p), nil
}
