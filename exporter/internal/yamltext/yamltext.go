// Package yamltext places yaml.v3's syntax errors on the right line: it
// locates the errors that yaml.v3 reports without a position (encoding
// errors such as "invalid leading UTF-8 octet" or "control characters are
// not allowed", and aliases of unknown anchors), and corrects the line of
// its parser's errors, which it counts from 0. Lines gives the lines of a
// decoded mapping's keys, for the errors of its validation.
package yamltext

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"unicode/utf8"
)

var syntaxError = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// parserProblems are the messages of yaml.v3's parser (parserc.go). It
// prints their line counted from 0 (the 0-based mark of the construct being
// parsed, or else of the problem), and none when that is 0; the lines of
// its scanner's errors are counted from 1.
var parserProblems = []string{
	"did not find expected <stream-start>",
	"did not find expected <document start>",
	"did not find expected node content",
	"did not find expected key",
	"did not find expected '-' indicator",
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found duplicate %TAG directive",
	"found undefined tag handle",
}

// SyntaxLine splits a yaml.v3 error message about data into its line,
// counted from 1, and the rest. line is 0 when the message names none and is
// not a parser error; the error may then be on the first line (a scanner
// error there) or nowhere in particular (a decoding error): see Locate.
func SyntaxLine(data []byte, msg string) (line int, rest string) {
	m := syntaxError.FindStringSubmatch(msg)
	if m == nil {
		return 0, msg
	}
	line, _ = strconv.Atoi(m[1])
	if slices.Contains(parserProblems, m[2]) {
		// A problem at the end of the stream is on the line after the
		// last: say the last.
		line = min(line+1, CountLines(data))
	}
	return line, m[2]
}

// CountLines counts the lines of data, a last one without a line break included
// (and 1 for no data, so that it bounds a line to report).
func CountLines(data []byte) int {
	n, _ := position(data, len(data))
	if len(data) > 0 && (data[len(data)-1] == '\n' || data[len(data)-1] == '\r') {
		n--
	}
	return max(n, 1)
}

var unknownAnchor = regexp.MustCompile(`unknown anchor '(.*)' referenced`)

// Locate gives err, an error of yaml.v3 about data that names no line, the
// line and column where it happened; nil if it cannot.
func Locate(data []byte, err error) *Error {
	if e := checkEncoding(data); e != nil {
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

// checkEncoding returns the first encoding error in data, or nil. A UTF-16 text,
// which YAML also allows and which announces itself with a byte order mark,
// is not checked.
func checkEncoding(data []byte) *Error {
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
