package main

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// The boards of main at dfe56a8, the JSON a real Grafana 12.4.0 was seen
// to draw wrong (testdata/dfe56a8, compacted; the problems are listed in
// issue 20). The viewer model must flag each problem there, by its rule,
// on the panels where a viewer saw it: the proof that the rules can fail.

func fixtureBoards(t *testing.T) []dashboard {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "dfe56a8", "*.json"))
	if err != nil || len(files) != 5 {
		t.Fatalf("testdata/dfe56a8: %v, %d boards", err, len(files))
	}
	var out []dashboard
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d := dashboard{file: filepath.Base(f), raw: raw}
		if err := json.Unmarshal(raw, &d); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, d)
	}
	return out
}

// seenIn12_4 is what a viewer saw in Grafana 12.4.0 on the dfe56a8 boards
// (the table of issue 20 and of the screenshots' README), the rule that
// explains it, and the panels of the board it flags: exactly these, or,
// where the table names a count rather than titles, count panels; subset
// marks a row whose panels are some of those flagged.
var seenIn12_4 = []struct {
	seen, rule, board string
	panels            []string
	count             int
	subset            bool
}{
	{seen: `every x label of a vertical bar chart is "..." (IT 15, E-commerce 9, SMEs 10)`, rule: "bar-x-tick-truncated", board: itBoard, count: 15},
	{seen: `every x label of a vertical bar chart is "..."`, rule: "bar-x-tick-truncated", board: ecommerceBoard, count: 9},
	{seen: `every x label of a vertical bar chart is "..."`, rule: "bar-x-tick-truncated", board: smesBoard, count: 10},
	// The same vertical charts but E-commerce's "B-to-C revenue by
	// quarter", whose quarter labels are not numbers.
	{seen: `the years read "₩2.00K", "$2.00K", "199700%", "2.00 K"`, rule: "bar-x-label-unit", board: itBoard, count: 15},
	{seen: `the years read "₩2.00K", "$2.00K", "199700%", "2.00 K"`, rule: "bar-x-label-unit", board: ecommerceBoard, count: 8},
	{seen: `the years read "₩2.00K", "$2.00K", "199700%", "2.00 K"`, rule: "bar-x-label-unit", board: smesBoard, count: 10},
	{seen: `percent-stacked charts keep "200100%" on the x axis`, rule: "bar-percent-stacking-x", board: itBoard, panels: []string{"Sub-sector shares of the IT industry"}},
	{seen: `percent-stacked charts keep "200100%" on the x axis`, rule: "bar-percent-stacking-x", board: smesBoard, panels: []string{"Shares of total exports by size of enterprise", "Informatisation investment by area"}},
	{seen: `trend panels' year axis and tooltip read "200000%"`, rule: "trend-x-unit", board: itBoard, panels: []string{
		"Share of exports: report vs World Bank", "ICT goods imports and service exports (World Bank)", "Internet usage: report vs World Bank",
		"Mobile subscribers per person: report vs World Bank", "Fixed broadband subscriptions per person (World Bank)"}},
	{seen: "grey legend entries with raw codes", rule: "bar-legend-mappings", board: ecommerceBoard, panels: []string{"E-commerce progress in six key industries"}},
	{seen: "grey legend entries with raw codes", rule: "bar-legend-mappings", board: smesBoard, panels: []string{
		"Reasons for not using e-trade", "Effects of e-trade on exports", "Advantages of e-trade", "Issues for promoting e-trade", "Bottlenecks for e-trade intermediaries"}},
	{seen: "... even codes not in the chart", rule: "mapping-absent-value", board: smesBoard, subset: true, panels: []string{
		"Reasons for not using e-trade", "Effects of e-trade on exports", "Advantages of e-trade", "Issues for promoting e-trade", "Bottlenecks for e-trade intermediaries"}},
	{seen: "... even codes not in the chart", rule: "mapping-absent-value", board: ecommerceBoard, subset: true, panels: []string{"E-commerce progress in six key industries"}},
	{seen: "long category labels clipped on the left", rule: "bar-label-clipped", board: smesBoard, panels: []string{
		"E-trade use rate by industry", "Effects of e-trade on exports", "Issues for promoting e-trade"}},
	{seen: `"Next refresh in" red while healthy; an overdue refresh green`, rule: "colour-default-thresholds", board: healthFile, panels: []string{"Sources"}},
	{seen: `"Data age 56.9 years" for a source never loaded; the Data age graph scaled to decades`, rule: "age-from-zero-timestamp", board: healthFile, panels: []string{"Sources", "Data age"}},
	{seen: `"Year" column reads "2.00 K"`, rule: "table-label-unit", board: smesBoard, panels: []string{"Firms supported by SME programmes"}},
	{seen: "axis cut to 95-100 %", rule: "bar-axis-min", board: smesBoard, panels: []string{"SMEs' share of firms by industry, 2002"}},
	{seen: "log-scale bars whose lengths are not proportional", rule: "bar-log-scale", board: ecommerceBoard, panels: []string{"E-commerce volume by transaction partner", "B-to-B volume by industry in $year"}},
	{seen: "log-scale bars whose lengths are not proportional", rule: "bar-log-scale", board: itBoard, panels: []string{"Internet users and broadband households"}},
	{seen: "log-scale bars whose lengths are not proportional", rule: "bar-log-scale", board: smesBoard, panels: []string{"Firms by size class", "Exports by SMEs, large enterprises and others", "Informatisation investment per firm by size"}},
	{seen: `text cut off: "About this dashboard ... and is"`, rule: "text-cut", board: historyBoard, panels: []string{"About this dashboard"}},
	{seen: `titles cut: "E-commerce share of all tran...", "E-marketplac..."`, rule: "title-cut", board: ecommerceBoard, panels: []string{"E-commerce share of all transactions", "E-marketplaces, 2003"}},
	{seen: `titles cut: "Data generati..."`, rule: "title-cut", board: healthFile, panels: []string{"Data generation"}},
	{seen: `mixed precision in one column ("0.800%" beside "21.2%"; "4 K", "1.30 K", "142")`, rule: "table-mixed-precision", board: ecommerceBoard, panels: []string{"E-retailer transactions by product category"}},
	{seen: `mixed precision in one column`, rule: "table-mixed-precision", board: smesBoard, panels: []string{"Firms supported by SME programmes"}},
	{seen: `"Other partners ₩442B 0%"`, rule: "pie-percent-zero", board: ecommerceBoard, panels: []string{"E-commerce by transaction partner, 2003"}},
	{seen: "pie legend shows value and percent as duplicates (30.4 % and 30 %)", rule: "pie-legend-duplicate", board: smesBoard, panels: []string{"Bottlenecks in SMEs' e-commerce"}},
	// "IT exports and imports" is not in the table, but its screenshot
	// shows the same: an axis from about $5B under shaded areas.
	{seen: "History shaded areas whose y axis does not start at zero", rule: "area-axis-not-zero", board: historyBoard, panels: []string{
		"IT industry production", "B-to-C revenue by quarter", "Internet usage and PC penetration", "IT exports and imports"}},
	{seen: `"E-business manpower": dashed projection in another colour than its reported line`, rule: "dashed-series-colour", board: historyBoard, panels: []string{"E-business manpower"}},
	{seen: `the time picker shows "Last 1 hour" though every value is a fixed period`, rule: "time-picker-fixed-period", board: itBoard, panels: []string{""}},
	{seen: `the time picker shows "Last 1 hour"`, rule: "time-picker-fixed-period", board: ecommerceBoard, panels: []string{""}},
	{seen: `the time picker shows "Last 1 hour"`, rule: "time-picker-fixed-period", board: smesBoard, panels: []string{""}},
}

