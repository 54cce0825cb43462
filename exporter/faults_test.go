package main

// Faults injected into the data sources of the real binary: the exporter
// must keep serving its last good data, say so in its self-metrics, leak no
// goroutines or file descriptors, survive signal storms and kill -9.

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/korea-ict-exporter/korea-ict-exporter/internal/exportertest"
)

// longTests turns on the long versions: more refresh cycles, more signals.
var longTests = os.Getenv("KOREA_ICT_LONG_TESTS") == "1"

func cycles(short, long int) int {
	if longTests {
		return long
	}
	return short
}

// dataTable is a small valid data file with one series per value, the same
// shape as the refresh package's table helper.
func dataTable(id string, values ...int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "table: %q\ntitle: Test table %s\nsource: test\nmetrics:\n  - name: korea_ict_test_won\n    help: A test figure.\n    unit: won\n    series:\n", id, id)
	for i, v := range values {
		fmt.Fprintf(&b, "      - {year: %d, value: %d}\n", 2000+i, v)
	}
	return b.String()
}

// dataSeries is the first series of dataTable(id, ...) as /metrics shows it.
func dataSeries(id string) string {
	return fmt.Sprintf(`korea_ict_test_won{status="reported",table=%q,year="2000"}`, id)
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// replaceFile swaps in new content the way deployment tools do: a reader
// sees the old file or the new one, never half of either.
func replaceFile(t *testing.T, path, content string) {
	t.Helper()
	tmp := path + ".tmp"
	writeFile(t, tmp, content)
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// sample finds one sample's value in the text exposition; series is the
// metric name with its labels exactly as printed.
func sample(metrics, series string) (float64, bool) {
	for _, line := range strings.Split(metrics, "\n") {
		if rest, ok := strings.CutPrefix(line, series+" "); ok {
			v, err := strconv.ParseFloat(strings.Fields(rest)[0], 64)
			return v, err == nil
		}
	}
	return 0, false
}

func mustSample(t *testing.T, metrics, series string) float64 {
	t.Helper()
	v, ok := sample(metrics, series)
	if !ok {
		t.Fatalf("no sample %s in /metrics", series)
	}
	return v
}

// await polls /metrics until cond holds. The deadline is generous: it bounds
// a hang, it does not measure anything.
func (e *exporter) await(t *testing.T, what string, cond func(metrics string) bool) string {
	t.Helper()
	return e.awaitWithin(t, 30*time.Second, what, cond)
}

func (e *exporter) awaitWithin(t *testing.T, within time.Duration, what string, cond func(metrics string) bool) string {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		m := e.get(t, "/metrics")
		if cond(m) {
			return m
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; last /metrics self-metrics:\n%s", what, selfMetrics(m))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func selfMetrics(m string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(m, "\n") {
		if strings.HasPrefix(line, "korea_ict_exporter_") || strings.HasPrefix(line, "go_goroutines") || strings.HasPrefix(line, "process_open_fds") {
			b.WriteString(line)
		}
	}
	return b.String()
}

func has(series string, want float64) func(string) bool {
	return func(m string) bool {
		v, ok := sample(m, series)
		return ok && v == want
	}
}

func failures(source string) string {
	return fmt.Sprintf(`korea_ict_exporter_source_refresh_failures_total{source=%q}`, source)
}

func success(source, typ string) string {
	return fmt.Sprintf(`korea_ict_exporter_source_last_refresh_success{source=%q,type=%q}`, source, typ)
}

// startOn is start on a given address, for a restart on the same port.
func startOn(t *testing.T, addr string, args ...string) *exporter {
	t.Helper()
	return startOnWith(t, addr, func() bool {
		resp, err := http.Get("http://" + addr + "/-/ready")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}, args...)
}

// startOnWith is startOn with the test's own readiness check.
func startOnWith(t *testing.T, addr string, ready func() bool, args ...string) *exporter {
	t.Helper()
	e := &exporter{addr: addr, logs: &bytes.Buffer{}}
	e.cmd = exec.Command(binary, append([]string{"--web.listen-address=" + addr}, args...)...)
	e.cmd.Stdout, e.cmd.Stderr = e.logs, e.logs
	if err := e.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		e.cmd.Process.Kill()
		e.cmd.Wait()
		if t.Failed() {
			t.Logf("exporter logs:\n%s", e.logs)
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for !ready() {
		if time.Now().After(deadline) {
			t.Fatal("exporter not ready")
		}
		time.Sleep(20 * time.Millisecond)
	}
	return e
}

// stop ends the exporter with SIGTERM and waits for it, after which its logs
// may be read.
func (e *exporter) stop(t *testing.T) {
	t.Helper()
	e.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- e.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no exit after SIGTERM")
	}
}

// remote is a loopback data server whose behaviour a test switches, and
// which it can take down (connection refused) and bring back on its address.
type remote struct {
	addr string
	mu   sync.Mutex
	h    http.HandlerFunc
	srv  *http.Server
}

func newRemote(t *testing.T, h http.HandlerFunc) *remote {
	t.Helper()
	r := &remote{h: h}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r.addr = l.Addr().String()
	r.serve(l)
	t.Cleanup(r.down)
	return r
}

func (r *remote) serve(l net.Listener) {
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		h := r.h
		r.mu.Unlock()
		h(w, req)
	})}
	r.mu.Lock()
	r.srv = srv
	r.mu.Unlock()
	go srv.Serve(l)
}

