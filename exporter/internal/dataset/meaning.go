package dataset

import (
	"fmt"
	"strings"
)

// Meaning is what the HELP line says a number means, from the metric's name,
// units and kind: stock or flow, how a growth or change ratio reads, how a
// printed unit was stored. The naming scheme (docs/data-format.md) makes
// these follow from the name, so no data file has to repeat them.
func (f *Family) Meaning() []string {
	var out []string
	switch f.Kind {
	case "stock":
		out = append(out, "A stock: the level at a point in time (the end of the period, or when surveyed), not an amount during the period.")
	case "flow":
		out = append(out, "A flow: the amount during the period (the year, quarter, half or month of the labels).")
	}
	printed := f.printedUnits()
	switch {
	case strings.HasSuffix(f.Name, "_growth_ratio"):
		out = append(out, "A rate of change over the previous period (or the period the labels name): 0.25 means +25 %, 2 means +200 % (three times as much), -0.1 means -10 %.")
	case strings.Contains(f.Name, "_change_"):
		out = append(out, fmt.Sprintf("The difference from the previous period, in %s; negative for a fall.", f.Unit))
	case strings.HasSuffix(f.Name, "_share_ratio"):
		out = append(out, "A share of a whole, 0 to 1 (0.25 = 25 %).")
	case f.Unit == "ratio" && strings.Contains(printed, "per 100"):
		out = append(out, "Printed per 100; stored as a ratio (0.7 = 70 per 100).")
	case f.Unit == "ratio" && strings.Contains(printed, "percentage points"):
		out = append(out, "A difference of two percentages, stored as a ratio (0.01 = 1 percentage point).")
	case f.Unit == "ratio":
		out = append(out, "Stored as a ratio (0.25 = 25 %; 1 = 100 %).")
	case f.Unit == "seconds" && strings.Contains(printed, "hours"):
		out = append(out, "Printed in hours; stored in seconds (1 hour = 3600).")
	case f.Unit == "rank":
		out = append(out, "A rank: 1 is the best.")
	}
	return out
}

// printedUnits are the units the family's tables print, joined.
func (f *Family) printedUnits() string {
	units := make([]string, len(f.Decls))
	for i, m := range f.Decls {
		units[i] = m.Unit.Printed
	}
	return strings.Join(units, "; ")
}
