package dataset

import (
	"fmt"
	"io"
)

// ErrTooLarge is returned when a body exceeds its size limit.
var ErrTooLarge = fmt.Errorf("over the size limit")

// ReadAll reads r to the end, failing once more than max bytes arrive (max
// 0: no limit): for files, which may grow between stat and read, and for
// HTTP bodies, whose Content-Length may be absent or wrong.
func ReadAll(r io.Reader, max int64) ([]byte, error) {
	if max <= 0 {
		return io.ReadAll(r)
	}
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w of %d bytes", ErrTooLarge, max)
	}
	return data, nil
}
