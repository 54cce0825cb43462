package dataset

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// CalendarLabels place a series in time, longest period first: a series
// with one is dated (an undated series has none), is backfilled at the
// start of its period, and is read in this order ("2003 Q4").
var CalendarLabels = []string{"year", "half", "quarter", "month"}

// PeriodLabels say when, not what: the calendar's, and spans named in
// words ("period": "1997-2000", "since": "2010"). A quarter's figure is not
// a part of its year's the way an industry is a part of all industries.
var PeriodLabels = append(slices.Clone(CalendarLabels), "period", "since")

// LabelCountry is the label every series of the shipped dataset carries:
// the ISO 3166 alpha-3 code of the country the figure is about.
const LabelCountry = "country"

// Words the shipped dataset writes one way only.
const (
	TotalValue = "total" // the total row of every breakdown
	OtherValue = "other" // the remainder row of every breakdown
)

// americanSpelling finds American spellings in snake_case names (the report
// and this project write British English: specialised, informatisation,
// labour, centre, programme). The three letters before "iz" spare "size".
var americanSpelling = regexp.MustCompile(`(?:^|_)(?:[a-z]{3,}iz(?:e|ed|es|ing|ation|ations|er|ers)|[a-z]+yz(?:e|ed|es|ing)|labor|center|centers|color|program|programs|catalog|behavior|favor|honor)(?:_|$)`)

// validateConventions applies the shipped dataset's consistency rules
// (docs/data-format.md, "Label vocabulary"): one word for a total row and
// for a remainder row, British spelling, a country on every series, no
// series that shares all its labels with a part of itself, and a kind
// (stock or flow) for every amount and count.
func validateConventions(ds *Dataset, errs *Errors) {
	for _, t := range ds.Tables {
		for _, m := range t.Metrics {
			if m.Help == "" {
				errs.Add(t.File, m.Line, "metric %q: describe it (help)", m.Name)
			}
			if americanSpelling.MatchString(m.Name) {
				errs.Add(t.File, m.Line, "metric %q: write British spelling (specialised, labour, centre, programme)", m.Name)
			}
			if m.Kind == "" && slices.Contains([]string{"won", "dollars", "count"}, m.Unit.Base) {
				errs.Add(t.File, m.Line, "metric %q: say whether it is a stock or a flow (kind: stock or kind: flow)", m.Name)
			}
			for _, s := range m.Series {
				if _, ok := s.Get(LabelCountry); !ok {
					errs.Add(t.File, int(s.Line), "series has no %q label: give every series the ISO 3166 alpha-3 code of the country it is about (KOR for Korea's own figures; labels: {country: KOR} gives it to a whole table)", LabelCountry)
				}
				for _, l := range s.Labels() {
					switch {
					case l.Value == "all":
						errs.Add(t.File, int(s.Line), "%s=%q: a total row is %q in every label", l.Name, l.Value, TotalValue)
					case l.Value == "others":
						errs.Add(t.File, int(s.Line), "%s=%q: a remainder row is %q in every label", l.Name, l.Value, OtherValue)
					case americanSpelling.MatchString(l.Name) || americanSpelling.MatchString(l.Value):
						errs.Add(t.File, int(s.Line), "%s=%q: write British spelling (specialised, labour, centre, programme)", l.Name, l.Value)
					}
				}
			}
		}
	}
	for _, f := range ds.Families() {
		validateSubsets(f, errs)
	}
}

// validateSubsets reports a series whose labels, periods aside, are all
// carried with the same values by another series of the family that has
// more labels, one of them not "total": a selector for the whole
// (partner="total") would also return the part (partner="total", size="sme",
// industry="manufacturing"). The whole must say what it is a total of
// (size="total").
func validateSubsets(f *Family, errs *Errors) {
	type entry struct {
		s      *Series
		labels []Label
	}
	entries := make([]entry, 0, len(f.Series))
	for _, s := range f.Series {
		var ls []Label
		for _, l := range s.Labels() {
			if !slices.Contains(PeriodLabels, l.Name) {
				ls = append(ls, l)
			}
		}
		entries = append(entries, entry{s, ls})
	}
	for _, whole := range entries {
		for _, part := range entries {
			if len(part.labels) <= len(whole.labels) || !containsAll(part.labels, whole.labels) {
				continue
			}
			var missing []string
			for _, l := range part.labels {
				if l.Value != TotalValue && !slices.ContainsFunc(whole.labels, func(w Label) bool { return w.Name == l.Name }) {
					missing = append(missing, fmt.Sprintf("%s=%q", l.Name, TotalValue))
				}
			}
			if len(missing) == 0 {
				continue // the other series is the same whole, saying so
			}
			errs.Add(whole.s.Metric.Table.File, int(whole.s.Line), "%s%s shares all its labels with its part %s (%s): give it %s",
				f.Name, whole.s.LabelSet(), part.s.LabelSet(), part.s.Where(), strings.Join(missing, ", "))
			break
		}
	}
}

// containsAll reports whether every label of sub is in set, both sorted by
// name.
func containsAll(set, sub []Label) bool {
	i := 0
	for _, l := range sub {
		for i < len(set) && set[i].Name < l.Name {
			i++
		}
		if i == len(set) || set[i] != l {
			return false
		}
	}
	return true
}
