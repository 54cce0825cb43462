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
	var overrides []override
	column := func(title, unit string, decimals *int) {
		props := []property{{ID: "unit", Value: unit}}
		if decimals != nil {
			props = append(props, property{ID: "decimals", Value: *decimals})
		}
		overrides = append(overrides, byName(title, props...))
	}
	o := organizeOptions{IncludeByName: map[string]bool{}, IndexByName: map[string]int{}, RenameByName: map[string]string{}}
	keep := func(field, title string) {
		o.IncludeByName[field] = true
		o.IndexByName[field] = len(o.IndexByName)
		o.RenameByName[field] = title
	}
	// The rows are names, not numbers in the panel's unit (a year would
	// read "2.00 K").
	column(rowTitle, "string", nil)
	switch {
	case t.Pivot != "":
		first := rowField + "\\" + t.Pivot
		qs = []Query{{Expr: query.Once(join(t.Expr)), Table: true}}
		tr = append(tr,
			sortAscending(rowSort),
			transformation{ID: "groupingToMatrix", Options: groupingToMatrix{ColumnField: t.Pivot, RowField: rowField, ValueField: "Value", EmptyValue: "null"}})
		keep(first, rowTitle)
		for _, c := range t.Columns {
			title := c.Title
			if title == "" {
				title = display(t.Pivot, c.Label)
			}
			keep(c.Label, title)
			column(title, c.Unit, c.Decimals)
		}
		o.IncludeByName = nil // the pivot's columns are all shown, in the order given
	case len(t.Measures) > 0:
		values := valueFields(len(t.Measures))
		keep(rowField, rowTitle)
		for i, m := range t.Measures {
			qs = append(qs, Query{Expr: query.Once(join(m.Expr)), Table: true})
			keep(values[i], m.Title)
			column(m.Title, m.Unit, m.Decimals)
		}
		tr = append(tr, merge(), sortAscending(rowSort))
	default:
		qs = []Query{{Expr: query.Once(join(t.Expr)), Table: true}}
		tr = append(tr, sortAscending(rowSort))
		keep(rowField, rowTitle)
		for _, l := range t.Keep {
			keep(l, labelTitle(l))
			// A year is a name here, not a number in the panel's unit.
			column(labelTitle(l), "string", nil)
		}
		keep("Value", t.Value)
		column(t.Value, t.Unit, t.Decimals)
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
	o := organizeOptions{IncludeByName: map[string]bool{}, IndexByName: map[string]int{}, RenameByName: map[string]string{}}
	for i, k := range j.Key {
		o.RenameByName[k], o.IndexByName[k], o.IncludeByName[k] = labelHeadings[k], i, true
	}
	var overrides []override
	values := valueFields(len(j.Columns))
	for i, c := range j.Columns {
		// The same labels on every query, so that merge joins their rows.
		qs = append(qs, Query{Expr: "max by (" + strings.Join(j.Key, ", ") + ") (" + c.Expr + ")", Table: true})
		value := values[i]
		o.RenameByName[value], o.IndexByName[value], o.IncludeByName[value] = c.Title, len(j.Key)+i, true
		props := []property{{ID: "unit", Value: c.Unit}}
		if c.Decimals != nil {
			props = append(props, property{ID: "decimals", Value: *c.Decimals})
		}
		if c.Mappings != nil {
			props = append(props, property{ID: "mappings", Value: c.Mappings})
		}
		if c.Thresholds != nil {
			props = append(props, property{ID: "thresholds", Value: c.Thresholds}, property{ID: "color", Value: colorScheme{Mode: "thresholds"}})
		}
		if c.Colored {
			props = append(props, property{ID: "custom.cellOptions", Value: cellOptions{Type: "color-background", Mode: "basic"}})
		}
		overrides = append(overrides, byName(c.Title, props...))
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
	o := organizeOptions{IncludeByName: map[string]bool{}, IndexByName: map[string]int{}, RenameByName: map[string]string{}}
	for i, k := range []string{"alertname", "alertstate", "severity", "instance", "source"} {
		o.IncludeByName[k], o.RenameByName[k], o.IndexByName[k] = true, labelHeadings[k], i
	}
	d.custom(customPanel{
		kind: "table", panel: a.Panel, queries: []Query{{Expr: a.Expr, Table: true}},
		fieldConfig:     fieldConfig{Defaults: fieldOptions{Custom: tableCustom}},
		transformations: []transformation{organize(o)},
		options:         defaultTableOptions,
	})
}
