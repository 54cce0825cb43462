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
	d.variable(Variable{Name: "industry", Query: `label_values(korea_ict_firms{table="31",industry!="total"}, industry)`, Multi: true, All: true, Sort: 1})
	d.row("Firms, employees and exports")
	d.Bars(Bars{Panel: Panel{Title: "Firms by size class", Description: "Number of firms by number of employees, on a log scale: 2.7 million firms of 1-4 employees beside a few thousand of 300 and more (table 29; " + nsoWP + " 2004).", Unit: "short"},
		Expr: `korea_ict_firms{table="29",size!="total"}`, By: "size", Axis: Axis{Log: true}})
	d.Bars(Bars{Panel: Panel{Title: "Employees by size class", Description: "Number of employees by size of firm (table 30; " + nsoWP + " 2004).", Unit: "short"},
		Expr: `korea_ict_employees{table="30",size!="total"}`, By: "size"})
	d.Categories(Categories{Panel: Panel{Title: "SMEs' share of firms by industry, 2002", Description: "Share of SMEs in the number of firms of each industry (table 31; National Statistical Office). The axis starts at 95 %: every industry is above it.", Unit: "percentunit", H: 10},
		Expr: `korea_ict_firms_share_ratio{table="31",size="sme",industry!="total",industry=~"$industry"}`, By: "industry", Axis: Axis{Min: ptr(0.95), Max: ptr(1.0)}})
	d.Categories(Categories{Panel: Panel{Title: "SMEs' share of employment by industry, 2002", Description: "Share of SMEs in the employment of each industry (table 31; National Statistical Office).", Unit: "percentunit", H: 10},
		Expr: `korea_ict_employees_share_ratio{table="31",size="sme",industry!="total",industry=~"$industry"}`, By: "industry"})
	d.Bars(Bars{Panel: Panel{Title: "Exports by SMEs, large enterprises and others", Description: "Exports of SMEs, of large enterprises and of other exporters, on a log scale (table 32; " + smba + "). Ventures, counted among the SMEs, are in their own panel.", Unit: "currencyUSD"},
		Expr: `korea_ict_exports_dollars{table="32",size=~"sme|large|other",firm_type="total"}`, By: "size", Axis: Axis{Log: true}})
	d.Bars(Bars{Panel: Panel{Title: "Shares of total exports by size of enterprise", Description: "Shares of total exports of SMEs, large enterprises and other exporters, stacked to 100 % (table 32; " + smba + ").", Unit: "percentunit"},
		Expr: `korea_ict_exports_share_ratio{table="32",size=~"sme|large|other",firm_type="total"}`, By: "size", Axis: Axis{Percent: true}})
	d.row("Ventures")
	d.Bars(Bars{Panel: Panel{Title: "Exports by venture companies", Description: "Exports of venture companies, which the SMEs' exports include (table 32; " + smba + ").", Unit: "currencyUSD", W: 8},
		Expr: `korea_ict_exports_dollars{table="32",firm_type="venture"}`, Name: "Venture exports"})
	d.Bars(Bars{Panel: Panel{Title: "Venture companies by type", Description: "Recognised venture companies by criterion: venture capital, R&D, new technology (table 33; " + smba + ").", Unit: "short", W: 8},
		Expr: `korea_ict_venture_companies{table="33",venture_type!="total"}`, By: "venture_type"})
	d.Bars(Bars{Panel: Panel{Title: "Venture companies by industry", Description: "Venture companies by industry (table 34; " + smba + ").", Unit: "short", W: 8},
		Expr: `korea_ict_venture_companies{table="34",industry!="total"}`, By: "industry"})
	d.row("Informatisation")
	d.Bars(Bars{Panel: Panel{Title: "Informatisation investment per firm by size", Description: "Average informatisation investment per firm by size class (table 35; " + smba + "). The SME growth rate is printed 4.8 % though the amounts give 6.2 % (docs/discrepancies.md).", Unit: "currencyKRW"},
		Expr: `korea_ict_informatisation_investment_per_firm_won{table="35"}`, By: "size", Axis: Axis{Log: true}})
	d.Bars(Bars{Panel: Panel{Title: "Informatisation investment by area", Description: "Composition of informatisation investment by area, stacked to 100 % (table 36; " + smba + ").", Unit: "percentunit"},
		Expr: `korea_ict_informatisation_investment_share_ratio{table="36"}`, By: "area", Axis: Axis{Percent: true}})
	d.Categories(Categories{Panel: Panel{Title: "Stage of informatisation among SMEs", Description: "Distribution of SMEs by stage of informatisation, first stage to last (table 53; " + smba + ").", Unit: "percentunit"},
		Expr: `korea_ict_sme_informatisation_stage_share_ratio{table="53"}`, By: "stage", Natural: true})
	d.Categories(Categories{Panel: Panel{Title: "Informatisation evaluation by region", Description: "Informatisation evaluation of selected cities and provinces, points out of 100 (table 54; SMBA, SME White Paper 2003).", Unit: "none"},
		Expr: `korea_ict_regional_informatisation_evaluation_points{table="54"}`, By: "region"})
	d.row("Working conditions")
	d.Table(Table{Panel: Panel{Title: "Working conditions: SMEs vs large companies", Description: "Monthly wage, working hours and extra welfare benefits (table 37; " + smba + "). Undated in the source.", W: 24},
		Expr: `label_replace(korea_ict_wage_per_month_won{table="37"}, "measure", "wage", "", "") or label_replace(korea_ict_working_time_per_month_seconds{table="37"} / 3600, "measure", "working_time", "", "") or label_replace(korea_ict_welfare_benefits_per_month_won{table="37"}, "measure", "welfare", "", "")`,
		Rows: "size", Pivot: "measure", Count: 2,
		Columns: []Column{{Label: "wage", Title: "Wage per month", Unit: "currencyKRW"}, {Label: "working_time", Title: "Working hours per month", Unit: "suffix: h"}, {Label: "welfare", Title: "Welfare benefits per month", Unit: "currencyKRW"}}})
	d.row("E-trade (KOTRA survey, 2003)")
	d.Categories(Categories{Panel: Panel{Title: "E-trade use rate by firm size", Description: "Average e-trade use rate of SMEs and large firms (table 38; " + kotra + ").", Unit: "percentunit", W: 6},
		Expr: `korea_ict_etrade_use_rate_average_ratio{table="38",industry="total",size!="total"}`, By: "size", Natural: true})
	d.Categories(Categories{Panel: Panel{Title: "E-trade use rate by industry", Description: "Average e-trade use rate by industry (table 38; " + kotra + ").", Unit: "percentunit", W: 6},
		Expr: `korea_ict_etrade_use_rate_average_ratio{table="38",industry!="total",size="total"}`, By: "industry"})
	d.Bars(Bars{Panel: Panel{Title: "Reasons for not using e-trade", Description: "Reasons for the under-utilisation of e-trade, SMEs vs large firms (table 39; " + kotra + ").", Unit: "percentunit"},
		Expr: `korea_ict_etrade_nonuse_reason_share_ratio{table="39",industry="total",size!="total",reason!="total"}`, Period: []string{"reason"}, By: "size", Horizontal: true})
	d.Bars(Bars{Panel: Panel{Title: "Effects of e-trade on exports", Description: "Effects of e-trade on export activities, SMEs vs large firms (table 40; " + kotra + ").", Unit: "percentunit"},
		Expr: `korea_ict_etrade_effect_share_ratio{table="40",industry="total",size!="total",effect!="total"}`, Period: []string{"effect"}, By: "size", Horizontal: true})
	d.Bars(Bars{Panel: Panel{Title: "Advantages of e-trade", Description: "Advantages of e-trade, SMEs vs large firms (table 41; " + kotra + ").", Unit: "percentunit"},
		Expr: `korea_ict_etrade_advantage_share_ratio{table="41",industry="total",size!="total",advantage!="total"}`, Period: []string{"advantage"}, By: "size", Horizontal: true})
	d.Bars(Bars{Panel: Panel{Title: "Issues for promoting e-trade", Description: "Most urgent tasks for promoting e-trade, SMEs vs large firms (table 42; " + kotra + ").", Unit: "percentunit"},
		Expr: `korea_ict_etrade_promotion_issue_share_ratio{table="42",industry="total",size!="total",issue!="total"}`, Period: []string{"issue"}, By: "size", Horizontal: true})
	d.Pie(Panel{Title: "Bottlenecks in SMEs' e-commerce", Description: "Bottlenecks in e-commerce of SMEs (table 43; SMBA, SMEs Policy in Korea 2002). Undated in the source.", Unit: "percentunit"},
		Query{Expr: `korea_ict_sme_ecommerce_bottleneck_share_ratio{table="43",bottleneck!="total"}`, Legend: "{{bottleneck}}"})
	d.Bars(Bars{Panel: Panel{Title: "Bottlenecks for e-trade intermediaries", Description: "Bottlenecks for e-trade promotion by type of intermediary (table 48; KOTRA 2002). A blank bar is a bottleneck the table does not give for that intermediary.", Unit: "percentunit"},
		Expr: `korea_ict_etrade_intermediary_bottleneck_share_ratio{table="48",intermediary!="total"}`, Period: []string{"bottleneck"}, By: "intermediary", Horizontal: true})
	d.Categories(Categories{Panel: Panel{Title: "Progress of e-Trade Korea by task", Description: "Progress of each e-trade task against the e-Trade Korea targets as of 2004 (table 47; Korea International Trade Association 2002).", Unit: "percentunit", W: 24, H: 12},
		Expr: `korea_ict_etrade_progress_ratio{table="47"}`, By: "task"})
	d.row("Government programmes")
	d.Table(Table{Panel: Panel{Title: "Firms supported by SME programmes", Description: "Firms supported or targeted by government SME and informatisation programmes, as stated in the report's text (sections III.B, IV.B, V, VI).", Unit: "short", W: 24},
		Expr: `korea_ict_programme_supported_firms`, Rows: "programme", Keep: []string{"year", "status", "table"}, Value: "Firms", Count: 8})
	d.row("E-business manpower")
	d.Bars(Bars{Panel: Panel{Title: "E-business manpower: demand, supply and shortage", Description: "Supply of e-business manpower and the shortage stacked: together they are the demand. 2003 reported, 2004-2007 projections (table 50; MOCIE, e-Business White Paper 2004).", Unit: "short", W: 24},
		Expr: `korea_ict_ebusiness_manpower{table="50",flow=~"supply|shortage"}`, By: "flow", Axis: Axis{Stacked: true}})
	return Board{m, d}
}
