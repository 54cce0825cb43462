package main

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"

	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/model/textparse"
	"github.com/prometheus/prometheus/storage"
	"github.com/prometheus/prometheus/util/teststorage"

	"github.com/korea-ict-exporter/korea-ict-exporter/internal/buildtool"
	"github.com/korea-ict-exporter/korea-ict-exporter/internal/exportertest"
)

// backfill is the exporter's `backfill` output: the report's history as
// OpenMetrics, a timestamp on every sample.
func backfill(t *testing.T) []byte {
	t.Helper()
	om, err := exec.Command(exportertest.Binary(t), "backfill").Output()
	if err != nil {
		t.Fatalf("backfill: %v", err)
	}
	return om
}

// historyBlocks writes the backfill output om into dir and turns it into
// TSDB blocks with the real promtool, as the demo stack's backfill service
// does; it returns the blocks' directory, a Prometheus data directory.
func historyBlocks(t *testing.T, om []byte, dir string) string {
	t.Helper()
	file, data := filepath.Join(dir, "history.om"), filepath.Join(dir, "prometheus-data")
	if err := os.WriteFile(file, om, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(buildtool.Path(t, "promtool"), "tsdb", "create-blocks-from", "openmetrics", file, data).CombinedOutput(); err != nil {
		t.Fatalf("promtool tsdb create-blocks-from openmetrics: %v\n%s", err, out)
	}
	return data
}

// loadBackfill is the exporter's backfill output (`backfill`, OpenMetrics
// with a timestamp per sample) appended to a test TSDB, parsed by
// Prometheus' own OpenMetrics parser: the history the History board reads,
// without the real Prometheus that TestHistoryDashboardOverBackfilledData
// starts.
func loadBackfill(t *testing.T) storage.Queryable {
	t.Helper()
	p, err := textparse.New(backfill(t), "application/openmetrics-text", labels.NewSymbolTable(), textparse.ParserOptions{})
	if err != nil {
		t.Fatal(err)
	}
	type sample struct {
		ls labels.Labels
		ts int64
		v  float64
	}
	var samples []sample
	for {
		e, err := p.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("backfill output: %v", err)
		}
		if e != textparse.EntrySeries {
			continue
		}
		_, ts, v := p.Series()
		if ts == nil {
			t.Fatal("backfill output: a sample without a timestamp")
		}
		var ls labels.Labels
		p.Labels(&ls)
		samples = append(samples, sample{ls, *ts, v})
	}
	if len(samples) == 0 {
		t.Fatal("backfill output: no samples")
	}
	// The head takes samples in time order only, as promtool's block
	// writer is not used here.
	sort.SliceStable(samples, func(i, j int) bool { return samples[i].ts < samples[j].ts })
	st := teststorage.New(t)
	app := st.Appender(context.Background())
	for _, s := range samples {
		if _, err := app.Append(0, s.ls, s.ts, s.v); err != nil {
			t.Fatalf("%s: %v", s.ls, err)
		}
	}
	if err := app.Commit(); err != nil {
		t.Fatal(err)
	}
	return st
}
