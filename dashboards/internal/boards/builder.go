// Package boards defines the project's Grafana dashboards as code, on top of
// github.com/grafana-tools/sdk. The sdk predates Grafana's current panel
// model, so modern panels (barchart, stat, table, piechart, timeseries with
// field config and transformations) are sdk CustomPanels built by the typed
// helpers here; ids and positions are assigned explicitly, so the output is
// the same on every run.
package boards

import (
	"fmt"
	"strings"

	"github.com/grafana-tools/sdk"
)

// DatasourceUID is the uid of the Prometheus datasource the demo stack
// provisions; it is only the default of each dashboard's datasource variable.
const DatasourceUID = "korea-ict-prometheus"

// GrafanaVersion is the Grafana the dashboards target (the demo stack's).
const GrafanaVersion = "12.2.1"

// schemaVersion is the dashboard schema of GrafanaVersion.
const schemaVersion = 41

var dsRef = map[string]string{"type": "prometheus", "uid": "${datasource}"}

// Dashboard is one dashboard being built: panels are laid out left to right
// in rows of 24 columns.
type Dashboard struct {
	board  *sdk.Board
	nextID uint
	x, y   int
	rowH   int
}

// Meta describes a dashboard.
type Meta struct {
	UID, File, Title, Description string
	Tags                          []string
}

func newDashboard(m Meta) *Dashboard {
	b := sdk.NewBoard(m.Title)
	b.ID = 0
	b.UID = m.UID
	b.Tags = append([]string{"korea-ict"}, m.Tags...)
	b.Editable = false
	b.Timezone = "utc"
	b.SchemaVersion = schemaVersion
	b.Time = sdk.Time{From: "now-1h", To: "now"}
	b.Timepicker = sdk.Timepicker{RefreshIntervals: []string{}}
	b.Templating.List = []sdk.TemplateVar{{
		Name:    "datasource",
		Label:   "Data source",
		Type:    "datasource",
		Query:   "prometheus",
		Current: sdk.Current{Text: &sdk.StringSliceString{Value: []string{"Prometheus"}, Valid: true}, Value: DatasourceUID},
		Refresh: sdk.BoolInt{Flag: true, Value: ptr(int64(1))},
		Options: []sdk.Option{},
	}}
	b.Links = []sdk.Link{{
		Title: "Korea ICT dashboards", Type: "dashboards", Tags: []string{"korea-ict"},
		AsDropdown: ptr(true), IncludeVars: true, KeepTime: ptr(true),
		Icon: ptr("external link"), Tooltip: ptr(""), TargetBlank: ptr(false),
	}}
	return &Dashboard{board: b, nextID: 1}
}

func ptr[T any](v T) *T { return &v }

// variable adds a query variable over a label's values.
func (d *Dashboard) variable(name, label, query string, multi bool) {
	all := &sdk.StringSliceString{Value: []string{"All"}, Valid: true}
	d.board.Templating.List = append(d.board.Templating.List, sdk.TemplateVar{
		Name: name, Label: label, Type: "query", Datasource: dsRef,
		Query:   map[string]any{"query": query, "refId": "PrometheusVariableQueryEditor-VariableQuery", "qryType": 1},
		Refresh: sdk.BoolInt{Flag: true, Value: ptr(int64(1))}, Multi: multi, IncludeAll: true, AllValue: ".+",
		Current: sdk.Current{Text: all, Value: []string{"$__all"}}, Options: []sdk.Option{}, Sort: 3,
	})
}

// choice adds a multi-value query variable over a label's values with one
// value selected by default.
func (d *Dashboard) choice(name, label, query, def string) {
	d.board.Templating.List = append(d.board.Templating.List, sdk.TemplateVar{
		Name: name, Label: label, Type: "query", Datasource: dsRef,
		Query:   map[string]any{"query": query, "refId": "PrometheusVariableQueryEditor-VariableQuery", "qryType": 1},
		Refresh: sdk.BoolInt{Flag: true, Value: ptr(int64(1))}, Multi: true, IncludeAll: true, AllValue: ".+",
		Current: sdk.Current{Text: &sdk.StringSliceString{Value: []string{def}, Valid: true}, Value: []string{def}}, Options: []sdk.Option{}, Sort: 1,
	})
}

// row starts a new collapsible-less row with a title.
func (d *Dashboard) row(title string) {
	d.newLine()
	p := &sdk.Panel{
		CommonPanel: sdk.CommonPanel{Title: title, Type: "row", OfType: sdk.RowType},
		RowPanel:    &sdk.RowPanel{Panels: []sdk.Panel{}},
	}
	d.add(p, 24, 1)
	d.newLine()
}

func (d *Dashboard) newLine() {
	if d.x > 0 {
		d.y += d.rowH
		d.x, d.rowH = 0, 0
	}
}

