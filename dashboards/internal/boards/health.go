package boards

import (
	"fmt"
	"strings"

	"github.com/grafana-tools/sdk"
)

// scope is the one place the health board's queries are scoped: the job and
// instance variables, so that a user who scrapes the exporter under a job
// name of their own sees their exporter.
const scope = `job=~"$job",instance=~"$instance"`

// self selects one of the exporter's self-metrics within scope (and, with
// perSource, the selected sources).
func self(metric string, perSource bool) string {
	if perSource {
		return metric + `{` + scope + `,source=~"$source"}`
	}
	return metric + `{` + scope + `}`
}

// okFailed shows a 0/1 success as a coloured word.
func okFailed(ok, failed string) []Mapping {
	return []Mapping{valueMapping(
		ValueText{Value: "1", Text: ok, Color: "green"},
		ValueText{Value: "0", Text: failed, Color: "red"},
	)}
}

// noneOrRed shows a count of failures: "None" in green, any in red.
func noneOrRed() []Mapping {
	return []Mapping{
		valueMapping(ValueText{Value: "0", Text: "None", Color: "green"}),
		{Type: "range", Options: RangeOptions{From: ptr(1.0), Result: MappingResult{Color: "red", Index: 1}}},
	}
}

// never shows a missing value as a word: a source that has never loaded
// has no success timestamp to count an age from.
func never(text string) []Mapping {
	return []Mapping{{Type: "special", Options: SpecialOptions{Match: "null", Result: MappingResult{Text: text}}}}
}

