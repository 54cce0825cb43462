// Package yamltext locates the errors that yaml.v3 reports without a
// position: encoding errors ("invalid leading UTF-8 octet", "control
// characters are not allowed") and aliases of unknown anchors.
package yamltext

import (
	"bytes"
	"fmt"
	"regexp"
	"unicode/utf8"
)

var unknownAnchor = regexp.MustCompile(`unknown anchor '(.*)' referenced`)

// Locate gives err, an error of yaml.v3 about data that names no line, the
// line and column where it happened; nil if it cannot.
func Locate(data []byte, err error) *Error {
	if e := Check(data); e != nil {
		return e
	}
	m := unknownAnchor.FindStringSubmatch(err.Error())
	if m == nil {
		return nil
	}
	alias := []byte("*" + m[1])
	for i := 0; ; {
		j := bytes.Index(data[i:], alias)
		if j < 0 {
			return nil
		}
		i += j + len(alias)
		// The whole name, not a prefix of a longer one.
		if i == len(data) || bytes.IndexByte([]byte(" \t\r\n,]}"), data[i]) >= 0 {
			line, col := position(data, i-len(alias))
			return &Error{line, col, fmt.Sprintf("alias *%s refers to no anchor &%s before it", m[1], m[1])}
		}
	}
}

// Error is an encoding error at a line and column (in characters), both
// counted from 1.
type Error struct {
	Line, Column int
	Msg          string
}

func (e *Error) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// Check returns the first encoding error in data, or nil. A UTF-16 text,
// which YAML also allows and which announces itself with a byte order mark,
// is not checked.
func Check(data []byte) *Error {
	if len(data) >= 2 && (data[0] == 0xFE && data[1] == 0xFF || data[0] == 0xFF && data[1] == 0xFE) {
		return nil
	}
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return &Error{line, col, fmt.Sprintf("invalid UTF-8 (byte 0x%02X): save the file as UTF-8", data[i])}
		case !printable(r):
			return &Error{line, col, fmt.Sprintf("character %U is not allowed in YAML (a control character?)", r)}
		}
		i += size
		col++
		if lineBreak(data, i, r) {
			line, col = line+1, 1
		}
	}
	return nil
}

// lineBreak reports whether r, just before data[i], ends a line: "\n", or
// "\r" not followed by "\n".
func lineBreak(data []byte, i int, r rune) bool {
	return r == '\n' || r == '\r' && (i == len(data) || data[i] != '\n')
}

// position is the line and column of data[offset], which is valid UTF-8.
func position(data []byte, offset int) (line, col int) {
	line, col = 1, 1
	for i := 0; i < offset; {
		r, size := utf8.DecodeRune(data[i:])
		i += size
		col++
		if lineBreak(data, i, r) {
			line, col = line+1, 1
		}
	}
	return line, col
}

// printable is YAML's c-printable, as yaml.v3's reader checks it.
func printable(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0x7E || r == 0x85 ||
		r >= 0xA0 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
