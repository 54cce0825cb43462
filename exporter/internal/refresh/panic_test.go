package refresh

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/datafile"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
)

// panicking is a fetcher that reaches a bug: in the fetch itself, or in
// what it returns (a table whose metric is missing panics in validation).
type panicking struct{ inFetch bool }

func (p panicking) Fetch(context.Context) (datafile.Input, error) {
	if p.inFetch {
		panic("a bug in a fetcher")
	}
	return datafile.Input{Tables: []*dataset.Table{{ID: "broken", Metrics: []*dataset.Metric{nil}}}}, nil
}

// syncBuffer is a log destination the refresh goroutines write to while
// the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// A panic while fetching or building a source's data is a failed refresh:
// the process goes on, the last good data is kept, the error says it was a
// bug and the log has the stack.
func TestPanicIsAFailedRefresh(t *testing.T) {
	for _, inFetch := range []bool{true, false} {
		var logs syncBuffer
		m := newManager(t, newFakeClock())
		m.logger = slog.New(slog.NewTextHandler(&logs, nil))
		if err := m.Reload(parseConfig(t, "sources:\n- {name: report, type: embedded, schedule: \"@every 1h\"}\n")); err != nil {
			t.Fatal(err)
		}
		s := sourceNamed(m, "report")
		waitFor(t, "the first refresh", func() bool { return s.State().Attempts == 1 })
		before := scrape(t, m)
		s.running.Lock() // the loop's refresh is done; take its fetcher from under it
		s.fetcher = panicking{inFetch: inFetch}
		s.running.Unlock()

		err := m.Refresh(context.Background(), s)
		if err == nil || !strings.Contains(err.Error(), "panic: ") {
			t.Fatalf("in fetch %v: refresh error %v, want the recovered panic", inFetch, err)
		}
		if st := s.State(); st.LastOK || st.Failures != 1 || !strings.Contains(st.LastError, "internal error") {
			t.Errorf("in fetch %v: state %+v, want one failure saying it was an internal error", inFetch, st)
		}
		if after := scrape(t, m); after != before {
			t.Errorf("in fetch %v: the last good data was not kept", inFetch)
		}
		if l := logs.String(); !strings.Contains(l, "refresh failed on a bug") || !strings.Contains(l, "panics.Catch") {
			t.Errorf("in fetch %v: no stack in the log:\n%s", inFetch, l)
		}
	}
}
