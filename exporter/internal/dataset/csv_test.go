package dataset

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/panics"
	"github.com/korea-ict-exporter/korea-ict-exporter/internal/fixturetest"
)

// The same table written as YAML and as CSV loads to the same series, with
// the same values in base units, statuses, absent cells and lines' meaning.
func TestCSVLoadsLikeYAML(t *testing.T) {
	fromYAML, _, err := Build([]File{readFixture(t, "good/table-05.yaml")})
	if err != nil {
		t.Fatal(err)
	}
	fromCSV, _, err := Build([]File{readFixture(t, "csv/table-05.csv")})
	if err != nil {
		t.Fatal(err)
	}
	want, got := seriesByKey(fromYAML), seriesByKey(fromCSV)
	if len(got) != len(want) || len(want) != 14 {
		t.Fatalf("CSV has %d series, YAML %d; want 14 each", len(got), len(want))
	}
	for k, w := range want {
		g := got[k]
		if g == nil {
			t.Errorf("CSV lacks %s", k)
			continue
		}
		if g.Value != w.Value || g.Absent != w.Absent || g.Status() != w.Status() || g.Printed() != w.Printed() {
			t.Errorf("%s: CSV {%v absent=%v %s %q}, YAML {%v absent=%v %s %q}", k, g.Value, g.Absent, g.Status(), g.Printed(), w.Value, w.Absent, w.Status(), w.Printed())
		}
	}
	for _, f := range fromCSV.Families() {
		if f.Name == "korea_ict_it_equipment_production_won" && f.HelpText() != "Production of IT equipment by category. Source: table 5 (printed in trillion won). Base unit: won." {
			t.Errorf("HELP %q", f.HelpText())
		}
	}
	tb := fromCSV.Tables[0]
	if tb.ID != "5" || tb.Title != "Production of IT equipment" || tb.SourceLine != "Korea Association of Information and Telecommunication, 2004." {
		t.Errorf("table %q %q %q", tb.ID, tb.Title, tb.SourceLine)
	}
	// 86.8 trillion won on the file's second line; 58.0 % on its twelfth.
	if s := got[`korea_ict_it_equipment_production_won{table="5",category="total",year="1999"}`]; s.Value != 86.8e12 || s.Where() != "csv/table-05.csv:2" {
		t.Errorf("86.8 trillion won: %v at %s", s.Value, s.Where())
	}
	if s := got[`korea_ict_it_equipment_production_share_ratio{table="5",category="it_components",year="1999"}`]; s.Value != 0.58 || s.Where() != "csv/table-05.csv:12" {
		t.Errorf("58.0 %%: %v at %s", s.Value, s.Where())
	}
}

func seriesByKey(ds *Dataset) map[string]*Series {
	out := map[string]*Series{}
	for _, tb := range ds.Tables {
		for _, m := range tb.Metrics {
			for _, s := range m.Series {
				out[m.Name+s.LabelSet()] = s
			}
		}
	}
	return out
}

// A check declared in a YAML table holds against a table written in CSV.
func TestChecksSpanFormats(t *testing.T) {
	files := []File{readFixture(t, "csv/table-05.csv"), readFixture(t, "good/table-09.yaml")}
	if _, _, err := Build(slices.Clone(files)); err != nil { // Build drops the bytes it parsed
		t.Fatal(err)
	}
	files[0].Data = []byte(strings.Replace(string(files[0].Data), "total,1999,86.8", "total,1999,96.8", 1))
	_, _, err := Build(files)
	if err == nil || !strings.Contains(err.Error(), "good/table-09.yaml:12: equal check failed") {
		t.Errorf("table 9's equal check against the changed CSV cell: %v", err)
	}
}

func TestCSVColumns(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		want       map[string]float64 // series -> value
	}{
		{
			name: "the table column, quoted cells, a byte order mark and CRLF",
			data: "\ufefftable,metric,unit,value,year,size\r\nx-1,korea_ict_exports_dollars,million dollars,\"1.5\",2003,\"sme\"\r\n",
			want: map[string]float64{`korea_ict_exports_dollars{table="x-1",size="sme",year="2003"}`: 1.5e6},
		},
		{
			name: "table named for the file, an empty cell leaves the label out, blank rows skipped",
			data: "metric,unit,value,year,size\nkorea_ict_exports_dollars,million dollars,1.5,2003,sme\nkorea_ict_exports_dollars,million dollars,2,2003,\n\n,,,,\n",
			want: map[string]float64{
				`korea_ict_exports_dollars{table="my-table",size="sme",year="2003"}`: 1.5e6,
				`korea_ict_exports_dollars{table="my-table",year="2003"}`:            2e6,
			},
		},
		{
			name: "several tables in one file",
			data: "table,metric,unit,value,year\na,korea_ict_exports_dollars,dollars,1,2003\nb,korea_ict_exports_dollars,thousand dollars,1,2003\n",
			want: map[string]float64{
				`korea_ict_exports_dollars{table="a",year="2003"}`: 1,
				`korea_ict_exports_dollars{table="b",year="2003"}`: 1000,
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds, _, err := Build([]File{{Name: "dir/my-table.csv", Data: []byte(tc.data)}})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]float64{}
			for k, s := range seriesByKey(ds) {
				got[k] = s.Value
			}
			if len(got) != len(tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			for k, v := range tc.want {
				if g, ok := got[k]; !ok || g != v {
					t.Errorf("%s = %v (present %v), want %v", k, g, ok, v)
				}
			}
			for _, tb := range ds.Tables {
				if tb.Title != tb.ID || tb.SourceLine != "my-table.csv" {
					t.Errorf("defaults: title %q, source %q", tb.Title, tb.SourceLine)
				}
			}
			// Help given nowhere is the name's words.
			if f := ds.Families()[0]; f.Help != "Exports dollars." {
				t.Errorf("default help %q", f.Help)
			}
		})
	}
}

