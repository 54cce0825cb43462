package dataset_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/datafile"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/datafile/yamlfile"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset/datasettest"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source/file"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/vocabulary"
	"github.com/korea-ict-exporter/korea-ict-exporter/internal/fixturetest"
)

func readFixture(t *testing.T, name string) datafile.File {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return datafile.File{Name: name, Data: data}
}

// Every mistake the model finds (across a file, or across files) has its own
// fixture and the exact message a user sees; the formats' are theirs.
func TestBadInput(t *testing.T) {
	fixturetest.Errors(t, "testdata/bad", ".yaml", map[string]string{
		"duplicate-series":        `bad/duplicate-series.yaml:11: duplicate series: korea_ict_a_won{table="5",year="2003"} is also at bad/duplicate-series.yaml:9`,
		"share-out-of-range":      `bad/share-out-of-range.yaml:9: share 1100 % is outside 0-100 %`,
		"unknown-table-reference": `bad/unknown-table-reference.yaml:11: equal check: unknown table reference "99"`,
		"sum-check-fails":         `bad/sum-check-fails.yaml:13: sum check failed: part=total is 10 but its 2 parts add up to 9 (line 9), tolerance 0.5 billion won`,
		"check-compares-nothing":  `bad/check-compares-nothing.yaml:11: sum check on "korea_ict_a_won" compares nothing: no series match`,
		"except-that-holds":       `bad/except-that-holds.yaml:13: sum check: except {year="2003"} holds; remove it from except`,
		"kind-mismatch":           `bad/kind-mismatch.yaml:11: metric "korea_ict_a_won" is a stock here but a flow at bad/kind-mismatch.yaml:5`,
		"negative-count":          `bad/negative-count.yaml:10: count korea_ict_firms is -5 thousand firms, and a count cannot be negative (only a change or balance can: docs/data-format.md#units)`,
	}, func(t *testing.T, name string) error {
		_, err := datafile.Build([]datafile.File{readFixture(t, "bad/"+name+".yaml")})
		return err
	})
}

func TestValuesInBaseUnits(t *testing.T) {
	ds := datasettest.Dir(t, "testdata/good")
	want := map[string]float64{
		`korea_ict_it_equipment_production_won{table="5",category="total",year="1999"}`:                 86.8e12,
		`korea_ict_it_equipment_production_won{table="9",category="total",year="1999"}`:                 86800e9,
		`korea_ict_it_equipment_production_share_ratio{table="5",category="it_components",year="1999"}`: 0.58,
		`korea_ict_it_equipment_production_growth_ratio{table="5",category="total",year="2000"}`:        0.22,
	}
	got := map[string]float64{}
	absent := 0
	for _, f := range ds.Families() {
		for _, s := range f.Series {
			got[f.Name+s.LabelSet()] = s.Value
		}
		for _, m := range f.Decls {
			for _, s := range m.Series {
				if s.Absent {
					absent++
				}
			}
		}
	}
	for k, v := range want {
		if g, ok := got[k]; !ok || !close(g, v) {
			t.Errorf("%s = %v (present %v), want %v", k, g, ok, v)
		}
	}
	if absent != 1 {
		t.Errorf("absent cells = %d, want 1", absent)
	}
	if n := len(got); n != 14 {
		t.Errorf("published series = %d, want 14 (the dash is not published)", n)
	}
}

