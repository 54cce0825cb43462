package boards

import "github.com/korea-ict-exporter/korea-ict-exporter/dashboards/internal/dashboard"

const (
	smba  = "Small and Medium Business Administration (SMBA)"
	kotra = "KOTRA, Survey on Status of Export Industries 2003"
	nsoWP = "National Statistical Office, Survey Report on Basic Workplace Statistics"
)

// smesVsLarge are the two bars of the KOTRA survey's panels (tables 38-42):
// SMEs and large firms, each a query of its own.
func smesVsLarge(sel string) []dashboard.Series {
	return dashboard.PinnedSeries(sel, "size", "sme", "large")
}

func smes() *dashboard.Dashboard {
	d := dashboard.New(dashboard.Meta{
		UID:         "korea-ict-smes",
		File:        "korea-ict-smes.json",
		Title:       "Korea ICT / SMEs",
		Description: "How much of Korea's economy and exports are SMEs, how far have they gone into IT and e-trade, and what holds them back?",
		Tags:        []string{"smes"},
		Timeless:    true,
	})
	d.Variable(dashboard.Variable{
		Name:  "industry",
		Query: `korea_ict_firms_share_ratio{table="31",industry!="total"}`,
		Named: "industry",
		Multi: true,
		All:   true,
	})
	d.Headlines(
		dashboard.Headline{
			Title:       "SMEs' share of firms",
			Description: "SMEs' share of all firms in 2002 (table 31; National Statistical Office).",
			Unit:        "percentunit",
			Expr:        `korea_ict_firms_share_ratio{table="31",size="sme",industry="total"}`,
			Legend:      "2002",
		},
		dashboard.Headline{
			Title:       "SMEs' share of employment",
			Description: "SMEs' share of all employees in 2002 (table 31; National Statistical Office).",
			Unit:        "percentunit",
			Expr:        `korea_ict_employees_share_ratio{table="31",size="sme",industry="total"}`,
			Legend:      "2002",
		},
		dashboard.Headline{
			Title:       "SMEs' share of exports",
			Description: "SMEs' share of total exports in 2003 (table 32; " + smba + ").",
			Unit:        "percentunit",
			Expr:        `korea_ict_exports_share_ratio{table="32",size="sme",firm_type="total",year="2003"}`,
			Legend:      "2003",
		},
		dashboard.Headline{
			Title:       "Venture exports",
			Description: "Exports of venture companies in 2003 (table 32; " + smba + ").",
			Unit:        "currencyUSD",
			Expr:        `korea_ict_exports_dollars{table="32",firm_type="venture",year="2003"}`,
			Legend:      "2003",
		},
	)

	d.Row("Firms, employees and exports")
	// 2.7 million firms of 1-4 employees beside a few thousand of 300 and
	// more: bars would hide the large firms, a log scale would make their
	// lengths lie. A table reads them.
	d.Table(dashboard.Table{
		Panel: dashboard.Panel{
			Title:       "Firms by size class",
			Description: "Number of firms by number of employees: 2.7 million firms of 1-4 employees beside a few thousand of 300 and more (table 29; " + nsoWP + " 2004).",
			Unit:        "short",
		},
		Expr:    `korea_ict_firms{table="29",size!="total"}`,
		Rows:    "size",
		Pivot:   "year",
		Columns: dashboard.YearColumns("short", "2001", "2002", "2003"),
		Count:   4,
	})
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "Employees by size class",
			Description: "Number of employees by size of firm (table 30; " + nsoWP + " 2004).",
			Unit:        "short",
		},
		Expr: `korea_ict_employees{table="30",size!="total"}`,
		By:   "size",
	})
	// Every industry's SME share is above 95 %: from zero the bars all
	// look full, and an axis cut at 95 % makes 97 % look like half of
	// 100 %. The rest, the firms that are not SMEs, shows the differences
	// on bars that start at zero.
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "Firms that are not SMEs, by industry, 2002",
			Description: "Share of the firms of each industry that are not SMEs: one less SMEs' share (table 31; National Statistical Office). SMEs are 95 % to nearly 100 % of the firms of every industry.",
			Unit:        "percentunit",
			H:           10,
		},
		Expr: `1 - korea_ict_firms_share_ratio{table="31",size="sme",industry!="total",industry=~"$industry"}`,
		By:   "industry",
		Name: "Not SMEs",
	})
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "SMEs' share of employment by industry, 2002",
			Description: "Share of SMEs in the employment of each industry (table 31; National Statistical Office).",
			Unit:        "percentunit",
			H:           10,
		},
		Expr: `korea_ict_employees_share_ratio{table="31",size="sme",industry!="total",industry=~"$industry"}`,
		By:   "industry",
		Name: "SMEs' share",
	})
	d.Table(dashboard.Table{
		Panel: dashboard.Panel{
			Title:       "Exports by SMEs, large enterprises and others",
			Description: "Exports of SMEs, of large enterprises and of other exporters (table 32; " + smba + "). Ventures, counted among the SMEs, are in their own panel.",
			Unit:        "currencyUSD",
		},
		Expr:    `korea_ict_exports_dollars{table="32",size=~"sme|large|other",firm_type="total"}`,
		Rows:    "size",
		Pivot:   "year",
		Columns: dashboard.YearColumns("currencyUSD", "2001", "2002", "2003"),
		Count:   3,
	})
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "Shares of total exports by size of enterprise",
			Description: "Shares of total exports of SMEs, large enterprises and other exporters, stacked: together 100 % (table 32; " + smba + ").",
			Unit:        "percentunit",
		},
		Expr:    `korea_ict_exports_share_ratio{table="32",size=~"sme|large|other",firm_type="total"}`,
		By:      "size",
		Stacked: true,
	})

	d.CollapsedRow("Ventures")
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "Exports by venture companies",
			Description: "Exports of venture companies, which the SMEs' exports include (table 32; " + smba + ").",
			Unit:        "currencyUSD",
			W:           8,
		},
		Expr: `korea_ict_exports_dollars{table="32",firm_type="venture"}`,
		Name: "Venture exports",
	})
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "Venture companies by type",
			Description: "Recognised venture companies by criterion: venture capital, R&D, new technology (table 33; " + smba + ").",
			Unit:        "short",
			W:           8,
		},
		Expr: `korea_ict_venture_companies{table="33",venture_type!="total"}`,
		By:   "venture_type",
	})
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "Venture companies by industry",
			Description: "Venture companies by industry (table 34; " + smba + ").",
			Unit:        "short",
			W:           8,
		},
		Expr: `korea_ict_venture_companies{table="34",industry!="total"}`,
		By:   "industry",
	})

	d.CollapsedRow("Informatisation")
	d.Table(dashboard.Table{
		Panel: dashboard.Panel{
			Title:       "Informatisation investment per firm by size",
			Description: "Average informatisation investment per firm by size class (table 35; " + smba + "). The SME growth rate is printed 4.8 % though the amounts give 6.2 % (docs/discrepancies.md).",
			Unit:        "currencyKRW",
		},
		Expr:    `korea_ict_informatisation_investment_per_firm_won{table="35"}`,
		Rows:    "size",
		Pivot:   "year",
		Columns: dashboard.YearColumns("currencyKRW", "2002", "2003"),
		Count:   3,
	})
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "Informatisation investment by area",
			Description: "Composition of informatisation investment by area, stacked: together 100 % (table 36; " + smba + ").",
			Unit:        "percentunit",
		},
		Expr:    `korea_ict_informatisation_investment_share_ratio{table="36"}`,
		By:      "area",
		Stacked: true,
	})
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "Stage of informatisation among SMEs",
			Description: "Distribution of SMEs by stage of informatisation, first stage to last (table 53; " + smba + ").",
			Unit:        "percentunit",
		},
		Expr:    `korea_ict_sme_informatisation_stage_share_ratio{table="53"}`,
		By:      "stage",
		Name:    "Share of SMEs",
		Natural: true,
	})
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "Informatisation evaluation by region",
			Description: "Informatisation evaluation of selected cities and provinces, points out of 100 (table 54; SMBA, SME White Paper 2003).",
			Unit:        "none",
		},
		Expr: `korea_ict_regional_informatisation_evaluation_points{table="54"}`,
		By:   "region",
		Name: "Points",
	})

	d.CollapsedRow("Working conditions")
	d.Table(dashboard.Table{
		Panel: dashboard.Panel{
			Title:       "Working conditions: SMEs vs large companies",
			Description: "Monthly wage, working hours and extra welfare benefits (table 37; " + smba + "). Undated in the source.",
			W:           24,
		},
		Rows: "size",
		Measures: []dashboard.Measure{
			{Title: "Wage per month", Expr: `korea_ict_wage_per_month_won{table="37"}`, Unit: "currencyKRW"},
			{Title: "Working hours per month", Expr: `korea_ict_working_time_per_month_seconds{table="37"} / 3600`, Unit: "suffix: h", Decimals: new(1)},
			{Title: "Welfare benefits per month", Expr: `korea_ict_welfare_benefits_per_month_won{table="37"}`, Unit: "currencyKRW"},
		},
		Count: 2,
	})

	d.CollapsedRow("E-trade (KOTRA survey, 2003)")
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "E-trade use rate by firm size",
			Description: "Average e-trade use rate of SMEs and large firms (table 38; " + kotra + ").",
			Unit:        "percentunit",
		},
		Expr:    `korea_ict_etrade_use_rate_average_ratio{table="38",industry="total",size!="total"}`,
		By:      "size",
		Name:    "Use rate",
		Natural: true,
	})
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "E-trade use rate by industry",
			Description: "Average e-trade use rate by industry (table 38; " + kotra + ").",
			Unit:        "percentunit",
		},
		Expr: `korea_ict_etrade_use_rate_average_ratio{table="38",industry!="total",size="total"}`,
		By:   "industry",
		Name: "Use rate",
	})
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "Reasons for not using e-trade",
			Description: "Reasons for the under-utilisation of e-trade, SMEs vs large firms (table 39; " + kotra + ").",
			Unit:        "percentunit",
			W:           12,
			H:           9,
		},
		By:     "reason",
		Series: smesVsLarge(`korea_ict_etrade_nonuse_reason_share_ratio{table="39",industry="total",reason!="total"}`),
	})
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "Advantages of e-trade",
			Description: "Advantages of e-trade, SMEs vs large firms (table 41; " + kotra + ").",
			Unit:        "percentunit",
			W:           12,
			H:           9,
		},
		By:     "advantage",
		Series: smesVsLarge(`korea_ict_etrade_advantage_share_ratio{table="41",industry="total",advantage!="total"}`),
	})
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "Effects of e-trade on exports",
			Description: "Effects of e-trade on export activities, SMEs vs large firms (table 40; " + kotra + ").",
			Unit:        "percentunit",
			W:           24,
			H:           9,
		},
		By:     "effect",
		Series: smesVsLarge(`korea_ict_etrade_effect_share_ratio{table="40",industry="total",effect!="total"}`),
	})
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "Issues for promoting e-trade",
			Description: "Most urgent tasks for promoting e-trade, SMEs vs large firms (table 42; " + kotra + ").",
			Unit:        "percentunit",
			W:           24,
			H:           9,
		},
		By:     "issue",
		Series: smesVsLarge(`korea_ict_etrade_promotion_issue_share_ratio{table="42",industry="total",issue!="total"}`),
	})
	d.Pie(dashboard.Pie{
		Panel: dashboard.Panel{
			Title:       "Bottlenecks in SMEs' e-commerce",
			Description: "Bottlenecks in e-commerce of SMEs (table 43; SMBA, SMEs Policy in Korea 2002). Undated in the source.",
			Unit:        "percentunit",
			W:           12,
			H:           10,
		},
		Expr:   `korea_ict_sme_ecommerce_bottleneck_share_ratio{table="43",bottleneck!="total"}`,
		By:     "bottleneck",
		Shares: true,
	})
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "Bottlenecks for e-trade intermediaries",
			Description: "Bottlenecks for e-trade promotion by type of intermediary (table 48; KOTRA 2002). A missing bar is a bottleneck the table does not give for that intermediary.",
			Unit:        "percentunit",
			W:           12,
			H:           10,
		},
		By: "bottleneck",
		Series: dashboard.PinnedSeries(`korea_ict_etrade_intermediary_bottleneck_share_ratio{table="48"}`, "intermediary",
			"finance", "finding_partners", "logistics_customs", "other"),
	})
	d.Categories(dashboard.Categories{
		Panel: dashboard.Panel{
			Title:       "Progress of e-Trade Korea by task",
			Description: "Progress of each e-trade task against the e-Trade Korea targets as of 2004 (table 47; Korea International Trade Association 2002).",
			Unit:        "percentunit",
			W:           24,
			H:           12,
		},
		Expr: `korea_ict_etrade_progress_ratio{table="47"}`,
		By:   "task",
		Name: "Progress",
	})

	d.CollapsedRow("Government programmes")
	d.Table(dashboard.Table{
		Panel: dashboard.Panel{
			Title:       "Firms supported by SME programmes",
			Description: "Firms supported or targeted by government SME and informatisation programmes, as stated in the report's text (sections III.B, IV.B, V, VI).",
			Unit:        "short",
			W:           24,
			Decimals:    new(0),
		},
		Expr:  `korea_ict_programme_supported_firms`,
		Rows:  "programme",
		Keep:  []string{"year"},
		Value: "Firms",
		Count: 8,
	})

	d.CollapsedRow("E-business manpower")
	d.Bars(dashboard.Bars{
		Panel: dashboard.Panel{
			Title:       "E-business manpower: demand, supply and shortage",
			Description: "Supply of e-business manpower and the shortage stacked: together they are the demand. 2003 reported, 2004-2007 projections (table 50; MOCIE, e-Business White Paper 2004).",
			Unit:        "short",
			W:           24,
		},
		Expr:    `korea_ict_ebusiness_manpower{table="50",flow=~"supply|shortage"}`,
		By:      "flow",
		Stacked: true,
	})
	return d
}
