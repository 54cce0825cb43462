package main

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/prometheus/storage"

	"github.com/korea-ict-exporter/korea-ict-exporter/internal/promqltest"
)

// Every panel query, evaluated by Prometheus' own PromQL engine over the
// exporter's actual output, returns data: from one exporter, and from two
// replicas scraped under one job, where a data board's query returns what
// it returns from one (each figure once) and the health board shows each
// replica.
func TestEveryPanelQueryReturnsData(t *testing.T) {
	now := time.Now().Truncate(time.Second)
	at := []time.Time{now.Add(-time.Minute), now}
	scrapes := promqltest.ScrapeExporter(t)
	one := everyQuery(t, promqltest.LoadScrapes(t, scrapes, at), now)
	two := everyQuery(t, promqltest.LoadReplicas(t, scrapes, at, "exporter-a:10873", "exporter-b:10873"), now)
	for key, n := range one {
		want := n
		if strings.HasPrefix(key, healthFile) && n > 0 {
			want = 2 * n // one row, line or stat per replica
		}
		if strings.HasPrefix(key, healthFile) && strings.Contains(key, "count(") {
			want = n // counts over both replicas: one figure
		}
		if two[key] != want {
			t.Errorf("with two replicas: %d series, want %d (one exporter: %d)\n%s", two[key], want, n, key)
		}
	}
}

const healthFile = "korea-ict-exporter-health.json"

// everyQuery evaluates every panel query and returns the number of series
// of each, by board, panel and query.
func everyQuery(t *testing.T, st storage.Queryable, now time.Time) map[string]int {
	eng := promqltest.NewEngine()
	out := map[string]int{}
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
		out[q.board+" / "+q.panel+" / "+q.expr] = res.Series
	}
	t.Logf("evaluated %d panel queries", n)
	return out
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
