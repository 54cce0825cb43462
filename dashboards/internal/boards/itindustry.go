package boards

import (
	"fmt"

	"github.com/korea-ict-exporter/korea-ict-exporter/dashboards/internal/dashboard"
	"github.com/korea-ict-exporter/korea-ict-exporter/dashboards/internal/query"
)

const (
	kait = "Korea Association of Information and Telecommunication, 2004"
	nca  = "National Computerisation Agency, Informatisation White Paper 2004"
	// wb cites the World Bank source; its series exist only while the
	// exporter's worldbank source has fetched them.
	wb = "World Bank, World Development Indicators, live from the exporter's worldbank source"
)

// versus puts the report's series (table 9, Korea only) and the World Bank's
// (one per selected country, by its human name) side by side, each named by
// its source in a "series" label.
func versus(report, reportName, worldBankSelector string) string {
	return fmt.Sprintf(`label_replace(%s, "series", %q, "", "") or %s`, query.Select(report), "Report · "+reportName, worldBank(worldBankSelector))
}

// worldBank names World Bank series by country ("World Bank · Korea").
func worldBank(sel string) string { return worldBankAs(sel, "World Bank · $1") }

// worldBankMeasure names World Bank series by country and measure ("World
// Bank · Korea goods imports").
func worldBankMeasure(sel, measure string) string {
	return worldBankAs(sel, "World Bank · $1 "+measure)
}

// worldBankAs names World Bank series name, $1 standing for the country.
func worldBankAs(sel, name string) string {
	return fmt.Sprintf(`label_replace(%s, "series", %q, %q, "(.*)")`, query.Named(query.Select(sel), "country"), name, query.NameOf("country"))
}

