package dashboard

import (
	"strings"

	"github.com/korea-ict-exporter/korea-ict-exporter/dashboards/internal/query"
)

// Column is one column of a Table.
type Column struct {
	// Label is the pivoted label value the column comes from.
	Label string
	// Title is the column's heading; default: the vocabulary's name of
	// Label.
	Title    string
	Unit     string
	Decimals *int
}

// YearColumns are the columns of a table pivoted by year, in unit with one
// decimal each, so that a column does not mix "2.68 Mil" with "5 K".
func YearColumns(unit string, ys ...string) []Column {
	out := make([]Column, len(ys))
	for i, y := range ys {
		out[i] = Column{Label: y, Title: y, Unit: unit, Decimals: new(1)}
	}
	return out
}

// Table lists figures one row per value of Rows (by its human name, in
// the vocabulary's order). With Pivot, the values of that label become
// the Columns; with Measures, each is a query and a column; otherwise the
// rows keep the label columns Keep and one value column named Value.
type Table struct {
	Panel
	Expr     string
	Rows     string
	Pivot    string
	Columns  []Column
	Measures []Measure
	Keep     []string
	Value    string
	// Count is the number of rows the panel is sized for.
	Count int
}

// Measure is one query of a Table, shown as a column.
type Measure struct {
	Title    string
	Expr     string
	Unit     string
	Decimals *int
}

// rowsField names a table's rows: the vocabulary's name of Rows' values,
// or the values themselves for a label the vocabulary does not list
// (years).
func rowsField(rows string) (expr func(string) string, field, sort string) {
	if len(labelValues(rows)) == 0 {
		return query.Select, rows, rows
	}
	return func(e string) string { return query.Ranked(query.Select(e), rows) }, query.NameOf(rows), query.RankOf(rows)
}

// Table adds a Table panel.
func (d *Dashboard) Table(t Table) {
	t.H = tableHeight(t.Count)
	join, rowField, rowSort := rowsField(t.Rows)
	rowTitle := labelTitle(t.Rows)
	var qs []Query
	var tr []transformation
	o := keeping()
	// The rows are names, not numbers in the panel's unit (a year would
	// read "2.00 K").
	overrides := []override{column(rowTitle, "string", nil)}
	switch {
	case t.Pivot != "":
		grouping, first := pivot(rowField, t.Pivot)
		qs = []Query{{Expr: query.Once(join(t.Expr)), Table: true}}
		tr = append(tr, sortAscending(rowSort), grouping)
		o.keep(first, rowTitle)
		for _, c := range t.Columns {
			title := c.Title
			if title == "" {
				title = display(t.Pivot, c.Label)
			}
			o.keep(c.Label, title)
			overrides = append(overrides, column(title, c.Unit, c.Decimals))
		}
		o.IncludeByName = nil // the pivot's columns are all shown, in the order given
	case len(t.Measures) > 0:
		values := valueFields(len(t.Measures))
		o.keep(rowField, rowTitle)
		for i, m := range t.Measures {
			qs = append(qs, Query{Expr: query.Once(join(m.Expr)), Table: true})
			o.keep(values[i], m.Title)
			overrides = append(overrides, column(m.Title, m.Unit, m.Decimals))
		}
		tr = append(tr, merge(), sortAscending(rowSort))
	default:
		qs = []Query{{Expr: query.Once(join(t.Expr)), Table: true}}
		tr = append(tr, sortAscending(rowSort))
		o.keep(rowField, rowTitle)
		for _, l := range t.Keep {
			o.keep(l, labelTitle(l))
			// A year is a name here, not a number in the panel's unit.
			overrides = append(overrides, column(labelTitle(l), "string", nil))
		}
		o.keep("Value", t.Value)
		overrides = append(overrides, column(t.Value, t.Unit, t.Decimals))
	}
	tr = append(tr, organize(o))
	d.custom(customPanel{
		kind: "table", panel: t.Panel, queries: qs,
		fieldConfig:     fieldConfig{Defaults: t.defaults(tableCustom), Overrides: overrides},
		transformations: tr,
		options:         defaultTableOptions,
	})
}

// tableHeight is the panel height (grid units of 30 px plus 8 px between)
// that shows a header and n rows of the "sm" cell height (36 px) under the
// panel's title (32 px) without scrolling.
func tableHeight(n int) int {
	px := 32 + 36*(n+1) + 8
	return (px + 8 + 37) / 38
}

// JoinedColumn is one query of a Joined table: its value becomes a column.
type JoinedColumn struct {
	Title    string
	Expr     string
	Unit     string
	Decimals *int
	Mappings []Mapping
	// Colored cells take the colour of their mapping or threshold; the
	// others stay plain.
	Colored    bool
	Thresholds *Thresholds
}

// Joined is a table that joins several instant queries on their common
// labels (Grafana's merge transformation): one row per Key, one column per
// query.
type Joined struct {
	Panel
	Key     []string
	Columns []JoinedColumn
	Count   int // rows the panel is sized for
}

// Joined adds a Joined table.
func (d *Dashboard) Joined(j Joined) {
	j.H = tableHeight(j.Count)
	var qs []Query
	o := keeping()
	for _, k := range j.Key {
		o.keep(k, labelHeadings[k])
	}
	var overrides []override
	values := valueFields(len(j.Columns))
	for i, c := range j.Columns {
		// The same labels on every query, so that merge joins their rows.
		qs = append(qs, Query{Expr: "max by (" + strings.Join(j.Key, ", ") + ") (" + c.Expr + ")", Table: true})
		o.keep(values[i], c.Title)
		var more []property
		if c.Mappings != nil {
			more = append(more, property{ID: "mappings", Value: c.Mappings})
		}
		if c.Thresholds != nil {
			more = append(more, property{ID: "thresholds", Value: c.Thresholds}, property{ID: "color", Value: colorScheme{Mode: "thresholds"}})
		}
		if c.Colored {
			more = append(more, property{ID: "custom.cellOptions", Value: cellOptions{Type: "color-background", Mode: "basic"}})
		}
		overrides = append(overrides, column(c.Title, c.Unit, c.Decimals, more...))
	}
	d.custom(customPanel{
		kind: "table", panel: j.Panel, queries: qs,
		fieldConfig:     fieldConfig{Defaults: fieldOptions{Custom: tableCustom}, Overrides: overrides},
		transformations: []transformation{merge(), organize(o)},
		options:         defaultTableOptions,
	})
}

// labelHeadings are the headings of the labels of the exporter's own
// metrics and of Prometheus' ALERTS, which the vocabulary does not list.
var labelHeadings = map[string]string{
	"alertname": "Alert", "alertstate": "State", "severity": "Severity",
	"instance": "Instance", "source": "Source",
}

// Alerts is a table of the alerts Expr selects (an ALERTS selector), one
// row each: name, state, severity, instance and source.
type Alerts struct {
	Panel
	Expr string
}

// Alerts adds an Alerts table.
func (d *Dashboard) Alerts(a Alerts) {
	o := keeping()
	for _, k := range []string{"alertname", "alertstate", "severity", "instance", "source"} {
		o.keep(k, labelHeadings[k])
	}
	d.custom(customPanel{
		kind: "table", panel: a.Panel, queries: []Query{{Expr: a.Expr, Table: true}},
		fieldConfig:     fieldConfig{Defaults: fieldOptions{Custom: tableCustom}},
		transformations: []transformation{organize(o)},
		options:         defaultTableOptions,
	})
}
