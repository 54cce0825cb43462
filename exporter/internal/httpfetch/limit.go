package httpfetch

import (
	"bytes"
	"fmt"
	"io"
)

// ErrTooLarge is returned when a body exceeds its size limit.
var ErrTooLarge = fmt.Errorf("over the size limit")

// readAll reads r to the end, failing once more than max bytes arrive (max
// 0: no limit): an HTTP body's Content-Length may be absent or wrong.
func readAll(r io.Reader, max int64) ([]byte, error) {
	if max <= 0 {
		return io.ReadAll(r)
	}
	var buf bytes.Buffer
	// One byte more than the limit, to see it is over.
	if _, err := buf.ReadFrom(io.LimitReader(r, max+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > max {
		return nil, fmt.Errorf("%w of %d bytes", ErrTooLarge, max)
	}
	return buf.Bytes(), nil
}