func (d *Dashboard) add(p *sdk.Panel, w, h int) {
	if d.x+w > 24 {
		d.newLine()
	}
	p.ID = d.nextID
	d.nextID++
	p.GridPos.X, p.GridPos.Y, p.GridPos.W, p.GridPos.H = ptr(d.x), ptr(d.y), ptr(w), ptr(h)
	d.x += w
	d.rowH = max(d.rowH, h)
	d.board.Panels = append(d.board.Panels, p)
}

// Query is one Prometheus target.
type Query struct {
	Expr   string
	Legend string
	// Range queries draw a time axis; everything else is an instant query at
	// the dashboard's "to" time, as the data's period is a label.
	Range bool
}

func targets(qs []Query, table bool) []sdk.Target {
	out := make([]sdk.Target, len(qs))
	for i, q := range qs {
		t := sdk.Target{RefID: string(rune('A' + i)), Datasource: dsRef, Expr: q.Expr, LegendFormat: q.Legend}
		if !q.Range {
			t.Instant = true
		}
		if table {
			t.Format = "table"
		}
		out[i] = t
	}
	return out
}

// Panel is what every data panel states: what it shows, where the figures
// come from, and their unit.
type Panel struct {
	Title       string
	Description string // cites the table(s) and source
	Unit        string // Grafana unit id: currencyKRW, currencyUSD, percentunit, short, ...
	W, H        int
	Decimals    *int
}

func (d *Dashboard) custom(kind string, p Panel, fields map[string]any) {
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
	for k, v := range fields {
		c[k] = v
	}
	defaults, _ := c["fieldConfig"].(map[string]any)["defaults"].(map[string]any)
	if defaults != nil && p.Unit != "" {
		defaults["unit"] = p.Unit
	}
	if defaults != nil && p.Decimals != nil {
		defaults["decimals"] = *p.Decimals
	}
	d.add(panel, p.W, p.H)
}

func fieldConfig(custom map[string]any) map[string]any {
	defaults := map[string]any{}
	if custom != nil {
		defaults["custom"] = custom
	}
	return map[string]any{"defaults": defaults, "overrides": []any{}}
}

// Projections and preliminary figures get their own colour and a hatched
// look wherever they appear, so that no one reads them as reported.
func statusOverrides() []any {
	var out []any
	for _, s := range []struct{ match, color string }{{"projection", "purple"}, {"preliminary", "orange"}, {"estimate", "yellow"}} {
		out = append(out, map[string]any{
			"matcher": map[string]any{"id": "byRegexp", "options": ".*" + s.match + ".*"},
			"properties": []any{
				map[string]any{"id": "color", "value": map[string]any{"mode": "fixed", "fixedColor": s.color}},
				map[string]any{"id": "custom.fillOpacity", "value": 35},
			},
		})
	}
	return out
}