func health() Board {
	m := Meta{
		UID: "korea-ict-exporter-health", File: "korea-ict-exporter-health.json",
		Title:       "Korea ICT / Exporter health",
		Description: "Is the exporter up, are its sources refreshing on schedule, how old is the data, and did the last reload work?",
		Tags:        []string{"exporter"},
		Time:        sdk.Time{From: "now-6h", To: "now"},
		Refresh:     "1m",
	}
	d := newDashboard(m)
	for _, v := range []Variable{
		{Name: "job", Query: `label_values(korea_ict_exporter_build_info, job)`},
		{Name: "instance", Query: `label_values(korea_ict_exporter_build_info{job=~"$job"}, instance)`},
		{Name: "source", Query: `label_values(korea_ict_exporter_source_series{` + scope + `}, source)`},
	} {
		v.Multi, v.All, v.Sort = true, true, 1
		d.variable(v)
	}
	d.row("Now")
	// Every stat shows each scraped exporter (PerInstance): an operator
	// looks for the one that is down.
	d.Stat(Stat{
		Panel: Panel{
			Title:       "Exporter up",
			Description: "Prometheus' up metric for each scraped exporter: UP when the last scrape succeeded.",
			Unit:        "none",
			W:           4,
			H:           4,
		},
		Queries:     []Query{{Expr: self("up", false), Legend: "{{instance}}"}},
		Mappings:    okFailed("UP", "DOWN"),
		PerInstance: true,
	})
	d.Stat(Stat{
		Panel: Panel{
			Title:       "Sources failing",
			Description: "Sources whose last scheduled refresh failed; each keeps serving its last good data. The Sources table below says which.",
			Unit:        "none",
			W:           4,
			H:           4,
		},
		Queries:     []Query{{Expr: `count(` + self("korea_ict_exporter_source_last_refresh_success", true) + ` == 0) or vector(0)`, Legend: "Failing"}},
		Mappings:    noneOrRed(),
		PerInstance: true,
	})
	d.Stat(Stat{
		Panel: Panel{
			Title:       "Config reload",
			Description: "Whether the last configuration reload (SIGHUP or POST /-/reload) succeeded; on FAILED the previous configuration stays in force.",
			Unit:        "none",
			W:           4,
			H:           4,
		},
		Queries:     []Query{{Expr: self("korea_ict_exporter_config_last_reload_successful", false), Legend: "{{instance}}"}},
		Mappings:    okFailed("OK", "FAILED"),
		PerInstance: true,
	})
	d.Stat(Stat{
		Panel: Panel{
			Title:       "Series served",
			Description: "Series published by the selected sources' last good data, per exporter.",
			Unit:        "short",
			W:           4,
			H:           4,
		},
		Queries:     []Query{{Expr: `sum by (instance) (` + self("korea_ict_exporter_source_series", true) + `)`, Legend: "{{instance}}"}},
		PerInstance: true,
	})
	d.Stat(Stat{
		Panel: Panel{
			Title:       "Generation",
			Description: "The data generation: increases each time new data is swapped in.",
			Unit:        "none",
			W:           4,
			H:           4,
		},
		Queries:     []Query{{Expr: self("korea_ict_exporter_data_generation", false), Legend: "{{instance}}"}},
		PerInstance: true,
	})
	d.Stat(Stat{
		Panel: Panel{
			Title:       "Alerts firing",
			Description: "The exporter's alerts (KoreaICTExporter*) firing now, from the alerting rules in config/; the table below lists them.",
			Unit:        "none",
			W:           4,
			H:           4,
		},
		Queries:     []Query{{Expr: `count(` + alerts + `{` + alertScope + `, alertstate="firing"}) or vector(0)`, Legend: "Firing"}},
		Mappings:    noneOrRed(),
		PerInstance: true,
	})
	d.row("Sources")
	d.Joined(Joined{Panel: Panel{
		Title:       "Sources",
		Description: "Per source: whether its last refresh succeeded, the age of its data (time since its last successful refresh), the series it serves, its failed refreshes since the exporter started, and the time to its next scheduled refresh.",
		W:           24,
	},
		Key: []string{"instance", "source"}, Count: 4,
		Columns: []JoinedColumn{
			{Title: "Last refresh", Expr: self("korea_ict_exporter_source_last_refresh_success", true), Unit: "none", Mappings: okFailed("OK", "FAILED"), Colored: true},
			// A success timestamp of 0 is "never": no age to count.
			{Title: "Data age", Expr: `time() - (` + self("korea_ict_exporter_source_last_refresh_success_timestamp_seconds", true) + ` > 0)`, Unit: "s", Decimals: ptr(1), Mappings: never("never loaded")},
			// Counts in full ("1613", not "1.61 K" beside "787").
			{Title: "Series", Expr: self("korea_ict_exporter_source_series", true), Unit: "none", Decimals: ptr(0)},
			{Title: "Failed refreshes", Expr: self("korea_ict_exporter_source_refresh_failures_total", true), Unit: "none", Decimals: ptr(0)},
			// Overdue (negative) in red; on time, plain.
			{Title: "Next refresh in", Expr: self("korea_ict_exporter_source_next_refresh_timestamp_seconds", true) + ` - time()`, Unit: "s", Decimals: ptr(1),
				Mappings: never("at start and reload only"), Colored: true,
				Thresholds: &Thresholds{Mode: "absolute", Steps: []Step{{Color: "red"}, {Color: "transparent", Value: ptr(0.0)}}}},
		}})
	d.Alerts(Panel{Title: "Firing and pending alerts", Description: "The exporter's alerts (KoreaICTExporter*, config/) for the selected job and instance, with their state and source. Empty while all is well.", W: 24, H: 6},
		alerts+`{`+alertScope+`}`)
	d.row("Over time")
	perSource := func(title, description, unit, expr string) {
		d.TimeSeries(TimeSeries{Panel: Panel{
			Title:       title,
			Description: description,
			Unit:        unit,
		}, Queries: []Query{{Expr: expr, Legend: "{{source}}"}}})
	}
	perSource("Data age", "Time since each source's last successful refresh. It grows between scheduled refreshes and keeps growing while refreshes fail; a source that has never loaded has no line.", "s",
		`time() - (`+self("korea_ict_exporter_source_last_refresh_success_timestamp_seconds", true)+` > 0)`)
	perSource("Time to next scheduled refresh", "Time until each scheduled source next refreshes (sources without a schedule load at start and on reload only).", "s",
		self("korea_ict_exporter_source_next_refresh_timestamp_seconds", true)+` - time()`)
	perSource("Refresh duration", "Duration of each source's last refresh: fetch, parse, validate, check and swap.", "s",
		self("korea_ict_exporter_source_last_refresh_duration_seconds", true))
	perSource("Refresh failures", "Failed refreshes per hour, per source.", "short",
		`increase(`+self("korea_ict_exporter_source_refresh_failures_total", true)+`[1h])`)
	perSource("Series per source", "Series published by each source's last good data.", "short",
		self("korea_ict_exporter_source_series", true))
	d.TimeSeries(TimeSeries{Panel: Panel{
		Title:       "Scrape duration",
		Description: "How long Prometheus took to scrape the exporter.",
		Unit:        "s",
	},
		Queries: []Query{{Expr: self("scrape_duration_seconds", false), Legend: "{{instance}}"}}})
	return Board{m, d}
}

