// Package query holds the PromQL every dashboard panel asks, readable
// apart from the panels' layout (as node-mixin and kubernetes-mixin keep
// their queries): the one Selection every selector of the report boards
// follows, each figure taken once over the replicas, the exporter's
// vocabulary joined in for human names and order, and a series' period
// labels joined into one.
package query

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

// selection is the boards' Selection; SetMatchers sets its matchers.
var selection = Selection{Replicas: []string{"instance"}}

// Select adds the selection's matchers to a selector such as
// `korea_ict_firms{table="29"}`.
func Select(s string) string { return WithMatchers(s, selection.Matchers) }

// WithMatchers adds matchers (label matchers without braces, such as
// `granularity="year"`) to a selector, before the ones it has.
func WithMatchers(s, matchers string) string {
	if matchers == "" {
		return s
	}
	open := strings.Index(s, "{")
	if open < 0 {
		return s + "{" + matchers + "}"
	}
	if strings.HasSuffix(s, "{}") {
		return s[:open+1] + matchers + "}"
	}
	return s[:open+1] + matchers + "," + s[open+1:]
}

// Once takes each figure once over the replicas, also dropping the labels
// drop (a label a query pins, so that queries merge on the others).
func Once(expr string, drop ...string) string {
	return fmt.Sprintf("max without(%s) (%s)", strings.Join(append(append([]string{}, selection.Replicas...), drop...), ", "), expr)
}

// LabelInfo is the exporter's vocabulary metric: for each label value
// served, {label="size", size="300+", size_name=..., size_rank=...}.
const LabelInfo = "korea_ict_label_info"

// Named adds the human name of label's values to expr's series (label
// <label>_name), joining the exporter's vocabulary on the replica labels
// too, so that each replica's figures take its own names and the join
// never sees two names for one value.
func Named(expr, label string) string {
	return join(expr, label, NameOf(label))
}

// Ranked adds the human name and the rank (<label>_rank: the value's place
// in the vocabulary's order, for sorting) of label's values.
func Ranked(expr, label string) string {
	return join(expr, label, NameOf(label), RankOf(label))
}

func join(expr, label string, take ...string) string {
	on := append(append([]string{}, selection.Replicas...), label)
	return fmt.Sprintf(`%s * on(%s) group_left(%s) %s`, expr, strings.Join(on, ", "), strings.Join(take, ", "), Select(fmt.Sprintf(`%s{label=%q}`, LabelInfo, label)))
}

// NameOf is the label Named adds: the human name of label's value.
func NameOf(label string) string { return label + "_name" }

// RankOf is the label Ranked adds beside NameOf's: the value's rank.
func RankOf(label string) string { return label + "_rank" }

// Period joins a series' period labels and its status into one label,
// "period" ("2003 Q1 reported"); the bar charts' value mappings show it as
// "2003 Q1" or "2003 (preliminary)".
func Period(expr string, labels []string) string {
	return fmt.Sprintf(`label_join(%s, "period", " ", %s, "status")`, expr, quoteAll(labels))
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// SetMatchers sets the matchers every report board's selector takes
// (Selection.Matchers): the dashboards command's -matchers flag, which the
// mixin's generation uses.
func SetMatchers(m string) { selection.Matchers = m }
