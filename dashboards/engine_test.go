package main

import (
	"strings"
	"testing"
	"time"

	"github.com/korea-ict-exporter/korea-ict-exporter/internal/promqltest"
)

// Every panel query, evaluated by Prometheus' own PromQL engine over the
// exporter's actual output, returns data.
func TestEveryPanelQueryReturnsData(t *testing.T) {
	now := time.Now().Truncate(time.Second)
	at := []time.Time{now.Add(-time.Minute), now}
	st := promqltest.LoadScrapes(t, promqltest.ScrapeExporter(t), at)
	eng := promqltest.NewEngine()
	n := 0
	for _, q := range queries(t) {
		if emptyOnLiveData(q) {
			continue
		}
		res, err := promqltest.Evaluate(eng, st, promqltest.Query{Expr: q.expr, Instant: q.instant}, now)
		n++
		switch {
		case err != nil:
			t.Errorf("%s / %s: %v\n%s", q.board, q.panel, err, q.expr)
		case res.Series == 0:
			t.Errorf("%s / %s: no data\n%s", q.board, q.panel, q.expr)
		}
	}
	t.Logf("evaluated %d panel queries", n)
}

// emptyOnLiveData are the queries that have no data over the live gauges
// by design: History reads only the backfilled history (tested over it by
// TestHistoryDashboardOverBackfilledData, and empty here by
// TestHistoryIgnoresLiveGauges), and the alerts table lists alerts only
// while they fire (the end-to-end test makes one fire and finds it).
func emptyOnLiveData(q query) bool {
	return q.board == historyBoard || strings.HasPrefix(q.expr, "ALERTS{")
}

const historyBoard = "korea-ict-history.json"