// periodSeries prepares an instant query for a chart over the data's period:
// a "period" label from the period labels, and a "series" label from the
// legend labels plus the status when it is not "reported" (so "2003 (p)"
// figures stand apart).
func periodSeries(expr string, periodLabels, seriesLabels []string, name string) string {
	base := expr
	if len(seriesLabels) == 0 {
		base = fmt.Sprintf(`label_replace(%s, "series", %q, "", "")`, base, name)
		seriesLabels = []string{"series"}
	}
	q := fmt.Sprintf(`label_join(%s, "period", " ", %s)`, base, quoteAll(periodLabels))
	q = fmt.Sprintf(`label_join(%s, "series", " ", %s, "status")`, q, quoteAll(seriesLabels))
	return fmt.Sprintf(`label_replace(%s, "series", "$1", "series", "(.*) reported")`, q)
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// Bars draws one bar group per period (years, quarters) and one bar per
// series: an instant query turned into a period × series matrix.
func (d *Dashboard) Bars(p Panel, expr string, period, series []string, name string) {
	d.custom("barchart", p, map[string]any{
		"targets": targets([]Query{{Expr: periodSeries(expr, period, series, name)}}, true),
		"transformations": []any{
			map[string]any{"id": "groupingToMatrix", "options": map[string]any{
				"columnField": "series", "rowField": "period", "valueField": "Value", "emptyValue": "null",
			}},
			map[string]any{"id": "sortBy", "options": map[string]any{"sort": []any{map[string]any{"field": "period\\series"}}}},
		},
		"fieldConfig": withOverrides(fieldConfig(map[string]any{"fillOpacity": 80, "lineWidth": 1}), statusOverrides()),
		"options": map[string]any{
			"xField": "period\\series", "orientation": "auto", "groupWidth": 0.7, "barWidth": 0.9,
			"showValue": "auto", "stacking": "none", "xTickLabelRotation": 0, "xTickLabelMaxLength": 0, "fullHighlight": false,
			"legend":  map[string]any{"showLegend": true, "displayMode": "list", "placement": "bottom", "calcs": []any{}},
			"tooltip": map[string]any{"mode": "multi", "sort": "none"},
		},
	})
}

// Categories draws one bar per value of a label (industries, size classes)
// for one period: an instant query read as a table.
func (d *Dashboard) Categories(p Panel, expr, label string) {
	d.custom("barchart", p, map[string]any{
		"targets": targets([]Query{{Expr: expr}}, true),
		"transformations": []any{
			map[string]any{"id": "sortBy", "options": map[string]any{"sort": []any{map[string]any{"field": "Value", "desc": true}}}},
			map[string]any{"id": "organize", "options": map[string]any{
				"includeByName": map[string]any{label: true, "Value": true},
				"renameByName":  map[string]any{"Value": p.Title},
			}},
		},
		"fieldConfig": fieldConfig(map[string]any{"fillOpacity": 80, "lineWidth": 1}),
		"options": map[string]any{
			"xField": label, "orientation": "horizontal", "groupWidth": 0.7, "barWidth": 0.9,
			"showValue": "auto", "stacking": "none", "xTickLabelRotation": 0, "xTickLabelMaxLength": 0, "fullHighlight": false,
			"legend":  map[string]any{"showLegend": false, "displayMode": "list", "placement": "bottom", "calcs": []any{}},
			"tooltip": map[string]any{"mode": "single", "sort": "none"},
		},
	})
}

// Stat shows single figures, each labelled by its legend.
func (d *Dashboard) Stat(p Panel, qs ...Query) {
	d.custom("stat", p, map[string]any{
		"targets":     targets(qs, false),
		"fieldConfig": fieldConfig(nil),
		"options": map[string]any{
			"reduceOptions": map[string]any{"calcs": []any{"lastNotNull"}, "fields": "", "values": false},
			"colorMode":     "none", "graphMode": "none", "justifyMode": "auto", "orientation": "auto",
			"textMode": "value_and_name", "wideLayout": true, "showPercentChange": false, "percentChangeColorMode": "standard",
		},
	})
}

// Pie shows the composition of a whole for one period.
func (d *Dashboard) Pie(p Panel, q Query) {
	d.custom("piechart", p, map[string]any{
		"targets":     targets([]Query{q}, false),
		"fieldConfig": fieldConfig(nil),
		"options": map[string]any{
			"reduceOptions": map[string]any{"calcs": []any{"lastNotNull"}, "fields": "", "values": false},
			"pieType":       "donut", "displayLabels": []any{"percent"}, "orientation": "auto",
			"legend":  map[string]any{"showLegend": true, "displayMode": "table", "placement": "right", "values": []any{"value", "percent"}, "calcs": []any{}},
			"tooltip": map[string]any{"mode": "single", "sort": "none"},
		},
	})
}

// Table lists series with their labels, one row each.
func (d *Dashboard) Table(p Panel, expr string, columns ...string) {
	include := map[string]any{"Value": true}
	for _, c := range columns {
		include[c] = true
	}
	d.custom("table", p, map[string]any{
		"targets": targets([]Query{{Expr: expr}}, true),
		"transformations": []any{
			map[string]any{"id": "organize", "options": map[string]any{"includeByName": include}},
		},
		"fieldConfig": fieldConfig(map[string]any{"align": "auto", "cellOptions": map[string]any{"type": "auto"}}),
		"options":     map[string]any{"showHeader": true, "cellHeight": "sm", "frameIndex": 0, "footer": map[string]any{"show": false, "reducer": []any{"sum"}, "fields": []any{}}},
	})
}

// TimeSeries draws range queries over the dashboard's time range.
func (d *Dashboard) TimeSeries(p Panel, qs ...Query) {
	for i := range qs {
		qs[i].Range = true
	}
	d.custom("timeseries", p, map[string]any{
		"targets":     targets(qs, false),
		"fieldConfig": fieldConfig(map[string]any{"drawStyle": "line", "lineWidth": 1, "fillOpacity": 10, "showPoints": "never", "spanNulls": false}),
		"options": map[string]any{
			"legend":  map[string]any{"showLegend": true, "displayMode": "list", "placement": "bottom", "calcs": []any{}},
			"tooltip": map[string]any{"mode": "multi", "sort": "none"},
		},
	})
}

// Text adds a markdown note.
func (d *Dashboard) Text(title, markdown string, w, h int) {
	p := sdk.NewCustom(title)
	p.Type = "text"
	c := *p.CustomPanel
	c["options"] = map[string]any{"mode": "markdown", "content": markdown, "code": map[string]any{"language": "plaintext", "showLineNumbers": false, "showMiniMap": false}}
	d.add(p, w, h)
}

func withOverrides(fc map[string]any, overrides []any) map[string]any {
	fc["overrides"] = overrides
	return fc
}
