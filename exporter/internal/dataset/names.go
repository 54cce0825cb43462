package dataset

import (
	"fmt"
	"strings"

	"github.com/prometheus/common/model"
)

// The naming scheme (docs/data-format.md): table ids, metric names, and the
// help of a metric that gives none.

// ValidTableID reports whether id may be a table id (and so a table label).
func ValidTableID(id string) bool {
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			return false
		}
	}
	return len(id) <= 64
}

// Prefix every data metric carries; ReservedPrefix is the exporter's own.
const (
	Prefix         = "korea_ict_"
	ReservedPrefix = "korea_ict_exporter_"
)

var unitSuffixes = []string{"_won", "_dollars", "_ratio", "_points", "_rank", "_seconds"}

// LatestPrefix starts the names of the World Bank source's companion
// families (the latest observation of each indicator and country); data files
// cannot declare them.
const LatestPrefix = "korea_ict_wb_latest_"

// ValidateMetricName applies the naming scheme (docs/data-format.md): prefix,
// snake_case, reserved names, and the suffix the unit's base requires.
func ValidateMetricName(name string, u Unit) error {
	if !model.LegacyValidation.IsValidMetricName(name) || strings.Contains(name, ":") {
		return fmt.Errorf("invalid metric name %q: use [a-z0-9_] (snake_case)", name)
	}
	if name != strings.ToLower(name) {
		return fmt.Errorf("invalid metric name %q: use lower snake_case", name)
	}
	if !strings.HasPrefix(name, Prefix) {
		return fmt.Errorf("metric name %q must start with %q", name, Prefix)
	}
	if strings.HasPrefix(name, ReservedPrefix) || name == "korea_ict_table_info" || name == "korea_ict_label_info" {
		return fmt.Errorf("metric name %q is reserved for the exporter's own metrics", name)
	}
	if strings.HasPrefix(name, LatestPrefix) {
		return fmt.Errorf("metric name %q is reserved for the World Bank source's latest observations", name)
	}
	if strings.HasSuffix(name, "_total") {
		return fmt.Errorf("metric name %q ends in _total, which is reserved for counters", name)
	}
	if u.Base == "" {
		return nil // the unit error is reported on its own
	}
	want := u.Suffix()
	if want == "" {
		for _, s := range unitSuffixes {
			if strings.HasSuffix(name, s) {
				return fmt.Errorf("metric name %q ends in %s but unit %q is a count", name, s, u.Printed)
			}
		}
		return nil
	}
	if !strings.HasSuffix(name, want) {
		return fmt.Errorf("metric name %q must end in %s for unit %q", name, want, u.Printed)
	}
	return nil
}

// defaultHelp describes a metric declared without help by its name, the
// same in every file: "korea_ict_exports_dollars" is "Exports dollars.".
func defaultHelp(name string) string {
	words := strings.TrimSpace(strings.ReplaceAll(strings.TrimPrefix(name, Prefix), "_", " "))
	if words == "" {
		return name + "."
	}
	return strings.ToUpper(words[:1]) + words[1:] + "."
}