// alerts are the exporter's alerts (the alerting rules' names all start
// with KoreaICTExporter).
const (
	alerts     = `ALERTS`
	alertScope = `alertname=~"KoreaICTExporter.*", job=~"$job", instance=~"$instance"`
)

// JoinedColumn is one query of a Joined table: its value becomes a column.
type JoinedColumn struct {
	Title    string
	Expr     string
	Unit     string
	Decimals *int
	Mappings []Mapping
	// Colored cells take the colour of their mapping or threshold; the
	// others stay plain.
	Colored    bool
	Thresholds *Thresholds
}

// Joined is a table that joins several instant queries on their common
// labels (Grafana's merge transformation): one row per Key, one column per
// query.
type Joined struct {
	Panel
	Key     []string
	Columns []JoinedColumn
	Count   int // rows the panel is sized for
}

func (d *Dashboard) Joined(j Joined) {
	j.H = tableHeight(j.Count)
	var qs []Query
	o := Organize{IncludeByName: map[string]bool{}, IndexByName: map[string]int{}, RenameByName: map[string]string{}}
	for i, k := range j.Key {
		o.RenameByName[k], o.IndexByName[k], o.IncludeByName[k] = selfTitles[k], i, true
	}
	var overrides []Override
	for i, c := range j.Columns {
		// The same labels on every query, so that merge joins their rows.
		qs = append(qs, Query{Expr: "max by (" + strings.Join(j.Key, ", ") + ") (" + c.Expr + ")", Table: true})
		value := fmt.Sprintf("Value #%c", 'A'+i)
		o.RenameByName[value], o.IndexByName[value], o.IncludeByName[value] = c.Title, len(j.Key)+i, true
		props := []Property{{ID: "unit", Value: c.Unit}}
		if c.Decimals != nil {
			props = append(props, Property{ID: "decimals", Value: *c.Decimals})
		}
		if c.Mappings != nil {
			props = append(props, Property{ID: "mappings", Value: c.Mappings})
		}
		if c.Thresholds != nil {
			props = append(props, Property{ID: "thresholds", Value: c.Thresholds}, Property{ID: "color", Value: Color{Mode: "thresholds"}})
		}
		if c.Colored {
			props = append(props, Property{ID: "custom.cellOptions", Value: CellOptions{Type: "color-background", Mode: "basic"}})
		}
		overrides = append(overrides, byName(c.Title, props...))
	}
	d.custom("table", j.Panel, qs, FieldConfig{Defaults: Field{Custom: tableCustom}, Overrides: overrides},
		[]Transformation{merge(), organize(o)}, tableOptions)
}

// selfTitles are the headings of the self-metrics' labels.
var selfTitles = map[string]string{
	"alertname": "Alert", "alertstate": "State", "severity": "Severity",
	"instance": "Instance", "job": "Job", "source": "Source", "type": "Type",
}

// Alerts lists alerts, one row each, with their labels.
func (d *Dashboard) Alerts(p Panel, expr string) {
	o := Organize{IncludeByName: map[string]bool{}, IndexByName: map[string]int{}, RenameByName: map[string]string{}}
	for i, k := range []string{"alertname", "alertstate", "severity", "instance", "source"} {
		o.IncludeByName[k], o.RenameByName[k], o.IndexByName[k] = true, selfTitles[k], i
	}
	d.custom("table", p, []Query{{Expr: expr, Table: true}}, FieldConfig{Defaults: Field{Custom: tableCustom}},
		[]Transformation{organize(o)}, tableOptions)
}
