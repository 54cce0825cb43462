package dataset

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/prometheus/common/model"
)

// Dash is how a cell printed as a dash is written: absent, never published.
const Dash = "-"

// The rules of one cell, shared by every data file format (YAML, CSV), so
// that a figure means the same whichever format it was written in.

// SetValue reads a cell's value as printed, in unit u, into c: the printed
// text, and the value in the base unit or absent.
func (c *Cell) SetValue(printed string, u Unit) error {
	c.Printed = printed
	if printed == Dash {
		c.Absent = true
		return nil
	}
	text := strings.ReplaceAll(printed, "_", "")
	f, err := strconv.ParseFloat(text, 64)
	switch {
	case err != nil:
		return errNotANumber(printed)
	case math.IsNaN(f) || math.IsInf(f, 0):
		return fmt.Errorf("value %q is not a finite number", printed)
	}
	c.Value = ToBase(text, f, u.Factor)
	return nil
}

// ToBase converts a printed value to the base unit. For a power-of-ten
// factor it re-parses the decimal with a shifted exponent, so that 70.09 %
// becomes exactly the double nearest 0.7009 rather than 70.09 × 0.01
// (0.7009000000000001).
func ToBase(text string, f, factor float64) float64 {
	e := math.Log10(factor)
	if e != math.Trunc(e) || strings.ContainsAny(text, "eExXpP") {
		return f * factor
	}
	if g, err := strconv.ParseFloat(text+"e"+strconv.Itoa(int(e)), 64); err == nil {
		return g
	}
	return f * factor
}

func errNotANumber(printed string) error {
	return fmt.Errorf("value %q is not a number (write a cell printed as a dash as %q)", printed, Dash)
}

// ValidateStatus reports a status that is not one of Statuses.
func ValidateStatus(status string) error {
	if !slices.Contains(Statuses, status) {
		return fmt.Errorf("unknown status %q (one of %s)", status, strings.Join(Statuses, ", "))
	}
	return nil
}

// ValidateUndated reports an undated series with a label that places it in
// time.
func (c *Cell) ValidateUndated() error {
	if c.Status != "undated" {
		return nil
	}
	for _, l := range CalendarLabels {
		if slices.ContainsFunc(c.Labels, func(have Label) bool { return have.Name == l }) {
			return fmt.Errorf("an undated series has no %q label", l)
		}
	}
	return nil
}

func validateLabel(name, value string) error {
	if err := validateLabelName(name); err != nil {
		return err
	}
	if value == "" {
		return fmt.Errorf("label %q has an empty value", name)
	}
	if !model.LabelValue(value).IsValid() {
		return fmt.Errorf("label %q has an invalid value", name)
	}
	if err := validateText(value, false); err != nil {
		return fmt.Errorf("label %q: %w", name, err)
	}
	if name == "year" && !yearRe.MatchString(value) {
		return fmt.Errorf("year %q is not a year: write its four digits (2009), or a span (1997-2000)", value)
	}
	return nil
}

// yearRe is a year, or a span of years.
var yearRe = regexp.MustCompile(`^[0-9]{4}(-[0-9]{4})?$`)

// ValidateText refuses in free text (a title, a help text, a note, a cell)
// what validateText refuses.
func ValidateText(s string) error { return validateText(s, true) }

// validateText refuses what a reader cannot see or that reorders what they
// see, however the file writes it (raw, or as a YAML escape such as
// "\u202E"): control characters, and bidirectional formatting characters
// (a right-to-left override makes "1 < 2" read as "2 > 1"). Free text
// (multiline: titles, help, notes) may break lines and hold tabs.
func validateText(s string, multiline bool) error {
	for _, r := range s {
		switch {
		case multiline && (r == '\t' || r == '\n' || r == '\r'):
		case unicode.IsControl(r):
			return fmt.Errorf("holds the control character %U", r)
		case r == '\u061c' || r == '\u200e' || r == '\u200f' || r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069':
			return fmt.Errorf("holds the bidirectional formatting character %U", r)
		}
	}
	return nil
}

func validateLabelName(name string) error {
	if name == LabelTable || name == LabelStatus {
		return fmt.Errorf("label %q is set by the loader", name)
	}
	if !model.LegacyValidation.IsValidLabelName(name) || strings.HasPrefix(name, "__") || name != strings.ToLower(name) {
		return fmt.Errorf("invalid label name %q: use lower snake_case", name)
	}
	return nil
}