func close(a, b float64) bool {
	d := a - b
	if d < 0 {
		d = -d
	}
	return d <= 1e-9*max(abs(a), abs(b))
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func TestHelpTextNamesTablesAndUnits(t *testing.T) {
	for _, f := range datasettest.Dir(t, "testdata/good").Families() {
		if f.Name != "korea_ict_it_equipment_production_won" {
			continue
		}
		want := "Production of IT equipment by category. A flow: the amount during the period (the year, quarter, half or month of the labels). Source: table 5 (printed in trillion won); table 9 (printed in billion won). Base unit: won."
		if got := f.HelpText(); got != want {
			t.Errorf("help:\n got %s\nwant %s", got, want)
		}
		return
	}
	t.Fatal("family not found")
}

// The HELP line says what a number means, from the name, units and kind.
func TestMeaning(t *testing.T) {
	unit := func(printed string) []*dataset.Metric {
		u, err := dataset.ParseUnit(printed)
		if err != nil {
			t.Fatal(err)
		}
		return []*dataset.Metric{{Unit: u}}
	}
	for _, tc := range []struct {
		f    dataset.Family
		want string
	}{
		{dataset.Family{Name: "korea_ict_firms", Kind: "stock", Unit: "count", Decls: unit("firms")}, "A stock: the level at a point in time (the end of the period, or when surveyed), not an amount during the period."},
		{dataset.Family{Name: "korea_ict_exports_dollars", Kind: "flow", Unit: "dollars", Decls: unit("million dollars")}, "A flow: the amount during the period (the year, quarter, half or month of the labels)."},
		{dataset.Family{Name: "korea_ict_exports_growth_ratio", Unit: "ratio", Decls: unit("%")}, "A rate of change over the previous period (or the period the labels name): 0.25 means +25 %, 2 means +200 % (three times as much), -0.1 means -10 %."},
		{dataset.Family{Name: "korea_ict_exports_change_dollars", Kind: "flow", Unit: "dollars", Decls: unit("million dollars")}, "A flow: the amount during the period (the year, quarter, half or month of the labels). The difference from the previous period, in dollars; negative for a fall."},
		{dataset.Family{Name: "korea_ict_exports_share_ratio", Unit: "ratio", Decls: unit("%")}, "A share of a whole, 0 to 1 (0.25 = 25 %)."},
		{dataset.Family{Name: "korea_ict_mobile_subscribers_population_ratio", Unit: "ratio", Decls: unit("per 100 inhabitants")}, "Printed per 100; stored as a ratio (0.7 = 70 per 100)."},
		{dataset.Family{Name: "korea_ict_investment_difference_ratio", Unit: "ratio", Decls: unit("percentage points")}, "A difference of two percentages, stored as a ratio (0.01 = 1 percentage point)."},
		{dataset.Family{Name: "korea_ict_usage_ratio", Unit: "ratio", Decls: unit("%")}, "Stored as a ratio (0.25 = 25 %; 1 = 100 %)."},
		{dataset.Family{Name: "korea_ict_working_time_seconds", Unit: "seconds", Decls: unit("hours")}, "Printed in hours; stored in seconds (1 hour = 3600)."},
		{dataset.Family{Name: "korea_ict_ereadiness_rank", Unit: "rank", Decls: unit("rank")}, "A rank: 1 is the best."},
		{dataset.Family{Name: "korea_ict_score_points", Unit: "points", Decls: unit("points")}, ""},
	} {
		if got := strings.Join(tc.f.Meaning(), " "); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.f.Name, got, tc.want)
		}
	}
}

