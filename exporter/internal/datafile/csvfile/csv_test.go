package csvfile_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/datafile"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset/datasettest"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/panics"
	"github.com/korea-ict-exporter/korea-ict-exporter/internal/fixturetest"
)

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
			ds, err := datafile.Build([]datafile.File{{Name: "dir/my-table.csv", Data: []byte(tc.data)}})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]float64{}
			for k, s := range datasettest.SeriesByKey(ds) {
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
	fixturetest.Errors(t, "testdata/bad", ".csv", map[string]string{
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
		data, err := os.ReadFile(filepath.Join("testdata/bad", name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = datafile.Build([]datafile.File{{Name: "bad/" + name + ".csv", Data: data}})
		return err
	})
}

// The example of docs/data-format.md loads as it says.
func TestCSVDocExample(t *testing.T) {
	example := fixturetest.DocCSVExample(t)
	ds, err := datafile.Build([]datafile.File{{Name: "example.csv", Data: []byte(example)}})
	if err != nil {
		t.Fatal(err)
	}
	got := datasettest.SeriesByKey(ds)
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

// FuzzBuildCSV feeds arbitrary bytes to the CSV parser, validation and
// checks: a dataset or an error naming the file on every line, never a panic.
func FuzzBuildCSV(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*.csv")
	bad, _ := filepath.Glob("testdata/bad/*.csv")
	for _, p := range append(paths, bad...) {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	// Very wide headers: at the label limit and past it (issue 21's crash).
	for _, n := range []int{dataset.MaxLabels, dataset.MaxLabels + 1} {
		f.Add([]byte(fixturetest.WideCSV(n)))
	}
	// More bad rows than a message shows.
	f.Add([]byte("metric,unit,value\n" + strings.Repeat("korea_ict_w_won,won,x\n", dataset.ShownErrors+1)))
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, err := datafile.Build([]datafile.File{{Name: "fuzz.csv", Data: data}})
		if stack := panics.Stack(err); stack != nil {
			t.Fatalf("%v\n%s", err, stack)
		}
		if err != nil {
			for _, line := range fixturetest.ErrorLines(t, err, dataset.ShownErrors) {
				if !strings.HasPrefix(line, "fuzz.csv") {
					t.Fatalf("error line without the file name: %q", line)
				}
			}
			return
		}
		_, _ = ds.Families(), ds.Vocabulary(nil)
	})
}
