package boards

// The typed JSON of the panel options this project sets, over the sdk's
// CustomPanel (the sdk predates Grafana's field config). A new option is a
// field here; the panel kinds of panels.go fill them in.

// FieldConfig is a panel's fieldConfig.
type FieldConfig struct {
	Defaults  Field      `json:"defaults"`
	Overrides []Override `json:"overrides"`
}

// Field is the config of a field (the defaults, or an override's
// properties before they are listed).
type Field struct {
	Unit       string      `json:"unit,omitempty"`
	Decimals   *int        `json:"decimals,omitempty"`
	Min        *float64    `json:"min,omitempty"`
	Color      *Color      `json:"color,omitempty"`
	Thresholds *Thresholds `json:"thresholds,omitempty"`
	Mappings   []Mapping   `json:"mappings,omitempty"`
	Custom     any         `json:"custom,omitempty"`
}

// Color is a field's colour scheme: "thresholds" (by value) or "fixed".
type Color struct {
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

// Override sets properties on the fields a matcher selects.
type Override struct {
	Matcher    Matcher    `json:"matcher"`
	Properties []Property `json:"properties"`
}

// Matcher selects fields: byName, byRegexp, byFrameRefID.
type Matcher struct {
	ID      string `json:"id"`
	Options string `json:"options"`
}

// Property is one overridden option ("unit", "mappings", "custom.x").
type Property struct {
	ID    string `json:"id"`
	Value any    `json:"value"`
}

func byName(name string, props ...Property) Override {
	return Override{Matcher: Matcher{ID: "byName", Options: name}, Properties: props}
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

// RegexOptions are a regex mapping's options.
type RegexOptions struct {
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

// valueMapping maps exact values, in the order given.
func valueMapping(values ...ValueText) Mapping {
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

// Transformation is one of a panel's transformations.
type Transformation struct {
	ID      string `json:"id"`
	Options any    `json:"options"`
}

// GroupingToMatrix pivots rows: one row per RowField value, one column per
// ColumnField value.
type GroupingToMatrix struct {
	ColumnField string `json:"columnField"`
	RowField    string `json:"rowField"`
	ValueField  string `json:"valueField"`
	EmptyValue  string `json:"emptyValue"`
}

// SortBy sorts the rows by one field.
type SortBy struct {
	Sort []SortField `json:"sort"`
}

// SortField is a field to sort by.
type SortField struct {
	Field string `json:"field"`
	Desc  bool   `json:"desc,omitempty"`
}

// Organize keeps, orders and renames fields.
type Organize struct {
	IncludeByName map[string]bool   `json:"includeByName,omitempty"`
	ExcludeByName map[string]bool   `json:"excludeByName"`
	IndexByName   map[string]int    `json:"indexByName"`
	RenameByName  map[string]string `json:"renameByName"`
}

// ConvertFieldType converts fields (a year's text to a number).
type ConvertFieldType struct {
	Conversions []Conversion `json:"conversions"`
	Fields      struct{}     `json:"fields"`
}

// Conversion is one field's conversion.
type Conversion struct {
	TargetField     string `json:"targetField"`
	DestinationType string `json:"destinationType"`
}

func sortBy(field string, desc bool) Transformation {
	return Transformation{ID: "sortBy", Options: SortBy{Sort: []SortField{{Field: field, Desc: desc}}}}
}

func organize(o Organize) Transformation {
	if o.ExcludeByName == nil {
		o.ExcludeByName = map[string]bool{}
	}
	if o.IndexByName == nil {
		o.IndexByName = map[string]int{}
	}
	if o.RenameByName == nil {
		o.RenameByName = map[string]string{}
	}
	return Transformation{ID: "organize", Options: o}
}

func merge() Transformation { return Transformation{ID: "merge", Options: struct{}{}} }

// Legend is a panel's legend.
type Legend struct {
	ShowLegend  bool     `json:"showLegend"`
	DisplayMode string   `json:"displayMode"`
	Placement   string   `json:"placement"`
	Calcs       []string `json:"calcs"`
	Values      []string `json:"values,omitempty"`
}

func listLegend(show bool) Legend {
	return Legend{ShowLegend: show, DisplayMode: "list", Placement: "bottom", Calcs: []string{}}
}

// Tooltip is a panel's tooltip.
type Tooltip struct {
	Mode string `json:"mode"`
	Sort string `json:"sort"`
}

var multiTooltip = Tooltip{Mode: "multi", Sort: "none"}

// BarChartOptions are the barchart panel's options.
type BarChartOptions struct {
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
	Legend              Legend  `json:"legend"`
	Tooltip             Tooltip `json:"tooltip"`
}

// BarCustom is the barchart's field custom config.
type BarCustom struct {
	FillOpacity      int    `json:"fillOpacity"`
	LineWidth        int    `json:"lineWidth"`
	GradientMode     string `json:"gradientMode"`
	AxisPlacement    string `json:"axisPlacement"`
	AxisLabel        string `json:"axisLabel"`
	AxisCenteredZero bool   `json:"axisCenteredZero"`
}

// LineCustom is the field custom config of trend and timeseries lines.
type LineCustom struct {
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

// TrendOptions are the trend panel's options.
type TrendOptions struct {
	XField  string  `json:"xField"`
	Legend  Legend  `json:"legend"`
	Tooltip Tooltip `json:"tooltip"`
}

// TimeSeriesOptions are the timeseries panel's options.
type TimeSeriesOptions struct {
	Legend  Legend  `json:"legend"`
	Tooltip Tooltip `json:"tooltip"`
}

// ReduceOptions say how a stat or pie reduces each series to one value.
type ReduceOptions struct {
	Calcs  []string `json:"calcs"`
	Fields string   `json:"fields"`
	Values bool     `json:"values"`
}

var lastNotNull = ReduceOptions{Calcs: []string{"lastNotNull"}}

// StatOptions are the stat panel's options.
type StatOptions struct {
	ReduceOptions          ReduceOptions `json:"reduceOptions"`
	ColorMode              string        `json:"colorMode"`
	GraphMode              string        `json:"graphMode"`
	JustifyMode            string        `json:"justifyMode"`
	Orientation            string        `json:"orientation"`
	TextMode               string        `json:"textMode"`
	WideLayout             bool          `json:"wideLayout"`
	ShowPercentChange      bool          `json:"showPercentChange"`
	PercentChangeColorMode string        `json:"percentChangeColorMode"`
}

// PieOptions are the piechart panel's options.
type PieOptions struct {
	ReduceOptions ReduceOptions `json:"reduceOptions"`
	PieType       string        `json:"pieType"`
	DisplayLabels []string      `json:"displayLabels"`
	Orientation   string        `json:"orientation"`
	Legend        Legend        `json:"legend"`
	Tooltip       Tooltip       `json:"tooltip"`
}

// TableOptions are the table panel's options.
type TableOptions struct {
	ShowHeader bool   `json:"showHeader"`
	CellHeight string `json:"cellHeight"`
	FrameIndex int    `json:"frameIndex"`
}

var tableOptions = TableOptions{ShowHeader: true, CellHeight: "sm"}

// TableCustom is the table's field custom config.
type TableCustom struct {
	Align       string      `json:"align"`
	CellOptions CellOptions `json:"cellOptions"`
	Inspect     bool        `json:"inspect"`
}

// CellOptions say how a table cell is drawn: "auto", "color-background".
type CellOptions struct {
	Type string `json:"type"`
	Mode string `json:"mode,omitempty"`
}

var tableCustom = TableCustom{Align: "auto", CellOptions: CellOptions{Type: "auto"}}

// TextOptions are the text panel's options.
type TextOptions struct {
	Mode    string `json:"mode"`
	Content string `json:"content"`
}
