package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql"
	"github.com/prometheus/prometheus/promql/parser"
	"github.com/prometheus/prometheus/storage"

	gm "github.com/korea-ict-exporter/korea-ict-exporter/dashboards/internal/grafanamodel"
	"github.com/korea-ict-exporter/korea-ict-exporter/internal/promqltest"
)

// What a viewer sees: each panel's real query results (the PromQL engine
// over the exporter's real output) turned into Grafana data frames the way
// Grafana's Prometheus datasource does, put through the panel's own
// transformations, field config and overrides, and read as the panel draws
// them. The rules (viewer_rules_test.go) say what Grafana does with each
// option, citing its code; each problem they find is a finding, named by
// its rule, so that TestViewerFlagsTheBoardsOfDfe56a8 can prove each rule
// fires on the boards a real Grafana was seen to draw wrong.

// field is a column of a data frame.
type field struct {
	name   string // after renames; what Grafana shows unless overridden
	raw    string // the name before renames
	values []any  // string, float64 or nil
	refID  string
	labels labels.Labels // a series' labels (time series frames)
}

// typ is the field's type as Grafana infers it from the values: a frame's
// Time column is time, a column of numbers is a number, anything with a
// string in it is a string.
func (x *field) typ() gm.FieldType {
	if x.raw == "Time" {
		return gm.Time
	}
	for _, v := range x.values {
		if _, ok := v.(string); ok {
			return gm.String
		}
	}
	for _, v := range x.values {
		if _, ok := v.(float64); ok {
			return gm.Number
		}
	}
	return gm.String
}

type frame struct{ fields []*field }

func (f *frame) get(name string) *field {
	for _, x := range f.fields {
		if x.name == name {
			return x
		}
	}
	return nil
}

func (f *frame) rows() int {
	if len(f.fields) == 0 {
		return 0
	}
	return len(f.fields[0].values)
}

// viewPanel is the part of a panel's JSON a viewer's Grafana reads.
type viewPanel struct {
	ID          int    `json:"id"`
	Type        string `json:"type"`
	Title       string `json:"title"`
	Description string `json:"description"`
	GridPos     struct{ H, W, X, Y int }
	Targets     []viewTarget `json:"targets"`
	FieldConfig struct {
		Defaults  map[string]any `json:"defaults"`
		Overrides []override     `json:"overrides"`
	} `json:"fieldConfig"`
	Transformations []struct {
		ID      string         `json:"id"`
		Options map[string]any `json:"options"`
	} `json:"transformations"`
	Options panelOptions `json:"options"`
	// Panels are a collapsed row's panels, which a viewer sees on
	// opening the row.
	Panels []viewPanel `json:"panels"`
}

type override struct {
	Matcher struct {
		ID      string `json:"id"`
		Options any    `json:"options"`
	} `json:"matcher"`
	Properties []struct {
		ID    string `json:"id"`
		Value any    `json:"value"`
	} `json:"properties"`
}

// panelOptions are the panel options the rules read, of every panel type.
type panelOptions struct {
	XField              string   `json:"xField"`
	Stacking            string   `json:"stacking"`
	Orientation         string   `json:"orientation"`
	XTickLabelMaxLength *int     `json:"xTickLabelMaxLength"`
	ColorMode           string   `json:"colorMode"`
	DisplayLabels       []string `json:"displayLabels"`
	Content             string   `json:"content"`
	Legend              struct {
		ShowLegend *bool    `json:"showLegend"`
		Values     []string `json:"values"`
	} `json:"legend"`
}

type viewTarget struct {
	RefID        string `json:"refId"`
	Expr         string `json:"expr"`
	Instant      bool   `json:"instant"`
	Format       string `json:"format"`
	LegendFormat string `json:"legendFormat"`
}

// board is a dashboard as the viewer reads it: its panels and the parts of
// its JSON around them.
type board struct {
	dashboard
	Time struct {
		From string `json:"from"`
		To   string `json:"to"`
	} `json:"time"`
	Timepicker struct {
		Hidden bool `json:"hidden"`
	} `json:"timepicker"`
	ViewPanels []viewPanel `json:"panels"`
}

