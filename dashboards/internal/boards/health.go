package boards

import (
	"github.com/grafana-tools/sdk"

	"github.com/korea-ict-exporter/korea-ict-exporter/dashboards/internal/dashboard"
)

// scope is the one place the health board's queries are scoped: the job and
// instance variables, so that a user who scrapes the exporter under a job
// name of their own sees their exporter.
const scope = `job=~"$job",instance=~"$instance"`

// scoped selects a metric of the selected exporters (within scope).
func scoped(metric string) string { return metric + `{` + scope + `}` }

// scopedToSources selects one of the exporters' per-source metrics, within
// scope and of the selected sources.
func scopedToSources(metric string) string {
	return metric + `{` + scope + `,source=~"$source"}`
}

// The Sources table and the Over time graphs read the same two figures.
var (
	// dataAge is the time since each source's last successful refresh; a
	// success timestamp of 0 is "never", no age to count: dropped.
	dataAge = `time() - (` + scopedToSources("korea_ict_exporter_source_last_refresh_success_timestamp_seconds") + ` > 0)`
	// nextRefreshIn is the time to each source's next scheduled refresh,
	// negative when overdue.
	nextRefreshIn = scopedToSources("korea_ict_exporter_source_next_refresh_timestamp_seconds") + ` - time()`
)

// okFailed shows a 0/1 success as a coloured word.
func okFailed(ok, failed string) []dashboard.Mapping {
	return []dashboard.Mapping{dashboard.ValueMapping(
		dashboard.ValueText{Value: "1", Text: ok, Color: "green"},
		dashboard.ValueText{Value: "0", Text: failed, Color: "red"},
	)}
}

// noneOrRed shows a count of failures: "None" in green, any in red.
func noneOrRed() []dashboard.Mapping {
	return []dashboard.Mapping{
		dashboard.ValueMapping(dashboard.ValueText{Value: "0", Text: "None", Color: "green"}),
		{Type: "range", Options: dashboard.RangeOptions{From: new(1.0), Result: dashboard.MappingResult{Color: "red", Index: 1}}},
	}
}

// never shows a missing value as a word: a source that has never loaded
// has no success timestamp to count an age from.
func never(text string) []dashboard.Mapping {
	return []dashboard.Mapping{{Type: "special", Options: dashboard.SpecialOptions{Match: "null", Result: dashboard.MappingResult{Text: text}}}}
}

