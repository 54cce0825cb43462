package dataset

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestExcerpt(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"0123456789abcdef", 8, "0123…cdef"},
		{"가나다라마바사아", 8, "가…아"}, // three bytes a character: cut at boundaries
	} {
		if got := Excerpt(tc.s, tc.n); got != tc.want || !utf8.ValidString(got) {
			t.Errorf("Excerpt(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
}

func TestErrorsShowTheFirstAndCount(t *testing.T) {
	for _, tc := range []struct {
		more int
		last string
	}{
		{1, "… and 1 more error"},
		{5, "… and 5 more errors"},
	} {
		var es Errors
		for i := range ShownErrors + tc.more {
			es.Add("f.csv", i+1, "bad %s", strings.Repeat("x", 10_000))
		}
		msg := es.Error()
		if lines := strings.Split(msg, "\n"); len(lines) != ShownErrors+1 || lines[ShownErrors] != tc.last {
			t.Errorf("%d more: %d lines, last %q, want %q", tc.more, len(lines), lines[len(lines)-1], tc.last)
		}
		if len(msg) > (ShownErrors+1)*(maxMsg+20) {
			t.Errorf("%d more: message of %d bytes", tc.more, len(msg))
		}
	}
	var es Errors
	for i := range ShownErrors {
		es.Add("f.csv", i+1, "bad")
	}
	if lines := strings.Split(es.Error(), "\n"); len(lines) != ShownErrors {
		t.Errorf("%d errors shown in %d lines", ShownErrors, len(lines))
	}
}

// What a message quotes of the file is a short excerpt.
func TestErrorsQuoteExcerpts(t *testing.T) {
	var es Errors
	es.Add("f.csv", 1, "column %q: bad", strings.Repeat("s", 10_000))
	if msg := es.Error(); len(msg) > maxQuoted+40 || !strings.Contains(msg, "s…s") {
		t.Errorf("%d bytes: %.300s", len(msg), msg)
	}
}
