// Package dashboard builds Grafana dashboards as code on top of
// github.com/grafana-tools/sdk: a dashboard's rows and variables, the panel
// kinds the boards are made of (panels.go, tables.go), the typed Grafana
// options they set (options.go) and the JSON Grafana reads (render.go). The
// sdk predates Grafana's current panel model, so modern panels (barchart,
// trend, stat, table, piechart, timeseries with field config and
// transformations) are sdk CustomPanels built from those typed options; ids
// and positions are assigned explicitly, so the output is the same on every
// run. The PromQL each panel kind asks is shaped by package query.
//
// Every name a person reads (axis labels, legends, table columns and cells)
// comes from the vocabulary (names.go, vocab.go), never from a string typed
// per panel.
package dashboard

import (
	"fmt"

	"github.com/grafana-tools/sdk"

	"github.com/korea-ict-exporter/korea-ict-exporter/dashboards/internal/query"
)

// DatasourceUID is the uid of the Prometheus datasource the demo stack
// provisions; it is only the default of each dashboard's datasource variable.
const DatasourceUID = "korea-ict-prometheus"

// GrafanaVersion is the Grafana the dashboards target: the demo stack's
// grafana/grafana image (the current release, as npm's @grafana/data
// versions follow Grafana's).
const GrafanaVersion = "13.2.3"

// schemaVersion is the dashboard schema of GrafanaVersion (@grafana/schema
// 13.2.3's defaultDashboard); Grafana migrates anything older on load.
const schemaVersion = 42

// dsRef is the one datasource reference of every panel, target and query
// variable: the dashboard's datasource variable.
var dsRef = map[string]string{"type": "prometheus", "uid": "${datasource}"}

// Dashboard is one dashboard being built: panels are laid out left to right
// in rows of 24 columns.
type Dashboard struct {
	board  *sdk.Board
	file   string
	nextID uint
	x, y   int
	rowH   int
	// collapsed is the collapsed row being filled: its panels go into it,
	// laid out as they are when it is opened.
	collapsed *sdk.Panel
	timeless  bool
}

// Meta describes a dashboard.
type Meta struct {
	UID, File, Title, Description string
	Tags                          []string
	// Time is the dashboard's default time range; empty: the last hour.
	Time sdk.Time
	// Refresh is the auto-refresh interval ("1m"); empty: none, as the
	// report's figures do not change while one looks at them.
	Refresh string
	// Timeless boards show fixed periods (instant queries at now): the
	// time picker is hidden, as no range changes what they show.
	Timeless bool
}

// New starts a dashboard: its datasource variable, its links to the other
// boards (by their common tag), no panels yet.
func New(m Meta) *Dashboard {
	b := sdk.NewBoard(m.Title)
	b.ID = 0
	b.UID = m.UID
	b.Tags = append([]string{"korea-ict"}, m.Tags...)
	b.Editable = false
	b.Timezone = "utc"
	b.SchemaVersion = schemaVersion
	b.Time = sdk.Time{From: "now-1h", To: "now"}
	if m.Time.From != "" {
		b.Time = m.Time
	}
	b.Timepicker = sdk.Timepicker{RefreshIntervals: []string{}}
	if m.Refresh != "" {
		b.Refresh = &sdk.BoolString{Flag: true, Value: m.Refresh}
	}
	b.Templating.List = []sdk.TemplateVar{{
		Name:    "datasource",
		Label:   "Data source",
		Type:    "datasource",
		Query:   "prometheus",
		Current: sdk.Current{Text: &sdk.StringSliceString{Value: []string{"Prometheus"}, Valid: true}, Value: DatasourceUID},
		Refresh: sdk.BoolInt{Flag: true, Value: new(int64(1))},
		Options: []sdk.Option{},
	}}
	// The links never carry the time range: History spans 1996-2008 while
	// the other boards ask instant queries at "now", so a kept range would
	// leave either side empty.
	b.Links = []sdk.Link{{
		Title: "Korea ICT dashboards", Type: "dashboards", Tags: []string{"korea-ict"},
		AsDropdown: new(true), IncludeVars: false, KeepTime: new(false),
		Icon: new("external link"), Tooltip: new(""), TargetBlank: new(false),
	}}
	return &Dashboard{board: b, file: m.File, nextID: 1, timeless: m.Timeless}
}

// File is the name of the file the dashboard is written to (Meta.File).
func (d *Dashboard) File() string { return d.file }