func viewBoard(t *testing.T, d dashboard) board {
	t.Helper()
	b := board{dashboard: d}
	if err := json.Unmarshal(d.raw, &b); err != nil {
		t.Fatalf("%s: %v", d.file, err)
	}
	var all []viewPanel
	for _, p := range b.ViewPanels {
		all = append(all, p)
		all = append(all, p.Panels...)
	}
	b.ViewPanels = all
	return b
}

func viewPanels(t *testing.T, d dashboard) []viewPanel { return viewBoard(t, d).ViewPanels }

// series is one result series: its labels, its last value and, for a
// range query, the least and greatest values over the range.
type series struct {
	labels  labels.Labels
	value   float64
	lo, hi  float64
	samples int
}

// source is where a board's queries run: the storage, and the range a
// viewer opens the board at.
type source struct {
	eng        *promql.Engine
	st         storage.Queryable
	start, end time.Time
	step       time.Duration
}

func (s source) run(expr string, instant bool) ([]series, error) {
	ctx := context.Background()
	var qry promql.Query
	var err error
	if instant {
		qry, err = s.eng.NewInstantQuery(ctx, s.st, nil, expr, s.end)
	} else {
		qry, err = s.eng.NewRangeQuery(ctx, s.st, nil, expr, s.start, s.end, s.step)
	}
	if err != nil {
		return nil, err
	}
	defer qry.Close()
	res := qry.Exec(ctx)
	if res.Err != nil {
		return nil, res.Err
	}
	var out []series
	switch v := res.Value.(type) {
	case promql.Vector:
		for _, s := range v {
			out = append(out, series{s.Metric, s.F, s.F, s.F, 1})
		}
	case promql.Matrix:
		for _, s := range v {
			if len(s.Floats) == 0 {
				continue
			}
			x := series{labels: s.Metric, value: s.Floats[len(s.Floats)-1].F, lo: math.Inf(1), hi: math.Inf(-1), samples: len(s.Floats)}
			for _, p := range s.Floats {
				x.lo, x.hi = math.Min(x.lo, p.F), math.Max(x.hi, p.F)
			}
			out = append(out, x)
		}
	}
	// Prometheus promises no order; Grafana keeps the one it gets. Sorting
	// makes the test independent of it: every order a panel needs comes
	// from its transformations.
	sort.Slice(out, func(i, j int) bool { return labels.Compare(out[i].labels, out[j].labels) < 0 })
	return out, nil
}

// run is an instant or last-minute query over the live scrapes, for the
// tests that read one panel's results.
func run(t *testing.T, eng *promql.Engine, st storage.Queryable, expr string, instant bool, at time.Time) []series {
	t.Helper()
	out, err := source{eng: eng, st: st, start: at.Add(-time.Minute), end: at, step: 15 * time.Second}.run(expr, instant)
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return out
}

// tableFrame is a target's result in Grafana's table format: a Time
// column, one column per label (sorted), and the value column: "Value",
// or "Value #<refId>" when the panel has several queries.
func tableFrame(ss []series, tg viewTarget, many bool) *frame {
	names := map[string]bool{}
	for _, s := range ss {
		s.labels.Range(func(l labels.Label) { names[l.Name] = true })
	}
	var cols []string
	for n := range names {
		cols = append(cols, n)
	}
	sort.Strings(cols)
	f := &frame{}
	f.fields = append(f.fields, &field{name: "Time", raw: "Time", refID: tg.RefID})
	for _, c := range cols {
		f.fields = append(f.fields, &field{name: c, raw: c, refID: tg.RefID})
	}
	value := "Value"
	if many {
		value = "Value #" + tg.RefID
	}
	f.fields = append(f.fields, &field{name: value, raw: value, refID: tg.RefID})
	for _, s := range ss {
		f.fields[0].values = append(f.fields[0].values, "t")
		for i, c := range cols {
			var v any
			if s.labels.Has(c) {
				v = s.labels.Get(c)
			}
			f.fields[i+1].values = append(f.fields[i+1].values, v)
		}
		f.fields[len(f.fields)-1].values = append(f.fields[len(f.fields)-1].values, s.value)
	}
	return f
}

