package dashboard

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/grafana-tools/sdk"

	"github.com/korea-ict-exporter/korea-ict-exporter/dashboards/internal/query"
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

// PinnedSeries are the series of sel (a selector, `metric{...}`), one for
// each of label's values, pinned to it and named by the vocabulary's name
// of the value: bars of the values side by side.
func PinnedSeries(sel, label string, values ...string) []Series {
	out := make([]Series, len(values))
	for i, v := range values {
		expr := fmt.Sprintf(`%s,%s=%q}`, strings.TrimSuffix(sel, "}"), label, v)
		out[i] = Series{Name: display(label, v), Expr: expr, Pin: label}
	}
	return out
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
func (p Panel) defaults(custom any) fieldOptions {
	return fieldOptions{Unit: p.Unit, Decimals: p.Decimals, Custom: custom}
}

// customPanel is a panel of a kind the sdk has no type for, as Grafana's JSON.
type customPanel struct {
	kind            string // barchart, trend, stat, table, piechart, timeseries
	panel           Panel
	queries         []Query
	fieldConfig     fieldConfig
	transformations []transformation
	options         any
}

// custom adds a panel as an sdk CustomPanel.
func (d *Dashboard) custom(cp customPanel) {
	p, fc := cp.panel, cp.fieldConfig
	if p.W == 0 {
		p.W = 12
	}
	if p.H == 0 {
		p.H = 8
	}
	panel := sdk.NewCustom(p.Title)
	panel.Type = cp.kind
	panel.Datasource = dsRef
	if p.Description != "" {
		panel.Description = new(p.Description)
	}
	if fc.Overrides == nil {
		fc.Overrides = []override{}
	}
	c := *panel.CustomPanel
	c["targets"] = targets(cp.queries)
	c["fieldConfig"] = fc
	c["options"] = cp.options
	if cp.transformations != nil {
		c["transformations"] = cp.transformations
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
func xField(name string, mappings ...Mapping) override {
	props := []property{{ID: "unit", Value: "string"}}
	if len(mappings) > 0 {
		props = append(props, property{ID: "mappings", Value: mappings})
	}
	return byName(name, props...)
}

// column is the override of a table's column title: its unit, its
// decimals if set, then more.
func column(title, unit string, decimals *int, more ...property) override {
	props := []property{{ID: "unit", Value: unit}}
	if decimals != nil {
		props = append(props, property{ID: "decimals", Value: *decimals})
	}
	return byName(title, append(props, more...)...)
}

// barCustom sets no axis minimum and no log scale: Grafana's barchart then
// starts the value axis at zero (utils.ts, prepConfig: "make barcharts
// start at 0 unless explicitly overridden"), so a bar's length is its
// value.
func barCustom() barCustomConfig {
	return barCustomConfig{FillOpacity: 80, LineWidth: 1, GradientMode: "none", AxisPlacement: "auto"}
}

// maxLabel is the barcharts' xTickLabelMaxLength: longer than any human
// name of the vocabulary (TestLabelsFitTheBarCharts), so no label is cut.
const maxLabel = 80

// barOptions are a bar chart's options over its x (category) field:
// vertical bars side by side, a legend under them.
func barOptions(xField string) barChartOptions {
	return barChartOptions{
		XField:              xField,
		XTickLabelMaxLength: maxLabel,
		Orientation:         "vertical",
		GroupWidth:          0.7,
		BarWidth:            0.9,
		ShowValue:           "never",
		Stacking:            "none",
		Legend:              listLegend,
		Tooltip:             multiTooltip,
	}
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

// Bars adds a Bars panel (a Grafana barchart).
func (d *Dashboard) Bars(b Bars) {
	if len(b.Period) == 0 {
		b.Period = []string{"year"}
	}
	x := periodTitle(b.Period)
	var qs []Query
	var tr []transformation
	if b.By != "" {
		grouping, first := pivot("period", query.NameOf(b.By))
		qs = []Query{{Expr: query.Once(query.Period(query.Ranked(query.Select(b.Expr), b.By), b.Period)), Table: true}}
		tr = []transformation{
			// Rows in the vocabulary's order make the pivot's columns (the
			// legend) come in that order.
			sortAscending(query.RankOf(b.By)),
			grouping,
			sortAscending(first),
			organize(organizeOptions{RenameByName: map[string]string{first: x}}),
		}
	} else {
		series := b.Series
		if len(series) == 0 {
			series = []Series{{Name: b.Name, Expr: b.Expr}}
		}
		o := keeping()
		o.keep("period", x)
		qs = seriesQueries(series, o, func(e string) string { return query.Period(e, b.Period) })
		if len(series) > 1 {
			tr = append(tr, merge())
		}
		tr = append(tr, sortAscending("period"), organize(o))
	}
	options := barOptions(x)
	if b.Stacked {
		options.Stacking = "normal"
	}
	d.custom(customPanel{
		kind: "barchart", panel: b.Panel, queries: qs,
		fieldConfig:     fieldConfig{Defaults: b.defaults(barCustom()), Overrides: []override{xField(x, statusMappings...)}},
		transformations: tr,
		options:         options,
	})
}

// statusMappings read a period label built by query.Period: the period, then
// its status. Reported and undated figures show the period alone; the
// others are marked by their status. Grafana applies a regex mapping as
// value.replace(pattern, text) (packages/grafana-data/src/utils/
// valueMappings.ts, getValueMappingResult), so $1 and $2 are the groups.
var statusMappings = []Mapping{
	{Type: "regex", Options: regexOptions{Pattern: `^(.+) (reported|undated)$`, Result: MappingResult{Text: "$1", Index: 0}}},
	{Type: "regex", Options: regexOptions{Pattern: `^(.+) (preliminary|projection|estimate)$`, Result: MappingResult{Text: "$1 ($2)", Index: 1}}},
}

// seriesQueries are the table queries of several series, one each, taken
// once over the replicas without the label each pins (so that they merge
// on the others); o keeps each one's value field, after the fields it
// keeps already, under the series' name.
func seriesQueries(series []Series, o organizeOptions, shape func(selector string) string) []Query {
	values := valueFields(len(series))
	qs := make([]Query, len(series))
	for i, s := range series {
		var drop []string
		if s.Pin != "" {
			drop = []string{s.Pin}
		}
		qs[i] = Query{Expr: query.Once(shape(query.Select(s.Expr)), drop...), Table: true}
		o.keep(values[i], s.Name)
	}
	return qs
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

// Categories adds a Categories panel (a horizontal Grafana barchart).
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
	o := keeping()
	o.keep(query.NameOf(c.By), x)
	join := query.Named
	if c.Natural {
		join = query.Ranked
	}
	qs := seriesQueries(series, o, func(e string) string { return join(e, c.By) })
	var tr []transformation
	if len(series) > 1 {
		tr = append(tr, merge())
	}
	if c.Natural {
		tr = append(tr, sortAscending(query.RankOf(c.By)))
	} else {
		tr = append(tr, sortDescending(valueFields(len(series))[0]))
	}
	tr = append(tr, organize(o))
	options := barOptions(x)
	options.Orientation = "horizontal"
	// One series needs no legend: the title names it.
	options.Legend.ShowLegend = len(series) > 1
	d.custom(customPanel{
		kind: "barchart", panel: c.Panel, queries: qs,
		fieldConfig:     fieldConfig{Defaults: c.defaults(barCustom()), Overrides: []override{xField(x)}},
		transformations: tr,
		options:         options,
	})
}

// Trend draws the series of By over the years as lines on a numeric year
// axis (Grafana's trend panel): it stays readable over 25 years and several
// countries, where grouped bars would be 3 px wide and mostly empty.
type Trend struct {
	Panel
	Expr string // instant, with "year" and By labels
	By   string
}

// Trend adds a Trend panel.
func (d *Dashboard) Trend(t Trend) {
	grouping, x := pivot("year", t.By)
	year := labelTitle("year")
	d.custom(customPanel{
		kind: "trend", panel: t.Panel, queries: []Query{{Expr: query.Once(t.Expr), Table: true}},
		fieldConfig: fieldConfig{
			Defaults: t.defaults(lineCustomConfig{DrawStyle: "line", LineWidth: 2, ShowPoints: "always", PointSize: 5, SpanNulls: true, LineInterpolation: "linear", AxisPlacement: "auto"}),
			// The year is a number on the x axis: without its own unit it
			// takes the panel's ("200000%").
			Overrides: []override{byName(year, property{ID: "unit", Value: "none"}, property{ID: "decimals", Value: 0})},
		},
		transformations: []transformation{
			grouping,
			{ID: "convertFieldType", Options: convertFieldType{Conversions: []conversion{{TargetField: x, DestinationType: "number"}}}},
			sortAscending(x),
			organize(organizeOptions{RenameByName: map[string]string{x: year}}),
		},
		options: trendOptions{XField: year, Legend: listLegend, Tooltip: multiTooltip},
	})
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

// Stat adds a Stat panel.
func (d *Dashboard) Stat(s Stat) {
	colorMode := "none"
	if s.Mappings != nil {
		colorMode = "background"
	}
	qs := make([]Query, len(s.Queries))
	for i, q := range s.Queries {
		if !s.PerInstance {
			q.Expr = query.Select(q.Expr)
			if s.By != "" {
				q.Expr = query.Named(q.Expr, s.By)
			}
			q.Expr = query.Once(q.Expr)
		}
		qs[i] = q
	}
	def := s.defaults(nil)
	def.Mappings = s.Mappings
	d.custom(customPanel{kind: "stat", panel: s.Panel, queries: qs, fieldConfig: fieldConfig{Defaults: def}, options: statOptions{
		ReduceOptions:          lastNotNull,
		ColorMode:              colorMode,
		GraphMode:              "none",
		JustifyMode:            "auto",
		Orientation:            "auto",
		TextMode:               "value_and_name",
		WideLayout:             true,
		PercentChangeColorMode: "standard",
	}})
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
	d.Row("Headlines")
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

// Pie adds a Pie panel (a Grafana donut). Its percentages take the
// field's decimals (Grafana's piechart, PieChartPanel.tsx, getLegend:
// percentOfTotal.toFixed(field.decimals ?? 0)): with none, a slice under
// half a percent reads "0%".
func (d *Dashboard) Pie(p Pie) {
	values := []string{"value", "percent"}
	if p.Shares {
		values = []string{"value"}
	}
	q := Query{Expr: query.Once(query.Named(query.Select(p.Expr), p.By)), Legend: "{{" + query.NameOf(p.By) + "}}"}
	d.custom(customPanel{kind: "piechart", panel: p.Panel, queries: []Query{q}, fieldConfig: fieldConfig{Defaults: p.defaults(nil)}, options: pieOptions{
		ReduceOptions: lastNotNull,
		PieType:       "donut",
		DisplayLabels: []string{"percent"},
		Orientation:   "auto",
		Legend:        legend{ShowLegend: true, DisplayMode: "table", Placement: "right", Calcs: []string{}, Values: values},
		Tooltip:       tooltip{Mode: "single", Sort: "none"},
	}})
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

// TimeSeries adds a TimeSeries panel.
func (d *Dashboard) TimeSeries(ts TimeSeries) {
	var overrides []override
	for i := range ts.Queries {
		ts.Queries[i].Range = true
		overrides = append(overrides, legendOverrides(ts.Queries[i])...)
	}
	for _, ref := range ts.Dashed {
		overrides = append(overrides, override{Matcher: matcher{ID: "byFrameRefID", Options: ref}, Properties: []property{
			{ID: "custom.lineStyle", Value: map[string]any{"fill": "dash", "dash": []int{10, 10}}},
			{ID: "custom.showPoints", Value: "always"},
		}})
	}
	for _, re := range slices.Sorted(maps.Keys(ts.Colors)) {
		overrides = append(overrides, override{Matcher: matcher{ID: "byRegexp", Options: re}, Properties: []property{
			{ID: "color", Value: colorScheme{Mode: "fixed", FixedColor: ts.Colors[re]}},
		}})
	}
	interpolation := "linear"
	if ts.Steps {
		interpolation = "stepAfter"
	}
	d.custom(customPanel{kind: "timeseries", panel: ts.Panel, queries: ts.Queries, fieldConfig: fieldConfig{
		// No fill: a filled area reads as an amount from the axis, and
		// the axis is fitted to the data, not started at zero.
		Defaults:  ts.defaults(lineCustomConfig{DrawStyle: "line", LineWidth: 1, ShowPoints: "never", LineInterpolation: interpolation, AxisPlacement: "auto"}),
		Overrides: overrides,
	}, options: timeSeriesOptions{Legend: listLegend, Tooltip: multiTooltip}})
}