func (r *remote) url() string { return "http://" + r.addr + "/data/table.yaml" }

func (r *remote) set(h http.HandlerFunc) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.h = h
}

// down closes the listener and every connection: dials are refused.
func (r *remote) down() {
	r.mu.Lock()
	srv := r.srv
	r.mu.Unlock()
	srv.Close()
}

func (r *remote) up(t *testing.T) {
	t.Helper()
	l, err := net.Listen("tcp", r.addr)
	if err != nil {
		t.Fatal(err)
	}
	r.serve(l)
}

// serveTable answers with a data file. keepAlive false closes each
// connection after the response, so that idle keep-alive connections, which
// the client pools (bounded, not a leak), stay out of a leak count.
func serveTable(id string, keepAlive bool, values ...int) http.HandlerFunc {
	body := dataTable(id, values...)
	return func(w http.ResponseWriter, r *http.Request) {
		if !keepAlive {
			w.Header().Set("Connection", "close")
		}
		io.WriteString(w, body)
	}
}

func fail500(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Connection", "close")
	http.Error(w, "boom", http.StatusInternalServerError)
}

// hang sends nothing until the client gives up.
func hang(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }

// trickle starts a valid answer at once, then sends a comment line every
// 50ms, forever: only the refresh timeout can end it.
func trickle(w http.ResponseWriter, r *http.Request) {
	io.WriteString(w, dataTable("faulty", 7))
	for {
		if _, err := io.WriteString(w, "# slow\n"); err != nil {
			return
		}
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
			return
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// oversize sends 8KiB more than the sources' 4KiB limit, announced in
// Content-Length; oversizeChunked sends it without a length.
func oversize(w http.ResponseWriter, r *http.Request) {
	body := dataTable("faulty", 7) + strings.Repeat("# padding\n", 800)
	w.Header().Set("Connection", "close")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	io.WriteString(w, body)
}

func oversizeChunked(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Connection", "close")
	for range 800 {
		io.WriteString(w, "# padding\n")
		w.(http.Flusher).Flush()
	}
}

func garbage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Connection", "close")
	w.Header().Set("Content-Type", "text/html")
	io.WriteString(w, "\x00\xff\xfe<html><body>{{ 502 Bad Gateway: [unclosed\n")
}

// faultCase is a source that a test can break and mend while the exporter
// runs. setup returns its config entry (a 1s schedule, short timeout and
// size limit; its data is table id, value 7) and how to break and mend it
// (mended, it serves value 8).
type faultCase struct {
	name    string
	typ     string
	wantErr string // in the source's last error, on the landing page
	setup   func(t *testing.T, id string) (entry string, inject, fix func())
}

const victimOpts = `schedule: "@every 1s", timeout: 300ms, max_bytes: 4KiB`

func httpFault(name, wantErr string, h http.HandlerFunc) faultCase {
	return faultCase{name: name, typ: "http", wantErr: wantErr, setup: func(t *testing.T, id string) (string, func(), func()) {
		r := newRemote(t, serveTable(id, true, 7))
		entry := fmt.Sprintf(`{name: %s, type: http, urls: [%q], %s}`, id, r.url(), victimOpts)
		return entry, func() { r.set(h) }, func() { r.set(serveTable(id, true, 8)) }
	}}
}

func fileFault(name, wantErr string, inject func(t *testing.T, path string)) faultCase {
	return faultCase{name: name, typ: "file", wantErr: wantErr, setup: func(t *testing.T, id string) (string, func(), func()) {
		path := filepath.Join(t.TempDir(), "table.yaml")
		writeFile(t, path, dataTable(id, 7))
		entry := fmt.Sprintf(`{name: %s, type: file, paths: [%q], %s}`, id, path, victimOpts)
		return entry, func() { inject(t, path) }, func() { replaceFile(t, path, dataTable(id, 8)) }
	}}
}

var faultCases = []faultCase{
	{name: "http refused", typ: "http", wantErr: "connection refused", setup: func(t *testing.T, id string) (string, func(), func()) {
		r := newRemote(t, serveTable(id, true, 7))
		entry := fmt.Sprintf(`{name: %s, type: http, urls: [%q], %s}`, id, r.url(), victimOpts)
		return entry, r.down, func() { r.set(serveTable(id, true, 8)); r.up(t) }
	}},
	httpFault("http 500", "HTTP status 500 Internal Server Error", fail500),
	httpFault("http hangs past the timeout", "timed out after 300ms", hang),
	httpFault("http trickles past the timeout", "timed out after 300ms", trickle),
	httpFault("http over max_bytes", "bytes is over the size limit of 4096 bytes", oversize),
	httpFault("http over max_bytes without length", "reading body: over the size limit of 4096 bytes", oversizeChunked),
	httpFault("http garbage", "table.yaml:1:1: malformed YAML: character U", garbage),
	fileFault("file replaced by garbage", "table.yaml:1:1: malformed YAML: character U", func(t *testing.T, path string) {
		replaceFile(t, path, "\x00\xff{{ not: [yaml\n")
	}),
	fileFault("file truncated mid-line", "could not find expected ':'", func(t *testing.T, path string) {
		good, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(path, int64(bytes.Index(good, []byte("help:"))+2)); err != nil {
			t.Fatal(err)
		}
	}),
	fileFault("file truncated to nothing", "empty", func(t *testing.T, path string) {
		if err := os.Truncate(path, 0); err != nil {
			t.Fatal(err)
		}
	}),
	fileFault("file deleted", "no such file or directory", func(t *testing.T, path string) {
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
	}),
}

// Every fault keeps the last good series served, with its value, flips
// last_refresh_success to 0, counts the failures and shows the error on the
// landing page; mending the source brings success and the new value back.
// All faults run at once in one exporter, one source each: a failing source
// must not disturb the others either.
func TestFaultsKeepLastGoodData(t *testing.T) {
	t.Parallel()
	ids := make([]string, len(faultCases))
	var entries []string
	var inject, fix []func()
	for i, tc := range faultCases {
		// The source name and its table id, unique per case.
		ids[i] = strings.NewReplacer(" ", "_", "-", "_").Replace(tc.name)
		entry, in, fx := tc.setup(t, ids[i])
		entries, inject, fix = append(entries, entry), append(inject, in), append(fix, fx)
	}
	cfg := filepath.Join(t.TempDir(), "config.yml")
	writeFile(t, cfg, "sources:\n- "+strings.Join(entries, "\n- ")+"\n")
	e := start(t, "--config.file="+cfg)
	all := func(value float64) func(string) bool {
		return func(m string) bool {
			for i, tc := range faultCases {
				if !has(dataSeries(ids[i]), value)(m) || !has(success(ids[i], tc.typ), 1)(m) {
					return false
				}
			}
			return true
		}
	}
	m := e.await(t, "every source's first good refresh", all(7))
	before := map[string]float64{}
	for _, id := range ids {
		before[id] = mustSample(t, m, failures(id))
	}

	for _, f := range inject {
		f()
	}
	m = e.await(t, "two failed refreshes of every source", func(m string) bool {
		for _, id := range ids {
			if v, ok := sample(m, failures(id)); !ok || v < before[id]+2 {
				return false
			}
		}
		return true
	})
	page := e.get(t, "/")
	for i, tc := range faultCases {
		t.Run(tc.name, func(t *testing.T) {
			id := ids[i]
			if v, ok := sample(m, dataSeries(id)); !ok || v != 7 {
				t.Errorf("last good series not served after the fault: %s = %v (present %v)", dataSeries(id), v, ok)
			}
			if v := mustSample(t, m, success(id, tc.typ)); v != 0 {
				t.Errorf("last_refresh_success = %v during the fault, want 0", v)
			}
			if v := mustSample(t, m, fmt.Sprintf(`korea_ict_exporter_source_series{source=%q}`, id)); v != 1 {
				t.Errorf("source_series = %v during the fault, want the last good data's 1", v)
			}
			if v := mustSample(t, m, fmt.Sprintf(`korea_ict_exporter_source_last_refresh_success_timestamp_seconds{source=%q}`, id)); v == 0 {
				t.Error("last success timestamp lost during the fault")
			}
			row := sourceRow(page, id)
			if !strings.Contains(row, "<b>failing</b>") || !strings.Contains(row, html.EscapeString(tc.wantErr)) {
				t.Errorf("landing page does not show the source failing with %q:\n%s", tc.wantErr, row)
			}
			t.Logf("last error: %s", lastErrorRe.FindString(row))
		})
	}

	for _, f := range fix {
		f()
	}
	e.await(t, "every source's success after the fix", all(8))
}

// sourceRow is a source's row of the landing page's table.
func sourceRow(page, name string) string {
	return regexp.MustCompile(`(?s)<tr>\n<td>` + regexp.QuoteMeta(name) + `</td>.*?</tr>`).FindString(page)
}

var lastErrorRe = regexp.MustCompile(`(?s)<td><pre>.*?</pre></td>`)

// fdCount is the exporter's open file descriptors as the kernel lists them.
func fdCount(t *testing.T, pid int) int {
	t.Helper()
	entries, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}

type usage struct{ goroutines, fds, procFDs int }

func (e *exporter) usage(t *testing.T) usage {
	t.Helper()
	m := e.get(t, "/metrics")
	return usage{
		goroutines: int(mustSample(t, m, "go_goroutines")),
		fds:        int(mustSample(t, m, "process_open_fds")),
		procFDs:    fdCount(t, e.cmd.Process.Pid),
	}
}

// baseline is the usage once it holds still for a few scrapes: connections
// and timers of the refreshes just done close asynchronously.
func (e *exporter) baseline(t *testing.T) usage {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	prev, same := e.usage(t), 0
	for same < 3 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		u := e.usage(t)
		if u == prev {
			same++
		} else {
			prev, same = u, 0
		}
	}
	return prev
}