var legendRe = regexp.MustCompile(`\{\{\s*(\w+)\s*\}\}`)

// legendName is the name Grafana gives a series: its legend template
// filled in, or its label set.
func legendName(s series, legend string) string {
	if legend == "" || legend == "__auto" {
		return s.labels.String()
	}
	return legendRe.ReplaceAllStringFunc(legend, func(m string) string {
		return s.labels.Get(legendRe.FindStringSubmatch(m)[1])
	})
}

// transform applies a panel's transformations as Grafana does. An unknown
// transformation fails the test: the emulation must cover what the panels
// use.
func transform(t *testing.T, p viewPanel, frames []*frame) *frame {
	t.Helper()
	var f *frame
	if len(frames) == 1 {
		f = frames[0]
	}
	for _, tr := range p.Transformations {
		o := tr.Options
		switch tr.ID {
		case "merge":
			f = merge(frames)
		case "groupingToMatrix":
			f = groupingToMatrix(t, f, o["columnField"].(string), o["rowField"].(string), o["valueField"].(string))
		case "sortBy":
			spec := o["sort"].([]any)[0].(map[string]any)
			desc, _ := spec["desc"].(bool)
			sortFrame(t, f, spec["field"].(string), desc)
		case "convertFieldType":
			for _, c := range o["conversions"].([]any) {
				c := c.(map[string]any)
				x := f.get(c["targetField"].(string))
				if x == nil {
					t.Fatalf("panel %q: convertFieldType: no field %q", p.Title, c["targetField"])
				}
				for i, v := range x.values {
					var n float64
					if _, err := fmt.Sscan(fmt.Sprint(v), &n); err != nil {
						t.Errorf("panel %q: %q is not a number", p.Title, v)
					}
					x.values[i] = n
				}
			}
		case "organize":
			f = organize(f, o)
		default:
			t.Fatalf("panel %q: transformation %q not emulated", p.Title, tr.ID)
		}
	}
	return f
}

func groupingToMatrix(t *testing.T, f *frame, col, row, val string) *frame {
	cf, rf, vf := f.get(col), f.get(row), f.get(val)
	if cf == nil || rf == nil || vf == nil {
		t.Fatalf("groupingToMatrix: fields %q, %q, %q not all in the frame", col, row, val)
	}
	var rows, cols []string
	ri, ci := map[string]int{}, map[string]int{}
	cells := map[[2]int]any{}
	for i := range vf.values {
		r, c := fmt.Sprint(rf.values[i]), fmt.Sprint(cf.values[i])
		if _, ok := ri[r]; !ok {
			ri[r] = len(rows)
			rows = append(rows, r)
		}
		if _, ok := ci[c]; !ok {
			ci[c] = len(cols)
			cols = append(cols, c)
		}
		cells[[2]int{ri[r], ci[c]}] = vf.values[i]
	}
	first := row + "\\" + col
	out := &frame{fields: []*field{{name: first, raw: first}}}
	for _, r := range rows {
		out.fields[0].values = append(out.fields[0].values, r)
	}
	for j, c := range cols {
		x := &field{name: c, raw: c}
		for i := range rows {
			x.values = append(x.values, cells[[2]int{i, j}])
		}
		out.fields = append(out.fields, x)
	}
	return out
}

func sortFrame(t *testing.T, f *frame, name string, desc bool) {
	key := f.get(name)
	if key == nil {
		t.Fatalf("sortBy: no field %q", name)
	}
	idx := make([]int, f.rows())
	for i := range idx {
		idx[i] = i
	}
	less := func(a, b any) bool {
		if x, ok := a.(float64); ok {
			if y, ok := b.(float64); ok {
				return x < y
			}
		}
		return fmt.Sprint(a) < fmt.Sprint(b)
	}
	sort.SliceStable(idx, func(i, j int) bool {
		if desc {
			return less(key.values[idx[j]], key.values[idx[i]])
		}
		return less(key.values[idx[i]], key.values[idx[j]])
	})
	for _, x := range f.fields {
		vs := make([]any, len(idx))
		for i, k := range idx {
			vs[i] = x.values[k]
		}
		x.values = vs
	}
}

