package main

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"

	gm "github.com/korea-ict-exporter/korea-ict-exporter/dashboards/internal/grafanamodel"
)

// The rules of the viewer model. Each says what Grafana does with an
// option the boards use and cites where Grafana's code does it. Two
// sources were read (see the grafanamodel package): @grafana/data and
// @grafana/ui at 12.4.0 (the version the screenshots were taken with) and
// 13.2.3 (the version docker-compose.yml pins), exactly, from npm; and the
// panel plugins under public/app/plugins/panel/ from the code search
// index's copy of grafana/grafana, which is one commit per file and not
// tied to a release: for those the comment names the function, and the
// screenshots of 12.4.0 are the evidence that the rule held there.

// boardRules are the rules about a board as a whole.
func boardRules(b board, report func(panel, rule, format string, args ...any)) {
	// time-picker-fixed-period: a board whose every query is an instant
	// query shows the same figures whatever the time range, yet Grafana
	// shows its time picker ("Last 1 hour") unless timepicker.hidden is
	// set (public/app/features/dashboard-scene/serialization/
	// transformSaveModelToScene.ts: DashboardControls
	// hideTimeControls: oldModel.timepicker.hidden).
	instant, queries := 0, 0
	for _, p := range b.ViewPanels {
		for _, tg := range p.Targets {
			queries++
			if tg.Instant {
				instant++
			}
		}
	}
	if queries > 0 && instant == queries && !b.Timepicker.Hidden {
		report("", "time-picker-fixed-period", "every query is instant (fixed periods), but the time picker is shown (%s to %s)", b.Time.From, b.Time.To)
	}
}

// panelRules are the rules a panel's JSON decides alone.
func (v *viewer) panelRules() {
	p := v.p
	// title-cut: PanelChrome draws the title as <Text variant="h6"
	// truncate> (packages/grafana-ui/src/components/PanelChrome/
	// PanelChrome.tsx, 12.4.0 and 13.2.3): a title wider than its room is
	// cut with an ellipsis.
	if w := gm.TextWidth(p.Title, 14); p.Title != "" && w > gm.TitleRoom(p.GridPos.W) {
		v.flag("title-cut", "title needs ~%.0f px, a %d-column panel leaves ~%.0f px: Grafana cuts it with an ellipsis", w, p.GridPos.W, gm.TitleRoom(p.GridPos.W))
	}
	switch p.Type {
	case "text":
		v.textHeight()
	case "barchart":
		v.barOptions()
	}
}

// textHeight: a text panel shows its markdown in the panel's content box
// and cuts what does not fit (public/app/plugins/panel/text/TextPanel.tsx
// renders the markdown in a div of the panel's height). The height the
// text needs is estimated: each paragraph wrapped at the content width in
// 14 px text with Grafana's 22 px line height (createTypography.ts body:
// 14 px / 22 px, 12.4.0 and 13.2.3) and 16 px between paragraphs; the
// panel's content box is its height less the 32 px header and 8 px of
// padding top and bottom.
func (v *viewer) textHeight() {
	p := v.p
	width := gm.PanelWidth(p.GridPos.W) - 16
	need := 0.0
	paras := regexp.MustCompile(`\n\s*\n`).Split(strings.TrimSpace(p.Options.Content), -1)
	for i, para := range paras {
		plain := regexp.MustCompile("[*_`#>]").ReplaceAllString(para, "")
		lines := math.Max(1, math.Ceil(gm.TextWidth(plain, 14)/width))
		need += 22 * lines
		if i > 0 {
			need += 16
		}
	}
	if room := gm.PanelHeight(p.GridPos.H) - 32 - 16; need > room {
		v.flag("text-cut", "the text needs ~%.0f px, the panel's %d rows leave %.0f px: Grafana cuts it", need, p.GridPos.H, room)
	}
}

// barOptions are the bar chart rules of its options alone.
func (v *viewer) barOptions() {
	p := v.p
	c := p.config(&field{name: "", raw: ""})
	// bar-log-scale: barchart/utils.ts prepConfig passes
	// custom.scaleDistribution to the value scale: on a log axis a bar's
	// length is not proportional to its value.
	if sd, ok := c.custom()["scaleDistribution"].(map[string]any); ok && sd["type"] == "log" {
		v.flag("bar-log-scale", "bars on a log scale: their lengths are not proportional to the values")
	}
	// bar-axis-min: barchart/utils.ts prepConfig makes bars start at zero
	// ("softMin = 0 unless explicitly overridden") only when neither min
	// nor custom.axisSoftMin is set.
	if m, ok := c.number("min"); ok && m > 0 {
		v.flag("bar-axis-min", "the value axis starts at %v, not zero: bar lengths are not proportional", m)
	}
	if m, ok := c.custom()["axisSoftMin"].(float64); ok && m > 0 {
		v.flag("bar-axis-min", "the value axis starts at soft min %v, not zero", m)
	}
}

