package fixturetest

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// more is the line ending a message that shows only the first of a load's
// errors (dataset.Errors.Error).
var more = regexp.MustCompile(`^… and ([1-9][0-9]*) more error(s?)$`)

// ErrorLines is the lines of a load's error message that report one error
// each, shown at most of them: a longer message must end with one line
// counting the errors it does not show, which ErrorLines checks and leaves
// out.
func ErrorLines(t *testing.T, err error, shown int) []string {
	t.Helper()
	lines := strings.Split(err.Error(), "\n")
	if len(lines) <= shown {
		return lines
	}
	m := more.FindStringSubmatch(lines[len(lines)-1])
	if len(lines) != shown+1 || m == nil {
		t.Fatalf("a message of %d lines, not at most %d errors then how many more:\n%s", len(lines), shown, err)
	}
	if n, _ := strconv.Atoi(m[1]); (n == 1) != (m[2] == "") {
		t.Fatalf("%q: one error is singular, more are plural", lines[shown])
	}
	return lines[:shown]
}