func organize(f *frame, o map[string]any) *frame {
	include, _ := o["includeByName"].(map[string]any)
	exclude, _ := o["excludeByName"].(map[string]any)
	rename, _ := o["renameByName"].(map[string]any)
	index, _ := o["indexByName"].(map[string]any)
	out := &frame{}
	for _, x := range f.fields {
		if len(include) > 0 && include[x.name] != true || exclude[x.name] == true {
			continue
		}
		out.fields = append(out.fields, x)
	}
	pos := func(x *field) float64 {
		if v, ok := index[x.name].(float64); ok {
			return v
		}
		return math.Inf(1)
	}
	sort.SliceStable(out.fields, func(i, j int) bool { return pos(out.fields[i]) < pos(out.fields[j]) })
	for _, x := range out.fields {
		if n, ok := rename[x.name].(string); ok && n != "" {
			x.name = n
		}
	}
	return out
}

// merge joins table frames on their common label columns, as Grafana's
// merge transformation does for instant queries.
func merge(frames []*frame) *frame {
	type row map[string]any
	var keys []string
	byKey := map[string]row{}
	var order []string
	seen := map[string]bool{}
	for _, f := range frames {
		for _, x := range f.fields {
			if !seen[x.name] {
				seen[x.name] = true
				order = append(order, x.name)
			}
		}
	}
	common := func(f *frame, i int) string {
		var k []string
		for _, x := range f.fields {
			if !strings.HasPrefix(x.name, "Value") && x.name != "type" {
				k = append(k, x.name+"="+fmt.Sprint(x.values[i]))
			}
		}
		return strings.Join(k, ",")
	}
	for _, f := range frames {
		for i := 0; i < f.rows(); i++ {
			k := common(f, i)
			r, ok := byKey[k]
			if !ok {
				r = row{}
				byKey[k] = r
				keys = append(keys, k)
			}
			for _, x := range f.fields {
				r[x.name] = x.values[i]
			}
		}
	}
	out := &frame{}
	for _, n := range order {
		x := &field{name: n, raw: n}
		for _, k := range keys {
			x.values = append(x.values, byKey[k][n])
		}
		out.fields = append(out.fields, x)
	}
	return out
}

// displayName is a field's name as a viewer reads it: a displayName
// override (by name or regexp, with ${__field.labels.x} filled in)
// wins over the field's name.
func displayName(p viewPanel, name, refID string, ls labels.Labels) string {
	c := p.config(&field{name: name, raw: name, refID: refID, labels: ls})
	if s, ok := c["displayName"].(string); ok && s != "" {
		return regexp.MustCompile(`\$\{__field\.labels\.(\w+)\}`).ReplaceAllStringFunc(s, func(m string) string {
			return ls.Get(m[len("${__field.labels.") : len(m)-1])
		})
	}
	return name
}

// fieldConf is a field's config after Grafana's applyFieldOverrides
// (packages/grafana-data/src/field/fieldOverrides.ts, the same in 12.4.0
// and 13.2.3): the panel's fieldConfig.defaults apply to every field of
// the frame, the label and category fields included (setFieldConfigDefaults),
// then the properties of each override whose matcher matches the field,
// in order (setDynamicConfigValue; "custom.x" sets custom.x).
type fieldConf map[string]any

func (p viewPanel) config(x *field) fieldConf {
	c := fieldConf{}
	for k, v := range p.FieldConfig.Defaults {
		c[k] = v
	}
	custom := map[string]any{}
	if d, ok := c["custom"].(map[string]any); ok {
		for k, v := range d {
			custom[k] = v
		}
	}
	c["custom"] = custom
	for _, o := range p.FieldConfig.Overrides {
		if !matches(o, x) {
			continue
		}
		for _, prop := range o.Properties {
			if k, ok := strings.CutPrefix(prop.ID, "custom."); ok {
				custom[k] = prop.Value
			} else {
				c[prop.ID] = prop.Value
			}
		}
	}
	return c
}