// bars reads a bar chart. The x field is options.xField, else the first
// string field (barchart/utils.ts prepSeries); the others are its bars.
func (v *viewer) bars(f *frame) {
	p := v.p
	x := v.xField(f)
	if x == nil {
		return
	}
	var bars []*field
	for _, y := range f.fields {
		if y != x {
			bars = append(bars, y)
		}
	}
	xc := p.config(x)
	var xRaw, labels []string
	for _, r := range x.values {
		xRaw = append(xRaw, fmt.Sprint(r))
		labels = append(labels, v.show(xc, x.typ(), r).Text)
	}
	v.xLabels(x, xc, labels)
	v.legendMappings(x, bars)
	// Names on the axis and in the legend.
	for _, l := range labels {
		v.readable(l, v.labels, "axis label")
	}
	for _, y := range bars {
		v.readable(displayName(p, y.name, "", y.labels), v.labels, "legend name")
		// Status marks the period; as a series it opens slots that are
		// empty in every other period.
		if status.MatchString(y.raw) {
			v.flag("status-series", "bar series %q is a status: it belongs on the period's label", y.raw)
		}
	}
	v.slots(bars)
	// A total among its parts.
	for _, r := range xRaw {
		if isTotal(r) {
			v.flag("total-among-parts", "the total %q is drawn among its parts on the axis", r)
		}
	}
	for _, y := range bars {
		if isTotal(y.raw) {
			v.flag("total-among-parts", "the total %q is drawn among its parts in the legend", y.raw)
		}
	}
	if len(bars) == 1 && len(x.values) >= 3 {
		v.totalAmong(xRaw, bars[0].values)
	}
	if len(bars) >= 3 && p.Options.Stacking == "none" {
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
	for _, y := range bars {
		if p.config(y).unit() == "" {
			v.flag("no-unit", "bar values %q have no unit", y.name)
			break
		}
	}
}

// xField is the field options.xField names, or nil (and a finding).
func (v *viewer) xField(f *frame) *field {
	x := f.get(v.p.Options.XField)
	if x == nil {
		v.flag("x-field", "xField %q is not a field of the transformed data (%v)", v.p.Options.XField, fieldNames(f))
	}
	return x
}

// xLabels are the rules of the category (x) axis labels.
func (v *viewer) xLabels(x *field, xc fieldConf, labels []string) {
	p := v.p
	// bar-x-label-unit: the x field gets the panel's defaults like every
	// field (fieldOverrides.ts setFieldConfigDefaults), and
	// displayProcessor.ts getDisplayProcessor formats a numeric-looking
	// string in any unit but "string" (gm.Show): a year reads "2.00 K".
	for i, r := range x.values {
		if d := v.show(xc, x.typ(), r); !d.Mapped && !math.IsNaN(d.Numeric) && d.Text != fmt.Sprint(r) {
			v.flag("bar-x-label-unit", "the x label %q is formatted in unit %q and reads %q", r, xc.unit(), labels[i])
			break
		}
	}
	// bar-percent-stacking-x: barchart/utils.ts prepConfig builds the
	// formatters of every field of the frame, the x field (index 0)
	// included, with unit percentunit when stacking is percent, and the
	// x axis labels use formatter 0 (bars.ts xValues via formatShortValue):
	// a year reads "200100%" whatever unit the x field has.
	if p.Options.Stacking == "percent" {
		for _, r := range x.values {
			if n := gm.AnyToNumber(r); !math.IsNaN(n) {
				s, _ := gm.Format("percentunit", n, nil)
				v.flag("bar-percent-stacking-x", "percent stacking formats the x label %q as %q", r, s)
				break
			}
		}
	}
	// bar-x-tick-truncated: on vertical bars (a horizontal x axis),
	// barchart/bars.ts xValues writes the labels with formatShortValue,
	// which barchart/utils.ts prepConfig defines as shortenValue: every x
	// label longer than options.xTickLabelMaxLength is cut to that many
	// characters and "...". Horizontal bars' labels are not shortened.
	if n := p.Options.XTickLabelMaxLength; n != nil && !horizontalBars(p) {
		for _, l := range labels {
			if len([]rune(l)) > *n {
				v.flag("bar-x-tick-truncated", "xTickLabelMaxLength %d cuts the x label %q to %q", *n, l, string([]rune(l)[:*n])+"...")
				break
			}
		}
	}
	// bar-label-clipped: on horizontal bars the category labels are on a
	// left axis that Grafana sizes to the longest label but at most 40 %
	// of the chart's width (UPlotAxisBuilder.ts calculateAxisSize); a
	// longer label is cut on the left.
	if horizontalBars(p) {
		room := gm.CategoryAxisRoom(p.GridPos.W)
		for _, l := range labels {
			if w := gm.TextWidth(l, 12); w > room {
				v.flag("bar-label-clipped", "the category label %q needs ~%.0f px, the axis of a %d-column panel has ~%.0f px: cut on the left", l, w, p.GridPos.W, room)
				break
			}
		}
	}
}

// horizontalBars: orientation horizontal, or auto on a panel taller than
// wide (barchart/BarChartPanel.tsx: VizOrientation.Auto is horizontal
// when width < height).
func horizontalBars(p viewPanel) bool {
	o := p.Options.Orientation
	return o == "horizontal" || (o == "" || o == "auto") && gm.PanelWidth(p.GridPos.W) < gm.PanelHeight(p.GridPos.H)
}

// legendMappings: barchart/BarChartLegend.tsx BarChartLegend collects the
// value mappings of every field after the x field and lists them as
// legend items (getValueMappingItems in app/core/components/
// TimelineChart/utils.ts labels each with the mapping's key, the raw
// value): mappings in fieldConfig.defaults reach the bar fields and put
// the raw codes in the legend. And a mapping for a value the panel does
// not have is a legend item, or JSON, for nothing.
func (v *viewer) legendMappings(x *field, bars []*field) {
	listed := map[string]bool{}
	for _, y := range bars {
		for _, m := range v.p.config(y).mappings() {
			if m.Type == "value" {
				for k := range m.Options {
					listed[k] = true
				}
			}
		}
	}
	// The legend is drawn unless options.legend.showLegend is false
	// (barchart/BarChartPanel.tsx renders BarChartLegend only then).
	if sl := v.p.Options.Legend.ShowLegend; len(listed) > 0 && (sl == nil || *sl) {
		v.flag("bar-legend-mappings", "value mappings on the bar fields are listed in the legend as %d raw keys, e.g. %q", len(listed), first(listed))
	}
	have := map[string]bool{}
	for _, r := range x.values {
		have[fmt.Sprint(r)] = true
	}
	for _, y := range bars {
		have[y.raw] = true
	}
	unused := map[string]bool{}
	for _, m := range v.p.config(x).mappings() {
		if m.Type != "value" {
			continue
		}
		for k := range m.Options {
			if !have[k] {
				unused[k] = true
			}
		}
	}
	if len(unused) > 0 {
		v.flag("mapping-absent-value", "%d value mappings for values the panel does not have, e.g. %q", len(unused), first(unused))
	}
}

// first is the least key of the set, for a message that names one.
func first(m map[string]bool) string { return slices.Sorted(maps.Keys(m))[0] }

// allowedEmptySlots is the share of bar slots that may be empty in a bar
// chart: where the source itself leaves cells blank (the intermediaries'
// bottlenecks of table 48, a quarter missing), not more.
const allowedEmptySlots = 0.20

var status = regexp.MustCompile(`\b(preliminary|projection|estimate)\b`)

func isTotal(raw string) bool { return raw == "total" || raw == "all" }

func (v *viewer) slots(bars []*field) {
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
		v.flag("empty-slots", "%d of %d bar slots (%.0f %%) are empty, more than the allowed %.0f %%", empty, slots, 100*share, 100*allowedEmptySlots)
	}
}