// Every bad CSV file is reported as file:line with the reason.
func TestBadCSV(t *testing.T) {
	fixturetest.Errors(t, "testdata/csv/bad", ".csv", map[string]string{
		"text-value":           `bad/text-value.csv:3: value "about 12" is not a number (write a cell printed as a dash as "-")`,
		"unknown-unit":         `bad/unknown-unit.csv:2: unknown unit "gazillion won" (see docs/data-format.md#units)`,
		"missing-value-column": `bad/missing-value-column.csv:1: missing column "value" (required: metric, unit, value)`,
		"short-row":            `bad/short-row.csv:3: row has 3 columns, the header 4`,
		"invalid-label-name":   `bad/invalid-label-name.csv:1: column "Firm Size": invalid label name "Firm Size": use lower snake_case`,
		"duplicate-series":     `bad/duplicate-series.csv:3: duplicate series: korea_ict_a_won{table="duplicate-series",year="2003"} is also at bad/duplicate-series.csv:2`,
		"two-units":            `bad/two-units.csv:3: metric "korea_ict_a_won" is in "million won" here but in "billion won" at line 2; one unit per metric and table`,
		"unknown-status":       `bad/unknown-status.csv:2: unknown status "guessed" (one of reported, preliminary, projection, estimate, undated)`,
		"malformed-csv":        `bad/malformed-csv.csv:2: malformed CSV: extraneous or missing " in quoted-field`,
		"wrong-unit-suffix":    `bad/wrong-unit-suffix.csv:2: metric name "korea_ict_a_dollars" must end in _won for unit "billion won"`,
		"two-titles":           `bad/two-titles.csv:3: table "two-titles" has another title on an earlier row: "One"`,
		"share-out-of-range":   `bad/share-out-of-range.csv:2: share 110 % is outside 0-100 %`,
		"undated-with-year":    `bad/undated-with-year.csv:2: an undated series has no "year" label`,
		"no-rows":              `bad/no-rows.csv:1: no rows after the header`,
	}, func(t *testing.T, name string) error {
		data, err := os.ReadFile(filepath.Join("testdata/csv/bad", name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = Build([]File{{Name: "bad/" + name + ".csv", Data: data}})
		return err
	})
}

// The example of docs/data-format.md loads as it says.
func TestCSVDocExample(t *testing.T) {
	example := fixturetest.DocCSVExample(t)
	ds, _, err := Build([]File{{Name: "example.csv", Data: []byte(example)}})
	if err != nil {
		t.Fatal(err)
	}
	got := seriesByKey(ds)
	if s := got[`korea_ict_internet_users{table="9-2004",year="2005"}`]; s == nil || s.Value != 33e6 || s.Status() != "preliminary" {
		t.Errorf("33.0 million persons, preliminary: %+v", s)
	}
	if s := got[`korea_ict_exports_share_ratio{table="9-2004",size="sme",year="2004"}`]; s == nil || !s.Absent {
		t.Errorf("the dash: %+v", s)
	}
	if tb := ds.Tables[0]; tb.Title != "Informatisation 2004" || tb.SourceLine != "NCA, 2005." {
		t.Errorf("table %q from %q", tb.Title, tb.SourceLine)
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct{ name, contentType, wantName, wantType string }{
		{"data/t.csv", "text/csv; charset=utf-8", FormatCSV, FormatCSV},
		{"https://h/t.CSV?x=1", "application/yaml", FormatCSV, FormatYAML},
		{"t.yaml", "text/plain", FormatYAML, ""},
		{"https://h/data.csv#x", "application/octet-stream", FormatCSV, ""},
		{"t.yml", "text/yaml", FormatYAML, FormatYAML},
	} {
		if got := FormatOf(tc.name); got != tc.wantName {
			t.Errorf("FormatOf(%q) = %q, want %q", tc.name, got, tc.wantName)
		}
		if got := FormatOfContentType(tc.contentType); got != tc.wantType {
			t.Errorf("FormatOfContentType(%q) = %q, want %q", tc.contentType, got, tc.wantType)
		}
	}
}

// FuzzBuildCSV feeds arbitrary bytes to the CSV parser, validation and
// checks: a dataset or an error naming the file on every line, never a panic.
func FuzzBuildCSV(f *testing.F) {
	paths, _ := filepath.Glob("testdata/csv/*.csv")
	bad, _ := filepath.Glob("testdata/csv/bad/*.csv")
	for _, p := range append(paths, bad...) {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	// Very wide headers: at the label limit and past it (issue 21's crash).
	for _, n := range []int{MaxLabels, MaxLabels + 1} {
		f.Add([]byte(fixturetest.WideCSV(n)))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, _, err := Build([]File{{Name: "fuzz.csv", Data: data}})
		if stack := panics.Stack(err); stack != nil {
			t.Fatalf("%v\n%s", err, stack)
		}
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "fuzz.csv") {
					t.Fatalf("error line without the file name: %q", line)
				}
			}
			return
		}
		_, _ = ds.Families(), ds.Vocabulary(nil)
	})
}
