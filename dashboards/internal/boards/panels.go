package boards

import (
	"fmt"

	"github.com/grafana-tools/sdk"
)

// Panel is what every data panel states: what it shows, where the figures
// come from, and their unit.
type Panel struct {
	Title       string
	Description string // cites the table(s) and source
	Unit        string // Grafana unit id: currencyKRW, currencyUSD, percentunit, short, ...
	W, H        int
	Decimals    *int
}

// Query is one Prometheus target.
type Query struct {
	Expr   string
	Legend string
	// Range queries draw a time axis; everything else is an instant query at
	// the dashboard's "to" time, as the data's period is a label.
	Range bool
	// Table asks for Grafana's table format: one row per series, one column
	// per label.
	Table bool
}

// Series is one query of a panel that draws several, each a named bar
// (or column): Expr selects it, Pin is the label its selector pins to one
// value (size="sme"), dropped so that the queries merge on the others.
type Series struct {
	Name string
	Expr string
	Pin  string
}

func targets(qs []Query) []sdk.Target {
	out := make([]sdk.Target, len(qs))
	for i, q := range qs {
		t := sdk.Target{RefID: string(rune('A' + i)), Datasource: dsRef, Expr: q.Expr, LegendFormat: q.Legend}
		if !q.Range {
			t.Instant = true
		}
		if q.Table {
			t.Format = "table"
		}
		out[i] = t
	}
	return out
}

// defaults are the field defaults every data panel states.
func (p Panel) defaults(custom any) Field {
	return Field{Unit: p.Unit, Decimals: p.Decimals, Custom: custom}
}

func (d *Dashboard) custom(kind string, p Panel, qs []Query, fc FieldConfig, transformations []Transformation, options any) {
	if p.W == 0 {
		p.W = 12
	}
	if p.H == 0 {
		p.H = 8
	}
	panel := sdk.NewCustom(p.Title)
	panel.Type = kind
	panel.Datasource = dsRef
	if p.Description != "" {
		panel.Description = ptr(p.Description)
	}
	if fc.Overrides == nil {
		fc.Overrides = []Override{}
	}
	c := *panel.CustomPanel
	c["targets"] = targets(qs)
	c["fieldConfig"] = fc
	c["options"] = options
	if transformations != nil {
		c["transformations"] = transformations
	}
	d.add(panel, p.W, p.H)
}

// valueFields are the value columns of n table queries as Grafana names
// them: "Value" for one query, "Value #A", "Value #B", ... for several.
func valueFields(n int) []string {
	if n == 1 {
		return []string{"Value"}
	}
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("Value #%c", 'A'+i)
	}
	return out
}

// xField is the override of a bar chart's x (category) field: its values
// are names, never numbers in the panel's unit (Grafana formats a
// numeric-looking "2001" with the field's unit: displayProcessor), and the
// mappings that name them are on it alone (mappings in the defaults are
// listed as legend items by the barchart).
func xField(name string, mappings ...Mapping) Override {
	props := []Property{{ID: "unit", Value: "string"}}
	if len(mappings) > 0 {
		props = append(props, Property{ID: "mappings", Value: mappings})
	}
	return byName(name, props...)
}

// barCustom sets no axis minimum and no log scale: Grafana's barchart then
// starts the value axis at zero (utils.ts, prepConfig: "make barcharts
// start at 0 unless explicitly overridden"), so a bar's length is its
// value.
func barCustom() BarCustom {
	return BarCustom{FillOpacity: 80, LineWidth: 1, GradientMode: "none", AxisPlacement: "auto"}
}

// maxLabel is the barcharts' xTickLabelMaxLength: longer than any human
// name of the vocabulary (TestLabelsFitTheBarCharts), so no label is cut.
const maxLabel = 80

func barOptions(xField string, horizontal, stacked, showLegend bool) BarChartOptions {
	o := BarChartOptions{
		XField:              xField,
		XTickLabelMaxLength: maxLabel,
		Orientation:         "vertical",
		GroupWidth:          0.7,
		BarWidth:            0.9,
		ShowValue:           "never",
		Stacking:            "none",
		Legend:              listLegend(showLegend),
		Tooltip:             multiTooltip,
	}
	if horizontal {
		o.Orientation = "horizontal"
	}
	if stacked {
		o.Stacking = "normal"
	}
	return o
}