func itIndustry() *dashboard.Dashboard {
	d := dashboard.New(dashboard.Meta{
		UID:         "korea-ict-it-industry",
		File:        "korea-ict-it-industry.json",
		Title:       "Korea ICT / IT industry & trade",
		Description: "How large did Korea's IT industry grow, what did it export, and how far did informatisation reach (1996-2004)?",
		Tags:        []string{"it-industry"},
		Timeless:    true,
	})
	d.Variable(dashboard.Variable{
		Name:    "country",
		Query:   `korea_ict_wb_latest_internet_usage_ratio`,
		Named:   "country",
		Multi:   true,
		All:     true,
		Default: "KOR",
	})
	d.Headlines(
		dashboard.Headline{
			Title:       "IT production",
			Description: "Production of the IT industry in 2003 (table 2; KISDI 2003, NCA 2004).",
			Unit:        "currencyKRW",
			Expr:        `korea_ict_it_production_won{table="2",year="2003"}`,
			Legend:      "2003",
		},
		dashboard.Headline{
			Title:       "IT share of GDP",
			Description: "IT production as a share of GDP in 2003 (table 2; KISDI 2003, NCA 2004).",
			Unit:        "percentunit",
			Expr:        `korea_ict_it_gdp_share_ratio{table="2",year="2003"}`,
			Legend:      "2003",
		},
		dashboard.Headline{
			Title:       "IT share of exports",
			Description: "IT exports as a share of Korea's total exports in 2003 (table 9; " + nca + ").",
			Unit:        "percentunit",
			Expr:        `korea_ict_it_exports_share_ratio{table="9",year="2003"}`,
			Legend:      "2003",
		},
		dashboard.Headline{
			Title:       "Internet usage",
			Description: "Internet users as a share of the population in 2003 (table 9; " + nca + ").",
			Unit:        "percentunit",
			Expr:        `korea_ict_internet_usage_ratio{table="9",year="2003"}`,
			Legend:      "2003",
		},
	)

	d.Row("Production and the economy")
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "IT industry production",
			Description: "Production of the IT industry, 1997-2003 (table 2; KISDI 2003, NCA 2004).",
			Unit:        "currencyKRW",
		},
		Expr: `korea_ict_it_production_won{table="2"}`,
		Name: "IT production",
	})
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "IT industry share of GDP and contribution to growth",
			Description: "IT production as a share of GDP, and the IT industry's contribution to economic growth (table 2; KISDI 2003, NCA 2004).",
			Unit:        "percentunit",
		},
		Series: []dashboard.Series{
			{Name: "Share of GDP", Expr: `korea_ict_it_gdp_share_ratio{table="2"}`},
			{Name: "Contribution to growth", Expr: `korea_ict_it_growth_contribution_ratio{table="2"}`},
		},
	})
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "Sub-sector shares of the IT industry",
			Description: "Shares of telecommunications services, IT equipment and software & computer services in the IT industry, stacked: together 100 % (table 3; KISDI, IT Industry Outlook of Korea 2002).",
			Unit:        "percentunit",
			W:           24,
		},
		Expr:    `korea_ict_it_subsector_share_ratio{table="3"}`,
		Period:  []string{"year", "quarter"},
		By:      "category",
		Stacked: true,
	})

	d.CollapsedRow("Trade")
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "IT exports and imports",
			Description: "IT industry exports and imports, 1997-2001 (table 4; KISDI). Printed in hundred million dollars.",
			Unit:        "currencyUSD",
			W:           8,
		},
		Expr: `korea_ict_it_trade_dollars{table="4",flow=~"export|import"}`,
		By:   "flow",
	})
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "IT trade balance",
			Description: "IT industry exports less imports, 1997-2001 (table 4; KISDI).",
			Unit:        "currencyUSD",
			W:           8,
		},
		Expr: `korea_ict_it_trade_dollars{table="4",flow="balance"}`,
		Name: "Balance",
	})
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "IT share of total exports",
			Description: "IT exports as a share of Korea's total exports (table 9; " + nca + ").",
			Unit:        "percentunit",
			W:           8,
		},
		Expr: `korea_ict_it_exports_share_ratio{table="9"}`,
		Name: "IT share of exports",
	})
	d.Trend(dashboard.Trend{
		Panel: dashboard.Panel{
			Title:       "Share of exports: report vs World Bank",
			Description: "The report's IT exports as a share of Korea's total exports (table 9; " + nca + ") beside the World Bank's ICT goods exports as a share of goods exports (indicator TX.VAL.ICTG.ZS.UN; UNCTAD's ICT goods classification) for the selected countries, to today. Not the same basis: read the trend, not the gap. " + wb + ".",
			Unit:        "percentunit",
		},
		Expr: versus(`korea_ict_it_exports_share_ratio{table="9"}`, "KOR IT exports (table 9)", `korea_ict_ict_goods_exports_share_ratio{table="TX.VAL.ICTG.ZS.UN",country=~"$country"}`),
		By:   "series",
	})
	d.Trend(dashboard.Trend{
		Panel: dashboard.Panel{
			Title:       "ICT goods imports and service exports (World Bank)",
			Description: "ICT goods imports as a share of goods imports (TM.VAL.ICTG.ZS.UN) and ICT service exports as a share of service exports (BX.GSR.CCIS.ZS), for the selected countries; the report has no such series. " + wb + ".",
			Unit:        "percentunit",
		},
		Expr: worldBankMeasure(`korea_ict_ict_goods_imports_share_ratio{table="TM.VAL.ICTG.ZS.UN",country=~"$country"}`, "goods imports") + " or " + worldBankMeasure(`korea_ict_ict_service_exports_share_ratio{table="BX.GSR.CCIS.ZS",country=~"$country"}`, "service exports"),
		By:   "series",
	})

	d.CollapsedRow("IT equipment and software")
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "IT equipment production by category",
			Description: "Production of telecommunication, information and broadcasting equipment and IT components (table 5; " + kait + ").",
			Unit:        "currencyKRW",
		},
		Expr: `korea_ict_it_equipment_production_won{table="5",category!="total"}`,
		By:   "category",
	})
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "IT equipment exports by category",
			Description: "Exports of IT equipment by category (table 6; " + kait + ").",
			Unit:        "currencyUSD",
		},
		Expr: `korea_ict_it_equipment_exports_dollars{table="6",category!="total"}`,
		By:   "category",
	})
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "Software production and domestic consumption",
			Description: "Software production and domestic consumption, all types; 2003 preliminary (table 7; " + kait + "). The table's unit is printed as thousands of US dollars; the figures are read as hundred million won (see docs/discrepancies.md).",
			Unit:        "currencyKRW",
		},
		Expr: `korea_ict_software_won{table="7",category="total"}`,
		By:   "flow",
	})
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "Software exports and imports",
			Description: "Software exports and imports, all types; 2003 preliminary (table 8; " + kait + ").",
			Unit:        "currencyUSD",
		},
		Expr: `korea_ict_software_dollars{table="8",category="total"}`,
		By:   "flow",
	})

	d.CollapsedRow("Informatisation")
	// Broadband grew from 14,000 households to 11 million: on bars the
	// first years would be invisible, and a log scale makes bar lengths
	// lie. A table reads every figure.
	d.Table(dashboard.Table{
		Panel: dashboard.Panel{
			Title:       "Internet users and broadband households",
			Description: "Internet users and broadband Internet subscriber households, from 14,000 households in 1998 to 11 million (table 9; " + nca + ").",
			Unit:        "short",
		},
		Rows: "year",
		Measures: []dashboard.Measure{
			{Title: "Internet users", Expr: `korea_ict_internet_users{table="9"}`, Unit: "short", Decimals: new(1)},
			{Title: "Broadband households", Expr: `korea_ict_broadband_subscribers{table="9"}`, Unit: "short", Decimals: new(1)},
		},
		Count: 6,
	})
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "Mobile phone subscribers, PCs and Internet banking users",
			Description: "Mobile phone subscribers, PCs in use and Internet banking users (table 9; " + nca + ").",
			Unit:        "short",
		},
		Series: []dashboard.Series{
			{Name: "Mobile subscribers", Expr: `korea_ict_mobile_subscribers{table="9"}`},
			{Name: "PCs", Expr: `korea_ict_pcs{table="9"}`},
			{Name: "Internet banking users", Expr: `korea_ict_internet_banking_users{table="9"}`},
		},
	})
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "Internet usage and PC penetration",
			Description: "Internet usage rate and PC penetration of the population (table 9; " + nca + ").",
			Unit:        "percentunit",
		},
		Series: []dashboard.Series{
			{Name: "Internet usage", Expr: `korea_ict_internet_usage_ratio{table="9"}`},
			{Name: "PC penetration", Expr: `korea_ict_pc_penetration_ratio{table="9"}`},
		},
	})
	d.Trend(dashboard.Trend{
		Panel: dashboard.Panel{
			Title:       "Internet usage: report vs World Bank",
			Description: "Internet users as a share of the population: the report's figures (table 9; " + nca + ") beside the World Bank's individuals using the Internet (indicator IT.NET.USER.ZS) for the selected countries, to today. " + wb + ".",
			Unit:        "percentunit",
		},
		Expr: versus(`korea_ict_internet_usage_ratio{table="9"}`, "KOR (table 9)", `korea_ict_internet_usage_ratio{table="IT.NET.USER.ZS",country=~"$country"}`),
		By:   "series",
	})
	d.Trend(dashboard.Trend{
		Panel: dashboard.Panel{
			Title:       "Mobile subscribers per person: report vs World Bank",
			Description: "Mobile phone subscribers per inhabitant: the report's figures (table 9, printed per 100 inhabitants; " + nca + ") beside the World Bank's mobile cellular subscriptions per 100 people (indicator IT.CEL.SETS.P2), as a ratio, for the selected countries. Above 1: more subscriptions than people. " + wb + ".",
			Unit:        "percentunit",
		},
		Expr: versus(`korea_ict_mobile_subscribers_population_ratio{table="9"}`, "KOR (table 9)", `korea_ict_mobile_subscribers_population_ratio{table="IT.CEL.SETS.P2",country=~"$country"}`),
		By:   "series",
	})
	d.Trend(dashboard.Trend{
		Panel: dashboard.Panel{
			Title:       "Fixed broadband subscriptions per person (World Bank)",
			Description: "Fixed broadband subscriptions per 100 people, as a ratio (indicator IT.NET.BBND.P2), for the selected countries. The report counts broadband households instead (table 9, panel \"Internet users and broadband households\"). " + wb + ".",
			Unit:        "percentunit",
		},
		Expr: worldBank(`korea_ict_fixed_broadband_subscriptions_population_ratio{table="IT.NET.BBND.P2",country=~"$country"}`),
		By:   "series",
	})
	d.Stat(dashboard.Stat{
		Panel: dashboard.Panel{
			Title:       "Internet usage: the report's 2003 and the latest World Bank figure",
			Description: "Korea's Internet usage in 2003 as the report prints it (table 9; " + nca + "), and the World Bank's latest observation for each selected country with its year (korea_ict_wb_latest_internet_usage_ratio). " + wb + ".",
			Unit:        "percentunit",
		},
		By: "country",
		Queries: []dashboard.Query{
			{Expr: `korea_ict_internet_usage_ratio{table="9",year="2003",country="KOR"}`, Legend: "Report · {{country_name}} 2003 (table 9)"},
			{Expr: `korea_ict_wb_latest_internet_usage_ratio{country=~"$country"}`, Legend: "World Bank · {{country_name}} {{year}}"},
		},
	})
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "Accredited e-signature users by authority",
			Description: "Accredited e-signature users by certification authority, stacked to the year's total, 2000-2002 (table 52; NCA and MIC, White Paper Internet Korea 2003).",
			Unit:        "short",
		},
		Expr:    `korea_ict_esignature_users{table="52",authority!="total"}`,
		By:      "authority",
		Stacked: true,
	})
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "Network infrastructure by industry",
			Description: "Installation rate of network infrastructure by industrial sector (table 10; NCA, White Paper Internet Korea 2002).",
			Unit:        "percentunit",
		},
		Expr: `korea_ict_network_installation_ratio{table="10"}`,
		By:   "industry",
	})
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "Network infrastructure by firm size",
			Description: "Installation rate of network infrastructure by number of employees (table 11; NCA, White Paper Internet Korea 2002).",
			Unit:        "percentunit",
		},
		Expr:    `korea_ict_network_installation_ratio{table="11"}`,
		By:      "size",
		Natural: true,
	})
	d.Stat(dashboard.Stat{
		Panel: dashboard.Panel{
			Title:       "Security incidents reported, 2002",
			Description: "Hacking and computer-virus cases reported to KISA in 2002 (report text, section IV.E).",
			Unit:        "short",
			W:           12,
			H:           5,
		},
		By:      "category",
		Queries: []dashboard.Query{{Expr: `korea_ict_security_incident_reports{table="text-IV.E"}`, Legend: "{{category_name}}"}},
	})
	d.Stat(dashboard.Stat{
		Panel: dashboard.Panel{
			Title:       "Mobile Internet market",
			Description: "Size of the mobile Internet market (report text, section II.A).",
			Unit:        "currencyKRW",
			W:           12,
			H:           5,
		},
		Queries: []dashboard.Query{{Expr: `korea_ict_mobile_internet_market_won{table="text-II.A"}`, Legend: "{{year}}"}},
	})

	d.CollapsedRow("Investment and standing")
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "Foreign direct investment in IT",
			Description: "Foreign direct investment in the IT sector, 1997-2000 (table 49; Ministry of Information and Communication).",
			Unit:        "currencyUSD",
		},
		Expr: `korea_ict_it_fdi_inflow_dollars{table="49"}`,
		Name: "FDI in IT",
	})
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "E-readiness score, 2003",
			Description: "EIU e-readiness evaluation points (maximum 10) of Korea and comparators (table 1; Economist Intelligence Unit, E-Readiness Rankings 2003).",
			Unit:        "none",
		},
		Expr: `korea_ict_ereadiness_points{table="1"}`,
		By:   "country",
		Name: "E-readiness points",
	})
	return d
}
