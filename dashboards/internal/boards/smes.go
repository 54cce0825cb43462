package boards

const (
	smba  = "Small and Medium Business Administration (SMBA)"
	kotra = "KOTRA, Survey on Status of Export Industries 2003"
	nsoWP = "National Statistical Office, Survey Report on Basic Workplace Statistics"
)

func smes() Board {
	m := Meta{
		UID: "korea-ict-smes", File: "korea-ict-smes.json",
		Title:       "Korea ICT / SMEs",
		Description: "How much of Korea's economy and exports are SMEs, how far have they gone into IT and e-trade, and what holds them back?",
		Tags:        []string{"smes"},
	}
	d := newDashboard(m)
	d.variable("industry", "Industry", `label_values(korea_ict_firms{table="31"}, industry)`, true)
	d.row("Firms, employees and exports")
	d.Bars(Panel{Title: "Firms by size class", Description: "Number of firms by number of employees (table 29; " + nsoWP + " 2004).", Unit: "short"},
		`korea_ict_firms{table="29",size!="total"}`, []string{"year"}, []string{"size"}, "")
	d.Bars(Panel{Title: "Employees by size class", Description: "Number of employees by size of firm (table 30; " + nsoWP + " 2004).", Unit: "short"},
		`korea_ict_employees{table="30",size!="total"}`, []string{"year"}, []string{"size"}, "")
	d.Categories(Panel{Title: "SMEs' share of firms by industry, 2002", Description: "Share of SMEs in the number of firms of each industry (table 31; National Statistical Office).", Unit: "percentunit"},
		`korea_ict_firms_share_ratio{table="31",size="sme",industry=~"$industry"}`, "industry")
	d.Categories(Panel{Title: "SMEs' share of employment by industry, 2002", Description: "Share of SMEs in the employment of each industry (table 31; National Statistical Office).", Unit: "percentunit"},
		`korea_ict_employees_share_ratio{table="31",size="sme",industry=~"$industry"}`, "industry")
	d.Bars(Panel{Title: "Exports by SMEs and large enterprises", Description: "Exports of SMEs (ventures among them) and of large enterprises (table 32; " + smba + ").", Unit: "currencyUSD"},
		`korea_ict_exports_dollars{table="32",size!="total"}`, []string{"year"}, []string{"size"}, "")
	d.Bars(Panel{Title: "SMEs' share of total exports", Description: "Share of total exports by size of enterprise (table 32; " + smba + ").", Unit: "percentunit"},
		`korea_ict_exports_share_ratio{table="32",size!="total"}`, []string{"year"}, []string{"size"}, "")
	d.row("Ventures")
	d.Bars(Panel{Title: "Venture companies by type", Description: "Recognised venture companies by criterion: venture capital, R&D, new technology (table 33; " + smba + ").", Unit: "short"},
		`korea_ict_venture_companies{table="33",venture_type!="total"}`, []string{"year"}, []string{"venture_type"}, "")
	d.Bars(Panel{Title: "Venture companies by industry", Description: "Venture companies by industry (table 34; " + smba + ").", Unit: "short"},
		`korea_ict_venture_companies{table="34",industry!="total"}`, []string{"year"}, []string{"industry"}, "")
	d.row("Informatisation")
	d.Bars(Panel{Title: "Informatisation investment per firm by size", Description: "Average informatisation investment per firm by size class (table 35; " + smba + "). The SME growth rate is printed 4.8 % though the amounts give 6.2 % (docs/discrepancies.md).", Unit: "currencyKRW"},
		`korea_ict_informatisation_investment_per_firm_won{table="35"}`, []string{"year"}, []string{"size"}, "")
	d.Bars(Panel{Title: "Informatisation investment by area", Description: "Composition of informatisation investment by area (table 36; " + smba + ").", Unit: "percentunit"},
		`korea_ict_informatisation_investment_share_ratio{table="36"}`, []string{"year"}, []string{"area"}, "")
	d.Categories(Panel{Title: "Stage of informatisation among SMEs", Description: "Distribution of SMEs by stage of informatisation (table 53; " + smba + ").", Unit: "percentunit"},
		`korea_ict_sme_informatisation_stage_share_ratio{table="53"}`, "stage")
	d.Categories(Panel{Title: "Informatisation evaluation by region", Description: "Informatisation evaluation of selected cities and provinces, points out of 100 (table 54; SMBA, SME White Paper 2003).", Unit: "none"},
		`korea_ict_regional_informatisation_evaluation_points{table="54"}`, "region")
	d.row("Working conditions")
	d.Table(Panel{Title: "Working conditions: SMEs vs large companies", Description: "Monthly wage, working hours and extra welfare benefits (table 37; " + smba + "). Undated in the source.", W: 24, H: 5},
		`label_replace(korea_ict_wage_per_month_won{table="37"}, "measure", "wage per month (won)", "", "") or label_replace(korea_ict_working_time_per_month_seconds{table="37"} / 3600, "measure", "working hours per month", "", "") or label_replace(korea_ict_welfare_benefits_per_month_won{table="37"}, "measure", "welfare benefits per month (won)", "", "")`, "measure", "size")
	d.row("E-trade (KOTRA survey, 2003)")
	d.Categories(Panel{Title: "E-trade use rate by group", Description: "Average e-trade use rate by industry and firm size (table 38; " + kotra + ").", Unit: "percentunit"},
		`label_join(korea_ict_etrade_use_rate_average_ratio{table="38"}, "group", " / ", "industry", "size")`, "group")
	d.Bars(Panel{Title: "Reasons for not using e-trade", Description: "Reasons for the under-utilisation of e-trade, SMEs vs large firms (table 39; " + kotra + ").", Unit: "percentunit"},
		`korea_ict_etrade_nonuse_reason_share_ratio{table="39",industry="total",size!="total",reason!="total"}`, []string{"reason"}, []string{"size"}, "")
	d.Bars(Panel{Title: "Effects of e-trade on exports", Description: "Effects of e-trade on export activities, SMEs vs large firms (table 40; " + kotra + ").", Unit: "percentunit"},
		`korea_ict_etrade_effect_share_ratio{table="40",industry="total",size!="total",effect!="total"}`, []string{"effect"}, []string{"size"}, "")
	d.Bars(Panel{Title: "Advantages of e-trade", Description: "Advantages of e-trade, SMEs vs large firms (table 41; " + kotra + ").", Unit: "percentunit"},
		`korea_ict_etrade_advantage_share_ratio{table="41",industry="total",size!="total",advantage!="total"}`, []string{"advantage"}, []string{"size"}, "")
	d.Bars(Panel{Title: "Issues for promoting e-trade", Description: "Most urgent tasks for promoting e-trade, SMEs vs large firms (table 42; " + kotra + ").", Unit: "percentunit"},
		`korea_ict_etrade_promotion_issue_share_ratio{table="42",industry="total",size!="total",issue!="total"}`, []string{"issue"}, []string{"size"}, "")
	d.Pie(Panel{Title: "Bottlenecks in SMEs' e-commerce", Description: "Bottlenecks in e-commerce of SMEs (table 43; SMBA, SMEs Policy in Korea 2002). Undated in the source.", Unit: "percentunit"},
		Query{Expr: `korea_ict_sme_ecommerce_bottleneck_share_ratio{table="43",bottleneck!="total"}`, Legend: "{{bottleneck}}"})
	d.Bars(Panel{Title: "Bottlenecks for e-trade intermediaries", Description: "Bottlenecks for e-trade promotion by type of intermediary (table 48; KOTRA 2002).", Unit: "percentunit"},
		`korea_ict_etrade_intermediary_bottleneck_share_ratio{table="48"}`, []string{"bottleneck"}, []string{"intermediary"}, "")
	d.Categories(Panel{Title: "Progress of e-Trade Korea by task", Description: "Progress of each e-trade task against the e-Trade Korea targets as of 2004 (table 47; Korea International Trade Association 2002).", Unit: "percentunit", W: 24, H: 12},
		`korea_ict_etrade_progress_ratio{table="47"}`, "task")
	d.row("Government programmes")
	d.Table(Panel{Title: "Firms supported by SME programmes", Description: "Firms supported or targeted by government SME and informatisation programmes, as stated in the report's text (sections III.B, IV.B, V, VI).", W: 24, H: 8},
		`korea_ict_programme_supported_firms`, "programme", "year", "status", "table")
	d.row("E-business manpower")
	d.Bars(Panel{Title: "E-business manpower: demand, supply and shortage", Description: "Demand for and supply of e-business manpower; 2003 reported, 2004-2007 projections (table 50; MOCIE, e-Business White Paper 2004).", Unit: "short", W: 24},
		`korea_ict_ebusiness_manpower{table="50"}`, []string{"year"}, []string{"flow"}, "")
	return Board{m, d}
}
