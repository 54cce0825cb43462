package boards

import (
	"fmt"
	"strings"

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
	Legend string // a legend template: its label values are shown by their human names
	// Range queries draw a time axis; everything else is an instant query at
	// the dashboard's "to" time, as the data's period is a label.
	Range bool
	// Table asks for Grafana's table format: one row per series, one column
	// per label.
	Table bool
}

// Axis is how a chart's value axis reads.
type Axis struct {
	// Log is a log10 scale, for values spanning orders of magnitude.
	Log bool
	// Min and Max bound the axis where values cluster far from zero.
	Min, Max *float64
	// Percent stacks the bars of a group to 100 %: for compositions.
	Percent bool
	// Stacked stacks the parts of a whole: the group's height is the whole,
	// and a part missing in one period leaves no empty slot.
	Stacked bool
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

// fields is a panel's fieldConfig.
type fields struct {
	custom    map[string]any
	mappings  []any
	overrides []any
	axis      Axis
}

func (f fields) json(p Panel) map[string]any {
	defaults := map[string]any{}
	if f.custom != nil {
		custom := map[string]any{}
		for k, v := range f.custom {
			custom[k] = v
		}
		if f.axis.Log {
			custom["scaleDistribution"] = map[string]any{"type": "log", "log": 10}
		}
		defaults["custom"] = custom
	}
	if p.Unit != "" {
		defaults["unit"] = p.Unit
	}
	if p.Decimals != nil {
		defaults["decimals"] = *p.Decimals
	}
	if f.axis.Min != nil {
		defaults["min"] = *f.axis.Min
	}
	if f.axis.Max != nil {
		defaults["max"] = *f.axis.Max
	}
	if len(f.mappings) > 0 {
		defaults["mappings"] = f.mappings
	}
	overrides := f.overrides
	if overrides == nil {
		overrides = []any{}
	}
	return map[string]any{"defaults": defaults, "overrides": overrides}
}

func (d *Dashboard) custom(kind string, p Panel, qs []Query, fc fields, transformations []any, options map[string]any) {
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
	c := *panel.CustomPanel
	c["targets"] = targets(qs)
	c["fieldConfig"] = fc.json(p)
	c["options"] = options
	if transformations != nil {
		c["transformations"] = transformations
	}
	d.add(panel, p.W, p.H)
}

func transformation(id string, options map[string]any) map[string]any {
	return map[string]any{"id": id, "options": options}
}

func legend(show bool) map[string]any {
	return map[string]any{"showLegend": show, "displayMode": "list", "placement": "bottom", "calcs": []any{}}
}

var barCustom = map[string]any{"fillOpacity": 80, "lineWidth": 1, "gradientMode": "none", "axisPlacement": "auto", "axisLabel": "", "axisCenteredZero": false}

func barOptions(xField string, horizontal bool, axis Axis, showLegend bool) map[string]any {
	orientation, rotation := "vertical", 0
	if horizontal {
		orientation = "horizontal"
	}
	stacking := "none"
	switch {
	case axis.Percent:
		stacking = "percent"
	case axis.Stacked:
		stacking = "normal"
	}
	return map[string]any{
		"xField": xField, "orientation": orientation, "groupWidth": 0.7, "barWidth": 0.9,
		"showValue": "never", "stacking": stacking, "xTickLabelRotation": rotation, "xTickLabelMaxLength": 0, "fullHighlight": false,
		"legend":  legend(showLegend),
		"tooltip": map[string]any{"mode": "multi", "sort": "none"},
	}
}

// statuses other than "reported" and "undated", which mark the period they
// belong to.
var markedStatuses = []string{"preliminary", "projection", "estimate"}

// periodLabel joins a series' period labels (year, quarter, or a category
// standing for the period) into a "period" label, marking a period whose
// status is not "reported" by its status ("2003 (preliminary)"): status
// marks the bar group's label instead of opening a series slot that is
// empty in every other period.
func periodLabel(expr string, period []string) string {
	q := fmt.Sprintf(`label_join(%s, "period", " ", %s, "status")`, expr, quoteAll(period))
	q = fmt.Sprintf(`label_replace(%s, "period", "$1", "period", "(.*) (reported|undated)")`, q)
	for _, s := range markedStatuses {
		q = fmt.Sprintf(`label_replace(%s, "period", %q, "period", %q)`, q, "$1 ("+display("status", s)+")", "(.*) "+s)
	}
	return q
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// Bars draws one bar group per period (years, quarters, or the categories
// of a label) and, in each, one bar per value of By.
type Bars struct {
	Panel
	Expr string
	// Period are the labels of the x axis, joined ("2001 Q1"); default year.
	Period []string
	// By is the label whose values are the bars of a group (the legend); an
	// empty By draws one bar per period, named Name.
	By, Name string
	Axis
	// Horizontal bars, for long category names on the axis.
	Horizontal bool
}

// Bars: an instant query in table format turned into a period × By matrix
// (groupingToMatrix), periods in order, bars in the vocabulary's order and
// under their human names.
func (d *Dashboard) Bars(b Bars) {
	if len(b.Period) == 0 {
		b.Period = []string{"year"}
	}
	expr, by := b.Expr, b.By
	if by == "" {
		by = "series"
		expr = fmt.Sprintf(`label_replace(%s, "series", %q, "", "")`, expr, b.Name)
	}
	x := "period\\" + by
	title := periodTitle(b.Period)
	rename := renames(by)
	rename[x] = title
	// A category standing for the period is shown by its human name.
	var mappings []any
	if len(b.Period) == 1 && b.Period[0] != "year" {
		mappings = valueMappings(b.Period[0])
	}
	d.custom("barchart", b.Panel, []Query{{Expr: periodLabel(expr, b.Period), Table: true}},
		fields{custom: barCustom, mappings: mappings, axis: b.Axis},
		[]any{
			transformation("groupingToMatrix", map[string]any{"columnField": by, "rowField": "period", "valueField": "Value", "emptyValue": "null"}),
			transformation("sortBy", map[string]any{"sort": []any{map[string]any{"field": x}}}),
			transformation("organize", map[string]any{"renameByName": rename, "indexByName": order(by, 1), "excludeByName": map[string]any{}}),
		},
		barOptions(title, b.Horizontal, b.Axis, true))
}

func periodTitle(period []string) string {
	if len(period) == 2 && period[0] == "year" && period[1] == "quarter" {
		return labelTitle("quarter")
	}
	return labelTitle(period[0])
}

// Categories draws one bar per value of a label (industries, size classes)
// for one period.
type Categories struct {
	Panel
	Expr string
	By   string
	// Natural order is the vocabulary's (size classes small to large);
	// otherwise the largest value comes first.
	Natural bool
	Axis
}

// Categories: an instant query in table format, one row per value of By,
// each shown by its human name.
func (d *Dashboard) Categories(c Categories) {
	expr := c.Expr
	sort := map[string]any{"field": "Value", "desc": true}
	if c.Natural {
		expr = rankLabel(expr, c.By)
		sort = map[string]any{"field": "rank"}
		if len(labelValues(c.By)) == 0 {
			sort = map[string]any{"field": c.By}
		}
	}
	title := labelTitle(c.By)
	d.custom("barchart", c.Panel, []Query{{Expr: expr, Table: true}},
		fields{custom: barCustom, mappings: valueMappings(c.By), axis: c.Axis},
		[]any{
			transformation("sortBy", map[string]any{"sort": []any{sort}}),
			transformation("organize", map[string]any{
				"includeByName": map[string]any{c.By: true, "Value": true},
				"renameByName":  map[string]any{c.By: title, "Value": c.Title},
			}),
		},
		barOptions(title, true, c.Axis, false))
}

// rankLabel adds a "rank" label, the value's position in the vocabulary
// ("00", "01", ...), for sorting rows in natural order: Prometheus returns
// series in no particular order and Grafana sorts by field values.
func rankLabel(expr, label string) string {
	for i, v := range labelValues(label) {
		expr = fmt.Sprintf(`label_replace(%s, "rank", "%02d", %q, %q)`, expr, i, label, regexpQuote(v))
	}
	return expr
}

func regexpQuote(s string) string {
	r := strings.NewReplacer(`+`, `\\+`, `.`, `\\.`, `(`, `\\(`, `)`, `\\)`, `*`, `\\*`, `?`, `\\?`, `|`, `\\|`)
	return r.Replace(s)
}

// Trend draws the series of By over the years as lines on a numeric year
// axis (Grafana's trend panel): it stays readable over 25 years and several
// countries, where grouped bars would be 3 px wide and mostly empty.
type Trend struct {
	Panel
	Expr string // instant, with "year" and By labels
	By   string
	// Renames are the human names of the series (By's values built by the
	// query, such as "World Bank · KOR").
	Renames map[string]any
}

func (d *Dashboard) Trend(t Trend) {
	x := "year\\" + t.By
	rename := map[string]any{x: labelTitle("year")}
	for k, v := range t.Renames {
		rename[k] = v
	}
	d.custom("trend", t.Panel, []Query{{Expr: t.Expr, Table: true}},
		fields{custom: map[string]any{
			"drawStyle": "line", "lineWidth": 2, "fillOpacity": 0, "showPoints": "always", "pointSize": 5,
			"spanNulls": true, "axisPlacement": "auto", "axisLabel": "", "lineInterpolation": "linear",
		}},
		[]any{
			transformation("groupingToMatrix", map[string]any{"columnField": t.By, "rowField": "year", "valueField": "Value", "emptyValue": "null"}),
			transformation("convertFieldType", map[string]any{"conversions": []any{map[string]any{"targetField": x, "destinationType": "number"}}, "fields": map[string]any{}}),
			transformation("sortBy", map[string]any{"sort": []any{map[string]any{"field": x}}}),
			transformation("organize", map[string]any{"renameByName": rename, "indexByName": map[string]any{}, "excludeByName": map[string]any{}}),
		},
		map[string]any{
			"xField":  labelTitle("year"),
			"legend":  legend(true),
			"tooltip": map[string]any{"mode": "multi", "sort": "none"},
		})
}

// overridesFor names every query's series by human names (legendOverrides).
func overridesFor(qs []Query) []any {
	var out []any
	for _, q := range qs {
		out = append(out, legendOverrides(q.Legend)...)
	}
	return out
}

// Stat shows single figures, each labelled by its legend.
type Stat struct {
	Panel
	Queries []Query
	// Mappings turn a value into a word and a colour (UP in green, DOWN in
	// red); with them the stat is coloured by its value.
	Mappings []any
}

func (d *Dashboard) Stat(s Stat) {
	colorMode := "none"
	if s.Mappings != nil {
		colorMode = "background"
	}
	d.custom("stat", s.Panel, s.Queries, fields{mappings: s.Mappings, overrides: overridesFor(s.Queries)}, nil, map[string]any{
		"reduceOptions": map[string]any{"calcs": []any{"lastNotNull"}, "fields": "", "values": false},
		"colorMode":     colorMode, "graphMode": "none", "justifyMode": "auto", "orientation": "auto",
		"textMode": "value_and_name", "wideLayout": true, "showPercentChange": false, "percentChangeColorMode": "standard",
	})
}

// Pie shows the composition of a whole for one period.
func (d *Dashboard) Pie(p Panel, q Query) {
	d.custom("piechart", p, []Query{q}, fields{overrides: legendOverrides(q.Legend)}, nil, map[string]any{
		"reduceOptions": map[string]any{"calcs": []any{"lastNotNull"}, "fields": "", "values": false},
		"pieType":       "donut", "displayLabels": []any{"percent"}, "orientation": "auto",
		"legend":  map[string]any{"showLegend": true, "displayMode": "table", "placement": "right", "values": []any{"value", "percent"}, "calcs": []any{}},
		"tooltip": map[string]any{"mode": "single", "sort": "none"},
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
}

func (d *Dashboard) TimeSeries(ts TimeSeries) {
	for i := range ts.Queries {
		ts.Queries[i].Range = true
	}
	overrides := overridesFor(ts.Queries)
	for _, ref := range ts.Dashed {
		overrides = append(overrides, override(matcher("byFrameRefID", ref),
			property("custom.lineStyle", map[string]any{"fill": "dash", "dash": []any{10, 10}}),
			property("custom.showPoints", "always")))
	}
	interpolation := "linear"
	if ts.Steps {
		interpolation = "stepAfter"
	}
	d.custom("timeseries", ts.Panel, ts.Queries, fields{
		custom: map[string]any{
			"drawStyle": "line", "lineWidth": 1, "fillOpacity": 10, "showPoints": "never", "spanNulls": false,
			"lineInterpolation": interpolation, "axisPlacement": "auto", "axisLabel": "",
		},
		overrides: overrides,
	}, nil, map[string]any{
		"legend":  legend(true),
		"tooltip": map[string]any{"mode": "multi", "sort": "none"},
	})
}

// Column is one column of a Table: a label kept as is, or a pivoted value.
type Column struct {
	// Label is the label (for a kept label column) or the label value (for
	// a pivoted column) the column comes from.
	Label string
	// Title is the column's heading; default: the vocabulary's title of
	// Label.
	Title string
	Unit  string
}

// Table lists figures one row per value of Rows. With Pivot, the values of
// that label become columns (a long format read across); otherwise the
// rows keep the label columns Keep and one Value column named Value.
type Table struct {
	Panel
	Expr  string
	Rows  string
	Pivot string
	// Columns are the pivoted columns' titles and units, in order; a column
	// not listed takes the panel's unit.
	Columns []Column
	// Keep are the label columns shown besides Rows (unpivoted tables).
	Keep []string
	// Value is the heading of the value column (unpivoted tables).
	Value string
	// Count is the number of rows the panel is sized for.
	Count int
}

func (d *Dashboard) Table(t Table) {
	t.H = tableHeight(t.Count)
	rowTitle := labelTitle(t.Rows)
	var transformations []any
	rename := map[string]any{}
	index := map[string]any{}
	var overrides []any
	include := map[string]any{t.Rows: true, "Value": true}
	if t.Pivot != "" {
		first := t.Rows + "\\" + t.Pivot
		rename[first] = rowTitle
		index[first] = 0
		transformations = append(transformations,
			transformation("groupingToMatrix", map[string]any{"columnField": t.Pivot, "rowField": t.Rows, "valueField": "Value", "emptyValue": "null"}),
			transformation("sortBy", map[string]any{"sort": []any{map[string]any{"field": first}}}))
		for i, c := range t.Columns {
			title := c.Title
			if title == "" {
				title = display(t.Pivot, c.Label)
			}
			rename[c.Label] = title
			index[c.Label] = i + 1
			if c.Unit != "" {
				overrides = append(overrides, override(matcher("byName", title), property("unit", c.Unit)))
			}
		}
	} else {
		rename[t.Rows] = rowTitle
		index[t.Rows] = 0
		for i, l := range t.Keep {
			include[l] = true
			rename[l] = labelTitle(l)
			index[l] = i + 1
		}
		rename["Value"] = t.Value
		index["Value"] = len(t.Keep) + 1
		transformations = append(transformations,
			transformation("sortBy", map[string]any{"sort": []any{map[string]any{"field": t.Rows}}}))
	}
	organize := map[string]any{"renameByName": rename, "indexByName": index, "excludeByName": map[string]any{}}
	if t.Pivot == "" {
		organize["includeByName"] = include
	}
	transformations = append(transformations, transformation("organize", organize))
	labels := append([]string{t.Rows}, t.Keep...)
	d.custom("table", t.Panel, []Query{{Expr: t.Expr, Table: true}},
		fields{custom: tableCustom, mappings: valueMappings(labels...), overrides: overrides},
		transformations, tableOptions)
}

var (
	tableCustom  = map[string]any{"align": "auto", "cellOptions": map[string]any{"type": "auto"}, "inspect": false}
	tableOptions = map[string]any{"showHeader": true, "cellHeight": "sm", "frameIndex": 0}
)

// tableHeight is the panel height (grid units of 30 px plus 8 px between)
// that shows a header and n rows of the "sm" cell height (36 px) under the
// panel's title (32 px) without scrolling.
func tableHeight(n int) int {
	px := 32 + 36*(n+1) + 8
	return (px + 8 + 37) / 38
}
