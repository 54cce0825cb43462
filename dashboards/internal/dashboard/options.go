package dashboard

// The typed JSON of the panel options this project sets, over the sdk's
// CustomPanel (the sdk predates Grafana's field config). A new option is a
// field here; the panel kinds of panels.go and tables.go fill them in.

// fieldConfig is a panel's fieldConfig.
type fieldConfig struct {
	Defaults  fieldOptions `json:"defaults"`
	Overrides []override   `json:"overrides"`
}

// fieldOptions is the config of a field (the defaults, or an override's
// properties before they are listed).
type fieldOptions struct {
	Unit       string       `json:"unit,omitempty"`
	Decimals   *int         `json:"decimals,omitempty"`
	Min        *float64     `json:"min,omitempty"`
	Color      *colorScheme `json:"color,omitempty"`
	Thresholds *Thresholds  `json:"thresholds,omitempty"`
	Mappings   []Mapping    `json:"mappings,omitempty"`
	Custom     any          `json:"custom,omitempty"`
}

// colorScheme is a field's colour scheme: "thresholds" (by value) or "fixed".
type colorScheme struct {
	Mode       string `json:"mode"`
	FixedColor string `json:"fixedColor,omitempty"`
}

// Thresholds are the colours of value ranges: each step from its value up.
type Thresholds struct {
	Mode  string `json:"mode"`
	Steps []Step `json:"steps"`
}

// Step is a threshold step; the first one's value is null (from -Inf).
type Step struct {
	Color string   `json:"color"`
	Value *float64 `json:"value"`
}

// override sets properties on the fields a matcher selects.
type override struct {
	Matcher    matcher    `json:"matcher"`
	Properties []property `json:"properties"`
}

// matcher selects fields: byName, byRegexp, byFrameRefID.
type matcher struct {
	ID      string `json:"id"`
	Options string `json:"options"`
}

// property is one overridden option ("unit", "mappings", "custom.x").
type property struct {
	ID    string `json:"id"`
	Value any    `json:"value"`
}

func byName(name string, props ...property) override {
	return override{Matcher: matcher{ID: "byName", Options: name}, Properties: props}
}

// Mapping is a value mapping: "value" (exact), "regex" (the text may use
// the pattern's groups, $1), "range" or "special" (null, NaN).
type Mapping struct {
	Type    string `json:"type"`
	Options any    `json:"options"`
}

// MappingResult is what a mapped value shows.
type MappingResult struct {
	Text  string `json:"text,omitempty"`
	Color string `json:"color,omitempty"`
	Index int    `json:"index"`
}

// regexOptions are a regex mapping's options.
type regexOptions struct {
	Pattern string        `json:"pattern"`
	Result  MappingResult `json:"result"`
}

// RangeOptions are a range mapping's options; a nil bound is open.
type RangeOptions struct {
	From   *float64      `json:"from"`
	To     *float64      `json:"to"`
	Result MappingResult `json:"result"`
}

// SpecialOptions are a special mapping's options: Match "null", "nan".
type SpecialOptions struct {
	Match  string        `json:"match"`
	Result MappingResult `json:"result"`
}

// ValueMapping maps exact values, in the order given.
func ValueMapping(values ...ValueText) Mapping {
	opts := map[string]MappingResult{}
	for i, v := range values {
		opts[v.Value] = MappingResult{Text: v.Text, Color: v.Color, Index: i}
	}
	return Mapping{Type: "value", Options: opts}
}

// ValueText is one exact value mapping.
type ValueText struct {
	Value, Text, Color string
}

// transformation is one of a panel's transformations.
type transformation struct {
	ID      string `json:"id"`
	Options any    `json:"options"`
}

// groupingToMatrix pivots rows: one row per RowField value, one column per
// ColumnField value.
type groupingToMatrix struct {
	ColumnField string `json:"columnField"`
	RowField    string `json:"rowField"`
	ValueField  string `json:"valueField"`
	EmptyValue  string `json:"emptyValue"`
}

