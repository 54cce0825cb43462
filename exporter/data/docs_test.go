package data_test

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/vocabulary"
)

// metricsDoc is docs/metrics.md: a table index, every metric with its
// labels, unit, tables and series count, and every label value with its
// human name from v, generated from the data.
func metricsDoc(ds *dataset.Dataset, v *vocabulary.Vocabulary) string {
	var b strings.Builder
	b.WriteString("# Metric catalogue\n\n")
	b.WriteString("Generated from the embedded dataset and its vocabulary (`exporter/data/vocabulary/vocabulary.yaml`) by `make generate`; a test fails when it is stale.\n")
	b.WriteString("Every series also carries `table` (where the figure is printed) and `status` (reported, preliminary, projection, estimate, undated).\n")
	b.WriteString("`korea_ict_table_info{table,title,source}` gives each table's title and source line.\n")
	b.WriteString("`korea_ict_label_info{label,<label>,<label>_name,<label>_rank}` gives each label value served its human name (below) and its rank in the label's order.\n")
	b.WriteString("The exporter serves the same, with every series, its notes and a PromQL selector for each, at `/catalogue`.\n\n")
	b.WriteString("[Table index](#table-index) · [Metrics](#metrics) · [Label values](#label-values) · [Tables](#tables)\n\n")
	b.WriteString("## Table index\n\n| table | title | metrics |\n|---|---|---|\n")
	for _, t := range ds.Tables {
		var names []string
		for _, m := range t.Metrics {
			if n := "`" + m.Name + "`"; !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", t.ID, escape(t.Title), strings.Join(names, ", "))
	}
	b.WriteString("\n## Metrics\n\n")
	b.WriteString("| metric | labels | unit | tables (printed unit) | series |\n|---|---|---|---|---|\n")
	for _, f := range ds.Families() {
		labels := map[string]bool{}
		for _, s := range f.Series {
			for _, l := range s.Labels() {
				labels[l.Name] = true
			}
		}
		names := make([]string, 0, len(labels))
		for l := range labels {
			names = append(names, "`"+l+"`")
		}
		sort.Strings(names)
		var tables []string
		seen := map[string]bool{}
		for _, m := range f.Decls {
			s := fmt.Sprintf("%s (%s)", m.Table.ID, m.Unit.Printed)
			if !seen[s] {
				seen[s] = true
				tables = append(tables, s)
			}
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %d |\n", f.Name, strings.Join(names, ", "), f.Unit, escape(strings.Join(tables, "; ")), len(f.Series))
	}
	labelValues(&b, ds, v)
	b.WriteString("\n## Tables\n\n| table | title | source | published cells | cells printed as \"-\" | checks |\n|---|---|---|---|---|---|\n")
	for _, t := range ds.Tables {
		p, a := t.Count()
		fmt.Fprintf(&b, "| %s | %s | %s | %d | %d | %d |\n", t.ID, escape(t.Title), escape(t.SourceLine), p, a, len(t.Checks))
	}
	return b.String()
}

// labelValues writes every label the data uses with each of its values, in
// natural order, and their human names.
func labelValues(b *strings.Builder, ds *dataset.Dataset, v *vocabulary.Vocabulary) {
	used := map[string]map[string]int{}
	each(ds, func(s *dataset.Series) {
		for _, l := range s.Labels() {
			if !s.Absent {
				if used[l.Name] == nil {
					used[l.Name] = map[string]int{}
				}
				used[l.Name][l.Value]++
			}
		}
	})
	names := make([]string, 0, len(used))
	for n := range used {
		names = append(names, n)
	}
	sort.Strings(names)
	b.WriteString("\n## Label values\n\n")
	for _, n := range names {
		fmt.Fprintf(b, "[`%s`](#%s) ", n, n)
	}
	b.WriteString("\n")
	for _, n := range names {
		l := v.Label(n)
		fmt.Fprintf(b, "\n### %s\n\n%s", n, escape(v.LabelTitle(n)))
		if l != nil && l.Description != "" {
			fmt.Fprintf(b, ": %s", escape(l.Description))
		}
		if l != nil && l.Ordered {
			b.WriteString(" (ordered: the values below are in their natural order)")
		}
		b.WriteString("\n\n| value | name | description | series |\n|---|---|---|---|\n")
		values := make([]string, 0, len(used[n]))
		for x := range used[n] {
			values = append(values, x)
		}
		sort.Slice(values, func(i, j int) bool { return l.Less(values[i], values[j]) })
		for _, x := range values {
			desc := ""
			if d := l.Value(x); d != nil {
				desc = d.Description
			}
			fmt.Fprintf(b, "| `%s` | %s | %s | %d |\n", x, escape(v.Display(n, x)), escape(desc), used[n][x])
		}
	}
}

// discrepanciesDoc is docs/discrepancies.md: every corrected cell, every
// flagged cell and every relation the report's own arithmetic breaks.
func discrepanciesDoc(ds *dataset.Dataset, excused []dataset.Discrepancy) string {
	var b strings.Builder
	b.WriteString("# Discrepancies in the source\n\n")
	b.WriteString("Generated from the embedded dataset by `make generate`; a test fails when it is stale.\n")
	b.WriteString("Nothing is corrected silently: each correction keeps the printed cell in the data file (`printed:`) with the arithmetic in `note:`.\n\n")
	b.WriteString("## Cells published otherwise than printed\n\nMisprints the arithmetic proves, units that only make sense read another way, and words turned into numbers (\"a deficit\" as a negative balance, \"doubled\" as +100 %).\n\n| where | series | printed | published | why |\n|---|---|---|---|---|\n")
	each(ds, func(s *dataset.Series) {
		if s.Remarks != nil && s.Cell != "" {
			fmt.Fprintf(&b, "| %s | `%s%s` | %s | %s | %s |\n", s.Where(), s.Metric.Name, s.LabelSet(), escape(s.Cell), s.Printed(), escape(s.Note))
		}
	})
	b.WriteString("\n## Flagged cells (published as printed; suspect, not provable)\n\n| where | series | value | why |\n|---|---|---|---|\n")
	each(ds, func(s *dataset.Series) {
		if s.Remarks != nil && s.Flag != "" {
			fmt.Fprintf(&b, "| %s | `%s%s` | %s | %s |\n", s.Where(), s.Metric.Name, s.LabelSet(), s.Printed(), escape(s.Flag))
		}
	})
	b.WriteString("\n## Relations the printed figures break\n\nChecks that fail on these groups and list them in `except`, with the reason.\n\n| check | group | arithmetic | why |\n|---|---|---|---|\n")
	for _, d := range excused {
		fmt.Fprintf(&b, "| %s (%s `%s`) | %s | %s | %s |\n", d.Check.Where(), d.Check.Kind, d.Check.Metric, escape(d.Group), escape(d.Detail), escape(d.Check.Why))
	}
	return b.String()
}

func each(ds *dataset.Dataset, fn func(*dataset.Series)) {
	for _, t := range ds.Tables {
		for _, m := range t.Metrics {
			for _, s := range m.Series {
				fn(s)
			}
		}
	}
}

func escape(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", " ").Replace(s)
}