func health() *dashboard.Dashboard {
	d := dashboard.New(dashboard.Meta{
		UID: "korea-ict-exporter-health", File: "korea-ict-exporter-health.json",
		Title:       "Korea ICT / Exporter health",
		Description: "Is the exporter up, are its sources refreshing on schedule, how old is the data, and did the last reload work?",
		Tags:        []string{"exporter"},
		Time:        sdk.Time{From: "now-6h", To: "now"},
		Refresh:     "1m",
	})
	for _, v := range []dashboard.Variable{
		{Name: "job", Query: `label_values(korea_ict_exporter_build_info, job)`},
		{Name: "instance", Query: `label_values(korea_ict_exporter_build_info{job=~"$job"}, instance)`},
		{Name: "source", Query: `label_values(korea_ict_exporter_source_series{` + scope + `}, source)`},
	} {
		v.Multi, v.All, v.Sort = true, true, 1
		d.Variable(v)
	}
	d.Row("Now")
	// Every stat shows each scraped exporter (PerInstance): an operator
	// looks for the one that is down.
	d.Stat(dashboard.Stat{
		Panel: dashboard.Panel{
			Title:       "Exporter up",
			Description: "Prometheus' up metric for each scraped exporter: UP when the last scrape succeeded.",
			Unit:        "none",
			W:           4,
			H:           4,
		},
		Queries:     []dashboard.Query{{Expr: scoped("up"), Legend: "{{instance}}"}},
		Mappings:    okFailed("UP", "DOWN"),
		PerInstance: true,
	})
	d.Stat(dashboard.Stat{
		Panel: dashboard.Panel{
			Title:       "Sources failing",
			Description: "Sources whose last scheduled refresh failed; each keeps serving its last good data. The Sources table below says which.",
			Unit:        "none",
			W:           4,
			H:           4,
		},
		Queries:     []dashboard.Query{{Expr: `count(` + scopedToSources("korea_ict_exporter_source_last_refresh_success") + ` == 0) or vector(0)`, Legend: "Failing"}},
		Mappings:    noneOrRed(),
		PerInstance: true,
	})
	d.Stat(dashboard.Stat{
		Panel: dashboard.Panel{
			Title:       "Config reload",
			Description: "Whether the last configuration reload (SIGHUP or POST /-/reload) succeeded; on FAILED the previous configuration stays in force.",
			Unit:        "none",
			W:           4,
			H:           4,
		},
		Queries:     []dashboard.Query{{Expr: scoped("korea_ict_exporter_config_last_reload_successful"), Legend: "{{instance}}"}},
		Mappings:    okFailed("OK", "FAILED"),
		PerInstance: true,
	})
	d.Stat(dashboard.Stat{
		Panel: dashboard.Panel{
			Title:       "Series served",
			Description: "Series published by the selected sources' last good data, per exporter.",
			Unit:        "short",
			W:           4,
			H:           4,
		},
		Queries:     []dashboard.Query{{Expr: `sum by (instance) (` + scopedToSources("korea_ict_exporter_source_series") + `)`, Legend: "{{instance}}"}},
		PerInstance: true,
	})
	d.Stat(dashboard.Stat{
		Panel: dashboard.Panel{
			Title:       "Generation",
			Description: "The data generation: increases each time new data is swapped in.",
			Unit:        "none",
			W:           4,
			H:           4,
		},
		Queries:     []dashboard.Query{{Expr: scoped("korea_ict_exporter_data_generation"), Legend: "{{instance}}"}},
		PerInstance: true,
	})
	d.Stat(dashboard.Stat{
		Panel: dashboard.Panel{
			Title:       "Alerts firing",
			Description: "The exporter's alerts (KoreaICTExporter*) firing now, from the alerting rules in config/; the table below lists them.",
			Unit:        "none",
			W:           4,
			H:           4,
		},
		Queries:     []dashboard.Query{{Expr: `count(` + alerts + `{` + alertScope + `, alertstate="firing"}) or vector(0)`, Legend: "Firing"}},
		Mappings:    noneOrRed(),
		PerInstance: true,
	})
	d.Row("Sources")
	d.Joined(dashboard.Joined{Panel: dashboard.Panel{
		Title:       "Sources",
		Description: "Per source: whether its last refresh succeeded, the age of its data (time since its last successful refresh), the series it serves, its failed refreshes since the exporter started, and the time to its next scheduled refresh.",
		W:           24,
	},
		Key: []string{"instance", "source"}, Count: 4,
		Columns: []dashboard.JoinedColumn{
			{Title: "Last refresh", Expr: scopedToSources("korea_ict_exporter_source_last_refresh_success"), Unit: "none", Mappings: okFailed("OK", "FAILED"), Colored: true},
			{Title: "Data age", Expr: dataAge, Unit: "s", Decimals: new(1), Mappings: never("never loaded")},
			// Counts in full ("1613", not "1.61 K" beside "787").
			{Title: "Series", Expr: scopedToSources("korea_ict_exporter_source_series"), Unit: "none", Decimals: new(0)},
			{Title: "Failed refreshes", Expr: scopedToSources("korea_ict_exporter_source_refresh_failures_total"), Unit: "none", Decimals: new(0)},
			// Overdue (negative) in red; on time, plain.
			{Title: "Next refresh in", Expr: nextRefreshIn, Unit: "s", Decimals: new(1),
				Mappings: never("at start and reload only"), Colored: true,
				Thresholds: &dashboard.Thresholds{Mode: "absolute", Steps: []dashboard.Step{{Color: "red"}, {Color: "transparent", Value: new(0.0)}}}},
		}})
	d.Alerts(dashboard.Alerts{
		Panel: dashboard.Panel{
			Title:       "Firing and pending alerts",
			Description: "The exporter's alerts (KoreaICTExporter*, config/) for the selected job and instance, with their state and source. Empty while all is well.",
			W:           24,
			H:           6,
		},
		Expr: alerts + `{` + alertScope + `}`,
	})
	d.Row("Over time")
	// One line per source.
	perSource := func(p dashboard.Panel, expr string) {
		d.TimeSeries(dashboard.TimeSeries{Panel: p, Queries: []dashboard.Query{{Expr: expr, Legend: "{{source}}"}}})
	}
	perSource(dashboard.Panel{
		Title:       "Data age",
		Description: "Time since each source's last successful refresh. It grows between scheduled refreshes and keeps growing while refreshes fail; a source that has never loaded has no line.",
		Unit:        "s",
	}, dataAge)
	perSource(dashboard.Panel{
		Title:       "Time to next scheduled refresh",
		Description: "Time until each scheduled source next refreshes (sources without a schedule load at start and on reload only).",
		Unit:        "s",
	}, nextRefreshIn)
	perSource(dashboard.Panel{
		Title:       "Refresh duration",
		Description: "Duration of each source's last refresh: fetch, parse, validate, check and swap.",
		Unit:        "s",
	}, scopedToSources("korea_ict_exporter_source_last_refresh_duration_seconds"))
	perSource(dashboard.Panel{
		Title:       "Refresh failures",
		Description: "Failed refreshes per hour, per source.",
		Unit:        "short",
	}, `increase(`+scopedToSources("korea_ict_exporter_source_refresh_failures_total")+`[1h])`)
	perSource(dashboard.Panel{
		Title:       "Series per source",
		Description: "Series published by each source's last good data.",
		Unit:        "short",
	}, scopedToSources("korea_ict_exporter_source_series"))
	d.TimeSeries(dashboard.TimeSeries{Panel: dashboard.Panel{
		Title:       "Scrape duration",
		Description: "How long Prometheus took to scrape the exporter.",
		Unit:        "s",
	},
		Queries: []dashboard.Query{{Expr: scoped("scrape_duration_seconds"), Legend: "{{instance}}"}}})
	return d
}

// alerts are the exporter's alerts (the alerting rules' names all start
// with KoreaICTExporter).
const (
	alerts     = `ALERTS`
	alertScope = `alertname=~"KoreaICTExporter.*", job=~"$job", instance=~"$instance"`
)
