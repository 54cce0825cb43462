package yamlfile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/internal/fixturetest"
)

// Every mistake the YAML format finds has its own fixture and the exact
// message a user sees (the model's own, found across files, are dataset's).
func TestBadInput(t *testing.T) {
	fixturetest.Errors(t, "testdata/bad", ".yaml", map[string]string{
		"malformed-yaml":          `bad/malformed-yaml.yaml:9: malformed YAML: did not find expected ',' or '}'`,
		"malformed-row":           `bad/malformed-row.yaml:10: series must be a mapping`,
		"unknown-unit":            `bad/unknown-unit.yaml:7: unknown unit "gazillion won" (see docs/data-format.md#units)`,
		"wrong-unit-suffix":       `bad/wrong-unit-suffix.yaml:5: metric name "korea_ict_a_dollars" must end in _won for unit "billion won"`,
		"nan-value":               `bad/nan-value.yaml:9: value "NaN" is not a finite number`,
		"inf-value":               `bad/inf-value.yaml:9: value ".inf" is not a number (write a cell printed as a dash as "-")`,
		"text-value":              `bad/text-value.yaml:9: value "about 12" is not a number (write a cell printed as a dash as "-")`,
		"empty-value":             `bad/empty-value.yaml:9: value "" is not a number (write a cell printed as a dash as "-")`,
		"invalid-metric-name":     `bad/invalid-metric-name.yaml:5: invalid metric name "korea_ict_a-b_won": use [a-z0-9_] (snake_case)`,
		"metric-total-suffix":     `bad/metric-total-suffix.yaml:5: metric name "korea_ict_firms_total" ends in _total, which is reserved for counters`,
		"invalid-label-name":      `bad/invalid-label-name.yaml:9: invalid label name "Firm Size": use lower snake_case`,
		"reserved-label":          `bad/reserved-label.yaml:9: label "table" is set by the loader`,
		"unknown-key":             "bad/unknown-key.yaml:5: missing key \"unit\"\nbad/unknown-key.yaml:7: unknown key \"units\" in metric (allowed: name, help, unit, kind, series)",
		"unknown-status":          `bad/unknown-status.yaml:9: unknown status "guessed" (one of reported, preliminary, projection, estimate, undated)`,
		"undated-with-year":       `bad/undated-with-year.yaml:9: an undated series has no "year" label`,
		"check-without-tolerance": `bad/check-without-tolerance.yaml:11: missing key "tolerance" (absolute, in the printed unit of "korea_ict_a_won")`,
		"missing-title":           `bad/missing-title.yaml:1: missing key "title"`,
		"unknown-kind":            `bad/unknown-kind.yaml:8: unknown kind "level" (stock: a level at a point in time; flow: an amount during the period)`,
		"invalid-utf8":            `bad/invalid-utf8.yaml:6:23: malformed YAML: invalid UTF-8 (byte 0xE9): save the file as UTF-8`,
		"control-character":       `bad/control-character.yaml:6:13: malformed YAML: character U+0001 is not allowed in YAML (a control character?)`,
		"unknown-anchor":          `bad/unknown-anchor.yaml:9:36: malformed YAML: alias *common refers to no anchor &common before it`,
	}, func(t *testing.T, name string) error {
		data, err := os.ReadFile(filepath.Join("testdata/bad", name+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Parse("bad/"+name+".yaml", data, dataset.DefaultLimits)
		return err
	})
}

// A value the fast path found valid for one label is checked again as a
// year: {year: abc} is an error however the file's other lines use "abc".
func TestFastPathChecksYears(t *testing.T) {
	data := []byte(fastPathHeader + "      - {year: \"1990\", kind: abc, value: 1}\n      - {year: abc, kind: x, value: 2}\n")
	const want = `t.yaml:10: year "abc" is not a year: write its four digits (2009), or a span (1997-2000)`
	for _, fast := range []bool{withFastPath, withoutFastPath} {
		if _, err := parse("t.yaml", data, dataset.DefaultLimits, fast); err == nil || err.Error() != want {
			t.Errorf("fast path %v: error %v, want %s", fast, err, want)
		}
	}
}