const (
	itBoard        = "korea-ict-it-industry.json"
	ecommerceBoard = "korea-ict-ecommerce.json"
	smesBoard      = "korea-ict-smes.json"
)

func TestViewerFlagsTheBoardsOfDfe56a8(t *testing.T) {
	src := newViewerSources(t)
	voc := shippedNames()
	found := map[[2]string]map[string]bool{} // board and rule: the panels
	for _, d := range fixtureBoards(t) {
		for _, f := range view(t, src, d, voc) {
			k := [2]string{f.board, f.rule}
			if found[k] == nil {
				found[k] = map[string]bool{}
			}
			found[k][f.panel] = true
			if os.Getenv("VIEWER_DUMP") != "" {
				t.Log(f)
			}
		}
	}
	for _, c := range seenIn12_4 {
		got := slices.Sorted(maps.Keys(found[[2]string{c.board, c.rule}]))
		switch {
		case c.panels == nil:
			if len(got) != c.count {
				t.Errorf("%s: rule %s flags %d panels of %s, want %d: %q", c.seen, c.rule, len(got), c.board, c.count, got)
			}
		case c.subset:
			for _, p := range c.panels {
				if !slices.Contains(got, p) {
					t.Errorf("%s: rule %s does not flag %s panel %q (it flags %q)", c.seen, c.rule, c.board, p, got)
				}
			}
		default:
			if want := slices.Sorted(slices.Values(c.panels)); !slices.Equal(got, want) {
				t.Errorf("%s: rule %s flags %s panels %q, want %q", c.seen, c.rule, c.board, got, want)
			}
		}
	}
}