// leakSlack bounds what may legitimately differ from the baseline: a scrape
// in flight, a timer, a connection being torn down.
const leakSlack = 5

// settled polls until usage is back within leakSlack of base; refreshes
// keep running meanwhile, so it looks for the moment between two of them.
func (e *exporter) settled(t *testing.T, base usage, after string) usage {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	peak := usage{}
	for {
		u := e.usage(t)
		peak = usage{max(peak.goroutines, u.goroutines), max(peak.fds, u.fds), max(peak.procFDs, u.procFDs)}
		if u.goroutines <= base.goroutines+leakSlack && u.fds <= base.fds+leakSlack && u.procFDs <= base.procFDs+leakSlack {
			t.Logf("after %s: goroutines %d, process_open_fds %d, /proc fds %d (baseline %d, %d, %d; highest seen while settling %d, %d, %d)",
				after, u.goroutines, u.fds, u.procFDs, base.goroutines, base.fds, base.procFDs, peak.goroutines, peak.fds, peak.procFDs)
			return u
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s: goroutines %d, process_open_fds %d, /proc fds %d never came back within %d of the baseline %d, %d, %d",
				after, u.goroutines, u.fds, u.procFDs, leakSlack, base.goroutines, base.fds, base.procFDs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func requireProcFS(t *testing.T) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("leak counts read /proc/<pid>/fd and process_open_fds: Linux only")
	}
}

// Many failed refreshes of hanging, trickling, refused and otherwise broken
// sources leave no goroutine or file descriptor behind.
func TestFaultsLeakNothing(t *testing.T) {
	requireProcFS(t)
	t.Parallel()
	// Several sources per fault, all on the same 1s schedule, multiply the
	// failed refreshes per second of test.
	const perFault = 2
	n := cycles(5, 40)
	kinds := []struct {
		name string
		h    http.HandlerFunc // nil: connection refused
	}{
		{"hang", hang}, {"trickle", trickle}, {"refused", nil}, {"status500", fail500},
		{"oversize", oversize}, {"garbage", garbage},
	}
	// Each source serves its own table (one table from two sources would
	// conflict): the path names it.
	byPath := func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Connection", "close")
		io.WriteString(w, dataTable(strings.TrimPrefix(req.URL.Path, "/"), 1))
	}
	var entries, victims []string
	var inject []func()
	for _, k := range kinds {
		r := newRemote(t, byPath)
		if k.h == nil {
			inject = append(inject, r.down)
		} else {
			inject = append(inject, func() { r.set(k.h) })
		}
		for i := range perFault {
			name := fmt.Sprintf("%s%d", k.name, i)
			victims = append(victims, name)
			entries = append(entries, fmt.Sprintf(`{name: %s, type: http, urls: ["http://%s/%s"], %s}`, name, r.addr, name, victimOpts))
		}
	}
	dir := t.TempDir()
	gone := filepath.Join(dir, "gone.yaml")
	writeFile(t, gone, dataTable("gone", 1))
	victims = append(victims, "gone")
	entries = append(entries, fmt.Sprintf(`{name: gone, type: file, paths: [%q], %s}`, gone, victimOpts))
	inject = append(inject, func() { os.Remove(gone) })
	cfg := filepath.Join(dir, "config.yml")
	writeFile(t, cfg, "sources:\n- "+strings.Join(entries, "\n- ")+"\n")

	e := start(t, "--config.file="+cfg)
	e.await(t, "every source's first good refresh", func(m string) bool {
		for _, v := range victims {
			typ := "http"
			if v == "gone" {
				typ = "file"
			}
			if got, _ := sample(m, success(v, typ)); got != 1 {
				return false
			}
		}
		return true
	})
	base := e.baseline(t)
	m := e.get(t, "/metrics")
	before := map[string]float64{}
	for _, v := range victims {
		before[v] = mustSample(t, m, failures(v))
	}
	for _, f := range inject {
		f()
	}
	began := time.Now()
	// A cycle is a second and the timeout: allow twice that, and a margin.
	m = e.awaitWithin(t, time.Duration(n)*2*time.Second+30*time.Second, fmt.Sprintf("%d failed refreshes of every source", n), func(m string) bool {
		for _, v := range victims {
			if f, ok := sample(m, failures(v)); !ok || f < before[v]+float64(n) {
				return false
			}
		}
		return true
	})
	total := 0.0
	for _, v := range victims {
		total += mustSample(t, m, failures(v)) - before[v]
	}
	t.Logf("%v failed refreshes of %d sources in %s", total, len(victims), time.Since(began).Round(time.Millisecond))
	e.settled(t, base, fmt.Sprintf("%v failed refreshes", total))
}