// Bars draws one bar group per period (years, or years and quarters) and,
// in each, one bar per value of By (named by the exporter's vocabulary),
// or one bar per Series, or a single bar named Name.
type Bars struct {
	Panel
	Expr string
	// Period are the labels of the x axis, joined ("2001 Q1"); default year.
	Period []string
	// By is the label whose values are the bars of a group (the legend).
	By string
	// Name names the one bar of a single-series panel.
	Name string
	// Series are several queries, one bar each, instead of Expr.
	Series []Series
	// Stacked stacks the parts of a whole: the group's height is the whole
	// (also for shares, which add up to 1 without Grafana's percent
	// stacking, which would give the x axis a percent unit too).
	Stacked bool
}

func (d *Dashboard) Bars(b Bars) {
	if len(b.Period) == 0 {
		b.Period = []string{"year"}
	}
	x := periodTitle(b.Period)
	var qs []Query
	var tr []Transformation
	if b.By != "" {
		pivoted := "period\\" + nameOf(b.By)
		qs = []Query{{Expr: once(period(ranked(selector(b.Expr), b.By), b.Period)), Table: true}}
		tr = []Transformation{
			// Rows in the vocabulary's order make the pivot's columns (the
			// legend) come in that order.
			sortBy(rankOf(b.By), false),
			{ID: "groupingToMatrix", Options: GroupingToMatrix{ColumnField: nameOf(b.By), RowField: "period", ValueField: "Value", EmptyValue: "null"}},
			sortBy(pivoted, false),
			organize(Organize{RenameByName: map[string]string{pivoted: x}}),
		}
	} else {
		series := b.Series
		if len(series) == 0 {
			series = []Series{{Name: b.Name, Expr: b.Expr}}
		}
		values := valueFields(len(series))
		o := Organize{IncludeByName: map[string]bool{"period": true}, IndexByName: map[string]int{"period": 0}, RenameByName: map[string]string{"period": x}}
		for i, s := range series {
			qs = append(qs, Query{Expr: once(period(selector(s.Expr), b.Period), pinned(s.Pin)...), Table: true})
			o.IncludeByName[values[i]] = true
			o.IndexByName[values[i]] = i + 1
			o.RenameByName[values[i]] = s.Name
		}
		if len(series) > 1 {
			tr = append(tr, merge())
		}
		tr = append(tr, sortBy("period", false), organize(o))
	}
	d.custom("barchart", b.Panel, qs,
		FieldConfig{Defaults: b.defaults(barCustom()), Overrides: []Override{xField(x, statusMappings...)}},
		tr, barOptions(x, false, b.Stacked, true))
}

func pinned(label string) []string {
	if label == "" {
		return nil
	}
	return []string{label}
}

func periodTitle(period []string) string {
	if len(period) == 2 && period[0] == "year" && period[1] == "quarter" {
		return labelTitle("quarter")
	}
	return labelTitle(period[0])
}

// Categories draws one horizontal bar per value of a label (industries,
// size classes) for one period, named by the exporter's vocabulary: a
// single series named Name (default: the title), or one bar per Series.
type Categories struct {
	Panel
	Expr   string
	By     string
	Name   string
	Series []Series
	// Natural order is the vocabulary's (size classes small to large);
	// otherwise the largest value comes first.
	Natural bool
}

func (d *Dashboard) Categories(c Categories) {
	series := c.Series
	if len(series) == 0 {
		name := c.Name
		if name == "" {
			name = c.Title
		}
		series = []Series{{Name: name, Expr: c.Expr}}
	}
	x := labelTitle(c.By)
	values := valueFields(len(series))
	var qs []Query
	o := Organize{IncludeByName: map[string]bool{nameOf(c.By): true}, IndexByName: map[string]int{nameOf(c.By): 0}, RenameByName: map[string]string{nameOf(c.By): x}}
	join := named
	if c.Natural {
		join = ranked
	}
	for i, s := range series {
		qs = append(qs, Query{Expr: once(join(selector(s.Expr), c.By), pinned(s.Pin)...), Table: true})
		o.IncludeByName[values[i]] = true
		o.IndexByName[values[i]] = i + 1
		o.RenameByName[values[i]] = s.Name
	}
	var tr []Transformation
	if len(series) > 1 {
		tr = append(tr, merge())
	}
	if c.Natural {
		tr = append(tr, sortBy(rankOf(c.By), false))
	} else {
		tr = append(tr, sortBy(values[0], true))
	}
	tr = append(tr, organize(o))
	d.custom("barchart", c.Panel, qs,
		FieldConfig{Defaults: c.defaults(barCustom()), Overrides: []Override{xField(x)}},
		tr, barOptions(x, true, false, len(series) > 1))
}

