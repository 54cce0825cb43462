package grafanamodel

import (
	"math"
	"testing"
)

// The texts below are what Grafana 12.4.0 drew in the screenshots of the
// boards (../shared/grafana-render/before, read by a person, not by the
// test): the port must write them the same way.
func TestFormatAsGrafanaDrewIt(t *testing.T) {
	for _, c := range []struct {
		unit     string
		v        float64
		decimals *int
		want     string
	}{
		{"short", 2001, nil, "2.00 K"},       // SMEs programmes table, Year column
		{"currencyKRW", 2001, nil, "₩2.00K"}, // a bar chart's year axis
		{"currencyUSD", 2002, nil, "$2.00K"},
		{"percentunit", 1997, nil, "199700%"}, // percent unit on a year
		{"percentunit", 2001, nil, "200100%"},
		{"percentunit", 0.008, nil, "0.800%"}, // E-retailer table
		{"percentunit", 0.212, nil, "21.2%"},
		{"percentunit", 0.304, nil, "30.4%"}, // Bottlenecks pie legend
		{"short", 4000, nil, "4 K"},          // programmes table, Firms
		{"short", 1300, nil, "1.30 K"},
		{"short", 142, nil, "142"},
		{"short", 2400, nil, "2.40 K"},         // Series served
		{"s", 3486, nil, "58.1 mins"},          // Next refresh in
		{"s", 111.6, nil, "1.86 mins"},         // Data age
		{"s", 1.7956e9, nil, "56.9 years"},     // Data age of a source never loaded
		{"currencyKRW", 2.36e6, nil, "₩2.36M"}, // Working conditions table
		{"currencyKRW", 442e9, nil, "₩442B"},   // E-commerce pie
		{"none", 2003, nil, "2003"},
		{"percentunit", 0.5, Decimals(0), "50%"},
	} {
		if got, ok := Format(c.unit, c.v, c.decimals); !ok || got != c.want {
			t.Errorf("Format(%q, %v) = %q, %v; want %q", c.unit, c.v, got, ok, c.want)
		}
	}
	if _, ok := Format("bytes", 1, nil); ok {
		t.Error("a unit the port does not know must say so")
	}
}

func TestShow(t *testing.T) {
	yearMapped := []Mapping{{Type: "value", Options: map[string]any{"2001": map[string]any{"text": "2001 (estimate)"}}}}
	for _, c := range []struct {
		name string
		typ  FieldType
		c    Config
		v    any
		want string
	}{
		{"a year label without unit is text", String, Config{}, "2001", "2001"},
		{"a year label takes the panel's unit", String, Config{Unit: "short"}, "2001", "2.00 K"},
		{"unit string keeps it text", String, Config{Unit: "string"}, "2001", "2001"},
		{"a mapping's text wins", String, Config{Unit: "short", Mappings: yearMapped}, "2001", "2001 (estimate)"},
		{"a category is text in any unit", String, Config{Unit: "percentunit"}, "Manufacturing", "Manufacturing"},
		{"an empty label is not zero", String, Config{Unit: "short"}, "", ""},
	} {
		d, ok := Show(c.typ, c.c, c.v)
		if !ok || d.Text != c.want {
			t.Errorf("%s: got %q (%v), want %q", c.name, d.Text, ok, c.want)
		}
	}
	// Colours: thresholds unless a mapping gives one.
	d, _ := Show(Number, Config{Unit: "s", Thresholds: DefaultThresholds()}, 3486.0)
	if d.Color != "red" || !d.FromThreshold {
		t.Errorf("58 min under the default thresholds: %q, want red from 80", d.Color)
	}
	d, _ = Show(Number, Config{Unit: "s", Thresholds: DefaultThresholds()}, -26.7)
	if d.Color != "green" {
		t.Errorf("-26.7 s under the default thresholds: %q, want the green base", d.Color)
	}
	ok := []Mapping{{Type: "value", Options: map[string]any{"1": map[string]any{"text": "OK", "color": "green"}}}}
	d, _ = Show(Number, Config{Mappings: ok, Thresholds: DefaultThresholds()}, 1.0)
	if d.Text != "OK" || d.Color != "green" || d.FromThreshold {
		t.Errorf("mapped 1: %+v", d)
	}
}

// A filled axis starts at zero only when the padded minimum reaches it.
func TestAxisMin(t *testing.T) {
	for _, c := range []struct{ lo, hi, want float64 }{
		{100, 200, 90},
		{10, 200, 0},
		{0, 5, 0},
		{-5, 5, -6},
		{76e12, 208.8e12, 60e12},
	} {
		if got := AxisMin(c.lo, c.hi); math.Abs(got-c.want) > 1e-9*math.Abs(c.want)+1e-12 {
			t.Errorf("AxisMin(%g, %g) = %g, want %g", c.lo, c.hi, got, c.want)
		}
	}
}

// The text widths against what the 12.4.0 screenshots show: the labels a
// horizontal bar chart cut on the left and those it drew whole, and the
// titles cut with an ellipsis and those shown whole.
func TestTextWidthCalibration(t *testing.T) {
	for _, c := range []struct {
		label string
		w     int
		cut   bool
	}{
		{"Establishing a one-stop e-trade service system", 12, true},
		{"Foreign marketing and publicity for own products", 12, true},
		{"Strengthening e-trade laws, regulations and institutions", 12, true},
		{"Reduction of trade-related business costs", 12, false},
		{"Supporting incentives for e-trade usage", 12, false},
		{"Heavy and chemical industries", 6, true},
		{"Primary industry", 6, false},
	} {
		if cut := TextWidth(c.label, 12) > CategoryAxisRoom(c.w); cut != c.cut {
			t.Errorf("label %q on %d columns: cut %v, Grafana 12.4.0 cut %v", c.label, c.w, cut, c.cut)
		}
	}
	for _, c := range []struct {
		title string
		w     int
		cut   bool
	}{
		{"Data generation", 4, true},
		{"E-marketplaces, 2003", 4, true},
		{"E-commerce share of all transactions", 6, true},
		{"Sources failing", 4, false},
		{"Series served", 4, false},
		{"E-commerce volume, 2003", 6, false},
	} {
		if cut := TextWidth(c.title, 14) > TitleRoom(c.w); cut != c.cut {
			t.Errorf("title %q on %d columns: cut %v, Grafana 12.4.0 cut %v", c.title, c.w, cut, c.cut)
		}
	}
}
