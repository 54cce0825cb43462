package boards

import (
	"github.com/grafana-tools/sdk"

	"github.com/korea-ict-exporter/korea-ict-exporter/dashboards/internal/dashboard"
	"github.com/korea-ict-exporter/korea-ict-exporter/dashboards/internal/query"
)

// backfilled selects a series of the backfilled history only: the history
// `korea-ict-exporter backfill` writes carries a granularity label ("year"
// or "quarter", backfill.GranularityLabel) in place of the period labels,
// which no live gauge has. Outside 1996-2008 History is then empty, not
// drawn flat from the live gauges. Each value sits at the start of its
// period; last_over_time over a full period plus a day holds it until the
// next (a range excludes its start, and a leap year has 366 days), so lines
// step from one period to the next. The backfilled history is written
// once, not served by replicas: nothing to fold.
func backfilled(sel, granularity string) string {
	window := map[string]string{"year": "366d", "quarter": "93d"}[granularity]
	return `last_over_time(` + query.WithMatchers(query.Select(sel), `granularity="`+granularity+`"`) + `[` + window + `])`
}

// reportedAndNot splits a History series in two queries: the reported
// figures (refId A, solid) and the others (B: projections and preliminary
// figures, dashed with points and named by their status), so that they
// look different on the time axis, not only in the legend.
func reportedAndNot(sel, legend string) []dashboard.Query {
	return []dashboard.Query{
		{Expr: backfilled(query.WithMatchers(sel, `status="reported"`), "year"), Legend: legend},
		{Expr: backfilled(query.WithMatchers(sel, `status!="reported"`), "year"), Legend: legend + " ({{status}})"},
	}
}

