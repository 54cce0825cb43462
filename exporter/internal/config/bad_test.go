package config_test

import (
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config/configtest"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/sourcetypes"
)

// One file per configuration error, with the exact message.
func TestBadConfigs(t *testing.T) {
	configtest.BadConfigs(t, sourcetypes.All, "testdata", map[string]string{
		"malformed":             "line 2: did not find expected '-' indicator",
		"unknown-key":           `line 4: unknown key "schedul"`,
		"invalid-cron":          `line 2: source "report": invalid schedule "61 * * * *": end of range (61) above maximum (59): 61`,
		"duplicate-name":        `line 4: duplicate source name "report" (first at line 2)`,
		"unknown-type":          `line 2: source "report": unknown type "ftp" (embedded, file, http or worldbank)`,
		"missing-type":          `line 2: source "report": missing type (embedded, file, http or worldbank)`,
		"negative-timeout":      `line 4: timeout: not a valid duration string: "-5s"`,
		"negative-limit":        `line 2: source "report": sample_limit must not be negative (0: no limit)`,
		"no-sources":            "line 1: no sources",
		"bad-size":              "line 4: max_bytes: units: invalid lots",
		"worldbank-key-on-http": `line 5: source "mirror": countries is for worldbank sources only, not http`,
		"invalid-utf8":          `line 4, column 19: invalid UTF-8 (byte 0xFF): save the file as UTF-8`,
		"control-character":     `line 4, column 26: character U+001B is not allowed in YAML (a control character?)`,
	})
}