// sortByOptions sorts the rows by one field.
type sortByOptions struct {
	Sort []sortField `json:"sort"`
}

// sortField is a field to sort by.
type sortField struct {
	Field string `json:"field"`
	Desc  bool   `json:"desc,omitempty"`
}

// organizeOptions keeps, orders and renames fields.
type organizeOptions struct {
	IncludeByName map[string]bool   `json:"includeByName,omitempty"`
	ExcludeByName map[string]bool   `json:"excludeByName"`
	IndexByName   map[string]int    `json:"indexByName"`
	RenameByName  map[string]string `json:"renameByName"`
}

// convertFieldType converts fields (a year's text to a number).
type convertFieldType struct {
	Conversions []conversion `json:"conversions"`
	Fields      struct{}     `json:"fields"`
}

// conversion is one field's conversion.
type conversion struct {
	TargetField     string `json:"targetField"`
	DestinationType string `json:"destinationType"`
}

// sortAscending sorts the rows by field, smallest first.
func sortAscending(field string) transformation { return sortBy(sortField{Field: field}) }

// sortDescending sorts the rows by field, largest first.
func sortDescending(field string) transformation {
	return sortBy(sortField{Field: field, Desc: true})
}

func sortBy(f sortField) transformation {
	return transformation{ID: "sortBy", Options: sortByOptions{Sort: []sortField{f}}}
}

// keeping is an organize that keeps only the fields keep names, in the
// order they are named.
func keeping() organizeOptions {
	return organizeOptions{IncludeByName: map[string]bool{}, IndexByName: map[string]int{}, RenameByName: map[string]string{}}
}

// keep keeps field, after those kept before, under title.
func (o organizeOptions) keep(field, title string) {
	o.IncludeByName[field] = true
	o.IndexByName[field] = len(o.IndexByName)
	o.RenameByName[field] = title
}

// pivot is groupingToMatrix over the Value field: one row per value of row,
// one column per value of column; Grafana names its first field, the row
// values, first ("<row>\<column>").
func pivot(row, column string) (t transformation, first string) {
	return transformation{ID: "groupingToMatrix", Options: groupingToMatrix{ColumnField: column, RowField: row, ValueField: "Value", EmptyValue: "null"}}, row + "\\" + column
}

func organize(o organizeOptions) transformation {
	if o.ExcludeByName == nil {
		o.ExcludeByName = map[string]bool{}
	}
	if o.IndexByName == nil {
		o.IndexByName = map[string]int{}
	}
	if o.RenameByName == nil {
		o.RenameByName = map[string]string{}
	}
	return transformation{ID: "organize", Options: o}
}

func merge() transformation { return transformation{ID: "merge", Options: struct{}{}} }

// legend is a panel's legend.
type legend struct {
	ShowLegend  bool     `json:"showLegend"`
	DisplayMode string   `json:"displayMode"`
	Placement   string   `json:"placement"`
	Calcs       []string `json:"calcs"`
	Values      []string `json:"values,omitempty"`
}

// listLegend lists the series under the panel.
var listLegend = legend{ShowLegend: true, DisplayMode: "list", Placement: "bottom", Calcs: []string{}}

// tooltip is a panel's tooltip.
type tooltip struct {
	Mode string `json:"mode"`
	Sort string `json:"sort"`
}

var multiTooltip = tooltip{Mode: "multi", Sort: "none"}

// barChartOptions are the barchart panel's options.
type barChartOptions struct {
	XField string `json:"xField"`
	// XTickLabelMaxLength cuts longer tick labels (Grafana's barchart,
	// public/app/plugins/panel/barchart/utils.ts, prepConfig's
	// formatShortValue and shortenValue: a label longer than this is cut
	// to this many characters and "...", so 0 cuts them all). The schema
	// requires it: maxLabel, longer than any name the boards show.
	XTickLabelMaxLength int     `json:"xTickLabelMaxLength"`
	Orientation         string  `json:"orientation"`
	GroupWidth          float64 `json:"groupWidth"`
	BarWidth            float64 `json:"barWidth"`
	ShowValue           string  `json:"showValue"`
	Stacking            string  `json:"stacking"`
	XTickLabelRotation  int     `json:"xTickLabelRotation"`
	FullHighlight       bool    `json:"fullHighlight"`
	Legend              legend  `json:"legend"`
	Tooltip             tooltip `json:"tooltip"`
}

