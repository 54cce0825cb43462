//go:build unix

package main

// The refresh lifecycle of the real process: a read stuck in the kernel
// never holds up a reload or shutdown, and a reload is not a failure.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// hangBound bounds a reload or shutdown that should be quick: generous for a
// loaded machine, it catches a hang, it measures nothing.
const hangBound = 10 * time.Second

// A file source whose file becomes a FIFO with no writer (as a hung NFS or
// FUSE mount would) fails at its timeout with a reason that says so, and at
// most one read stays stuck however often it is scheduled; the last good
// data is served; SIGHUP, POST /-/reload and SIGTERM all complete at once.
func TestStuckFileSourceNeverHangsTheExporter(t *testing.T) {
	t.Parallel()
	dir, stuckDir := t.TempDir(), t.TempDir()
	path := filepath.Join(stuckDir, "x.yaml")
	writeFile(t, path, dataTable("stuck", 7))
	healthy := filepath.Join(dir, "healthy.yaml")
	writeFile(t, healthy, dataTable("healthy", 5))
	cfg := filepath.Join(dir, "config.yml")
	writeFile(t, cfg, fmt.Sprintf("sources:\n- {name: stuck, type: file, paths: [%q], schedule: \"@every 1s\", timeout: 2s}\n- {name: healthy, type: file, paths: [%q], schedule: \"@every 1s\"}\n", stuckDir, healthy))
	e := start(t, "--config.file="+cfg, "--web.enable-lifecycle")
	e.await(t, "both sources", func(m string) bool {
		return has(dataSeries("stuck"), 7)(m) && has(dataSeries("healthy"), 5)(m)
	})
	before := mustSample(t, e.get(t, "/metrics"), failures("stuck"))

	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	abandoned := `korea_ict_exporter_source_abandoned_reads{source="stuck"}`
	m := e.await(t, "two failed refreshes", func(m string) bool {
		v, _ := sample(m, failures("stuck"))
		return v >= before+2
	})
	if v := mustSample(t, m, success("stuck", "file")); v != 0 {
		t.Errorf("last_refresh_success = %v with a stuck read, want 0", v)
	}
	if v := mustSample(t, m, abandoned); v != 1 {
		t.Errorf("%s = %v, want 1", abandoned, v)
	}
	if !has(dataSeries("stuck"), 7)(m) || !has(dataSeries("healthy"), 5)(m) {
		t.Errorf("last good data not served with a stuck read:\n%s", selfMetrics(m))
	}
	row := sourceRow(e.get(t, "/"), "stuck")
	if !strings.Contains(row, "timed out after 2s") {
		t.Errorf("landing page does not say the refresh timed out:\n%s", row)
	}
	t.Logf("last error: %s", lastErrorRe.FindString(row))

	// More scheduled refreshes: still one stuck read, not one per refresh.
	m = e.await(t, "two more failed refreshes", func(m string) bool {
		v, _ := sample(m, failures("stuck"))
		return v >= before+4
	})
	if v := mustSample(t, m, abandoned); v != 1 {
		t.Errorf("%s = %v after more refreshes, want 1", abandoned, v)
	}

	// SIGHUP: done when the reload timestamp moves past the signal.
	reloadTS := "korea_ict_exporter_config_last_reload_success_timestamp_seconds"
	signalled := time.Now()
	if err := e.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	e.awaitWithin(t, hangBound, "the SIGHUP reload", func(m string) bool {
		v, _ := sample(m, reloadTS)
		return v >= float64(signalled.UnixNano())/1e9
	})
	t.Logf("SIGHUP reload with a stuck read: done within %s of the signal", time.Since(signalled).Round(time.Millisecond))

	began := time.Now()
	client := &http.Client{Timeout: hangBound}
	resp, err := client.Post("http://"+e.addr+"/-/reload", "", nil)
	if err != nil {
		t.Fatalf("POST /-/reload with a stuck read: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("POST /-/reload: %s", resp.Status)
	}
	t.Logf("POST /-/reload with a stuck read: %s", time.Since(began).Round(time.Millisecond))

	began = time.Now()
	e.stop(t)
	t.Logf("SIGTERM with a stuck read: exited after %s", time.Since(began).Round(time.Millisecond))
}

// A burst of SIGHUPs with healthy sources, each reload cancelling the
// refreshes the previous one started: no failure is counted, and
// last_refresh_success never reads 0, before, during or after.
func TestSIGHUPBurstIsNotAFailure(t *testing.T) {
	requireProcFS(t)
	t.Parallel()
	signals := cycles(200, 1000)
	dir := t.TempDir()
	data := filepath.Join(dir, "table.yaml")
	writeFile(t, data, dataTable("local", 7))
	r := newRemote(t, serveTable("remote", true, 5))
	cfg := filepath.Join(dir, "config.yml")
	// The embedded dataset takes the longest to parse: reloads land in the
	// middle of its refreshes. Timeouts are the default 30s: a loaded
	// machine must not turn a slow refresh into a failure here.
	writeFile(t, cfg, fmt.Sprintf("sources:\n- {name: report, type: embedded, schedule: \"@every 1s\"}\n- {name: local, type: file, paths: [%q], schedule: \"@every 1s\"}\n- {name: remote, type: http, urls: [%q], schedule: \"@every 1s\"}\n", data, r.url()))
	sources := map[string]string{"report": "embedded", "local": "file", "remote": "http"}
	e := start(t, "--config.file="+cfg)
	allGood := func(m string) bool {
		for s, typ := range sources {
			if !has(success(s, typ), 1)(m) {
				return false
			}
		}
		return true
	}
	m := e.await(t, "every source's first refresh", allGood)
	before := map[string]float64{}
	for s := range sources {
		before[s] = mustSample(t, m, failures(s))
	}

	// Scrape all along, to catch last_refresh_success dipping to 0.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var dips []string
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			resp, err := http.Get("http://" + e.addr + "/metrics")
			if err != nil {
				continue
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err == nil && !allGood(string(body)) {
				dips = append(dips, selfMetrics(string(body)))
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
	began := time.Now()
	// last is when the last signal was sent: the reload it starts may end
	// within the sleep that follows, and a time taken after the sleep would
	// wait for a reload that never comes.
	var last time.Time
	for i := range signals {
		last = time.Now()
		if err := e.cmd.Process.Signal(syscall.SIGHUP); err != nil {
			t.Fatalf("SIGHUP %d: %v", i+1, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("%d SIGHUPs in %s", signals, last.Sub(began).Round(time.Millisecond))
	m = e.await(t, "the last reload and every source's refresh after it", func(m string) bool {
		ts, _ := sample(m, "korea_ict_exporter_config_last_reload_success_timestamp_seconds")
		if ts < float64(last.UnixNano())/1e9 {
			return false
		}
		for s := range sources {
			ts, _ := sample(m, fmt.Sprintf(`korea_ict_exporter_source_last_refresh_success_timestamp_seconds{source=%q}`, s))
			if ts < float64(last.UnixNano())/1e9 {
				return false
			}
		}
		return true
	})
	close(stop)
	wg.Wait()
	if len(dips) > 0 {
		t.Errorf("last_refresh_success read 0 in %d scrapes during the burst; the first:\n%s", len(dips), dips[0])
	}
	for s := range sources {
		got := mustSample(t, m, failures(s))
		t.Logf("%s: refresh failures %v before the burst, %v after", s, before[s], got)
		if got != before[s] {
			t.Errorf("%s: %v failures counted in a burst of reloads, want 0", s, got-before[s])
		}
	}
	e.stop(t)
	if n := strings.Count(e.logs.String(), "refresh failed"); n > 0 {
		t.Errorf("%d refresh failures logged during a burst of reloads", n)
	}
	t.Logf("%d reloads for %d SIGHUPs", strings.Count(e.logs.String(), "configuration reloaded"), signals)
}

// Bad input through the running process names its line: a configuration of
// random bytes is refused by POST /-/reload with the line and column of the
// first bad byte, a data file with a negative count fails its refresh with
// file:line, and YAML anchors shared between sources load.
func TestBadInputNamesItsLineAndAnchorsWork(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := filepath.Join(dir, "table.yaml")
	writeFile(t, data, dataTable("counted", 7))
	cfg := filepath.Join(dir, "config.yml")
	good := fmt.Sprintf("sources:\n- name: counted\n  type: file\n  paths: [%q]\n  <<: &every {schedule: \"@every 1s\", timeout: 5s}\n- name: report\n  type: embedded\n  <<: *every\n", data)
	writeFile(t, cfg, good)
	e := start(t, "--config.file="+cfg, "--web.enable-lifecycle")
	e.await(t, "both sources", func(m string) bool {
		return has(dataSeries("counted"), 7)(m) && has(success("report", "embedded"), 1)(m)
	})

	writeFile(t, cfg, "sources:\n- name: x\n  type: embedded # caf\xe9\n")
	resp, err := http.Post("http://"+e.addr+"/-/reload", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if want := cfg + ": line 3, column 23: invalid UTF-8 (byte 0xE9)"; resp.StatusCode != http.StatusInternalServerError || !strings.Contains(string(body), want) {
		t.Errorf("reload of a Latin-1 config: %s %q, want 500 and %q", resp.Status, body, want)
	}

	writeFile(t, cfg, good)
	writeFile(t, data, strings.NewReplacer("korea_ict_test_won", "korea_ict_test_firms", "unit: won", "unit: firms", "value: 7", "value: -5").Replace(dataTable("counted", 7)))
	e.await(t, "the refresh of a negative count to fail", has(success("counted", "file"), 0))
	// The file is named relative to its configured path (issue 21).
	if row, want := sourceRow(e.get(t, "/"), "counted"), "<pre>table.yaml:9: count korea_ict_test_firms is -5 firms"; !strings.Contains(row, want) {
		t.Errorf("landing page does not show %q:\n%s", want, row)
	}
	if m := e.get(t, "/metrics"); !has(dataSeries("counted"), 7)(m) {
		t.Error("last good data not served after a negative count")
	}
}

// check and backfill read a configuration's sources once, each within its
// timeout: a data directory holding a FIFO with no writer fails the command
// at the timeout with an error naming the source, instead of hanging.
func TestCheckAndBackfillFailAtTheTimeoutOfAStuckRead(t *testing.T) {
	t.Parallel()
	dir, dataDir := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(dataDir, "a.yaml"), dataTable("stuck", 7))
	if err := syscall.Mkfifo(filepath.Join(dataDir, "b.yaml"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	cfg := filepath.Join(dir, "config.yml")
	writeFile(t, cfg, fmt.Sprintf("sources:\n- {name: stuck, type: file, paths: [%q], timeout: 1s}\n", dataDir))
	for _, command := range []string{"check", "backfill"} {
		t.Run(command, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), hangBound)
			defer cancel()
			cmd := exec.CommandContext(ctx, binary, command, "--config.file="+cfg)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			began := time.Now()
			err := cmd.Run()
			took := time.Since(began).Round(time.Millisecond)
			if ctx.Err() != nil {
				t.Fatalf("%s still running after %s: it hangs on the stuck read", command, hangBound)
			}
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 1 {
				t.Fatalf("%s: %v, want exit status 1\n%s", command, err, &stderr)
			}
			for _, want := range []string{`source "stuck": timed out after 1s: fetch: `, "stuck in the kernel"} {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, &stderr)
				}
			}
			t.Logf("%s exited 1 after %s", command, took)
		})
	}
}
