package dataset

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Error is a problem at a place in a data file. Column is set where it
// helps: an encoding error is one character on a line.
type Error struct {
	File   string
	Line   int
	Column int
	Msg    string
}

func (e *Error) Error() string {
	if e.Column > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
	}
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Errors is every problem found in one load, sorted by file and line, so that
// a user fixing data files sees all of them at once.
type Errors []*Error

// ShownErrors is how many of a load's errors its message shows: the first,
// by file and line, then how many more there are. A file with 100,000 bad
// rows otherwise made a 12 MB landing page and log line on every refresh.
const ShownErrors = 20

// maxMsg bounds one error's message: a message quotes what the file says,
// and what a file says may be megabytes long.
const maxMsg = 512

func (es Errors) Error() string {
	lines := make([]string, 0, min(len(es), ShownErrors)+1)
	for _, e := range es[:min(len(es), ShownErrors)] {
		lines = append(lines, e.Error())
	}
	switch more := len(es) - ShownErrors; {
	case more == 1:
		lines = append(lines, "… and 1 more error")
	case more > 1:
		lines = append(lines, fmt.Sprintf("… and %d more errors", more))
	}
	return strings.Join(lines, "\n")
}

// maxQuoted bounds each string a message quotes: what a file says (a label
// value, a header, a line of a file that is not data at all) is shown as a
// short excerpt, on pages that need no login.
const maxQuoted = 128

// Add adds a problem at a file's line, its message made as fmt.Sprintf's,
// each string it quotes and the whole cut to an excerpt.
func (es *Errors) Add(file string, line int, format string, args ...any) {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = Excerpt(s, maxQuoted)
		}
	}
	*es = append(*es, &Error{File: file, Line: line, Msg: Excerpt(fmt.Sprintf(format, args...), maxMsg)})
}

// Excerpt is s cut to about n bytes, its beginning and end with "…" between,
// at character boundaries: foreign content quoted in a message, or a long
// message, in a short excerpt that keeps what the message ends with (the
// reason, after a long path).
func Excerpt(s string, n int) string {
	if len(s) <= n {
		return s
	}
	head, tail := n/2, len(s)-n/2
	for head > 0 && !utf8.RuneStart(s[head]) {
		head--
	}
	for tail < len(s) && !utf8.RuneStart(s[tail]) {
		tail++
	}
	return s[:head] + "…" + s[tail:]
}

// Err is es as an error, sorted by file and line; nil when es is empty.
func (es Errors) Err() error {
	if len(es) == 0 {
		return nil
	}
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].File != es[j].File {
			return es[i].File < es[j].File
		}
		return es[i].Line < es[j].Line
	})
	return es
}