// barCustomConfig is the barchart's field custom config.
type barCustomConfig struct {
	FillOpacity      int    `json:"fillOpacity"`
	LineWidth        int    `json:"lineWidth"`
	GradientMode     string `json:"gradientMode"`
	AxisPlacement    string `json:"axisPlacement"`
	AxisLabel        string `json:"axisLabel"`
	AxisCenteredZero bool   `json:"axisCenteredZero"`
}

// lineCustomConfig is the field custom config of trend and timeseries lines.
type lineCustomConfig struct {
	DrawStyle         string `json:"drawStyle"`
	LineWidth         int    `json:"lineWidth"`
	FillOpacity       int    `json:"fillOpacity"`
	ShowPoints        string `json:"showPoints"`
	PointSize         int    `json:"pointSize,omitempty"`
	SpanNulls         bool   `json:"spanNulls"`
	LineInterpolation string `json:"lineInterpolation"`
	AxisPlacement     string `json:"axisPlacement"`
	AxisLabel         string `json:"axisLabel"`
}

// trendOptions are the trend panel's options.
type trendOptions struct {
	XField  string  `json:"xField"`
	Legend  legend  `json:"legend"`
	Tooltip tooltip `json:"tooltip"`
}

// timeSeriesOptions are the timeseries panel's options.
type timeSeriesOptions struct {
	Legend  legend  `json:"legend"`
	Tooltip tooltip `json:"tooltip"`
}

// reduceOptions say how a stat or pie reduces each series to one value.
type reduceOptions struct {
	Calcs  []string `json:"calcs"`
	Fields string   `json:"fields"`
	Values bool     `json:"values"`
}

var lastNotNull = reduceOptions{Calcs: []string{"lastNotNull"}}

// statOptions are the stat panel's options.
type statOptions struct {
	ReduceOptions          reduceOptions `json:"reduceOptions"`
	ColorMode              string        `json:"colorMode"`
	GraphMode              string        `json:"graphMode"`
	JustifyMode            string        `json:"justifyMode"`
	Orientation            string        `json:"orientation"`
	TextMode               string        `json:"textMode"`
	WideLayout             bool          `json:"wideLayout"`
	ShowPercentChange      bool          `json:"showPercentChange"`
	PercentChangeColorMode string        `json:"percentChangeColorMode"`
}

// pieOptions are the piechart panel's options.
type pieOptions struct {
	ReduceOptions reduceOptions `json:"reduceOptions"`
	PieType       string        `json:"pieType"`
	DisplayLabels []string      `json:"displayLabels"`
	Orientation   string        `json:"orientation"`
	Legend        legend        `json:"legend"`
	Tooltip       tooltip       `json:"tooltip"`
}

// tableOptions are the table panel's options.
type tableOptions struct {
	ShowHeader bool   `json:"showHeader"`
	CellHeight string `json:"cellHeight"`
	FrameIndex int    `json:"frameIndex"`
}

var defaultTableOptions = tableOptions{ShowHeader: true, CellHeight: "sm"}

// tableCustomConfig is the table's field custom config.
type tableCustomConfig struct {
	Align       string      `json:"align"`
	CellOptions cellOptions `json:"cellOptions"`
	Inspect     bool        `json:"inspect"`
}

// cellOptions say how a table cell is drawn: "auto", "color-background".
type cellOptions struct {
	Type string `json:"type"`
	Mode string `json:"mode,omitempty"`
}

var tableCustom = tableCustomConfig{Align: "auto", CellOptions: cellOptions{Type: "auto"}}

// textOptions are the text panel's options.
type textOptions struct {
	Mode    string `json:"mode"`
	Content string `json:"content"`
}