// Trend draws the series of By over the years as lines on a numeric year
// axis (Grafana's trend panel): it stays readable over 25 years and several
// countries, where grouped bars would be 3 px wide and mostly empty.
type Trend struct {
	Panel
	Expr string // instant, with "year" and By labels
	By   string
}

func (d *Dashboard) Trend(t Trend) {
	x := "year\\" + t.By
	year := labelTitle("year")
	d.custom("trend", t.Panel, []Query{{Expr: once(t.Expr), Table: true}},
		FieldConfig{
			Defaults: t.defaults(LineCustom{DrawStyle: "line", LineWidth: 2, ShowPoints: "always", PointSize: 5, SpanNulls: true, LineInterpolation: "linear", AxisPlacement: "auto"}),
			// The year is a number on the x axis: without its own unit it
			// takes the panel's ("200000%").
			Overrides: []Override{byName(year, Property{ID: "unit", Value: "none"}, Property{ID: "decimals", Value: 0})},
		},
		[]Transformation{
			{ID: "groupingToMatrix", Options: GroupingToMatrix{ColumnField: t.By, RowField: "year", ValueField: "Value", EmptyValue: "null"}},
			{ID: "convertFieldType", Options: ConvertFieldType{Conversions: []Conversion{{TargetField: x, DestinationType: "number"}}}},
			sortBy(x, false),
			organize(Organize{RenameByName: map[string]string{x: year}}),
		},
		TrendOptions{XField: year, Legend: listLegend(true), Tooltip: multiTooltip})
}

// Stat shows single figures, each labelled by its legend; By names them by
// the vocabulary ({{<By>_name}} in the legend).
type Stat struct {
	Panel
	Queries []Query
	By      string
	// Mappings turn a value into a word and a colour (UP in green, DOWN in
	// red); with them the stat is coloured by its value.
	Mappings []Mapping
	// PerInstance shows each scraped exporter: no folding of replicas.
	PerInstance bool
}

func (d *Dashboard) Stat(s Stat) {
	colorMode := "none"
	if s.Mappings != nil {
		colorMode = "background"
	}
	qs := make([]Query, len(s.Queries))
	for i, q := range s.Queries {
		qs[i] = q
		if s.PerInstance {
			continue
		}
		if s.By != "" {
			q.Expr = named(selector(q.Expr), s.By)
		} else {
			q.Expr = selector(q.Expr)
		}
		qs[i].Expr = once(q.Expr)
	}
	def := s.defaults(nil)
	def.Mappings = s.Mappings
	d.custom("stat", s.Panel, qs, FieldConfig{Defaults: def}, nil, StatOptions{
		ReduceOptions:          lastNotNull,
		ColorMode:              colorMode,
		GraphMode:              "none",
		JustifyMode:            "auto",
		Orientation:            "auto",
		TextMode:               "value_and_name",
		WideLayout:             true,
		PercentChangeColorMode: "standard",
	})
}

// Headline is one figure of a board's Headlines row: Expr is one series,
// labelled by Legend (its year).
type Headline struct {
	Title       string
	Description string
	Unit        string
	Expr        string
	Legend      string
}

// Headlines opens a board with its main figures, side by side in one row.
func (d *Dashboard) Headlines(hs ...Headline) {
	d.row("Headlines")
	for _, h := range hs {
		d.Stat(Stat{
			Panel:   Panel{Title: h.Title, Description: h.Description, Unit: h.Unit, W: 24 / len(hs), H: 4},
			Queries: []Query{{Expr: h.Expr, Legend: h.Legend}},
		})
	}
}

// Pie shows the composition of a whole for one period, each part named by
// the vocabulary's name of its By value.
type Pie struct {
	Panel
	Expr string
	By   string
	// Shares: the values are already shares of the whole, so the legend
	// shows them alone, not beside the same share recomputed.
	Shares bool
}

// Pie's percentages take the field's decimals (Grafana's piechart,
// PieChartPanel.tsx, getLegend: percentOfTotal.toFixed(field.decimals ?? 0)):
// with none, a slice under half a percent reads "0%".
func (d *Dashboard) Pie(p Pie) {
	values := []string{"value", "percent"}
	if p.Shares {
		values = []string{"value"}
	}
	q := Query{Expr: once(named(selector(p.Expr), p.By)), Legend: "{{" + nameOf(p.By) + "}}"}
	d.custom("piechart", p.Panel, []Query{q}, FieldConfig{Defaults: p.defaults(nil)}, nil, PieOptions{
		ReduceOptions: lastNotNull,
		PieType:       "donut",
		DisplayLabels: []string{"percent"},
		Orientation:   "auto",
		Legend:        Legend{ShowLegend: true, DisplayMode: "table", Placement: "right", Calcs: []string{}, Values: values},
		Tooltip:       Tooltip{Mode: "single", Sort: "none"},
	})
}

