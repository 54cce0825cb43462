// Command bench measures the exporter against two baselines serving the same
// synthetic series, in one run on one machine: node_exporter's textfile
// collector and a minimal server writing pre-rendered exposition bytes (the
// physical limit). It prints Markdown for docs/performance.md. `make bench`
// builds what it needs and runs it; see docs/performance.md.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/synth"
)

// Accept headers as the clients send them.
const (
	acceptPrometheus3 = "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2"
	acceptText        = "text/plain;version=0.0.4"
	acceptProtobuf    = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3"
)

type variant struct {
	name, accept string
	gzip         bool
}

var variants = []variant{
	{"text", acceptText, false},
	{"text+gzip", acceptText, true},
	{"openmetrics (Prometheus 3)", acceptPrometheus3, false},
	{"openmetrics+gzip (Prometheus 3)", acceptPrometheus3, true},
	{"protobuf", acceptProtobuf, false},
	{"protobuf+gzip", acceptProtobuf, true},
}

var (
	sizes       = flag.String("sizes", "10000,100000,1000000", "series counts to measure, comma-separated")
	duration    = flag.Duration("duration", 5*time.Second, "how long each measurement scrapes")
	minRequests = flag.Int("min-requests", 4, "fewest scrapes per measurement, however long they take")
	concurrency = flag.Int("concurrency", 4, "concurrent scrapers per measurement")
	exporterBin = flag.String("exporter", "", "the korea-ict-exporter binary (run with this process' environment: set GOMEMLIMIT here to cap it)")
	nodeBin     = flag.String("node-exporter", "", "the node_exporter binary (empty: skip that baseline)")
	workDir     = flag.String("dir", "", "working directory for data files (default: a temporary one)")
	serveStatic = flag.String("serve-static", "", "internal: serve this exposition file pre-rendered, plain and gzipped")
	listen      = flag.String("listen", "", "internal: address for -serve-static")
)

func main() {
	flag.Parse()
	if *serveStatic != "" {
		if err := staticServer(*serveStatic, *listen); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// staticServer is the physical-limit baseline: the exposition rendered once,
// gzipped once, and written as it is on every request.
func staticServer(path, addr string) error {
	plain, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var zipped bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&zipped, gzip.DefaultCompression)
	zw.Write(plain)
	zw.Close()
	return http.ListenAndServe(addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		body := plain
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			w.Header().Set("Content-Encoding", "gzip")
			body = zipped.Bytes()
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	}))
}

func run() error {
	if *exporterBin == "" {
		return errors.New("-exporter is required")
	}
	dir := *workDir
	if dir == "" {
		d, err := os.MkdirTemp("", "korea-ict-bench")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	fmt.Printf("Machine: %d CPUs (%s/%s), %s; each measurement: %d concurrent scrapers for %s (at least %d scrapes), loopback.\n\n",
		runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, cpuModel(), *concurrency, *duration, *minRequests)

	if err := embeddedRun(); err != nil {
		return err
	}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("-sizes: %w", err)
		}
		if err := sizeRun(filepath.Join(dir, strconv.Itoa(n)), n); err != nil {
			return fmt.Errorf("%d series: %w", n, err)
		}
	}
	return nil
}

// embeddedRun measures the report's own dataset, served with no config.
func embeddedRun() error {
	ex, err := startProcess(*exporterBin, nil, "--log.level=warn")
	if err != nil {
		return err
	}
	defer ex.stop()
	fmt.Println("## Embedded dataset (the report, default configuration)")
	fmt.Println()
	fmt.Println("| format | median | p99 | bytes |")
	fmt.Println("|---|---|---|---|")
	for _, v := range []variant{variants[0], variants[3]} {
		r, err := measure(ex.url(), v, 1, *duration)
		if err != nil {
			return err
		}
		fmt.Printf("| %s | %s | %s | %d |\n", v.name, ms(r.median), ms(r.p99), r.bytes)
	}
	fmt.Println()
	return nil
}

