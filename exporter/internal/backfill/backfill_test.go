package backfill

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/datafile"
)

const table = `table: "1"
title: T
source: S
metrics:
  - name: korea_ict_test_won
    help: H.
    unit: won
    series:
      - {year: "2003", value: 1}
      - {year: "2002", quarter: Q4, value: 2}
      - {year: "2001", half: H2, value: 3}
      - {year: "2004", month: "06", value: 4}
      - {year: "1997-2000", value: 5}
      - {value: 6, status: undated}
`

func TestWrite(t *testing.T) {
	ds, err := datafile.Build([]datafile.File{{Name: "t.yaml", Data: []byte(table)}})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	skipped, err := Write(&b, ds)
	if err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "# HELP korea_ict_test_won H.") || !strings.HasSuffix(out, "\n# EOF\n") {
		t.Fatalf("not one OpenMetrics family terminated by # EOF:\n%s", out)
	}
	// Each value sits at the start of its period, with the period's granularity.
	want := map[string]struct {
		granularity string
		at          time.Time
	}{
		"1.0": {"year", time.Date(2003, 1, 1, 0, 0, 0, 0, time.UTC)},
		"2.0": {"quarter", time.Date(2002, 10, 1, 0, 0, 0, 0, time.UTC)},
		"3.0": {"half", time.Date(2001, 7, 1, 0, 0, 0, 0, time.UTC)},
		"4.0": {"month", time.Date(2004, 6, 1, 0, 0, 0, 0, time.UTC)},
	}
	n := 0
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "korea_ict_test_won{") {
			continue
		}
		n++
		f := strings.Fields(line)
		w, ok := want[f[1]]
		ts, err := strconv.ParseFloat(f[2], 64)
		if !ok || err != nil || int64(ts) != w.at.Unix() || !strings.Contains(f[0], `granularity="`+w.granularity+`"`) || strings.Contains(f[0], "year=") {
			t.Errorf("sample %q: want granularity %s at %s, without period labels", line, w.granularity, w.at)
		}
	}
	if n != len(want) {
		t.Errorf("%d samples, want %d", n, len(want))
	}
	if len(skipped) != 2 || !strings.Contains(skipped[0]+skipped[1], `year="1997-2000"`) || !strings.Contains(skipped[0]+skipped[1], "t.yaml:13") {
		t.Errorf("skipped = %q, want the span and the undated series", skipped)
	}
}
