// Package worldbank is the World Bank source: it pages through the World
// Bank Indicators API (v2, JSON, no key) and turns each indicator into a
// table of the dataset, named and converted by the project's naming scheme,
// so that the report's series continue to today.
package worldbank

// go generate rewrites testdata/metrics.golden (TestMetricsGolden fails
// when it is stale).
//go:generate go test . -run ^TestMetricsGolden$ -update

import (
	"fmt"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
)

// Indicator maps a World Bank indicator to a metric.
type Indicator struct {
	ID     string // the World Bank's indicator code, also the table id
	Name   string // the World Bank's name, the table title until the API gives one
	Metric string
	Help   string
	Unit   string // printed unit, parsed with dataset.ParseUnit
	// Continues is the report's table the indicator continues ("table 9"),
	// and Of what in it and on which basis: the table's note says both, the
	// HELP line cites the table. Empty where the report has no such figure.
	Continues, Of string
}

// Builtin are the built-in indicators: those that continue the report's
// tables. Metric names reuse the report's only where the concept and basis
// are the same (docs/configuration.md, "World Bank source").
var Builtin = []Indicator{
	{
		// Table 9 and the prose: "Internet users ... (%)" of the population.
		ID: "IT.NET.USER.ZS", Name: "Individuals using the Internet (% of population)",
		Metric: "korea_ict_internet_usage_ratio", Help: "Internet users as a share of the population.", Unit: "%",
		Continues: "table 9", Of: "Internet usage: same concept, same name",
	},
	{
		// Table 9 counts broadband households (and text-II.A their share of
		// households); the World Bank counts subscriptions per 100 people.
		ID: "IT.NET.BBND.P2", Name: "Fixed broadband subscriptions (per 100 people)",
		Metric: "korea_ict_fixed_broadband_subscriptions_population_ratio", Help: "Fixed broadband subscriptions per person (published per 100 people).", Unit: "per 100 people",
		Continues: "table 9", Of: "broadband subscribers, which counts households: another basis, a new name",
	},
	{
		// Table 9: "mobile subscribers per 100 inhabitants", the operators'
		// subscriber count over the population, which is the ITU's definition
		// of mobile cellular subscriptions per 100 people that the World Bank
		// republishes.
		ID: "IT.CEL.SETS.P2", Name: "Mobile cellular subscriptions (per 100 people)",
		Metric: "korea_ict_mobile_subscribers_population_ratio", Help: "Mobile phone subscribers as a share of the population.", Unit: "per 100 people",
		Continues: "table 9", Of: "mobile subscribers per 100 inhabitants: subscriptions over population, same name",
	},
	{
		// Table 9's "IT export (% to total exports)" counts the Korean IT
		// industry's exports; the World Bank's share is of ICT goods (UNCTAD's
		// classification) in goods exports: another basis, another name.
		ID: "TX.VAL.ICTG.ZS.UN", Name: "ICT goods exports (% of total goods exports)",
		Metric: "korea_ict_ict_goods_exports_share_ratio", Help: "ICT goods exports as a share of total goods exports (UNCTAD's ICT goods classification).", Unit: "%",
		Continues: "table 9", Of: "IT share of exports, which counts the IT industry's exports: another basis, a new name",
	},
	{
		ID: "TM.VAL.ICTG.ZS.UN", Name: "ICT goods imports (% of total goods imports)",
		Metric: "korea_ict_ict_goods_imports_share_ratio", Help: "ICT goods imports as a share of total goods imports (UNCTAD's ICT goods classification).", Unit: "%",
		Continues: "table 4", Of: "IT imports (the report prints no share)",
	},
	{
		ID: "BX.GSR.CCIS.CD", Name: "ICT service exports (BoP, current US$)",
		Metric: "korea_ict_ict_service_exports_dollars", Help: "ICT service exports (computer, communications and other services; balance of payments, current US dollars).", Unit: "US dollars",
		Continues: "tables 7 and 8", Of: "software exports (a narrower basis)",
	},
	{
		ID: "BX.GSR.CCIS.ZS", Name: "ICT service exports (% of service exports, BoP)",
		Metric: "korea_ict_ict_service_exports_share_ratio", Help: "ICT service exports as a share of service exports (balance of payments).", Unit: "%",
	},
}

// DefaultCountries are Korea and the report's comparators.
var DefaultCountries = []string{"KOR", "CHN", "JPN", "GBR", "USA"}

// Lookup finds a built-in indicator by code.
func Lookup(id string) (Indicator, bool) {
	for _, ind := range Builtin {
		if ind.ID == id {
			return ind, true
		}
	}
	return Indicator{}, false
}

// LatestName is the companion family of a metric: the latest observation of
// each country.
func LatestName(metric string) string {
	return dataset.LatestPrefix + metric[len(dataset.Prefix):]
}

// Validate checks an indicator mapping against the naming scheme, as the
// loader checks a data file's metric.
func (ind Indicator) Validate() error {
	if ind.ID == "" {
		return fmt.Errorf("indicator has no id")
	}
	if !dataset.ValidTableID(ind.ID) {
		return fmt.Errorf("invalid indicator id %q: use letters, digits, '.', '-' or '_'", ind.ID)
	}
	if ind.Help == "" {
		return fmt.Errorf("indicator %q has no help", ind.ID)
	}
	u, err := dataset.ParseUnit(ind.Unit)
	if err != nil {
		return fmt.Errorf("indicator %q: %w", ind.ID, err)
	}
	if err := dataset.ValidateMetricName(ind.Metric, u); err != nil {
		return fmt.Errorf("indicator %q: %w", ind.ID, err)
	}
	return nil
}
