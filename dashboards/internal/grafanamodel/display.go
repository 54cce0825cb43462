package grafanamodel

import (
	"math"
	"regexp"
	"strconv"
)

// FieldType is a data frame field's type as Grafana infers it.
type FieldType string

const (
	Number FieldType = "number"
	String FieldType = "string"
	Time   FieldType = "time"
)

// Config is the part of a field's config (defaults, then overrides) that
// decides how a value is shown.
type Config struct {
	Unit       string
	Decimals   *int
	Mappings   []Mapping
	Thresholds *Thresholds // nil: none in the JSON (see DefaultThresholds)
	ColorMode  string      // fieldConfig color.mode; "" is thresholds
	NoValue    string
}

// Mapping is one value mapping, as the dashboard JSON writes it.
type Mapping struct {
	Type    string         `json:"type"`
	Options map[string]any `json:"options"`
}

// Thresholds is a thresholds config.
type Thresholds struct {
	Mode  string `json:"mode"`
	Steps []Step `json:"steps"`
}

// Step is a threshold step; a null value in JSON is the base, -Infinity.
type Step struct {
	Value *float64 `json:"value"`
	Color string   `json:"color"`
}

// DefaultThresholds are the thresholds a panel gets when its JSON sets
// none: the thresholds standard option's defaultValue (green base, red from
// 80; public/app/core/components/OptionsUI/registry.tsx
// getAllStandardFieldConfigs), merged into the panel's defaults when it
// loads (packages/grafana-data/src/panel/getPanelOptionsWithDefaults.ts
// applyFieldConfigDefaults, the same in 12.4.0 and 13.2.3).
func DefaultThresholds() *Thresholds {
	eighty := 80.0
	return &Thresholds{Mode: "absolute", Steps: []Step{{Color: "green"}, {Value: &eighty, Color: "red"}}}
}

// Display is what Grafana shows for one value.
type Display struct {
	Text string
	// Numeric is the value as a number (NaN for a text that is not one).
	Numeric float64
	// Color is the colour a coloured cell or stat takes: a mapping's colour
	// or the active threshold step's; FromThreshold says which.
	Color         string
	FromThreshold bool
	// Mapped is true when a value mapping gave the text.
	Mapped bool
}

// Show is getDisplayProcessor(field)(value) of
// packages/grafana-data/src/field/displayProcessor.ts (the same logic in
// 12.4.0 and 13.2.3): a string field without a unit is shown as text, but
// a field with any unit other than "string" turns a numeric-looking
// string ("2001") into a number and formats it in that unit; a mapping's
// text wins over the formatted value; the colour is the mapping's, else
// the active threshold's (scale.ts getScaleCalculator, thresholds.ts
// getActiveThreshold). ok is false when the unit is not modelled.
func Show(t FieldType, c Config, value any) (d Display, ok bool) {
	unit := c.Unit
	if unit == "" && t == String {
		unit = "string"
	}
	numeric := math.NaN()
	if unit != "string" {
		numeric = AnyToNumber(value)
	}
	d.Numeric = numeric
	text, mapped := "", false
	if r := mappingResult(c.Mappings, value); r != nil {
		if s, ok := r["text"].(string); ok {
			text, mapped = s, true
		}
		if col, ok := r["color"].(string); ok && col != "" {
			d.Color = col
		}
	}
	if !math.IsNaN(numeric) {
		if !mapped {
			s, ok := Format(unit, numeric, c.Decimals)
			if !ok {
				return d, false
			}
			text = s
		}
	}
	if d.Color == "" && (c.ColorMode == "" || c.ColorMode == "thresholds") {
		// A text that is not a number takes the base step (the
		// calculator at -Infinity).
		at := numeric
		if math.IsNaN(at) {
			at = math.Inf(-1)
		}
		d.Color, d.FromThreshold = activeStep(c.Thresholds, at), true
	}
	if !mapped && text == "" {
		switch v := value.(type) {
		case string:
			text = v
		case nil:
			text = c.NoValue
		}
	}
	d.Text, d.Mapped = text, mapped
	return d, true
}

// activeStep is getActiveThreshold for absolute thresholds: the last step
// whose value the number reaches.
func activeStep(th *Thresholds, v float64) string {
	if th == nil || len(th.Steps) == 0 {
		return ""
	}
	active := th.Steps[0].Color
	for _, s := range th.Steps[1:] {
		if s.Value != nil && v >= *s.Value {
			active = s.Color
		} else {
			break
		}
	}
	return active
}

// mappingResult is packages/grafana-data/src/utils/valueMappings.ts
// getValueMappingResult (the same in 12.4.0 and 13.2.3): the first
// mapping that matches, in order.
func mappingResult(ms []Mapping, value any) map[string]any {
	for _, m := range ms {
		switch m.Type {
		case "value":
			if value == nil {
				continue
			}
			if r, ok := m.Options[jsKey(value)].(map[string]any); ok {
				return r
			}
		case "range":
			f, err := strconv.ParseFloat(jsKey(value), 64)
			if value == nil || err != nil {
				continue
			}
			from, to := math.Inf(-1), math.Inf(1)
			if x, ok := m.Options["from"].(float64); ok {
				from = x
			}
			if x, ok := m.Options["to"].(float64); ok {
				to = x
			}
			if f >= from && f <= to {
				r, _ := m.Options["result"].(map[string]any)
				return r
			}
		case "regex":
			s, isString := value.(string)
			pattern, _ := m.Options["pattern"].(string)
			re, err := regexp.Compile(pattern)
			if !isString || err != nil || !re.MatchString(s) {
				continue
			}
			r, _ := m.Options["result"].(map[string]any)
			out := map[string]any{}
			for k, v := range r {
				out[k] = v
			}
			if t, ok := r["text"].(string); ok {
				out["text"] = re.ReplaceAllString(s, t)
			}
			return out
		case "special":
			match, _ := m.Options["match"].(string)
			f, isNum := value.(float64)
			hit := false
			switch match {
			case "null":
				hit = value == nil
			case "nan":
				hit = isNum && math.IsNaN(f)
			case "null+nan":
				hit = value == nil || isNum && math.IsNaN(f)
			case "true":
				hit = value == true || value == "true"
			case "false":
				hit = value == false || value == "false"
			case "empty":
				hit = value == ""
			}
			if hit {
				r, _ := m.Options["result"].(map[string]any)
				return r
			}
		}
	}
	return nil
}

// jsKey is a value as a JavaScript property key (String(value)).
func jsKey(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return jsString(x)
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}
