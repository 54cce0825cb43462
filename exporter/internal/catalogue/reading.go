package catalogue

import (
	"math"
	"strconv"
	"strings"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
)

// reading is a published value in the units a reader uses ("₩150.7 trn",
// "US$57.2 bn", "72.8 %", "−3.4 pp", "1,363,016 persons"), derived from what
// the dataset already carries: the base unit, the printed unit and the
// naming scheme's suffixes (docs/data-format.md), so that no metric needs a
// format of its own. The exact value is shown beside it.
func reading(m *dataset.Metric, v float64) string {
	name, u := m.Name, m.Unit
	change := strings.Contains(name, "_change_")
	growth := strings.HasSuffix(name, "_growth_ratio")
	sign := change || growth
	switch u.Base {
	case "won":
		return money("₩", v, sign)
	case "dollars":
		return money("US$", v, sign)
	case "ratio":
		switch {
		case change:
			// A change of a share or rate is a difference of two
			// percentages: percentage points, never a relative change.
			return number(v*100, sign) + " pp"
		case strings.Contains(strings.ToLower(u.Printed), "per 100"):
			return number(v*100, false) + " per 100"
		default:
			return number(v*100, sign) + " %"
		}
	case "seconds":
		if strings.Contains(strings.ToLower(u.Printed), "hour") {
			return number(v/3600, sign) + " hours"
		}
		return number(v, sign) + " s"
	case "rank":
		return "rank " + number(v, false)
	case "points":
		return number(v, sign) + " points"
	}
	s := counted(v, sign)
	if n := noun(u.Printed); n != "" {
		s += " " + n
	}
	return s
}

// scales are the words a reader uses for large amounts of money.
var scales = []struct {
	factor float64
	word   string
}{{1e12, "trn"}, {1e9, "bn"}, {1e6, "m"}}

func money(symbol string, v float64, sign bool) string {
	a := math.Abs(v)
	for _, s := range scales {
		if a >= s.factor {
			return prefix(v, sign) + symbol + digits(a/s.factor) + " " + s.word
		}
	}
	return prefix(v, sign) + symbol + grouped(a)
}

func counted(v float64, sign bool) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return prefix(v, sign) + digits(a/1e9) + " billion"
	case a >= 1e7:
		return prefix(v, sign) + digits(a/1e6) + " million"
	}
	return prefix(v, sign) + grouped(a)
}

func number(v float64, sign bool) string { return prefix(v, sign) + digits(math.Abs(v)) }

// prefix is the sign a reader sees: a true minus, and a plus for changes.
func prefix(v float64, sign bool) string {
	switch {
	case v < 0:
		return "−"
	case sign && v > 0:
		return "+"
	}
	return ""
}

// digits rounds a non-negative amount to what a reader compares: one
// decimal from 10 up, two below, three significant figures under 1.
func digits(a float64) string {
	var s string
	switch {
	case a >= 10:
		s = strconv.FormatFloat(a, 'f', 1, 64)
	case a >= 1:
		s = strconv.FormatFloat(a, 'f', 2, 64)
	default:
		s = strconv.FormatFloat(a, 'g', 3, 64)
		if strings.ContainsAny(s, "e") {
			return s
		}
	}
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// grouped is a whole amount with thousands separators, or digits when it
// has a fraction.
func grouped(a float64) string {
	if a != math.Trunc(a) {
		return digits(a)
	}
	s := strconv.FormatFloat(a, 'f', 0, 64)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// noun is the counted thing of a printed count unit ("1,000 households" →
// "households"), found as the longest tail the unit parser reads with no
// multiplier; "number" says nothing and is left out.
func noun(printed string) string {
	words := strings.Fields(printed)
	for i := range words {
		tail := strings.Join(words[i:], " ")
		if u, err := dataset.ParseUnit(tail); err == nil && u.Factor == 1 && u.Base == "count" {
			if n := strings.ToLower(tail); n != "number" {
				return n
			}
			return ""
		}
	}
	return ""
}

// period says a stock or flow in words, with the period its labels name
// ("a flow over 2003 Q4", "a stock, at 2003").
func period(kind string, labels []dataset.Label) string {
	var when []string
	for _, name := range dataset.CalendarLabels {
		for _, l := range labels {
			if l.Name == name {
				when = append(when, l.Value)
			}
		}
	}
	w := strings.Join(when, " ")
	switch {
	case kind == "flow" && w != "":
		return "a flow: the amount during " + w
	case kind == "flow":
		return "a flow: the amount during the period"
	case kind == "stock" && w != "":
		return "a stock: the level in " + w
	case kind == "stock":
		return "a stock: the level at a point in time"
	}
	return ""
}