func TestChecksCatchWrongCells(t *testing.T) {
	// Each edit breaks one relation that a check in testdata/good guards.
	for _, tc := range []struct{ name, from, to, want string }{
		{"sum", "{category: it_components, year: 1999, value: 50.3}", "{category: it_components, year: 1999, value: 55.3}", "sum check failed"},
		{"share", "{category: it_components, year: 2000, value: 57.5}", "{category: it_components, year: 2000, value: 5.75}", "share check failed"},
		{"growth", "{category: total, year: 2000, value: 22.0}", "{category: total, year: 2000, value: 2.2}", "growth check failed"},
		{"equal", "value: 86800,", "value: 86900,", "equal check failed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files, err := file.Read([]string{"testdata/good"}, 0)
			if err != nil {
				t.Fatal(err)
			}
			edited := false
			for i, f := range files {
				if s := string(f.Data); strings.Contains(s, tc.from) {
					files[i].Data = []byte(strings.Replace(s, tc.from, tc.to, 1))
					edited = true
				}
			}
			if !edited {
				t.Fatalf("fixture does not contain %q", tc.from)
			}
			_, err = datafile.Build(files)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestMergeReportsTheSameSeriesFromTwoSources(t *testing.T) {
	a, b := datasettest.Dir(t, "testdata/good"), datasettest.Dir(t, "testdata/good")
	_, err := dataset.Merge(a, b)
	if err == nil || !strings.Contains(err.Error(), "duplicate series") {
		t.Fatalf("error = %v, want a duplicate series error", err)
	}
	if _, err := dataset.Merge(a); err != nil {
		t.Fatalf("one source: %v", err)
	}
}

func TestParseUnit(t *testing.T) {
	for _, tc := range []struct {
		in     string
		base   string
		factor float64
	}{
		{"trillion won", "won", 1e12},
		{"ten billion won", "won", 1e10},
		{"hundred million dollars", "dollars", 1e8},
		{"thousand US dollars", "dollars", 1e3},
		{"1,000 households", "count", 1e3},
		{"%", "ratio", 0.01},
		{"per 100 inhabitants", "ratio", 0.01},
		{"hours", "seconds", 3600},
		{"points", "points", 1},
	} {
		t.Run(tc.in, func(t *testing.T) {
			u, err := dataset.ParseUnit(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if u.Base != tc.base || !close(u.Factor, tc.factor) {
				t.Errorf("got %s × %g, want %s × %g", u.Base, u.Factor, tc.base, tc.factor)
			}
		})
	}
}

func TestSumEqualsFixedTotal(t *testing.T) {
	const file = `table: "48"
title: Composition without a total row
source: test
metrics:
  - name: korea_ict_test_share_ratio
    help: A composition.
    unit: "%"
    series:
      - {reason: a, group: x, value: 38.6}
      - {reason: b, group: x, value: 61.4}
      - {reason: a, group: y, value: 50.0}
      - {reason: b, group: y, value: PART_B}
checks:
  - {kind: sum, metric: korea_ict_test_share_ratio, label: reason, equals: 100, tolerance: 0.1}
`
	for _, tc := range []struct{ partB, want string }{
		{"50.0", ""},
		{"49.95", ""},
		{"48.0", `sum check failed: the 2 parts add up to 98, not 100 (line 11), tolerance 0.1 %`},
	} {
		_, err := datafile.Build([]datafile.File{{Name: "t.yaml", Data: []byte(strings.Replace(file, "PART_B", tc.partB, 1))}})
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("part b = %s: %v", tc.partB, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("part b = %s: error %v, want %q", tc.partB, err, tc.want)
		}
	}
}

// Published values carry no float noise from the unit conversion.
func TestToBaseIsExact(t *testing.T) {
	for _, tc := range []struct {
		text   string
		factor float64
		want   float64
	}{
		{"70.09", 0.01, 0.7009},
		{"40.7", 0.01, 0.407},
		{"208.8", 1e12, 208.8e12},
		{"196.8", 3600, 196.8 * 3600},
	} {
		f, _ := strconv.ParseFloat(tc.text, 64)
		if got := dataset.ToBase(tc.text, f, tc.factor); got != tc.want {
			t.Errorf("%s × %g = %v, want exactly %v", tc.text, tc.factor, got, tc.want)
		}
	}
}

// The shipped dataset is held to the shipped vocabulary; a user's files may
// document their own labels in a "vocabulary" section, or not at all.
func TestVocabulary(t *testing.T) {
	voc, err := vocabulary.Parse("vocabulary.yaml", readFixture(t, "vocabulary/vocabulary.yaml").Data)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file   string
		strict bool
		want   string
	}{
		{"undocumented", true, "vocabulary/undocumented.yaml:12: value \"gadgets\" of label \"category\" is not in the vocabulary: document it in exporter/data/vocabulary/vocabulary.yaml\n" +
			"vocabulary/undocumented.yaml:13: label \"colour\" is not in the vocabulary: document it in exporter/data/vocabulary/vocabulary.yaml"},
		{"undocumented", false, ""},
		{"own-vocabulary", true, ""},
		{"own-vocabulary", false, ""},
		{"bad-own-vocabulary", false, "vocabulary/bad-own-vocabulary.yaml:5: missing key \"title\"\nvocabulary/bad-own-vocabulary.yaml:7: unknown key \"hue\" in value (allowed: value, name, description)"},
	} {
		t.Run(fmt.Sprintf("%s/strict=%v", tc.file, tc.strict), func(t *testing.T) {
			in := datafile.Input{Files: []datafile.File{readFixture(t, "vocabulary/"+tc.file+".yaml")}}
			if tc.strict {
				in.Vocabulary = voc
			}
			_, err := in.Build()
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("error:\n got %s\nwant %s", got, tc.want)
			}
		})
	}
	own := readFixture(t, "vocabulary/own-vocabulary.yaml")
	tb, err := yamlfile.Parse(own.Name, own.Data, dataset.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if got := tb.Vocabulary.Label("category").Value("gadgets").Description; got != "Things a user's own table counts." {
		t.Errorf("own vocabulary not kept with the table: %q", got)
	}
}

// The shipped dataset's conventions, one fixture line per rule; a user's own
// files are not held to them.
func TestConventions(t *testing.T) {
	voc, err := vocabulary.Parse("vocabulary.yaml", readFixture(t, "conventions/vocabulary.yaml").Data)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ file, want string }{
		{"good", ""},
		{"no-country", `conventions/no-country.yaml:10: series has no "country" label: give every series the ISO 3166 alpha-3 code of the country it is about (KOR for Korea's own figures; labels: {country: KOR} gives it to a whole table)`},
		{"bad", strings.Join([]string{
			`conventions/bad.yaml:11: korea_ict_a_won{table="2",country="KOR",year="2003"} shares all its labels with its part {table="2",country="KOR",industry="manufacturing",size="sme",year="2002"} (conventions/bad.yaml:12): give it industry="total", size="total"`,
			`conventions/bad.yaml:18: size="all": a total row is "total" in every label`,
			`conventions/bad.yaml:19: industry="others": a remainder row is "other" in every label`,
			`conventions/bad.yaml:20: category="specialized_mall": write British spelling (specialised, labour, centre, programme)`,
			`conventions/bad.yaml:21: metric "korea_ict_utilization_won": write British spelling (specialised, labour, centre, programme)`,
			`conventions/bad.yaml:27: metric "korea_ict_c": say whether it is a stock or a flow (kind: stock or kind: flow)`,
		}, "\n")},
	} {
		t.Run(tc.file, func(t *testing.T) {
			f := readFixture(t, "conventions/"+tc.file+".yaml")
			_, err := datafile.Input{Files: []datafile.File{f}, Vocabulary: voc}.Build()
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("error:\n got %s\nwant %s", got, tc.want)
			}
			if _, err := (datafile.Input{Files: []datafile.File{f}}).Build(); err != nil && tc.file != "bad" {
				t.Errorf("without the shipped vocabulary: %v", err)
			}
		})
	}
}

// A count cannot be negative, but a change or a balance of one can.
func TestNegativeCounts(t *testing.T) {
	for _, tc := range []struct {
		name, metric, unit, labels string
		ok                         bool
	}{
		{"count", "korea_ict_firms", "firms", "", false},
		{"count with a multiplier", "korea_ict_employees", "thousand persons", "", false},
		{"change of a count", "korea_ict_firms_change", "firms", "", true},
		{"net count", "korea_ict_net_new_firms", "firms", "", true},
		{"balance series", "korea_ict_manpower", "persons", "flow: balance, ", true},
		{"shortage series", "korea_ict_manpower", "persons", "flow: shortage, ", true},
		{"other series of a balance metric", "korea_ict_manpower", "persons", "flow: supply, ", false},
		{"word inside another word", "korea_ict_netizens", "persons", "", false},
		{"not a count", "korea_ict_sales_won", "won", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := fmt.Sprintf("table: t\ntitle: x\nsource: y\nmetrics:\n  - name: %s\n    help: h\n    unit: %s\n    series:\n      - {%syear: 2003, value: -5}\n", tc.metric, tc.unit, tc.labels)
			_, err := datafile.Build([]datafile.File{{Name: "t.yaml", Data: []byte(data)}})
			if tc.ok && err != nil {
				t.Errorf("rejected: %v", err)
			}
			if !tc.ok && (err == nil || !strings.HasPrefix(err.Error(), "t.yaml:9: count "+tc.metric+" is -5 ")) {
				t.Errorf("error = %v, want a negative count at t.yaml:9", err)
			}
		})
	}
}
