package main

import (
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
	"github.com/prometheus/prometheus/util/teststorage"

	"github.com/korea-ict-exporter/korea-ict-exporter/internal/promqltest"
)

// What a viewer sees: each panel's real query results (the PromQL engine
// over the exporter's real output) turned into Grafana data frames the way
// Grafana's Prometheus datasource does, put through the panel's own
// transformations, field config and overrides, and read as the panel draws
// them: bars and their slots, axis and legend names, table columns.

// field is a column of a data frame.
type field struct {
	name   string // after renames; what Grafana shows unless overridden
	raw    string // the name before renames
	values []any  // string, float64 or nil
	refID  string
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
	GridPos     struct{ H, W int }
	Targets     []viewTarget `json:"targets"`
	FieldConfig struct {
		Defaults  fieldDefaults `json:"defaults"`
		Overrides []struct {
			Matcher struct {
				ID      string `json:"id"`
				Options any    `json:"options"`
			} `json:"matcher"`
			Properties []struct {
				ID    string `json:"id"`
				Value any    `json:"value"`
			} `json:"properties"`
		} `json:"overrides"`
	} `json:"fieldConfig"`
	Transformations []struct {
		ID      string         `json:"id"`
		Options map[string]any `json:"options"`
	} `json:"transformations"`
	Options struct {
		XField   string `json:"xField"`
		Stacking string `json:"stacking"`
	} `json:"options"`
}

type viewTarget struct {
	RefID        string `json:"refId"`
	Expr         string `json:"expr"`
	Instant      bool   `json:"instant"`
	Format       string `json:"format"`
	LegendFormat string `json:"legendFormat"`
}

type fieldDefaults struct {
	Unit     string           `json:"unit"`
	Min      *float64         `json:"min"`
	Mappings []map[string]any `json:"mappings"`
	Custom   struct {
		ScaleDistribution struct {
			Type string `json:"type"`
		} `json:"scaleDistribution"`
	} `json:"custom"`
}

func viewPanels(t *testing.T, d dashboard) []viewPanel {
	t.Helper()
	var v struct {
		Panels []viewPanel `json:"panels"`
	}
	if err := json.Unmarshal(d.raw, &v); err != nil {
		t.Fatal(err)
	}
	return v.Panels
}

// series is one result series: its labels and (last) value.
type series struct {
	labels labels.Labels
	value  float64
}

func run(t *testing.T, eng *promql.Engine, st *teststorage.TestStorage, expr string, instant bool, at time.Time) []series {
	t.Helper()
	var qry promql.Query
	var err error
	if instant {
		qry, err = eng.NewInstantQuery(t.Context(), st, nil, expr, at)
	} else {
		qry, err = eng.NewRangeQuery(t.Context(), st, nil, expr, at.Add(-time.Minute), at, 15*time.Second)
	}
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	defer qry.Close()
	res := qry.Exec(t.Context())
	if res.Err != nil {
		t.Fatalf("%s: %v", expr, res.Err)
	}
	var out []series
	switch v := res.Value.(type) {
	case promql.Vector:
		for _, s := range v {
			out = append(out, series{s.Metric, s.F})
		}
	case promql.Matrix:
		for _, s := range v {
			if len(s.Floats) > 0 {
				out = append(out, series{s.Metric, s.Floats[len(s.Floats)-1].F})
			}
		}
	}
	// Prometheus promises no order; Grafana keeps the one it gets. Sorting
	// makes the test independent of it: every order a panel needs comes
	// from its transformations.
	sort.Slice(out, func(i, j int) bool { return labels.Compare(out[i].labels, out[j].labels) < 0 })
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
	for _, o := range p.FieldConfig.Overrides {
		if !matches(o.Matcher.ID, o.Matcher.Options, name, refID) {
			continue
		}
		for _, prop := range o.Properties {
			if prop.ID == "displayName" {
				return regexp.MustCompile(`\$\{__field\.labels\.(\w+)\}`).ReplaceAllStringFunc(prop.Value.(string), func(m string) string {
					return ls.Get(m[len("${__field.labels.") : len(m)-1])
				})
			}
		}
	}
	return name
}

func matches(id string, options any, name, refID string) bool {
	switch id {
	case "byName":
		return options == name
	case "byRegexp":
		return regexp.MustCompile(options.(string)).MatchString(name)
	case "byFrameRefID":
		return options == refID
	}
	return false
}

// fieldUnit is the unit a field is shown in: a unit override, else the
// default.
func fieldUnit(p viewPanel, name string) string {
	for _, o := range p.FieldConfig.Overrides {
		if !matches(o.Matcher.ID, o.Matcher.Options, name, "") {
			continue
		}
		for _, prop := range o.Properties {
			if prop.ID == "unit" {
				return prop.Value.(string)
			}
		}
	}
	return p.FieldConfig.Defaults.Unit
}