// Bars start at zero. Values spanning orders of magnitude leave the
// smallest bars invisible; values clustered far from zero all look the
// same length. Neither is cured by a log scale or an axis minimum (both
// make lengths lie): such figures belong in a table, in separate panels,
// or shown another way.
const (
	spanForBars    = 300  // largest / smallest positive value
	clusterForBars = 0.93 // smallest / largest value
)

func (v *viewer) scale(bars []*field) {
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
	if math.IsInf(lo, 1) || v.p.Options.Stacking != "none" {
		return
	}
	sd, _ := v.p.config(bars[0]).custom()["scaleDistribution"].(map[string]any)
	if hi/lo > spanForBars && (sd == nil || sd["type"] != "log") {
		v.flag("bars-span", "values from %g to %g on one linear axis: the smallest bars are invisible", lo, hi)
	}
	if lo/hi > clusterForBars && len(bars[0].values) > 2 {
		v.flag("bars-clustered", "values from %g to %g all look the same length from zero", lo, hi)
	}
}

// totalAmong flags one value that is the sum of the others (a total drawn
// among its parts).
func (v *viewer) totalAmong(names []string, values []any) {
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
			v.flag("total-among-parts", "%q (%v) is the sum of the others: a total drawn among its parts", names[i], f)
		}
	}
}

