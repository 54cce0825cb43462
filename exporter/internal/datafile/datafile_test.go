package datafile_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/datafile"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset/datasettest"
)

// fixtures are where the formats' tests keep the files this package's tests
// read: the same table in YAML (the model's) and CSV (the CSV format's).
var fixtures = map[string]string{
	"good/table-05.yaml": "../dataset/testdata/good/table-05.yaml",
	"good/table-09.yaml": "../dataset/testdata/good/table-09.yaml",
	"csv/table-05.csv":   "csvfile/testdata/table-05.csv",
}

// fixture reads a fixture, named as the tests' messages name it.
func fixture(t *testing.T, name string) datafile.File {
	t.Helper()
	data, err := os.ReadFile(filepath.FromSlash(fixtures[name]))
	if err != nil {
		t.Fatal(err)
	}
	return datafile.File{Name: name, Data: data}
}

// The same table written as YAML and as CSV loads to the same series, with
// the same values in base units, statuses, absent cells and lines' meaning.
func TestCSVLoadsLikeYAML(t *testing.T) {
	fromYAML, err := datafile.Build([]datafile.File{fixture(t, "good/table-05.yaml")})
	if err != nil {
		t.Fatal(err)
	}
	fromCSV, err := datafile.Build([]datafile.File{fixture(t, "csv/table-05.csv")})
	if err != nil {
		t.Fatal(err)
	}
	want, got := datasettest.SeriesByKey(fromYAML), datasettest.SeriesByKey(fromCSV)
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

// A check declared in a YAML table holds against a table written in CSV.
func TestChecksSpanFormats(t *testing.T) {
	files := []datafile.File{fixture(t, "csv/table-05.csv"), fixture(t, "good/table-09.yaml")}
	if _, err := datafile.Build(slices.Clone(files)); err != nil { // datafile.Build drops the bytes it parsed
		t.Fatal(err)
	}
	files[0].Data = []byte(strings.Replace(string(files[0].Data), "total,1999,86.8", "total,1999,96.8", 1))
	_, err := datafile.Build(files)
	if err == nil || !strings.Contains(err.Error(), "good/table-09.yaml:12: equal check failed") {
		t.Errorf("table 9's equal check against the changed CSV cell: %v", err)
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct{ name, contentType, wantName, wantType string }{
		{"data/t.csv", "text/csv; charset=utf-8", datafile.FormatCSV, datafile.FormatCSV},
		{"https://h/t.CSV?x=1", "application/yaml", datafile.FormatCSV, datafile.FormatYAML},
		{"t.yaml", "text/plain", datafile.FormatYAML, ""},
		{"https://h/data.csv#x", "application/octet-stream", datafile.FormatCSV, ""},
		{"t.yml", "text/yaml", datafile.FormatYAML, datafile.FormatYAML},
	} {
		if got := datafile.FormatOf(tc.name); got != tc.wantName {
			t.Errorf("FormatOf(%q) = %q, want %q", tc.name, got, tc.wantName)
		}
		if got := datafile.FormatOfContentType(tc.contentType); got != tc.wantType {
			t.Errorf("FormatOfContentType(%q) = %q, want %q", tc.contentType, got, tc.wantType)
		}
	}
}