// A storm of SIGHUPs while the config file flips between a good and a broken
// version: the process survives, ends with the final file's outcome, keeps
// serving, and every dropped configuration's resources are released.
func TestSIGHUPStorm(t *testing.T) {
	requireProcFS(t)
	signals := cycles(100, 1000)
	for _, tc := range []struct {
		name      string
		finalGood bool
	}{
		{"ends on a good config", true},
		{"ends on a broken config", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			data := filepath.Join(dir, "table.yaml")
			writeFile(t, data, dataTable("stormy", 7))
			// The remote keeps its connections alive, as real servers do: each
			// reload replaces the source's HTTP client.
			r := newRemote(t, serveTable("remote", true, 5))
			good := fmt.Sprintf("sources:\n- {name: stormy, type: file, paths: [%q], schedule: \"@every 1s\"}\n- {name: remote, type: http, urls: [%q], schedule: \"@every 1s\", timeout: 2s}\n", data, r.url())
			broken := fmt.Sprintf("sources:\n- {name: stormy, type: file, paths: [%q], bogus: true}\n", data)
			cfg := filepath.Join(dir, "config.yml")
			writeFile(t, cfg, good)
			e := start(t, "--config.file="+cfg)
			e.await(t, "both sources", func(m string) bool {
				return has(dataSeries("stormy"), 7)(m) && has(dataSeries("remote"), 5)(m)
			})
			base := e.baseline(t)

			began := time.Now()
			var finalWrite time.Time
			for i := range signals {
				last := i == signals-1
				content := good
				if (last && !tc.finalGood) || (!last && i%2 == 0) {
					content = broken
				}
				// In place, not renamed: a reload may read a half-written file,
				// which is one more broken config.
				writeFile(t, cfg, content)
				if last {
					finalWrite = time.Now()
				}
				if err := e.cmd.Process.Signal(syscall.SIGHUP); err != nil {
					t.Fatalf("SIGHUP %d: %v", i+1, err)
				}
				time.Sleep(time.Second / time.Duration(signals))
			}
			t.Logf("%d SIGHUPs in %s", signals, time.Since(began).Round(time.Millisecond))

			want := 0.0
			if tc.finalGood {
				want = 1
			}
			m := e.await(t, "the final reload", func(m string) bool {
				if !has("korea_ict_exporter_config_last_reload_successful", want)(m) {
					return false
				}
				// A success at or after the final write read the final file.
				ts, _ := sample(m, "korea_ict_exporter_config_last_reload_success_timestamp_seconds")
				return !tc.finalGood || ts >= float64(finalWrite.UnixNano())/1e9
			})
			for _, s := range []string{"stormy", "remote"} {
				if v, ok := sample(m, dataSeries(s)); !ok || v != map[string]float64{"stormy": 7, "remote": 5}[s] {
					t.Errorf("%s not served after the storm: %v (present %v)", dataSeries(s), v, ok)
				}
			}
			e.settled(t, base, fmt.Sprintf("%d SIGHUPs", signals))
			if v := mustSample(t, e.get(t, "/metrics"), "korea_ict_exporter_config_last_reload_successful"); v != want {
				t.Errorf("config_last_reload_successful = %v at the end, want %v", v, want)
			}

			e.stop(t)
			logs := e.logs.String()
			outcomes := regexp.MustCompile(`msg="(reload failed; keeping the previous configuration|configuration reloaded)"`).FindAllStringSubmatch(logs, -1)
			if len(outcomes) == 0 {
				t.Fatal("no reload in the logs")
			}
			t.Logf("%d reloads for %d SIGHUPs (signals arriving during a reload coalesce)", len(outcomes), signals)
			if last := outcomes[len(outcomes)-1][1]; (last == "configuration reloaded") != tc.finalGood {
				t.Errorf("last reload in the logs: %q, want the final file's outcome", last)
			}
		})
	}
}

