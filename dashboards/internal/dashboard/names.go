package dashboard

import (
	"regexp"
	"sort"
	"strings"
)

// Everything a person reads on a panel (axis labels, legends, table
// columns and cells) is a label value or a label name of the data, shown
// under its human name. Instant queries take the names from the exporter's
// vocabulary metric (query.Named). Range queries over the backfilled
// history cannot (the vocabulary metric is live, the history is not): their
// legends are named by display-name overrides, one per value the query
// itself names in its selector (flow=~"export|import"), never the whole
// vocabulary.

var (
	placeholder = regexp.MustCompile(`\{\{\s*(\w+)\s*\}\}`)
	// listed is a matcher that names a label's values: label="a" or
	// label=~"a|b|c".
	listed = regexp.MustCompile(`(\w+)=~?"([^"]*)"`)
)

// pinnedValues are the values q's selector names for label.
func pinnedValues(expr, label string) []string {
	for _, m := range listed.FindAllStringSubmatch(expr, -1) {
		if m[1] == label {
			return strings.Split(m[2], "|")
		}
	}
	return nil
}

// legendOverrides names a range query's series: for each combination of
// the values its selector names for the labels of its legend template,
// an override from the legend Grafana fills in to the one with human
// names. A label the query does not pin (status) stays as Grafana fills it.
func legendOverrides(q Query) []override {
	type pair struct{ raw, human string }
	combos := []pair{{q.Legend, q.Legend}}
	for _, m := range placeholder.FindAllStringSubmatch(q.Legend, -1) {
		values := pinnedValues(q.Expr, m[1])
		if len(values) == 0 {
			continue
		}
		var next []pair
		for _, c := range combos {
			for _, v := range values {
				next = append(next, pair{strings.Replace(c.raw, m[0], v, 1), strings.Replace(c.human, m[0], display(m[1], v), 1)})
			}
		}
		combos = next
	}
	sort.Slice(combos, func(i, j int) bool { return combos[i].raw < combos[j].raw })
	var out []override
	for _, c := range combos {
		if c.raw == c.human {
			continue
		}
		if placeholder.MatchString(c.raw) {
			// A label left to Grafana: match its filled-in value by regexp.
			re := "^" + regexp.QuoteMeta(c.raw) + "$"
			re = placeholderQuoted.ReplaceAllString(re, ".*")
			human := placeholder.ReplaceAllString(c.human, "$${__field.labels.$1}")
			out = append(out, override{Matcher: matcher{ID: "byRegexp", Options: re}, Properties: []property{{ID: "displayName", Value: human}}})
			continue
		}
		out = append(out, byName(c.raw, property{ID: "displayName", Value: c.human}))
	}
	return out
}

// placeholderQuoted is a placeholder after regexp.QuoteMeta.
var placeholderQuoted = regexp.MustCompile(`\\\{\\\{\s*\w+\s*\\\}\\\}`)