// History shows the report's series on a real time axis, from the history
// `korea-ict-exporter backfill` writes and promtool loads into Prometheus.
func history() *dashboard.Dashboard {
	d := dashboard.New(dashboard.Meta{
		UID:         "korea-ict-history",
		File:        "korea-ict-history.json",
		Title:       "Korea ICT / History 1996-2008",
		Description: "The report's main series on a time axis, from the backfilled history (korea-ict-exporter backfill + promtool tsdb create-blocks-from openmetrics).",
		Tags:        []string{"history"},
		Time:        sdk.Time{From: "1996-01-01T00:00:00.000Z", To: "2008-12-31T23:59:59.000Z"},
	})
	year := func(sel string) string { return backfilled(sel, "year") }
	d.Text(dashboard.Text{
		Title:    "About this dashboard",
		Markdown: "Values come from the **backfilled history** only, never from the live gauges: run `korea-ict-exporter backfill > history.om` and `promtool tsdb create-blocks-from openmetrics history.om <prometheus data dir>` (the demo stack's `backfill` service does this). Each figure sits at the start of its period and is held until the next one. Projections and preliminary figures are drawn dashed with points and named by their status. The time range is 1996-2008; the links to the other dashboards do not carry it.",
		W:        24,
		H:        5,
	})
	d.Row("IT industry")
	d.TimeSeries(dashboard.TimeSeries{
		Panel: dashboard.Panel{
			Title:       "IT industry production",
			Description: "Production of the IT industry, 1997-2003 (table 2; KISDI 2003, NCA 2004).",
			Unit:        "currencyKRW",
		},
		Queries: []dashboard.Query{{Expr: year(`korea_ict_it_production_won{table="2"}`), Legend: "IT production"}},
		Steps:   true,
	})
	d.TimeSeries(dashboard.TimeSeries{
		Panel: dashboard.Panel{
			Title:       "IT exports and imports",
			Description: "IT industry exports, imports and balance, 1997-2001 (table 4; KISDI), and IT equipment exports, 1999-2003 (table 6; " + kait + ").",
			Unit:        "currencyUSD",
		},
		Queries: []dashboard.Query{
			{Expr: year(`korea_ict_it_trade_dollars{table="4",flow=~"export|import|balance"}`), Legend: "{{flow}} (table 4)"},
			{Expr: year(`korea_ict_it_equipment_exports_dollars{table="6",category="total"}`), Legend: "IT equipment exports (table 6)"},
		},
		Steps: true,
	})
	d.Row("E-commerce")
	d.TimeSeries(dashboard.TimeSeries{
		Panel: dashboard.Panel{
			Title:       "E-commerce volume by partner",
			Description: "E-commerce volume, total 2000-2003 (table 9; NCA) and by partner 2002-2003 (table 17; " + nso + ").",
			Unit:        "currencyKRW",
		},
		Queries: []dashboard.Query{
			{Expr: year(`korea_ict_ecommerce_transactions_won{table="9"}`), Legend: "Total (table 9)"},
			{Expr: year(`korea_ict_ecommerce_transactions_won{table="17",partner=~"b2b|b2g|b2c|other"}`), Legend: "{{partner}} (table 17)"},
		},
		Steps: true,
	})
	d.TimeSeries(dashboard.TimeSeries{
		Panel: dashboard.Panel{
			Title:       "B-to-C revenue by quarter",
			Description: "B-to-C market revenue per quarter, 2001-2003 (table 22; NCA and MIC, White Paper Internet Korea 2003).",
			Unit:        "currencyKRW",
		},
		Queries: []dashboard.Query{{Expr: backfilled(`korea_ict_b2c_revenue_won{table="22"}`, "quarter"), Legend: "B-to-C revenue"}},
		Steps:   true,
	})
	d.Row("SMEs")
	d.TimeSeries(dashboard.TimeSeries{
		Panel: dashboard.Panel{
			Title:       "Exports by SMEs and large enterprises",
			Description: "Exports by size of exporter, 2001-2003 (table 32; " + smba + ").",
			Unit:        "currencyUSD",
		},
		Queries: []dashboard.Query{{Expr: year(`korea_ict_exports_dollars{table="32",size=~"sme|large|other",firm_type="total"}`), Legend: "{{size}}"}},
		Steps:   true,
	})
	d.TimeSeries(dashboard.TimeSeries{
		Panel: dashboard.Panel{
			Title:       "E-business manpower",
			Description: "Demand for and supply of e-business manpower; 2004-2007 are projections, drawn dashed in the colour of their flow (table 50; MOCIE, e-Business White Paper 2004).",
			Unit:        "short",
		},
		Queries: reportedAndNot(`korea_ict_ebusiness_manpower{table="50",flow=~"demand|supply|shortage"}`, "{{flow}}"),
		Dashed:  []string{"B"},
		Steps:   true,
		// Matched on the names the queries give (Grafana matches an
		// override on the name before display-name overrides).
		Colors: map[string]string{
			"^demand( |$)":   "blue",
			"^supply( |$)":   "green",
			"^shortage( |$)": "red",
		},
	})
	d.Row("Informatisation")
	d.TimeSeries(dashboard.TimeSeries{
		Panel: dashboard.Panel{
			Title:       "Internet users, broadband households and mobile subscribers",
			Description: "Internet users, broadband subscriber households and mobile phone subscribers, 1998-2003 (table 9; " + nca + ").",
			Unit:        "short",
		},
		Queries: []dashboard.Query{
			{Expr: year(`korea_ict_internet_users{table="9"}`), Legend: "Internet users"},
			{Expr: year(`korea_ict_broadband_subscribers{table="9"}`), Legend: "Broadband households"},
			{Expr: year(`korea_ict_mobile_subscribers{table="9"}`), Legend: "Mobile subscribers"},
		},
		Steps: true,
	})
	d.TimeSeries(dashboard.TimeSeries{
		Panel: dashboard.Panel{
			Title:       "Internet usage and PC penetration",
			Description: "Internet usage rate and PC penetration of the population, 1999-2003 (table 9; " + nca + ").",
			Unit:        "percentunit",
		},
		Queries: []dashboard.Query{
			{Expr: year(`korea_ict_internet_usage_ratio{table="9"}`), Legend: "Internet usage"},
			{Expr: year(`korea_ict_pc_penetration_ratio{table="9"}`), Legend: "PC penetration"},
		},
		Steps: true,
	})
	return d
}