// Variable is a query variable over a label's values.
type Variable struct {
	Name  string
	Query string // label_values(...)
	// Multi lets several values be selected.
	Multi bool
	// All adds an "All" choice (matching .+), selected by default unless
	// Default is set.
	All     bool
	Default string
	// Sort is Grafana's sort of the values: 1 alphabetical, 3 numerical.
	Sort int
	// Named lists the values of Query's label that Query's series have
	// under their human names (the exporter's vocabulary metric), in the
	// vocabulary's order: Query is then a selector, not label_values.
	Named string
}

// namedValues is a variable query that lists the values of label among
// expr's series with their human names: each result line of query_result
// carries both labels (sorted by name: <label>, <label>_name,
// <label>_rank), and the variable's regexp takes the value and the text.
func namedValues(expr, label string) (list, regex string) {
	list = fmt.Sprintf("query_result(%s)", query.Once(fmt.Sprintf(`%s{label=%q} and on(%s) %s`, query.LabelInfo, label, label, expr)))
	regex = fmt.Sprintf(`/%s="(?<value>[^"]*)",%s="(?<text>[^"]*)"/`, label, query.NameOf(label))
	return list, regex
}

// Variable adds a query variable; its label is the vocabulary's title of
// the label it lists.
func (d *Dashboard) Variable(v Variable) {
	current := sdk.Current{Text: &sdk.StringSliceString{Value: []string{"All"}, Valid: true}, Value: []string{"$__all"}}
	if v.Default != "" {
		var value any = v.Default
		if v.Multi {
			value = []string{v.Default}
		}
		current = sdk.Current{Text: &sdk.StringSliceString{Value: []string{v.Default}, Valid: true}, Value: value}
	}
	allValue := ""
	if v.All {
		allValue = ".+"
	}
	var list any = map[string]any{"query": v.Query, "refId": "PrometheusVariableQueryEditor-VariableQuery", "qryType": 1}
	regex := ""
	if v.Named != "" {
		var named string
		named, regex = namedValues(v.Query, v.Named)
		list = named
		v.Sort = 1 // by the human name, the text
	}
	d.board.Templating.List = append(d.board.Templating.List, sdk.TemplateVar{
		Name:       v.Name,
		Label:      labelTitle(v.Name),
		Type:       "query",
		Datasource: dsRef,
		Query:      list,
		Regex:      regex,
		Refresh:    sdk.BoolInt{Flag: true, Value: new(int64(1))},
		Multi:      v.Multi,
		IncludeAll: v.All,
		AllValue:   allValue,
		Current:    current,
		Options:    []sdk.Option{},
		Sort:       v.Sort,
	})
}

// Row starts a new row with a title, open.
func (d *Dashboard) Row(title string) { d.startRow(title, false) }

// CollapsedRow starts a new row with a title, closed: a secondary part of
// the board, one click away.
func (d *Dashboard) CollapsedRow(title string) { d.startRow(title, true) }

func (d *Dashboard) startRow(title string, collapsed bool) {
	d.endRow()
	p := &sdk.Panel{
		CommonPanel: sdk.CommonPanel{Title: title, Type: "row", OfType: sdk.RowType},
		RowPanel:    &sdk.RowPanel{Panels: []sdk.Panel{}, Collapsed: collapsed},
	}
	d.add(p, 24, 1)
	d.newLine()
	if collapsed {
		d.collapsed = p
	}
}

// endRow closes a collapsed row: the next row starts right under it.
func (d *Dashboard) endRow() {
	d.newLine()
	if d.collapsed != nil {
		d.y = *d.collapsed.GridPos.Y + 1
		d.collapsed = nil
	}
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
	p.GridPos.X, p.GridPos.Y, p.GridPos.W, p.GridPos.H = new(d.x), new(d.y), new(w), new(h)
	d.x += w
	d.rowH = max(d.rowH, h)
	if d.collapsed != nil {
		d.collapsed.RowPanel.Panels = append(d.collapsed.RowPanel.Panels, *p)
		return
	}
	d.board.Panels = append(d.board.Panels, p)
}

// Text is a markdown note, W columns wide and H rows high.
type Text struct {
	Title    string
	Markdown string
	W, H     int
}

// Text adds a markdown note.
func (d *Dashboard) Text(t Text) {
	p := sdk.NewCustom(t.Title)
	p.Type = "text"
	c := *p.CustomPanel
	c["options"] = textOptions{Mode: "markdown", Content: t.Markdown}
	d.add(p, t.W, t.H)
}
