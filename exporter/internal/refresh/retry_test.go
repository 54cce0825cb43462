package refresh

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// A failed refresh is retried after the retry delay, doubled after each
// failure in a row and capped at half the schedule's interval; a success
// returns the source to its schedule.
func TestFailedRefreshRetriesWithBackoff(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "t.yaml")
	writeFile(t, file, "\x00 not yaml")
	clock := newFakeClock()
	m := newManager(t, clock)
	if err := m.Reload(parseConfig(t, fmt.Sprintf("sources:\n- {name: mine, type: file, paths: [%q], schedule: \"@every 10m\"}\n", dir))); err != nil {
		t.Fatal(err)
	}
	s := sourceNamed(m, "mine")
	// 30s, 1m, 2m, 4m, then half the 10m interval: 5m, 5m.
	for i, want := range []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 5 * time.Minute, 5 * time.Minute} {
		waitFor(t, fmt.Sprintf("failure %d", i+1), func() bool { return s.State().Failures == uint64(i+1) && clock.pending() == 1 })
		st := s.State()
		if got := st.Next.Sub(clock.Now()); got != want || !st.Retry || st.Failing != i+1 {
			t.Fatalf("after failure %d: next in %s (retry %v, failing %d), want a retry in %s", i+1, got, st.Retry, st.Failing, want)
		}
		clock.Advance(want)
	}
	waitFor(t, "failure 7", func() bool { return s.State().Failures == 7 && clock.pending() == 1 })
	writeFile(t, file, table("mine", 1))
	clock.Advance(s.State().Next.Sub(clock.Now()))
	waitFor(t, "the retry's success", func() bool { return s.State().LastOK && clock.pending() == 1 })
	if st := s.State(); st.Next.Sub(clock.Now()) != 10*time.Minute || st.Retry || st.Failing != 0 {
		t.Errorf("after the success: next in %s (retry %v, failing %d), want the schedule's 10m", st.Next.Sub(clock.Now()), st.Retry, st.Failing)
	}
}

// A schedule that comes sooner than the retry wins; a source without a
// schedule is not retried.
func TestRetryNeverDelaysTheSchedule(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "t.yaml"), "\x00 not yaml")
	clock := newFakeClock()
	m := newManager(t, clock)
	if err := m.Reload(parseConfig(t, fmt.Sprintf("sources:\n- {name: often, type: file, paths: [%q], schedule: \"@every 20s\"}\n- {name: once, type: file, paths: [%q]}\n", dir, dir))); err != nil {
		t.Fatal(err)
	}
	often, once := sourceNamed(m, "often"), sourceNamed(m, "once")
	waitFor(t, "first refreshes", func() bool { return often.State().Failures == 1 && once.State().Failures == 1 && clock.pending() == 1 })
	if st := often.State(); st.Next.Sub(clock.Now()) != 20*time.Second || st.Retry {
		t.Errorf("@every 20s: next in %s (retry %v), want the schedule's 20s", st.Next.Sub(clock.Now()), st.Retry)
	}
	if st := once.State(); !st.Next.IsZero() {
		t.Errorf("without a schedule: next %s, want none", st.Next)
	}
}