func sizeRun(dir string, n int) error {
	data := filepath.Join(dir, "data")
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := synth.Write(data, n, 0); err != nil {
		return err
	}
	cfg := filepath.Join(dir, "config.yml")
	writeConfig := func(schedule string) error {
		y := fmt.Sprintf("sources:\n  - name: synth\n    type: file\n    paths: [%q]\n    timeout: 5m\n    max_bytes: 1GiB\n", data)
		if schedule != "" {
			y += fmt.Sprintf("    schedule: %q\n", schedule)
		}
		return os.WriteFile(cfg, []byte(y), 0o644)
	}
	if err := writeConfig(""); err != nil {
		return err
	}
	startExporter := func() (*process, error) {
		return startProcess(*exporterBin, nil, "--config.file="+cfg, "--web.enable-lifecycle", "--log.level=warn")
	}

	// Phase 1: a fresh exporter scraped as its two usual clients scrape it:
	// Prometheus servers (OpenMetrics + gzip) and a person's curl (text).
	ex, err := startExporter()
	if err != nil {
		return err
	}
	defer ex.stop()
	self, err := ex.selfMetrics()
	if err != nil {
		return err
	}
	coldRefresh := self["korea_ict_exporter_source_last_refresh_duration_seconds"]
	idle, err := measureClients(ex.url(), *duration)
	if err != nil {
		return err
	}
	// A reload refreshes the source again, now rendering the formats the
	// previous generation served before swapping. Only a source whose
	// configuration changed is refreshed by a reload: it gets a schedule
	// that does not fire during the run.
	if err := writeConfig("@every 1h"); err != nil {
		return err
	}
	before := self["korea_ict_exporter_source_refreshes_total"]
	if err := ex.reload(); err != nil {
		return err
	}
	if self, err = ex.waitRefreshes(before + 1); err != nil {
		return err
	}
	warmRefresh := self["korea_ict_exporter_source_last_refresh_duration_seconds"]
	// Scrapes while the source refreshes back to back.
	if err := writeConfig("@every 1s"); err != nil {
		return err
	}
	before = self["korea_ict_exporter_source_refreshes_total"]
	if err := ex.reload(); err != nil {
		return err
	}
	busy, err := measureClients(ex.url(), max(*duration, time.Duration(3*warmRefresh*float64(time.Second))))
	if err != nil {
		return err
	}
	if self, err = ex.selfMetrics(); err != nil {
		return err
	}
	refreshes := int(self["korea_ict_exporter_source_refreshes_total"] - before)
	promRSS := ex.peakRSS()
	ex.stop()
	if err := writeConfig(""); err != nil {
		return err
	}

	// Phase 2: every format, against the baselines, on a fresh exporter.
	if ex, err = startExporter(); err != nil {
		return err
	}
	defer ex.stop()
	text, err := get(ex.url(), variants[0])
	if err != nil {
		return err
	}
	textfile := filepath.Join(dir, "textfile")
	if err := os.MkdirAll(textfile, 0o755); err != nil {
		return err
	}
	promFile := filepath.Join(textfile, "synth.prom")
	if err := os.WriteFile(promFile, dataOnly(text), 0o644); err != nil {
		return err
	}
	servers := []*process{ex}
	names := []string{"korea-ict-exporter"}
	me, err := os.Executable()
	if err != nil {
		return err
	}
	static, err := startProcess(me, func(addr string) []string { return []string{"-serve-static", promFile, "-listen", addr} })
	if err != nil {
		return err
	}
	defer static.stop()
	servers, names = append(servers, static), append(names, "pre-rendered bytes")
	if *nodeBin != "" {
		node, err := startProcess(*nodeBin, func(addr string) []string {
			return []string{"--web.listen-address=" + addr, "--collector.disable-defaults", "--collector.textfile",
				"--collector.textfile.directory=" + textfile, "--web.disable-exporter-metrics", "--log.level=warn"}
		})
		if err != nil {
			return err
		}
		defer node.stop()
		servers, names = append(servers, node), append(names, "node_exporter textfile")
	}

	fmt.Printf("## %d series (%.1f MB as text)\n\n", n, float64(len(text))/1e6)
	fmt.Print("| format |")
	for _, name := range names {
		fmt.Printf(" %s median / p99 |", name)
	}
	fmt.Print(" bytes sent (exporter) | exporter ÷ pre-rendered (median) |")
	if len(servers) > 2 {
		fmt.Print(" node_exporter ÷ pre-rendered (median) |")
	}
	fmt.Println()
	fmt.Println("|---|" + strings.Repeat("---|", 2*len(names)))
	for _, v := range variants {
		var rs []result
		for _, s := range servers {
			r, err := measure(s.url(), v, *concurrency, *duration)
			if err != nil {
				return fmt.Errorf("%s %s: %w", s.bin, v.name, err)
			}
			rs = append(rs, r)
		}
		fmt.Printf("| %s |", v.name)
		for _, r := range rs {
			fmt.Printf(" %s / %s |", ms(r.median), ms(r.p99))
		}
		fmt.Printf(" %d | %.2f |", rs[0].bytes, rs[0].median.Seconds()/rs[1].median.Seconds())
		if len(rs) > 2 {
			fmt.Printf(" %.1f |", rs[2].median.Seconds()/rs[1].median.Seconds())
		}
		fmt.Println()
	}
	fmt.Println()
	fmt.Print("Peak RSS with every format above rendered:")
	for i, s := range servers {
		fmt.Printf(" %s %s;", names[i], mb(s.peakRSS()))
	}
	fmt.Println()
	fmt.Println()
	fmt.Printf("Scraped at once as Prometheus 3 servers and a person's curl do, on a fresh exporter:\n\n")
	fmt.Printf("- refresh (fetch, parse, validate, check, render the formats served, swap): first load %.2f s (renders nothing: no format served yet), reload %.2f s;\n", coldRefresh, warmRefresh)
	for i, c := range clients() {
		fmt.Printf("- %s, %d scraper(s): idle median %s, p99 %s; while the source refreshes back to back (%d refreshes in the window): median %s, p99 %s; p99 ratio %.2f;\n",
			c.v.name, c.concurrent, ms(idle[i].median), ms(idle[i].p99), refreshes, ms(busy[i].median), ms(busy[i].p99), busy[i].p99.Seconds()/idle[i].p99.Seconds())
	}
	fmt.Printf("- peak RSS over all of it: %s.\n\n", mb(promRSS))
	return nil
}

