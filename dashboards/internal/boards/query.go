package boards

import (
	"fmt"
	"strings"
)

// Selection is the one place that says which series the report boards
// read and how replicas fold: a deployment (or a mixin generated from these
// sources) changes it here, and every query follows.
type Selection struct {
	// Matchers are added to every selector of the report boards, e.g.
	// `job="korea-ict"`; empty: every job that serves the figures.
	Matchers string
	// Replicas are the labels that tell replicas of the exporter apart:
	// each figure is taken once, as the max over them (replicas serve the
	// same value), so that two exporters under one job do not show every
	// figure twice.
	Replicas []string
}

// selection is the boards' Selection.
var selection = Selection{Replicas: []string{"instance"}}

// selector adds the selection's matchers to a selector such as
// `korea_ict_firms{table="29"}`.
func selector(s string) string {
	if selection.Matchers == "" {
		return s
	}
	open := strings.Index(s, "{")
	if open < 0 {
		return s + "{" + selection.Matchers + "}"
	}
	if strings.HasSuffix(s, "{}") {
		return s[:open+1] + selection.Matchers + "}"
	}
	return s[:open+1] + selection.Matchers + "," + s[open+1:]
}

// once takes each figure once over the replicas, also dropping the labels
// drop (a label a query pins, so that queries merge on the others).
func once(expr string, drop ...string) string {
	return fmt.Sprintf("max without(%s) (%s)", strings.Join(append(append([]string{}, selection.Replicas...), drop...), ", "), expr)
}

// LabelInfo is the exporter's vocabulary metric: for each label value
// served, {label="size", size="300+", size_name=..., size_rank=...}.
const LabelInfo = "korea_ict_label_info"

// named adds the human name of label's values to expr's series (label
// <label>_name), joining the exporter's vocabulary on the replica labels
// too, so that each replica's figures take its own names and the join
// never sees two names for one value.
func named(expr, label string) string {
	return join(expr, label, nameOf(label))
}

// ranked adds the human name and the rank (<label>_rank: the value's place
// in the vocabulary's order, for sorting) of label's values.
func ranked(expr, label string) string {
	return join(expr, label, nameOf(label), rankOf(label))
}

func join(expr, label string, take ...string) string {
	on := append(append([]string{}, selection.Replicas...), label)
	return fmt.Sprintf(`%s * on(%s) group_left(%s) %s`, expr, strings.Join(on, ", "), strings.Join(take, ", "), selector(fmt.Sprintf(`%s{label=%q}`, LabelInfo, label)))
}

func nameOf(label string) string { return label + "_name" }
func rankOf(label string) string { return label + "_rank" }

// period joins a series' period labels and its status into one label,
// "period" ("2003 Q1 reported"); statusMappings show it as "2003 Q1" or
// "2003 (preliminary)".
func period(expr string, labels []string) string {
	return fmt.Sprintf(`label_join(%s, "period", " ", %s, "status")`, expr, quoteAll(labels))
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// statusMappings read a period label built by period: the period, then
// its status. Reported and undated figures show the period alone; the
// others are marked by their status. Grafana applies a regex mapping as
// value.replace(pattern, text) (packages/grafana-data/src/utils/
// valueMappings.ts, getValueMappingResult), so $1 and $2 are the groups.
var statusMappings = []Mapping{
	{Type: "regex", Options: RegexOptions{Pattern: `^(.+) (reported|undated)$`, Result: MappingResult{Text: "$1", Index: 0}}},
	{Type: "regex", Options: RegexOptions{Pattern: `^(.+) (preliminary|projection|estimate)$`, Result: MappingResult{Text: "$1 ($2)", Index: 1}}},
}

// SetMatchers sets the matchers every report board's selector takes
// (Selection.Matchers): the dashboards command's -matchers flag, which the
// mixin's generation uses.
func SetMatchers(m string) { selection.Matchers = m }