// ordinal flags values of an ordered label (size classes, stages) out of
// the vocabulary's order.
func (v *viewer) ordinal(raw []string, where string) {
	for _, l := range v.labels {
		last := -1
		for _, r := range raw {
			k, ordered := v.voc.Rank(l, r)
			if !ordered || k < 0 {
				continue
			}
			if k < last {
				v.flag("ordinal-order", "%s out of %s's natural order: %v", where, l, raw)
				break
			}
			last = k
		}
	}
}

// trend: the trend panel's x field is options.xField, a number field
// (trend/TrendPanel.tsx), and its axis and tooltip format the x values
// with the x field's display processor (app/core/components/TimeSeries/
// utils.ts preparePlotConfigBuilder: formatValue: xField.display), so
// the x field takes the panel's default unit.
func (v *viewer) trend(f *frame) {
	p := v.p
	x := v.xField(f)
	if x == nil {
		return
	}
	xc := p.config(x)
	for _, r := range x.values {
		d := v.show(xc, x.typ(), r)
		if n := gm.AnyToNumber(r); !d.Mapped && !math.IsNaN(n) && d.Text != gm.MustFormat("none", n, gm.Decimals(0)) {
			v.flag("trend-x-unit", "the year %v on the x axis and in the tooltip reads %q (unit %q)", r, d.Text, xc.unit())
			break
		}
	}
	for _, y := range f.fields {
		if y != x {
			v.readable(displayName(p, y.name, "", y.labels), v.labels, "line name")
		}
	}
}

// table reads a table: every column's name and every cell as Grafana
// shows it (the field's display processor: TableNG's cells render
// field.display(value), packages/grafana-ui/src/components/Table/TableNG/
// Cells/renderers.tsx, 12.4.0 and 13.2.3).
func (v *viewer) table(f *frame) {
	p := v.p
	for _, x := range f.fields {
		c := p.config(x)
		if h, _ := c.custom()["hidden"].(bool); h || x.typ() == gm.Time {
			continue
		}
		title := displayName(p, x.name, "", x.labels)
		v.readable(title, v.labels, "column")
		typ := x.typ()
		labelUnit := false
		for _, cell := range x.values {
			d := v.show(c, typ, cell)
			if typ == gm.String {
				v.readable(d.Text, v.labels, "cell in "+title)
				// table-label-unit: a label column takes the panel's
				// default unit and a numeric-looking label is formatted
				// in it (the same as bar-x-label-unit).
				if !labelUnit && !d.Mapped && !math.IsNaN(d.Numeric) && d.Text != fmt.Sprint(cell) {
					v.flag("table-label-unit", "column %q: the label %q reads %q (unit %q)", title, cell, d.Text, c.unit())
					labelUnit = true
				}
			}
			v.colour(c, d, "column "+title)
			v.age(c, d, cell, "column "+title)
		}
		if typ == gm.Number {
			if c.unit() == "" {
				v.flag("no-unit", "column %q has no unit", title)
			}
			v.precision(title, c, x.values)
		}
	}
	// table-height: sized to its rows, a header and every row without
	// scrolling, at the "sm" cell height (36 px) under the title (32 px),
	// in grid units of 30 px with 8 px between.
	if need := 32 + 36*(f.rows()+1); gm.PanelHeight(p.GridPos.H) < float64(need) {
		v.flag("table-height", "%d rows need %d px; the panel is %d grid units (%.0f px)", f.rows(), need, p.GridPos.H, gm.PanelHeight(p.GridPos.H))
	}
}

