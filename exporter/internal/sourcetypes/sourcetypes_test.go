package sourcetypes_test

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/datafile"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/refresh"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source/embedded"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/sourcetypes"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/yamltext"
)

// constant is a whole source type, as a new one's package would hold it:
// its block (one key, `value`), its validation, its fetcher (one table with
// one series) and its landing-page line.
type constant struct {
	Value float64 `yaml:"value"`
}

func newConstant() source.Spec { return &constant{} }

func (c *constant) Validate(at yamltext.Lines) error {
	if c.Value < 0 {
		return at.Errorf(at.Key("value"), "value must not be negative")
	}
	return nil
}
func (c *constant) Remote() bool    { return false }
func (c *constant) Where() []string { return []string{fmt.Sprint(c.Value)} }
func (c *constant) Reads() []string { return nil }
func (c *constant) Fetcher(source.Settings) (source.Fetcher, error) {
	return c, nil
}
func (c *constant) Fetch(context.Context) (datafile.Input, error) {
	data := fmt.Sprintf("metric,unit,value,year\nkorea_ict_constant,number,%v,2026\n", c.Value)
	return datafile.Input{Files: []datafile.File{{Name: "constant.csv", Data: []byte(data)}}}, nil
}

// Adding a source type is its package and one registration line: the
// configuration decodes and validates its block (strictly, with lines),
// and the exporter loads its data like any other source's.
func TestAddingASourceType(t *testing.T) {
	types := maps.Clone(sourcetypes.All)
	types["constant"] = newConstant // the registration line

	cfg, err := config.Parse([]byte("sources:\n- {name: c, type: constant, value: 42, schedule: \"@hourly\"}\n- {name: report, type: embedded}\n"), types)
	if err != nil {
		t.Fatal(err)
	}
	if w := cfg.Sources[0].Spec.Where(); len(w) != 1 || w[0] != "42" {
		t.Errorf("landing page line %q", w)
	}
	ds, err := refresh.ReadSources(cfg, embedded.Shipped())
	if err != nil {
		t.Fatal(err)
	}
	var found *dataset.Series
	for _, f := range ds.Families() {
		if f.Name == "korea_ict_constant" {
			found = f.Series[0]
		}
	}
	if found == nil || found.Value != 42 || found.Metric.Table.ID != "constant" || len(ds.Tables) < 50 {
		t.Errorf("the new source's series %+v among %d tables", found, len(ds.Tables))
	}

	for _, tc := range []struct{ config, want string }{
		{"sources:\n- {name: c, type: constant, value: -1}\n", `line 2: source "c": value must not be negative`},
		{"sources:\n- name: c\n  type: constant\n  paths: [x]\n", `line 4: source "c": paths is for file sources only, not constant`},
		{"sources:\n- name: c\n  type: constant\n  valu: 1\n", `line 4: unknown key "valu"`},
		{"sources:\n- {name: c, type: constant}\n", ""},
	} {
		_, err := config.Parse([]byte(tc.config), types)
		if (err == nil) != (tc.want == "") || err != nil && err.Error() != tc.want {
			t.Errorf("%q: error %v, want %q", tc.config, err, tc.want)
		}
	}
	if _, err := config.Parse([]byte("sources:\n- {name: c, type: constant}\n"), sourcetypes.All); err == nil || !strings.Contains(err.Error(), `unknown type "constant" (embedded, file, http or worldbank)`) {
		t.Errorf("unregistered: %v", err)
	}
}
