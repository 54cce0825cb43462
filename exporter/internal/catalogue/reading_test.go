package catalogue

import (
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
)

// Reading units follow from the unit and name the dataset carries; the
// values are the shipped dataset's (the first four are issue 22's).
func TestReading(t *testing.T) {
	for _, c := range []struct {
		name, unit string
		value      float64
		want       string
	}{
		{"korea_ict_it_equipment_exports_dollars", "million dollars", 5.7165e+10, "US$57.2 bn"},
		{"korea_ict_b2b_transactions_won", "billion won", 1.50688e+14, "₩150.7 trn"},
		{"korea_ict_b2b_transactions_share_ratio", "%", 0.728, "72.8 %"},
		{"korea_ict_informatisation_investment_share_change_ratio", "percentage points", -0.034, "−3.4 pp"},
		{"korea_ict_esignature_users", "persons", 1.363016e+06, "1,363,016 persons"},
		{"korea_ict_internet_users", "1,000 persons", 2.922e+07, "29.2 million persons"},
		{"korea_ict_b2b_transactions_growth_ratio", "%", 0.328, "+32.8 %"},
		{"korea_ict_cyber_mall_transactions_change_won", "billion won", 1.0249e+12, "+₩1.02 trn"},
		{"korea_ict_mobile_subscribers_population_ratio", "per 100 inhabitants", 0.701, "70.1 per 100"},
		{"korea_ict_working_hours_seconds", "hours", 3600 * 47.5, "47.5 hours"},
		{"korea_ict_ereadiness_rank", "rank", 16, "rank 16"},
		{"korea_ict_programme_consortia", "number", 30, "30"},
		{"korea_ict_exports_dollars", "thousand dollars", 512000, "US$512,000"},
		{"korea_ict_exports_dollars", "thousand dollars", 0, "US$0"},
	} {
		u, err := dataset.ParseUnit(c.unit)
		if err != nil {
			t.Fatal(err)
		}
		if got := reading(&dataset.Metric{Name: c.name, Unit: u}, c.value); got != c.want {
			t.Errorf("%s %g (%s): %q, want %q", c.name, c.value, c.unit, got, c.want)
		}
	}
}