// precision, table-mixed-precision: without decimals, displayProcessor
// formats each value with its own automatic decimals (valueFormats.ts
// toFixed, getDecimalsForValue: two significant digits, padded with
// zeros), so one column mixes "0.800%" with "21.2%" and "4 K" with
// "1.30 K". Values in different scales ("₩427B" beside "₩16.6T") read as
// different magnitudes, not precisions: only texts with the same suffix
// are compared.
func (v *viewer) precision(title string, c fieldConf, values []any) {
	if _, ok := c.number("decimals"); ok {
		return
	}
	bySuffix := map[string]map[int]string{} // suffix, decimals: an example
	for _, cell := range values {
		n, ok := cell.(float64)
		if !ok {
			continue
		}
		s := v.show(c, gm.Number, n).Text
		m := numberText.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		suffix := m[1] + "…" + m[4]
		if bySuffix[suffix] == nil {
			bySuffix[suffix] = map[int]string{}
		}
		bySuffix[suffix][len(m[3])] = s
	}
	for _, suffix := range slices.Sorted(maps.Keys(bySuffix)) {
		if ex := bySuffix[suffix]; len(ex) > 1 {
			v.flag("table-mixed-precision", "column %q mixes precisions (%s): no decimals set", title, strings.Join(slices.Sorted(maps.Values(ex)), ", "))
		}
	}
}

// numberText splits a formatted value: prefix, integer digits, decimals,
// suffix.
var numberText = regexp.MustCompile(`^(\D*?)(-?\d+)(?:\.(\d+))?(.*)$`)

// colour, colour-default-thresholds: a coloured table cell
// (custom.cellOptions.type color-background or color-text: TableNG
// utils.ts getCellColorInlineStylesFactory paints displayValue.color) or
// a stat with colorMode value or background takes the colour of the
// value's mapping, else of its active threshold
// (displayProcessor.ts, scale.ts getScaleCalculator; color.mode defaults
// to thresholds, fieldColor.ts getFieldColorModeForField). A panel whose
// JSON sets no thresholds gets Grafana's defaults, green with red from 80
// (gm.DefaultThresholds): a colour that means nothing.
func (v *viewer) colour(c fieldConf, d gm.Display, where string) {
	if !coloured(v.p, c) || !d.FromThreshold {
		return
	}
	if _, set := c.thresholds(); !set {
		v.flag("colour-default-thresholds", "%s: %q is painted %s by Grafana's default thresholds (red from 80), which the panel does not set", where, d.Text, d.Color)
	}
}

func coloured(p viewPanel, c fieldConf) bool {
	switch p.Type {
	case "stat":
		return p.Options.ColorMode == "value" || p.Options.ColorMode == "background" || p.Options.ColorMode == "background_solid"
	case "table":
		co, _ := c.custom()["cellOptions"].(map[string]any)
		return co != nil && (co["type"] == "color-background" || co["type"] == "color-text")
	}
	return false
}

// ageFromEpoch is an age that counts from a timestamp of 0: over 30 years
// in seconds, it is time() minus "never".
const ageFromEpoch = 30 * 365.25 * 24 * 3600

// age, age-from-zero-timestamp: an age in seconds computed from a
// success timestamp that is 0 for a source that never loaded reads
// "56.9 years" (valueFormats toSeconds) unless a mapping names it.
func (v *viewer) age(c fieldConf, d gm.Display, cell any, where string) {
	n, ok := cell.(float64)
	if ok && c.unit() == "s" && n > ageFromEpoch && !d.Mapped {
		v.flag("age-from-zero-timestamp", "%s reads %q: an age from a timestamp of 0 (a source never loaded)", where, d.Text)
	}
}

// stat: each series is a value (reduceOptions lastNotNull), shown and
// coloured by its field's display processor (stat/StatPanel.tsx over
// getFieldDisplayValues).
func (v *viewer) stat(fields []*field) {
	for _, x := range fields {
		c := v.p.config(x)
		last := x.values[len(x.values)-1]
		d := v.show(c, gm.Number, last)
		name := displayName(v.p, x.name, x.refID, x.labels)
		v.colour(c, d, "value "+name)
		v.age(c, d, last, "value "+name)
	}
}