// TimeSeries draws range queries over the dashboard's time range.
type TimeSeries struct {
	Panel
	Queries []Query
	// Dashed are the refIds of queries drawn dashed with points: figures
	// that are not reported (projections, preliminary figures).
	Dashed []string
	// Steps draws values held until the next one.
	Steps bool
	// Colors fix the colour of the series whose names match a regexp, so
	// that a flow keeps its colour across the queries that draw it.
	Colors map[string]string
}

func (d *Dashboard) TimeSeries(ts TimeSeries) {
	var overrides []Override
	for i := range ts.Queries {
		ts.Queries[i].Range = true
		overrides = append(overrides, legendOverrides(ts.Queries[i])...)
	}
	for _, ref := range ts.Dashed {
		overrides = append(overrides, Override{Matcher: Matcher{ID: "byFrameRefID", Options: ref}, Properties: []Property{
			{ID: "custom.lineStyle", Value: map[string]any{"fill": "dash", "dash": []int{10, 10}}},
			{ID: "custom.showPoints", Value: "always"},
		}})
	}
	for _, re := range sortedKeys(ts.Colors) {
		overrides = append(overrides, Override{Matcher: Matcher{ID: "byRegexp", Options: re}, Properties: []Property{
			{ID: "color", Value: Color{Mode: "fixed", FixedColor: ts.Colors[re]}},
		}})
	}
	interpolation := "linear"
	if ts.Steps {
		interpolation = "stepAfter"
	}
	d.custom("timeseries", ts.Panel, ts.Queries, FieldConfig{
		// No fill: a filled area reads as an amount from the axis, and
		// the axis is fitted to the data, not started at zero.
		Defaults:  ts.defaults(LineCustom{DrawStyle: "line", LineWidth: 1, ShowPoints: "never", LineInterpolation: interpolation, AxisPlacement: "auto"}),
		Overrides: overrides,
	}, nil, TimeSeriesOptions{Legend: listLegend(true), Tooltip: multiTooltip})
}

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

// years are the columns of a table pivoted by year, in unit with one
// decimal each, so that a column does not mix "2.68 Mil" with "5 K".
func years(unit string, ys ...string) []Column {
	out := make([]Column, len(ys))
	for i, y := range ys {
		out[i] = Column{Label: y, Title: y, Unit: unit, Decimals: ptr(1)}
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
		return selector, rows, rows
	}
	return func(e string) string { return ranked(selector(e), rows) }, nameOf(rows), rankOf(rows)
}

func (d *Dashboard) Table(t Table) {
	t.H = tableHeight(t.Count)
	join, rowField, rowSort := rowsField(t.Rows)
	rowTitle := labelTitle(t.Rows)
	var qs []Query
	var tr []Transformation
	var overrides []Override
	column := func(title, unit string, decimals *int) {
		props := []Property{{ID: "unit", Value: unit}}
		if decimals != nil {
			props = append(props, Property{ID: "decimals", Value: *decimals})
		}
		overrides = append(overrides, byName(title, props...))
	}
	o := Organize{IncludeByName: map[string]bool{}, IndexByName: map[string]int{}, RenameByName: map[string]string{}}
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
		qs = []Query{{Expr: once(join(t.Expr)), Table: true}}
		tr = append(tr,
			sortBy(rowSort, false),
			Transformation{ID: "groupingToMatrix", Options: GroupingToMatrix{ColumnField: t.Pivot, RowField: rowField, ValueField: "Value", EmptyValue: "null"}})
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
			qs = append(qs, Query{Expr: once(join(m.Expr)), Table: true})
			keep(values[i], m.Title)
			column(m.Title, m.Unit, m.Decimals)
		}
		tr = append(tr, merge(), sortBy(rowSort, false))
	default:
		qs = []Query{{Expr: once(join(t.Expr)), Table: true}}
		tr = append(tr, sortBy(rowSort, false))
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
	d.custom("table", t.Panel, qs, FieldConfig{Defaults: t.defaults(tableCustom), Overrides: overrides}, tr, tableOptions)
}

// tableHeight is the panel height (grid units of 30 px plus 8 px between)
// that shows a header and n rows of the "sm" cell height (36 px) under the
// panel's title (32 px) without scrolling.
func tableHeight(n int) int {
	px := 32 + 36*(n+1) + 8
	return (px + 8 + 37) / 38
}
