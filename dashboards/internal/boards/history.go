package boards

import "github.com/grafana-tools/sdk"

// History shows the report's series on a real time axis, from the history
// `korea-ict-exporter backfill` writes and promtool loads into Prometheus.
// Each value sits at the start of its period; last_over_time over a full
// period plus a day holds it until the next (a range excludes its start, and
// a leap year has 366 days), so lines step from one year to the next.
func history() Board {
	m := Meta{
		UID: "korea-ict-history", File: "korea-ict-history.json",
		Title:       "Korea ICT / History 1996-2008",
		Description: "The report's main series on a time axis, from the backfilled history (korea-ict-exporter backfill + promtool tsdb create-blocks-from openmetrics).",
		Tags:        []string{"history"},
	}
	d := newDashboard(m)
	d.board.Time = sdk.Time{From: "1996-01-01T00:00:00.000Z", To: "2008-12-31T23:59:59.000Z"}
	year := func(sel string) string { return `last_over_time(` + sel + `[366d])` }
	quarter := func(sel string) string { return `last_over_time(` + sel + `[93d])` }
	d.Text("About this dashboard", "Values come from the **backfilled history**, not from the live gauges: run `korea-ict-exporter backfill > history.om` and `promtool tsdb create-blocks-from openmetrics history.om <prometheus data dir>` (the demo stack's `backfill` service does this). Each figure sits at the start of its period and is held until the next one. Projections and preliminary figures keep their `status` in the legend.", 24, 3)
	d.row("IT industry")
	d.TimeSeries(Panel{Title: "IT industry production", Description: "Production of the IT industry, 1997-2003 (table 2; KISDI 2003, NCA 2004).", Unit: "currencyKRW"},
		Query{Expr: year(`korea_ict_it_production_won{table="2"}`), Legend: "IT production ({{status}})"})
	d.TimeSeries(Panel{Title: "IT exports and imports", Description: "IT industry exports, imports and balance, 1997-2001 (table 4; KISDI), and IT equipment exports, 1999-2003 (table 6; " + kait + ").", Unit: "currencyUSD"},
		Query{Expr: year(`korea_ict_it_trade_dollars{table="4"}`), Legend: "IT {{flow}} (table 4)"},
		Query{Expr: year(`korea_ict_it_equipment_exports_dollars{table="6",category="total"}`), Legend: "IT equipment exports (table 6)"})
	d.row("E-commerce")
	d.TimeSeries(Panel{Title: "E-commerce volume by partner", Description: "E-commerce volume, total 2000-2003 (table 9; NCA) and by partner 2002-2003 (table 17; " + nso + ").", Unit: "currencyKRW"},
		Query{Expr: year(`korea_ict_ecommerce_transactions_won{table="9"}`), Legend: "total (table 9)"},
		Query{Expr: year(`korea_ict_ecommerce_transactions_won{table="17",partner!="total"}`), Legend: "{{partner}} (table 17)"})
	d.TimeSeries(Panel{Title: "B-to-C revenue by quarter", Description: "B-to-C market revenue per quarter, 2001-2003 (table 22; NCA and MIC, White Paper Internet Korea 2003).", Unit: "currencyKRW"},
		Query{Expr: quarter(`korea_ict_b2c_revenue_won{table="22"}`), Legend: "B-to-C revenue"})
	d.row("SMEs")
	d.TimeSeries(Panel{Title: "Exports by SMEs and large enterprises", Description: "Exports by size of exporter, 2001-2003 (table 32; " + smba + ").", Unit: "currencyUSD"},
		Query{Expr: year(`korea_ict_exports_dollars{table="32",size!="total"}`), Legend: "{{size}}"})
	d.TimeSeries(Panel{Title: "E-business manpower", Description: "Demand for and supply of e-business manpower; 2004-2007 are projections (table 50; MOCIE, e-Business White Paper 2004).", Unit: "short"},
		Query{Expr: year(`korea_ict_ebusiness_manpower{table="50"}`), Legend: "{{flow}} ({{status}})"})
	d.row("Informatisation")
	d.TimeSeries(Panel{Title: "Internet users, broadband households and mobile subscribers", Description: "Internet users, broadband subscriber households and mobile phone subscribers, 1998-2003 (table 9; " + nca + ").", Unit: "short"},
		Query{Expr: year(`korea_ict_internet_users{table="9"}`), Legend: "Internet users"},
		Query{Expr: year(`korea_ict_broadband_subscribers{table="9"}`), Legend: "broadband households"},
		Query{Expr: year(`korea_ict_mobile_subscribers{table="9"}`), Legend: "mobile subscribers"})
	d.TimeSeries(Panel{Title: "Internet usage and PC penetration", Description: "Internet usage rate and PC penetration of the population, 1999-2003 (table 9; " + nca + ").", Unit: "percentunit"},
		Query{Expr: year(`korea_ict_internet_usage_ratio{table="9"}`), Legend: "Internet usage"},
		Query{Expr: year(`korea_ict_pc_penetration_ratio{table="9"}`), Legend: "PC penetration"})
	return Board{m, d}
}
