package refresh

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A reload keeps a source whose configuration did not change: its data,
// fetcher and schedule, without fetching it again. A source whose
// configuration changed is fetched at once.
func TestReloadKeepsUnchangedSources(t *testing.T) {
	var hits [2]atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i, id := 0, "ta"
		if r.URL.Path == "/b.yaml" {
			i, id = 1, "tb"
		}
		hits[i].Add(1)
		fmt.Fprint(w, table(id, 1))
	}))
	defer srv.Close()
	clock := newFakeClock()
	m := newManager(t, clock)
	config := func(bTimeout string) string {
		return fmt.Sprintf("sources:\n- {name: a, type: http, urls: [%q], schedule: \"@every 1h\"}\n- {name: b, type: http, urls: [%q], timeout: %s}\n",
			srv.URL+"/a.yaml", srv.URL+"/b.yaml", bTimeout)
	}
	if err := m.Reload(parseConfig(t, config("10s"))); err != nil {
		t.Fatal(err)
	}
	a, b := sourceNamed(m, "a"), sourceNamed(m, "b")
	waitFor(t, "first refreshes", func() bool { return a.State().Attempts == 1 && b.State().Attempts == 1 && clock.pending() == 1 })
	next := a.State().Next

	clock.Advance(30 * time.Minute)
	if err := m.Reload(parseConfig(t, config("20s"))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the changed source's refresh", func() bool { return sourceNamed(m, "b").State().Attempts == 2 })
	// The kept source's loop runs on: its timer is the only one.
	if n := clock.pending(); n != 1 {
		t.Errorf("%d timers, want the kept source's one", n)
	}
	if sourceNamed(m, "a") != a || sourceNamed(m, "b") == b {
		t.Error("the unchanged source was replaced, or the changed one kept")
	}
	if n := hits[0].Load(); n != 1 || a.State().Attempts != 1 {
		t.Errorf("unchanged source fetched %d times, %d refreshes; want 1 (no fetch on reload)", n, a.State().Attempts)
	}
	if got := a.State().Next; !got.Equal(next) {
		t.Errorf("the kept schedule fires at %s, want %s as before the reload", got, next)
	}
	if !strings.Contains(scrape(t, m), `table="ta"`) {
		t.Error("the kept source's data is not served")
	}
	clock.Advance(30 * time.Minute)
	waitFor(t, "the kept schedule's refresh", func() bool { return a.State().Attempts == 2 })
	if n := hits[1].Load(); n != 2 {
		t.Errorf("changed source fetched %d times, want 2", n)
	}
}

// A source whose last refresh failed is not kept: a reload, even with its
// configuration unchanged, retries it (the way to reload a fixed file).
func TestReloadRetriesAFailingSource(t *testing.T) {
	file := filepath.Join(t.TempDir(), "t.yaml")
	writeFile(t, file, "not: [a table")
	m := newManager(t, newFakeClock())
	cfg := parseConfig(t, fmt.Sprintf("sources:\n- {name: mine, type: file, paths: [%q]}\n", file))
	if err := m.Reload(cfg); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the failed refresh", func() bool { return sourceNamed(m, "mine").State().Attempts == 1 })
	writeFile(t, file, table("mine", 3))
	if err := m.Reload(cfg); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the retry", func() bool { return sourceNamed(m, "mine").State().LastOK })
	if n := sourceNamed(m, "mine").State().Attempts; n != 2 {
		t.Errorf("%d refreshes, want 2", n)
	}
}
