package dataset

import (
	"fmt"
	"strings"
)

// Unit is a unit as printed in a source table together with the base unit it
// converts to. Values are stored in files as printed and multiplied by Factor
// when loaded, so that every published value is in its base unit.
type Unit struct {
	Printed string
	Base    string  // won, dollars, ratio, points, rank, seconds or count
	Factor  float64 // printed value × Factor = base value
}

// Suffix is the metric name suffix the base unit requires ("" for counts).
func (u Unit) Suffix() string {
	switch u.Base {
	case "count":
		return ""
	default:
		return "_" + u.Base
	}
}

var multipliers = []struct {
	word   string
	factor float64
}{
	// Longest first, so that "ten billion" wins over "billion".
	{"hundred million", 1e8},
	{"ten thousand", 1e4},
	{"ten million", 1e7},
	{"ten billion", 1e10},
	{"thousands of", 1e3},
	{"millions of", 1e6},
	{"billions of", 1e9},
	{"trillion", 1e12},
	{"thousand", 1e3},
	{"million", 1e6},
	{"billion", 1e9},
	{"1,000", 1e3},
}

var baseNouns = map[string]struct {
	base   string
	factor float64
}{
	"won":                 {"won", 1},
	"dollars":             {"dollars", 1},
	"us dollars":          {"dollars", 1},
	"u.s. dollars":        {"dollars", 1},
	"%":                   {"ratio", 0.01},
	"percent":             {"ratio", 0.01},
	"percentage points":   {"ratio", 0.01},
	"per 100 inhabitants": {"ratio", 0.01},
	"per 100 people":      {"ratio", 0.01},
	"ratio":               {"ratio", 1},
	"points":              {"points", 1},
	"rank":                {"rank", 1},
	"hours":               {"seconds", 3600},
	"seconds":             {"seconds", 1},
}

var countNouns = []string{
	"persons", "people", "users", "subscribers", "households", "firms",
	"companies", "sites", "websites", "sets", "devices", "contracts", "cases",
	"transactions", "respondents", "programmes", "number",
}

func init() {
	for _, n := range countNouns {
		baseNouns[n] = struct {
			base   string
			factor float64
		}{"count", 1}
	}
}

// ParseUnit parses a printed unit such as "trillion won", "hundred million
// dollars", "1,000 households" or "%".
func ParseUnit(printed string) (Unit, error) {
	s := strings.ToLower(strings.Join(strings.Fields(printed), " "))
	if s == "" {
		return Unit{}, fmt.Errorf("unit is empty")
	}
	factor := 1.0
	for _, m := range multipliers {
		if rest, ok := strings.CutPrefix(s, m.word+" "); ok {
			factor = m.factor
			s = rest
			break
		}
	}
	n, ok := baseNouns[s]
	if !ok {
		return Unit{}, fmt.Errorf("unknown unit %q (see docs/data-format.md#units)", printed)
	}
	return Unit{Printed: printed, Base: n.base, Factor: factor * n.factor}, nil
}