// After kill -9, the same command on the same address serves the sources
// again with no manual step: nothing on disk or in the port is left locked.
func TestKillAndRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := filepath.Join(dir, "table.yaml")
	writeFile(t, data, dataTable("kept", 7))
	r := newRemote(t, serveTable("remote", true, 5))
	cfg := filepath.Join(dir, "config.yml")
	writeFile(t, cfg, fmt.Sprintf("sources:\n- {name: kept, type: file, paths: [%q], schedule: \"@every 1s\"}\n- {name: remote, type: http, urls: [%q], schedule: \"@every 1s\", timeout: 2s}\n", data, r.url()))
	addr := exportertest.FreeAddr(t)
	both := func(m string) bool { return has(dataSeries("kept"), 7)(m) && has(dataSeries("remote"), 5)(m) }

	first := startOn(t, addr, "--config.file="+cfg)
	first.await(t, "both sources", both)
	if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := first.cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("exit after SIGKILL: %v", err)
	}

	began := time.Now()
	second := startOn(t, addr, "--config.file="+cfg)
	m := second.await(t, "both sources after the restart", both)
	t.Logf("serving again %s after the restart", time.Since(began).Round(time.Millisecond))
	for _, s := range []string{"kept", "remote"} {
		typ := map[string]string{"kept": "file", "remote": "http"}[s]
		if v := mustSample(t, m, success(s, typ)); v != 1 {
			t.Errorf("%s: last_refresh_success = %v after the restart", s, v)
		}
	}
	if v := mustSample(t, m, "korea_ict_exporter_config_last_reload_successful"); v != 1 {
		t.Errorf("config_last_reload_successful = %v after the restart", v)
	}
}
