package worldbank

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
)

// Statuses maps the API's obs_status to the status label. The World Bank
// leaves it empty for nearly every observation; E and F are the codes of its
// data sources for estimates and forecasts, P for provisional figures. Any
// other code fails the refresh (the status label is never guessed).
var Statuses = map[string]string{
	"":  "reported",
	"E": "estimate",
	"F": "projection",
	"P": "preliminary",
}

var (
	yearRe = regexp.MustCompile(`^[12][0-9]{3}$`)
	iso3   = regexp.MustCompile(`^[A-Z]{3}$`)
)

// Table turns an indicator's observations (every page) into a table: one
// series per country and year with a value, and the companion family
// korea_ict_wb_latest_* with each country's most recent one. Null values are
// skipped. It returns nil when no observation has a value.
func Table(ind Indicator, rows []Row, lastUpdated string) (*dataset.Table, error) {
	unit, err := dataset.ParseUnit(ind.Unit)
	if err != nil {
		return nil, fmt.Errorf("indicator %s: %w", ind.ID, err)
	}
	t := &dataset.Table{
		File:       "World Bank indicator " + ind.ID,
		ID:         ind.ID,
		Title:      ind.Name,
		SourceLine: fmt.Sprintf("World Bank, World Development Indicators, indicator %s (api.worldbank.org v2)", ind.ID),
		Cite:       "World Bank indicator " + ind.ID,
	}
	if t.Title == "" {
		t.Title = ind.ID
	}
	var note []string
	if ind.Continues != "" {
		t.Cite += ", continuing the report's " + ind.Continues
		note = append(note, "Continues the report's "+ind.Continues+": "+ind.Of+".")
	}
	if lastUpdated != "" {
		note = append(note, "Last updated by the World Bank on "+lastUpdated+".")
	}
	t.Note = strings.Join(note, " ")
	m := &dataset.Metric{Table: t, Name: ind.Metric, Help: ind.Help, Unit: unit}
	latest := map[string]*dataset.Series{}
	named := false
	for i, r := range rows {
		line := i + 1
		if r.IndicatorID != ind.ID {
			return nil, fmt.Errorf("observation %d: indicator %q in the answer for %s", line, r.IndicatorID, ind.ID)
		}
		if r.IndicatorName != "" && !named {
			t.Title, named = r.IndicatorName, true // the API's name of the day
		}
		if r.Value == nil {
			continue // null: no data for that year
		}
		if !iso3.MatchString(r.ISO3) {
			return nil, fmt.Errorf("observation %d (%s %s): countryiso3code %q is not an ISO 3166 alpha-3 code", line, r.CountryID, r.Date, r.ISO3)
		}
		if !yearRe.MatchString(r.Date) {
			return nil, fmt.Errorf("observation %d (%s): date %q is not a year; only annual indicators are supported", line, r.ISO3, r.Date)
		}
		status, ok := Statuses[r.ObsStatus]
		if !ok {
			return nil, fmt.Errorf("observation %d (%s %s): unknown obs_status %q", line, r.ISO3, r.Date, r.ObsStatus)
		}
		text := r.Value.String()
		f, err := strconv.ParseFloat(text, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("observation %d (%s %s): value %q is not a finite number", line, r.ISO3, r.Date, text)
		}
		s := m.Add(dataset.Cell{
			Line: line, Status: status, Printed: text,
			Labels: []dataset.Label{{Name: "country", Value: r.ISO3}, {Name: "year", Value: r.Date}},
			Value:  dataset.ToBase(text, f, unit.Factor),
		})
		if prev := latest[r.ISO3]; prev == nil || r.Date > prev.Label(1).Value {
			latest[r.ISO3] = s
		}
	}
	if len(m.Series) == 0 {
		return nil, nil
	}
	sortSeries(m.Series)
	lm := &dataset.Metric{
		Table: t, Name: LatestName(ind.Metric), Unit: unit,
		Help: strings.TrimSuffix(strings.TrimSpace(ind.Help), ".") + ": the latest observation the World Bank publishes for each country, its year in the year label.",
	}
	for _, s := range latest {
		c := *s
		c.Metric = lm
		lm.Series = append(lm.Series, &c)
	}
	sortSeries(lm.Series)
	t.Metrics = []*dataset.Metric{m, lm}
	t.Complete() // served until the next refresh, without what adding series needs
	return t, nil
}

func sortSeries(ss []*dataset.Series) {
	sort.Slice(ss, func(i, j int) bool {
		a, b := ss[i], ss[j]
		if a.Label(0).Value != b.Label(0).Value {
			return a.Label(0).Value < b.Label(0).Value
		}
		return a.Label(1).Value < b.Label(1).Value
	})
}