type scraper struct {
	v          variant
	concurrent int // scrapers
}

// clients are the exporter's two usual clients: Prometheus servers and a
// person's curl. Each format asked for may cost the exporter memory.
func clients() []scraper { return []scraper{{variants[3], *concurrency}, {variants[0], 1}} }

// measureClients measures every one of clients for d, all at once.
func measureClients(url string, d time.Duration) ([]result, error) {
	cs := clients()
	results := make([]result, len(cs))
	errs := make([]error, len(cs))
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Go(func() { results[i], errs[i] = measure(url, c.v, c.concurrent, d) })
	}
	wg.Wait()
	return results, errors.Join(errs...)
}

var selfLine = regexp.MustCompile(`^(# (HELP|TYPE) )?(go_|process_|promhttp_|korea_ict_exporter_)`)

// dataOnly drops the exporter's own metrics from a text exposition.
func dataOnly(text []byte) []byte {
	var out bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(text))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if !selfLine.Match(sc.Bytes()) {
			out.Write(sc.Bytes())
			out.WriteByte('\n')
		}
	}
	return out.Bytes()
}

type result struct {
	median, p99 time.Duration
	bytes       int
	requests    int
}

var client = &http.Client{Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 64}}

// measure scrapes url with c concurrent clients for d (and at least
// -min-requests scrapes), reading every body to the end, as sent.
func measure(url string, v variant, c int, d time.Duration) (result, error) {
	var (
		mu        sync.Mutex
		latencies []time.Duration
		size      int
		firstErr  error
	)
	// The first scrape of a format renders it; that is a refresh's cost,
	// reported apart, not a scrape's.
	if _, err := scrape(url, v); err != nil {
		return result{}, err
	}
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for range c {
		wg.Go(func() {
			for {
				mu.Lock()
				done := firstErr != nil || (time.Now().After(deadline) && len(latencies) >= *minRequests)
				mu.Unlock()
				if done {
					return
				}
				start := time.Now()
				n, err := scrape(url, v)
				took := time.Since(start)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				latencies = append(latencies, took)
				size = n
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return result{}, firstErr
	}
	slices.Sort(latencies)
	return result{
		median:   latencies[len(latencies)/2],
		p99:      latencies[min(len(latencies)-1, len(latencies)*99/100)],
		bytes:    size,
		requests: len(latencies),
	}, nil
}

func scrape(url string, v variant) (int, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Accept", v.accept)
	if v.gzip {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s: %s", url, resp.Status)
	}
	return int(n), err
}

func get(url string, v variant) ([]byte, error) {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Accept", v.accept)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

type process struct {
	bin      string
	exporter bool // has /-/ready, which says when the data has loaded
	cmd      *exec.Cmd
	addr     string
	logs     bytes.Buffer
}

// startProcess runs bin on a free loopback port: args builds its arguments
// from the address, or nil for the exporter's own flag plus extra.
func startProcess(bin string, args func(addr string) []string, extra ...string) (*process, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	argv := append([]string{"--web.listen-address=" + addr}, extra...)
	if args != nil {
		argv = args(addr)
	}
	p := &process{bin: filepath.Base(bin), addr: addr, exporter: args == nil}
	p.cmd = exec.Command(bin, argv...)
	p.cmd.Stdout, p.cmd.Stderr = &p.logs, &p.logs
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	for ctx.Err() == nil {
		resp, err := http.Get(p.url())
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && p.ready() {
				return p, nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.stop()
	return nil, fmt.Errorf("%s did not come up: %s", bin, p.logs.String())
}

func (p *process) url() string { return "http://" + p.addr + "/metrics" }

func (p *process) ready() bool {
	if !p.exporter {
		return true
	}
	resp, err := http.Get("http://" + p.addr + "/-/ready")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func (p *process) stop() {
	p.cmd.Process.Kill()
	p.cmd.Wait()
}

func (p *process) reload() error {
	resp, err := http.Post("http://"+p.addr+"/-/reload", "", nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("reload: %s %s", resp.Status, b)
	}
	return nil
}

var sample = regexp.MustCompile(`(?m)^(korea_ict_exporter_source_\w+)\{[^}]*\} (\S+)$`)

// selfMetrics reads the exporter's per-source metrics (one source here).
func (p *process) selfMetrics() (map[string]float64, error) {
	body, err := get("http://"+p.addr+"/metrics", variants[0])
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for _, m := range sample.FindAllSubmatch(body, -1) {
		v, err := strconv.ParseFloat(string(m[2]), 64)
		if err != nil {
			return nil, err
		}
		out[string(m[1])] = v
	}
	return out, nil
}

func (p *process) waitRefreshes(n float64) (map[string]float64, error) {
	deadline := time.Now().Add(10 * time.Minute)
	for time.Now().Before(deadline) {
		self, err := p.selfMetrics()
		if err != nil {
			return nil, err
		}
		if self["korea_ict_exporter_source_refreshes_total"] >= n {
			return self, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return nil, errors.New("refresh did not finish")
}

// peakRSS is the process' high-water resident set size, from /proc.
func (p *process) peakRSS() int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "model name"); ok {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), ":"))
		}
	}
	return "unknown CPU"
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", d.Seconds()*1000) }

func mb(b int64) string { return fmt.Sprintf("%.0f MB", float64(b)/1e6) }
