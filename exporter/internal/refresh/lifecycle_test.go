//go:build unix

package refresh

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config"
)

// stuckFIFO makes path a named pipe with no writer: opening it for reading
// blocks in the kernel, as a read from a hung NFS or FUSE mount does, and no
// Go code can interrupt it. Cleanup opens the write end, which releases a
// reader left blocked.
func stuckFIFO(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	t.Cleanup(func() { releaseFIFO(path) })
}

// releaseFIFO lets a reader blocked opening the FIFO at path through, with
// nothing to read. It does nothing if no reader is waiting.
func releaseFIFO(path string) bool {
	f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return false // ENXIO: no reader
	}
	f.Close()
	return true
}

// within runs f and fails the test if it has not returned after d: a bound
// on a hang, generous for a loaded machine, not a measurement.
func within(t *testing.T, d time.Duration, what string, f func()) time.Duration {
	t.Helper()
	began := time.Now()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
		return time.Since(began)
	case <-time.After(d):
		t.Fatalf("%s did not return within %s", what, d)
		return 0
	}
}

// A file source whose read blocks in the kernel fails at its timeout with a
// reason that says so, keeps its last good data, and does not start a
// second read while the first is stuck; a reload and Stop still return at
// once, and once the file is readable again the source recovers.
func TestStuckReadIsAbandonedAtTheTimeout(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	writeFile(t, good, table("mine", 1, 2))
	path := filepath.Join(dir, "t.yaml")
	writeFile(t, path, table("mine", 1, 2))
	m := newManager(t, RealClock)
	cfg := parseConfig(t, fmt.Sprintf("sources:\n- {name: mine, type: file, paths: [%q], timeout: 300ms}\n", path))
	if err := m.Reload(cfg); err != nil {
		t.Fatal(err)
	}
	s := sourceNamed(m, "mine")
	waitFor(t, "first refresh", func() bool { return s.State().Attempts == 1 })
	before := scrape(t, m)

	os.Remove(path)
	stuckFIFO(t, path)
	var err error
	within(t, 10*time.Second, "a refresh stuck in a read", func() { err = m.Refresh(context.Background(), s) })
	if err == nil || !strings.Contains(err.Error(), "timed out after 300ms") || !strings.Contains(err.Error(), "abandoned") {
		t.Fatalf("refresh error = %v, want a timeout that says the read is abandoned", err)
	}
	// The read is still stuck: the next refresh does not start another.
	within(t, 10*time.Second, "a refresh behind a stuck read", func() { err = m.Refresh(context.Background(), s) })
	if err == nil || !strings.Contains(err.Error(), "timed out after 300ms") || !strings.Contains(err.Error(), "previous read") {
		t.Fatalf("refresh error = %v, want a timeout waiting for the previous read", err)
	}
	st := s.State()
	if st.LastOK || st.Failures != 2 || st.Attempts != 3 || st.LastSuccess.IsZero() {
		t.Errorf("state does not show two failures: %+v", st)
	}
	if after := scrape(t, m); after != before {
		t.Errorf("served data changed after a stuck read:\n%s", after)
	}

	// Released, the abandoned read returns and the source may read again.
	key := readKey(s)
	waitFor(t, "the stuck read to be released", func() bool {
		releaseFIFO(path)
		return !reading(m, key)
	})

	// Reload and Stop while a read is stuck: neither waits for it.
	go m.Refresh(context.Background(), s)
	waitFor(t, "a read in progress", func() bool { return reading(m, key) })
	t.Logf("reload during a stuck read took %s", within(t, 5*time.Second, "a reload", func() {
		if err := m.Reload(cfg); err != nil {
			t.Error(err)
		}
	}))
	t.Logf("stop during a stuck read took %s", within(t, 5*time.Second, "Stop", m.Stop))

	// Readable again, the source recovers.
	waitFor(t, "the stuck read to be released", func() bool {
		releaseFIFO(path)
		return !reading(m, key)
	})
	if err := os.Rename(good, path); err != nil {
		t.Fatal(err)
	}
	if err := m.Reload(cfg); err != nil {
		t.Fatal(err)
	}
	s = sourceNamed(m, "mine")
	waitFor(t, "a good refresh", func() bool { return s.State().LastOK })
	if st := s.State(); st.Failures < 2 {
		t.Errorf("state after the recovery lost the failures: %+v", st)
	}
}

// reading reports whether a read of key is outstanding.
func reading(m *Manager, key string) bool {
	m.reads.mu.Lock()
	defer m.reads.mu.Unlock()
	return m.reads.m[key] != nil
}

// A refresh cancelled by a reload or shutdown is not a failure: it is not
// counted and leaves the source's state as its last completed refresh left
// it. Running out of the timeout is a failure, and says so.
func TestCancelIsNotAFailureButATimeoutIs(t *testing.T) {
	var hang atomic.Bool
	requests := make(chan struct{}, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hang.Load() {
			requests <- struct{}{}
			<-r.Context().Done()
			return
		}
		fmt.Fprint(w, table("remote", 7))
	}))
	defer srv.Close()
	m := newManager(t, RealClock)
	cfg := func(timeout string) func() (*config.Config, error) {
		return parseConfig(t, fmt.Sprintf("sources:\n- {name: remote, type: http, urls: [%q], timeout: %s}\n", srv.URL+"/t.yaml", timeout))
	}
	if err := m.Reload(cfg("1h")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "first refresh", func() bool { return sourceNamed(m, "remote").State().Attempts == 1 })
	before := sourceNamed(m, "remote").State()
	if !before.LastOK {
		t.Fatalf("first refresh failed: %s", before.LastError)
	}

	// Each reload cancels the refresh the previous one started (each
	// changes the source: an unchanged one would be kept, not refreshed).
	hang.Store(true)
	for i := range 3 {
		if err := m.Reload(cfg(fmt.Sprintf("%dh", 2+i))); err != nil {
			t.Fatal(err)
		}
		<-requests
	}
	m.Stop()
	if after := sourceNamed(m, "remote").State(); after != before {
		t.Errorf("cancelled refreshes changed the state:\n before %+v\n after  %+v", before, after)
	}

	if err := m.Reload(cfg("300ms")); err != nil {
		t.Fatal(err)
	}
	s := sourceNamed(m, "remote")
	waitFor(t, "the refresh to time out", func() bool { return s.State().Attempts > before.Attempts })
	st := s.State()
	if st.LastOK || st.Failures != before.Failures+1 || !strings.Contains(st.LastError, "timed out after 300ms") {
		t.Errorf("a timeout is not a failure that says so: %+v", st)
	}
}