// matches is the override's field matcher
// (packages/grafana-data/src/transformations/matchers/: fieldNameMatcher
// byName and byNames, by exact name; byRegexp, a regexp test of the name;
// byFrameRefID; byType, the field's type). A matcher the emulation does
// not know panics: a new one must be modelled before a board uses it.
func matches(o override, x *field) bool {
	opt := o.Matcher.Options
	switch o.Matcher.ID {
	case "byName":
		return opt == x.name
	case "byNames":
		m, _ := opt.(map[string]any)
		names, _ := m["names"].([]any)
		for _, n := range names {
			if n == x.name {
				return true
			}
		}
		return false
	case "byRegexp":
		return regexp.MustCompile(opt.(string)).MatchString(x.name)
	case "byFrameRefID":
		return opt == x.refID
	case "byType":
		return opt == string(x.typ())
	}
	panic(fmt.Sprintf("field matcher %q not emulated", o.Matcher.ID))
}

func (c fieldConf) unit() string {
	s, _ := c["unit"].(string)
	return s
}

func (c fieldConf) custom() map[string]any { return c["custom"].(map[string]any) }

func (c fieldConf) number(key string) (float64, bool) {
	f, ok := c[key].(float64)
	return f, ok
}

// thresholds are the field's thresholds and whether its JSON set them;
// without, Grafana's default thresholds apply (gm.DefaultThresholds).
func (c fieldConf) thresholds() (*gm.Thresholds, bool) {
	raw, ok := c["thresholds"]
	if !ok || raw == nil {
		return gm.DefaultThresholds(), false
	}
	var th gm.Thresholds
	b, _ := json.Marshal(raw)
	if err := json.Unmarshal(b, &th); err != nil {
		panic(err)
	}
	return &th, true
}

func (c fieldConf) mappings() []gm.Mapping {
	var ms []gm.Mapping
	b, _ := json.Marshal(c["mappings"])
	json.Unmarshal(b, &ms)
	return ms
}

// model is the config displayProcessor reads.
func (c fieldConf) model() gm.Config {
	th, _ := c.thresholds()
	out := gm.Config{Unit: c.unit(), Mappings: c.mappings(), Thresholds: th}
	if d, ok := c.number("decimals"); ok {
		out.Decimals = gm.Decimals(int(d))
	}
	if col, ok := c["color"].(map[string]any); ok {
		out.ColorMode, _ = col["mode"].(string)
	}
	out.NoValue, _ = c["noValue"].(string)
	return out
}

// show is what Grafana shows for the value in the field.
func (v *viewer) show(c fieldConf, typ gm.FieldType, value any) gm.Display {
	d, ok := gm.Show(typ, c.model(), value)
	if !ok {
		v.t.Fatalf("panel %q: unit %q not modelled", v.p.Title, c.unit())
	}
	return d
}

// A viewer reads no raw label value: no snake_case, and no value the
// vocabulary names otherwise.
var snake = regexp.MustCompile(`\b[a-z0-9]+_[a-z0-9_]+\b`)

func rawName(s string, voc names, labelsSeen []string) bool {
	if snake.MatchString(s) {
		return true
	}
	for _, l := range labelsSeen {
		if voc.Display(l, s) != s {
			return true
		}
	}
	return false
}

// names is what the test asks of the project's vocabulary.
type names interface {
	// Display is the human name of a label's value (the value if unknown).
	Display(label, value string) string
	// Rank is the value's position in an ordered label's natural order.
	Rank(label, value string) (rank int, ordered bool)
}

// finding is one thing a viewer would see wrong, named by the rule that
// found it.
type finding struct {
	board, panel, rule, msg string
}

func (f finding) String() string {
	return fmt.Sprintf("%s: panel %q: [%s] %s", f.board, f.panel, f.rule, f.msg)
}

// viewerSources are the data the boards are read over: the live scrapes
// of the exporter (with a source that has never loaded, as an operator's
// broken file would leave it) for the boards that show the current
// figures, and the backfilled history for a board whose time range is
// fixed in the past.
type viewerSources struct {
	live, history storage.Queryable
	eng           *promql.Engine
	now           time.Time
}