// cellText is a value as shown: its value mapping's text, else itself.
func cellText(p viewPanel, v any) string {
	s := fmt.Sprint(v)
	for _, m := range p.FieldConfig.Defaults.Mappings {
		if m["type"] != "value" {
			continue
		}
		if r, ok := m["options"].(map[string]any)[s].(map[string]any); ok {
			if text, ok := r["text"].(string); ok && text != "" {
				return text
			}
		}
	}
	return s
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

// allowedEmptySlots is the share of bar slots that may be empty in a bar
// chart: where the source itself leaves cells blank (the intermediaries'
// bottlenecks of table 48, a quarter missing), not more.
const allowedEmptySlots = 0.20

var status = regexp.MustCompile(`\b(preliminary|projection|estimate)\b`)

func isTotal(raw string) bool { return raw == "total" || raw == "all" }

// TestWhatAViewerSees evaluates every panel and reads it as a viewer would.
func TestWhatAViewerSees(t *testing.T) {
	now := time.Now().Truncate(time.Second)
	st := promqltest.LoadScrapes(t, promqltest.ScrapeExporter(t), []time.Time{now.Add(-time.Minute), now})
	eng := promqltest.NewEngine()
	voc := shippedNames()
	for _, d := range generated(t) {
		t.Run(d.file, func(t *testing.T) {
			for _, p := range viewPanels(t, d) {
				if p.Type == "row" || p.Type == "text" {
					continue
				}
				viewer{t: t, p: p, d: d, voc: voc}.check(eng, st, now)
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
}

// names is what the test asks of the project's vocabulary.
type names interface {
	// Display is the human name of a label's value (the value if unknown).
	Display(label, value string) string
	// Rank is the value's position in an ordered label's natural order.
	Rank(label, value string) (rank int, ordered bool)
}

func (v viewer) errorf(format string, args ...any) {
	v.t.Helper()
	v.t.Errorf("panel %d %q: "+format, append([]any{v.p.ID, v.p.Title}, args...)...)
}

func (v viewer) check(eng *promql.Engine, st *teststorage.TestStorage, now time.Time) {
	p := v.p
	var frames []*frame
	seen := map[string]bool{}
	for _, tg := range p.Targets {
		ss := run(v.t, eng, st, substitute(v.d, tg.Expr), tg.Instant, now)
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
			name := displayName(p, legendName(s, tg.LegendFormat), tg.RefID, s.labels)
			v.readable(name, keys(seen), "series name")
		}
	}
	if len(frames) == 0 {
		return
	}
	f := transform(v.t, p, frames)
	if f == nil || f.rows() == 0 {
		return // "every query returns data" reports empty results
	}
	labelsSeen := keys(seen)
	v.labels = labelsSeen
	switch p.Type {
	case "barchart":
		v.bars(f, labelsSeen)
	case "trend":
		for _, x := range f.fields[1:] {
			v.readable(displayName(p, x.name, "", labels.EmptyLabels()), labelsSeen, "line name")
		}
	case "table":
		v.table(f, labelsSeen)
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

func (v viewer) readable(s string, labelsSeen []string, what string) {
	v.t.Helper()
	if rawName(s, v.voc, labelsSeen) {
		v.errorf("%s %q is a raw label value", what, s)
	}
}

// bars reads a bar chart: the x field's values are the groups (or bars),
// the other fields the bars of each group.
func (v viewer) bars(f *frame, labelsSeen []string) {
	x := f.get(v.p.Options.XField)
	if x == nil {
		v.errorf("xField %q is not a field of the transformed data (%v)", v.p.Options.XField, fieldNames(f))
		return
	}
	var bars []*field
	for _, y := range f.fields {
		if y != x {
			bars = append(bars, y)
		}
	}
	// Names on the axis and in the legend.
	var xRaw []string
	for _, r := range x.values {
		xRaw = append(xRaw, fmt.Sprint(r))
		v.readable(cellText(v.p, r), labelsSeen, "axis label")
	}
	for _, y := range bars {
		v.readable(displayName(v.p, y.name, "", labels.EmptyLabels()), labelsSeen, "legend name")
		// Status marks the period; as a series it opens slots that are
		// empty in every other period.
		if status.MatchString(y.raw) {
			v.errorf("bar series %q is a status: it belongs on the period's label", y.raw)
		}
	}
	// Empty slots.
	slots, empty := 0, 0
	for _, y := range bars {
		for _, c := range y.values {
			slots++
			if c == nil {
				empty++
			}
		}
	}
	// Stacked bars leave no slot for a missing part.
	if share := float64(empty) / float64(slots); v.p.Options.Stacking == "none" && share > allowedEmptySlots {
		v.errorf("%d of %d bar slots (%.0f %%) are empty, more than the allowed %.0f %%", empty, slots, 100*share, 100*allowedEmptySlots)
	}
	// A total among its parts.
	for _, r := range xRaw {
		if isTotal(r) {
			v.errorf("the total %q is drawn among its parts on the axis", r)
		}
	}
	for _, y := range bars {
		if isTotal(y.raw) {
			v.errorf("the total %q is drawn among its parts in the legend", y.raw)
		}
	}
	if len(bars) == 1 && len(x.values) >= 3 {
		v.totalAmong(xRaw, bars[0].values)
	}
	if len(bars) >= 3 && v.p.Options.Stacking == "none" {
		for i := range x.values {
			var row []any
			var names []string
			for _, y := range bars {
				row = append(row, y.values[i])
				names = append(names, y.raw)
			}
			v.totalAmong(names, row)
		}
	}
	v.scale(bars)
	// Ordinal order, on the axis and in the legend.
	var legend []string
	for _, y := range bars {
		legend = append(legend, y.raw)
	}
	v.ordinal(xRaw, "axis")
	v.ordinal(legend, "legend")
	if v.p.FieldConfig.Defaults.Unit == "" {
		v.errorf("no unit")
	}
}

// Values spanning orders of magnitude need a log scale (or shares): on a
// linear axis the smallest bars are invisible. Values clustered far from
// zero need an axis minimum, or they all look the same length.
const (
	spanForLog    = 300  // largest / smallest positive value
	clusterForMin = 0.93 // smallest / largest value
)

func (v viewer) scale(bars []*field) {
	lo, hi := math.Inf(1), 0.0
	for _, y := range bars {
		for _, c := range y.values {
			if f, ok := c.(float64); ok {
				if f <= 0 {
					return // signed or zero values: a linear axis from zero
				}
				lo, hi = math.Min(lo, f), math.Max(hi, f)
			}
		}
	}
	stacked := v.p.Options.Stacking != "none"
	log := v.p.FieldConfig.Defaults.Custom.ScaleDistribution.Type == "log"
	if hi/lo > spanForLog && !stacked && !log {
		v.errorf("values from %g to %g on a linear axis: the smallest bars are invisible", lo, hi)
	}
	if lo/hi > clusterForMin && !stacked && v.p.FieldConfig.Defaults.Min == nil && len(bars[0].values) > 2 {
		v.errorf("values from %g to %g all look the same length from zero: set an axis minimum", lo, hi)
	}
}

// totalAmong fails when one value is the sum of the others (a total drawn
// among its parts).
func (v viewer) totalAmong(names []string, values []any) {
	var sum float64
	var nums []float64
	for _, c := range values {
		if f, ok := c.(float64); ok {
			nums = append(nums, f)
			sum += f
		}
	}
	if len(nums) < 3 {
		return
	}
	for i, c := range values {
		f, ok := c.(float64)
		if ok && f > 0 && math.Abs(2*f-sum) <= 1e-3*sum {
			v.errorf("%q (%v) is the sum of the others: a total drawn among its parts", names[i], f)
		}
	}
}

// ordinal fails when values of an ordered label (size classes, stages)
// are not in the vocabulary's order.
func (v viewer) ordinal(raw []string, where string) {
	for _, l := range v.labels {
		last := -1
		for _, r := range raw {
			k, ordered := v.voc.Rank(l, r)
			if !ordered || k < 0 {
				continue
			}
			if k < last {
				v.errorf("%s out of %s's natural order: %v", where, l, raw)
				break
			}
			last = k
		}
	}
}

// table reads a table: every column's name and every text cell, and each
// numeric column's unit.
func (v viewer) table(f *frame, labelsSeen []string) {
	for _, x := range f.fields {
		title := displayName(v.p, x.name, "", labels.EmptyLabels())
		v.readable(title, labelsSeen, "column")
		numeric := false
		for _, c := range x.values {
			switch c.(type) {
			case float64:
				numeric = true
			case string:
				v.readable(cellText(v.p, c), labelsSeen, "cell in "+title)
			}
		}
		if numeric && fieldUnit(v.p, title) == "" {
			v.errorf("column %q has no unit", title)
		}
	}
	// Sized to its rows: a header and every row without scrolling, at
	// Grafana's "sm" cell height (36 px) under the title (32 px), in grid
	// units of 30 px with 8 px between.
	if need := 32 + 36*(f.rows()+1); v.p.GridPos.H*38-8 < need {
		v.errorf("%d rows need %d px; the panel is %d grid units (%d px)", f.rows(), need, v.p.GridPos.H, v.p.GridPos.H*38-8)
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
			if p.Type != "row" && p.Type != "text" && p.Type != "table" && p.FieldConfig.Defaults.Unit == "" {
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