// pie reads a pie chart's slices (one per series, reduced to the last
// value) and its legend.
func (v *viewer) pie(fields []*field) {
	p := v.p
	total := 0.0
	type slice struct {
		name string
		val  float64
		c    fieldConf
	}
	var slices []slice
	for _, x := range fields {
		n, _ := x.values[len(x.values)-1].(float64)
		total += n
		slices = append(slices, slice{displayName(p, x.name, x.refID, x.labels), n, p.config(x)})
	}
	legendPercent, legendValue := false, false
	for _, lv := range p.Options.Legend.Values {
		legendPercent = legendPercent || lv == "percent"
		legendValue = legendValue || lv == "value"
	}
	labelPercent := false
	for _, l := range p.Options.DisplayLabels {
		labelPercent = labelPercent || l == "percent"
	}
	for _, s := range slices {
		if s.val <= 0 || total <= 0 {
			continue
		}
		// pie-percent-zero: piechart/PieChartPanel.tsx legend items and
		// PieChart.tsx PieLabel write the percent of the total as
		// toFixed(field.decimals ?? 0) + '%' (older copies: toFixed(0)):
		// a slice under 0.5 % of the whole reads "0%".
		dec := 0
		if d, ok := s.c.number("decimals"); ok {
			dec = int(d)
		}
		if pct := strconvFixed(100*s.val/total, dec); (legendPercent || labelPercent) && isZero(pct) {
			v.flag("pie-percent-zero", "slice %q (%s) reads %s%% of the whole", s.name, v.show(s.c, gm.Number, s.val).Text, pct)
		}
	}
	// pie-legend-duplicate: with legend values "value" and "percent"
	// (PieChartPanel.tsx getLegendItems), slices that are shares already
	// (unit percentunit, summing to 1; or percent, summing to 100) show
	// the same figure twice, "30.4%" and "30%".
	if legendPercent && legendValue && len(slices) > 0 {
		u := slices[0].c.unit()
		if u == "percentunit" && math.Abs(total-1) < 0.02 || u == "percent" && math.Abs(total-100) < 2 {
			v.flag("pie-legend-duplicate", "the legend shows each share twice: as its value (unit %s) and as its percent of a whole of %g", u, total)
		}
	}
}

func strconvFixed(v float64, dec int) string { return fmt.Sprintf("%.*f", dec, v) }

func isZero(s string) bool { return strings.Trim(s, "0.") == "" }

// timeseries reads a time series panel: its value axes and its series'
// colours.
func (v *viewer) timeseries(fields []*field) {
	p := v.p
	// area-axis-not-zero: a filled series (custom.fillOpacity > 0) shades
	// down to the axis' bottom; without min or axisSoftMin the axis'
	// bottom is uPlot's padded range (gm.AxisMin), which is above zero
	// when every value is far from it: the shaded areas then lie about
	// the values' size. Series of one unit share an axis.
	type axis struct{ lo, hi float64 }
	axes := map[string]*axis{}
	for _, x := range fields {
		c := p.config(x)
		fill, _ := c.custom()["fillOpacity"].(float64)
		_, min := c.number("min")
		_, softMin := c.custom()["axisSoftMin"].(float64)
		if fill == 0 || min || softMin || len(x.values) < 3 {
			continue
		}
		a := axes[c.unit()]
		if a == nil {
			a = &axis{math.Inf(1), math.Inf(-1)}
			axes[c.unit()] = a
		}
		a.lo, a.hi = math.Min(a.lo, x.values[0].(float64)), math.Max(a.hi, x.values[1].(float64))
	}
	for u, a := range axes {
		if m := gm.AxisMin(a.lo, a.hi); a.lo > 0 && m > 0 {
			v.flag("area-axis-not-zero", "filled areas over an axis (unit %q) that starts at %g, not zero (values %g to %g)", u, m, a.lo, a.hi)
		}
	}
	// dashed-series-colour: series take the classic palette's colours in
	// turn (fieldColor.ts FieldColorModeId.PaletteClassic, by
	// state.seriesIndex), so a dashed projection drawn as its own series
	// gets another colour than the reported line it continues, unless
	// an override fixes the colour.
	dashed, fixed := false, true
	for _, x := range fields {
		c := p.config(x)
		if ls, ok := c.custom()["lineStyle"].(map[string]any); ok && ls["fill"] == "dash" {
			dashed = true
		}
		col, _ := c["color"].(map[string]any)
		if col == nil || col["mode"] != "fixed" {
			fixed = false
		}
	}
	if dashed && !fixed {
		v.flag("dashed-series-colour", "dashed projections take other palette colours than the lines they continue")
	}
	// An age from a timestamp of 0 scales the whole axis to decades.
	for _, x := range fields {
		c := p.config(x)
		if hi := x.values[1].(float64); c.unit() == "s" && hi > ageFromEpoch {
			v.flag("age-from-zero-timestamp", "series %q reaches %s: an age from a timestamp of 0 stretches the axis", displayName(p, x.name, x.refID, x.labels), v.show(c, gm.Number, hi).Text)
		}
	}
}