func newViewerSources(t *testing.T) viewerSources {
	t.Helper()
	now := time.Now().Truncate(time.Second)
	scrapes := promqltest.ScrapeExporter(t, broken(t))
	return viewerSources{
		live:    promqltest.LoadScrapes(t, scrapes, []time.Time{now.Add(-time.Minute), now}),
		history: loadBackfill(t),
		eng:     promqltest.NewEngine(),
		now:     now,
	}
}

// forBoard is where the board's queries run: a board whose time range is
// absolute over the history (in steps of a week), the others at now.
func (s viewerSources) forBoard(t *testing.T, b board) source {
	from, errFrom := time.Parse(time.RFC3339, b.Time.From)
	to, errTo := time.Parse(time.RFC3339, b.Time.To)
	if errFrom == nil && errTo == nil {
		return source{eng: s.eng, st: s.history, start: from, end: to, step: 7 * 24 * time.Hour}
	}
	if !strings.HasPrefix(b.Time.From, "now") {
		t.Fatalf("%s: time range %q not modelled", b.file, b.Time.From)
	}
	return source{eng: s.eng, st: s.live, start: s.now.Add(-time.Minute), end: s.now, step: 15 * time.Second}
}

// view reads every panel of the board as a viewer would and returns what
// the rules found.
func view(t *testing.T, src viewerSources, d dashboard, voc names) []finding {
	t.Helper()
	b := viewBoard(t, d)
	var out []finding
	report := func(panel, rule, format string, args ...any) {
		out = append(out, finding{d.file, panel, rule, fmt.Sprintf(format, args...)})
	}
	boardRules(b, report)
	s := src.forBoard(t, b)
	for _, p := range b.ViewPanels {
		if p.Type == "row" {
			continue
		}
		v := &viewer{t: t, p: p, d: d, voc: voc, report: report}
		v.check(s)
	}
	return out
}

// TestWhatAViewerSees evaluates every panel of the generated boards and
// reads it as a viewer would: no rule may find anything.
func TestWhatAViewerSees(t *testing.T) {
	src := newViewerSources(t)
	voc := shippedNames()
	for _, d := range generated(t) {
		t.Run(d.file, func(t *testing.T) {
			for _, f := range view(t, src, d, voc) {
				t.Error(f)
			}
		})
	}
}

type viewer struct {
	t      *testing.T
	p      viewPanel
	d      dashboard
	voc    names
	labels []string // the labels of the panel's results
	report func(panel, rule, format string, args ...any)
}

func (v *viewer) flag(rule, format string, args ...any) {
	v.report(v.p.Title, rule, format, args...)
}

