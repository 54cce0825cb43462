package boards

func health() Board {
	m := Meta{
		UID: "korea-ict-exporter-health", File: "korea-ict-exporter-health.json",
		Title:       "Korea ICT / Exporter health",
		Description: "Is the exporter up, are its sources refreshing on schedule, how old is the data, and did the last reload work?",
		Tags:        []string{"exporter"},
	}
	d := newDashboard(m)
	d.variable("source", "Source", `label_values(korea_ict_exporter_source_series, source)`, true)
	sel := `{source=~"$source"}`
	d.row("Now")
	d.Stat(Panel{Title: "Exporter up", Description: "Prometheus' up metric for the exporter's scrape job: 1 when the last scrape succeeded.", Unit: "bool_yes_no", W: 4, H: 4},
		Query{Expr: `max(up{job="korea-ict-exporter"})`, Legend: "up"})
	d.Stat(Panel{Title: "Sources whose last refresh succeeded", Description: "Sources whose last scheduled refresh succeeded, of all sources. A failed refresh keeps serving the source's last good data.", Unit: "short", W: 5, H: 4},
		Query{Expr: `sum(korea_ict_exporter_source_last_refresh_success)`, Legend: "ok"},
		Query{Expr: `count(korea_ict_exporter_source_last_refresh_success)`, Legend: "sources"})
	d.Stat(Panel{Title: "Config reload", Description: "Whether the last configuration reload (SIGHUP or POST /-/reload) succeeded; on failure the previous configuration stays in force.", Unit: "bool_yes_no", W: 5, H: 4},
		Query{Expr: `korea_ict_exporter_config_last_reload_successful`, Legend: "last reload ok"})
	d.Stat(Panel{Title: "Series served", Description: "Series published by each source's last good data.", Unit: "short", W: 5, H: 4},
		Query{Expr: `sum(korea_ict_exporter_source_series` + sel + `)`, Legend: "series"})
	d.Stat(Panel{Title: "Data generation", Description: "Increases each time new data is swapped in.", Unit: "none", W: 5, H: 4},
		Query{Expr: `korea_ict_exporter_data_generation`, Legend: "generation"})
	d.row("Sources")
	d.Table(Panel{Title: "Sources", Description: "Per source: last refresh result, age of its data, series and failures since start.", Unit: "", W: 24, H: 6},
		`korea_ict_exporter_source_last_refresh_success`+sel, "source", "type", "Value")
	d.TimeSeries(Panel{Title: "Data age", Description: "Time since each source's last successful refresh. It grows between scheduled refreshes and keeps growing while refreshes fail.", Unit: "s"},
		Query{Expr: `clamp_min(time() - korea_ict_exporter_source_last_refresh_success_timestamp_seconds` + sel + `, 0)`, Legend: "{{source}}"})
	d.TimeSeries(Panel{Title: "Time to next scheduled refresh", Description: "Seconds until each scheduled source next refreshes (sources without a schedule load at start and on reload only).", Unit: "s"},
		Query{Expr: `korea_ict_exporter_source_next_refresh_timestamp_seconds` + sel + ` - time()`, Legend: "{{source}}"})
	d.TimeSeries(Panel{Title: "Refresh duration", Description: "Duration of each source's last refresh: fetch, parse, validate, check and swap.", Unit: "s"},
		Query{Expr: `korea_ict_exporter_source_last_refresh_duration_seconds` + sel, Legend: "{{source}}"})
	d.TimeSeries(Panel{Title: "Refresh failures", Description: "Failed refreshes per hour, per source.", Unit: "short"},
		Query{Expr: `increase(korea_ict_exporter_source_refresh_failures_total` + sel + `[1h])`, Legend: "{{source}}"})
	d.TimeSeries(Panel{Title: "Series per source", Description: "Series published by each source's last good data.", Unit: "short"},
		Query{Expr: `korea_ict_exporter_source_series` + sel, Legend: "{{source}}"})
	d.TimeSeries(Panel{Title: "Scrape duration", Description: "How long Prometheus took to scrape the exporter.", Unit: "s"},
		Query{Expr: `scrape_duration_seconds{job="korea-ict-exporter"}`, Legend: "{{instance}}"})
	return Board{m, d}
}
