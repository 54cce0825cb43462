package dataset

import (
	"bytes"
	"fmt"
	"io"
	"math"
)

// ErrTooLarge is returned when a body exceeds its size limit.
var ErrTooLarge = fmt.Errorf("over the size limit")

// ReadAll reads r to the end, failing once more than max bytes arrive (max
// 0: no limit): for files, which may grow between stat and read, and for
// HTTP bodies, whose Content-Length may be absent or wrong.
func ReadAll(r io.Reader, max int64) ([]byte, error) { return readAll(r, max, 0) }

// readAll is ReadAll into a buffer sized for the size bytes r is expected to
// hold: reading a large file into a growing buffer would allocate several
// times its size.
func readAll(r io.Reader, max, size int64) ([]byte, error) {
	var buf bytes.Buffer
	if size > 0 && (max <= 0 || size <= max) {
		buf.Grow(int(size) + bytes.MinRead)
	}
	limit := int64(math.MaxInt64)
	if max > 0 {
		limit = max + 1 // one byte more, to see it is over
	}
	if _, err := buf.ReadFrom(io.LimitReader(r, limit)); err != nil {
		return nil, err
	}
	if max > 0 && int64(buf.Len()) > max {
		return nil, fmt.Errorf("%w of %d bytes", ErrTooLarge, max)
	}
	return buf.Bytes(), nil
}