func (v *viewer) check(s source) {
	p := v.p
	v.panelRules()
	if p.Type == "text" {
		return
	}
	var frames []*frame
	var fields []*field // one per series, for panels that draw series
	seen := map[string]bool{}
	for _, tg := range p.Targets {
		ss, err := s.run(substitute(v.d, tg.Expr), tg.Instant)
		if err != nil {
			v.flag("query-error", "%s: %v", tg.Expr, err)
			continue
		}
		for _, s := range ss {
			s.labels.Range(func(l labels.Label) { seen[l.Name] = true })
		}
		if tg.Format == "table" {
			frames = append(frames, tableFrame(ss, tg, len(p.Targets) > 1))
			continue
		}
		// Time series and single values: one field per series, named by
		// the legend.
		for _, s := range ss {
			x := &field{name: legendName(s, tg.LegendFormat), refID: tg.RefID, labels: s.labels}
			x.raw = x.name
			x.values = []any{s.value}
			if s.samples > 0 {
				x.values = []any{s.lo, s.hi, s.value}
			}
			fields = append(fields, x)
			v.readable(displayName(p, x.name, tg.RefID, s.labels), keys(seen), "series name")
		}
	}
	v.labels = keys(seen)
	switch p.Type {
	case "stat":
		v.stat(fields)
	case "piechart":
		v.pie(fields)
	case "timeseries":
		v.timeseries(fields)
	}
	if len(frames) == 0 {
		return
	}
	f := transform(v.t, p, frames)
	if f == nil || f.rows() == 0 {
		return // "every query returns data" reports empty results
	}
	switch p.Type {
	case "barchart":
		v.bars(f)
	case "trend":
		v.trend(f)
	case "table":
		v.table(f)
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		if k != "__name__" {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func (v *viewer) readable(s string, labelsSeen []string, what string) {
	if rawName(s, v.voc, labelsSeen) {
		v.flag("raw-label", "%s %q is a raw label value", what, s)
	}
}

func fieldNames(f *frame) []string {
	var out []string
	for _, x := range f.fields {
		out = append(out, x.name)
	}
	return out
}

var literalJob = regexp.MustCompile(`job\s*(=|!=|=~|!~)\s*\\?"[^$\\]`)

// The static things a viewer meets: links that keep time break the target
// board; a literal job hides the exporter of a user scraping it under
// another job name; a data panel without a unit.
func TestViewerStatic(t *testing.T) {
	for _, d := range generated(t) {
		for _, l := range d.Links {
			if l["keepTime"] == true {
				t.Errorf("%s: link %q keeps the time range", d.file, l["title"])
			}
		}
		if m := literalJob.Find(d.raw); m != nil {
			t.Errorf("%s: literal job matcher %s", d.file, m)
		}
		for _, p := range viewPanels(t, d) {
			if p.Type != "row" && p.Type != "text" && p.Type != "table" && p.config(&field{}).unit() == "" {
				t.Errorf("%s: panel %q has no unit", d.file, p.Title)
			}
		}
	}
}

// The health board serves an operator: it refreshes itself, every metric
// it selects is scoped by the job and instance variables, and it lists the
// exporter's alerts with the shared query of the alerting rules' names.
func TestHealthBoardIsScoped(t *testing.T) {
	const alertsQuery = `ALERTS{alertname=~"KoreaICTExporter.*", job=~"$job", instance=~"$instance"}`
	for _, d := range generated(t) {
		if d.UID != "korea-ict-exporter-health" {
			continue
		}
		var top struct {
			Refresh string `json:"refresh"`
		}
		if err := json.Unmarshal(d.raw, &top); err != nil || top.Refresh == "" {
			t.Errorf("the health board does not refresh itself (%v)", err)
		}
		vars := map[string]bool{}
		for _, v := range d.Templating.List {
			vars[v.Name] = true
		}
		if !vars["job"] || !vars["instance"] {
			t.Errorf("variables %v: want job and instance", vars)
		}
		alerts := false
		for _, p := range viewPanels(t, d) {
			for _, tg := range p.Targets {
				alerts = alerts || tg.Expr == alertsQuery
				expr, err := parser.NewParser(parser.Options{}).ParseExpr(tg.Expr)
				if err != nil {
					t.Fatalf("%q: %v", tg.Expr, err)
				}
				parser.Inspect(expr, func(n parser.Node, _ []parser.Node) error {
					vs, ok := n.(*parser.VectorSelector)
					if !ok {
						return nil
					}
					scoped := map[string]bool{}
					for _, m := range vs.LabelMatchers {
						scoped[m.Name] = m.Value == "$"+m.Name
					}
					if !scoped["job"] || !scoped["instance"] {
						t.Errorf("panel %q: %s is not scoped by $job and $instance", p.Title, vs)
					}
					return nil
				})
			}
		}
		if !alerts {
			t.Errorf("no panel lists the alerts with %s", alertsQuery)
		}
		return
	}
	t.Fatal("no health board")
}

// History draws only the backfilled history: over the live gauges alone
// (no backfilled blocks), every History query is empty, so outside
// 1996-2008 the panels are empty, not flat lines.
func TestHistoryIgnoresLiveGauges(t *testing.T) {
	now := time.Now().Truncate(time.Second)
	st := promqltest.LoadScrapes(t, promqltest.ScrapeExporter(t), []time.Time{now.Add(-time.Minute), now})
	eng := promqltest.NewEngine()
	n := 0
	for _, q := range queries(t) {
		if q.board != historyBoard {
			continue
		}
		n++
		if ss := run(t, eng, st, q.expr, q.instant, now); len(ss) > 0 {
			t.Errorf("%s: matches %d live gauges, e.g. %s\n%s", q.panel, len(ss), ss[0].labels, q.expr)
		}
	}
	if n == 0 {
		t.Fatal("no History queries")
	}
}
