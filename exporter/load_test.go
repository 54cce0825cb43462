package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// loadTable is one data file of 20 metrics of 500 series each, every value
// derived from variant: two variants are the same series with other values.
func loadTable(variant int) string {
	var b strings.Builder
	b.WriteString("table: load\ntitle: Load test table\nsource: test\nmetrics:\n")
	for m := range 20 {
		fmt.Fprintf(&b, "  - name: korea_ict_load_%02d_won\n    help: Load test figure %d.\n    unit: won\n    series:\n", m, m)
		for i := range 500 {
			fmt.Fprintf(&b, "      - {year: %d, item: i%03d, value: %d}\n", 1990+i%25, i/25, variant*1000000+m*1000+i)
		}
	}
	return b.String()
}

var generationLine = regexp.MustCompile(`(?m)^korea_ict_exporter_data_generation (\S+)$`)

// A scrape as Prometheus 3 makes it, checked: complete (OpenMetrics ends with
// "# EOF", gzip's CRC and length hold), and reduced to its data generation
// and a fingerprint of its data lines.
func loadScrape(client *http.Client, url string) (gen float64, fingerprint uint64, err error) {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Accept", "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2")
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, 0, fmt.Errorf("status %s", resp.Status)
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		return 0, 0, err
	}
	body, err := io.ReadAll(zr)
	if err != nil {
		return 0, 0, err
	}
	if !bytes.HasSuffix(body, []byte("\n# EOF\n")) {
		return 0, 0, fmt.Errorf("incomplete exposition (%d bytes)", len(body))
	}
	m := generationLine.FindSubmatch(body)
	if m == nil {
		return 0, 0, fmt.Errorf("no data generation")
	}
	if gen, err = strconv.ParseFloat(string(m[1]), 64); err != nil {
		return 0, 0, err
	}
	h := fnv.New64a()
	lines := 0
	for _, line := range bytes.SplitAfter(body, []byte("\n")) {
		if bytes.HasPrefix(line, []byte("korea_ict_load_")) {
			h.Write(line)
			lines++
		}
	}
	if lines != 20*500 {
		return 0, 0, fmt.Errorf("%d data series, want %d", lines, 20*500)
	}
	return gen, h.Sum64(), nil
}

func rss(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb * 1024, err
		}
	}
	return 0, fmt.Errorf("no VmRSS")
}

// Sixteen scrapers, as from several HA Prometheus pairs, scrape without pause
// while the source refreshes every second with alternating content: no scrape
// fails, every scrape holds exactly one generation's data (a generation's
// data is always the same, and only the two contents ever appear), and memory
// stays flat. 5 s by default; 60 s with KOREA_ICT_LONG_TESTS=1.
func TestLoadScrapesAreNeverTornOrFailed(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("needs /proc to read the exporter's memory")
	}
	run := 5 * time.Second
	if longTests {
		run = 60 * time.Second
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "load.yaml")
	contents := []string{loadTable(0), loadTable(1)}
	writeFile(t, data, contents[0])
	cfg := filepath.Join(dir, "config.yml")
	writeFile(t, cfg, fmt.Sprintf("sources:\n  - name: load\n    type: file\n    paths: [%q]\n    schedule: \"@every 1s\"\n", data))
	e := start(t, "--config.file="+cfg, "--log.level=warn")
	url := "http://" + e.addr + "/metrics"

	stop := make(chan struct{})
	var wg sync.WaitGroup
	// The content flips more often than the source refreshes, so that
	// nearly every refresh swaps in the other content.
	wg.Go(func() {
		tick := time.NewTicker(700 * time.Millisecond)
		defer tick.Stop()
		for i := 1; ; i++ {
			select {
			case <-stop:
				return
			case <-tick.C:
				replaceFile(t, data, contents[i%2])
			}
		}
	})
	var memory []int64
	wg.Go(func() {
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if r, err := rss(e.cmd.Process.Pid); err == nil {
					memory = append(memory, r)
				}
			}
		}
	})
	var (
		mu      sync.Mutex
		scrapes int
		failed  []error
		byGen   = map[float64]uint64{}
		torn    []string
		served  = map[uint64]bool{}
	)
	client := &http.Client{Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 16}, Timeout: 10 * time.Second}
	deadline := time.Now().Add(run)
	for range 16 {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				gen, fp, err := loadScrape(client, url)
				mu.Lock()
				scrapes++
				switch {
				case err != nil:
					failed = append(failed, err)
				case byGen[gen] != 0 && byGen[gen] != fp:
					torn = append(torn, fmt.Sprintf("generation %v served with two different data", gen))
				default:
					byGen[gen] = fp
					served[fp] = true
				}
				mu.Unlock()
			}
		})
	}
	time.Sleep(time.Until(deadline))
	close(stop)
	wg.Wait()

	t.Logf("%d scrapes in %s over %d generations; RSS %d samples", scrapes, run, len(byGen), len(memory))
	if len(failed) > 0 {
		t.Errorf("%d of %d scrapes failed, first: %v", len(failed), scrapes, failed[0])
	}
	if len(torn) > 0 {
		t.Errorf("%d torn scrapes, first: %s", len(torn), torn[0])
	}
	if len(served) != 2 {
		t.Errorf("%d different data contents served, want exactly the 2 alternating ones", len(served))
	}
	if want := int(run.Seconds()) / 2; len(byGen) < want {
		t.Errorf("only %d generations in %s: the source did not refresh every second", len(byGen), run)
	}
	// Flat: the last third of the run uses no more memory than the first
	// third, within a margin for the allocator's and collector's rhythm.
	if n := len(memory); n >= 6 {
		first, last := peak(memory[:n/3]), peak(memory[n-n/3:])
		t.Logf("peak RSS: first third %.1f MB, last third %.1f MB", float64(first)/1e6, float64(last)/1e6)
		if last > first+first/4+8<<20 {
			t.Errorf("memory grew from %.1f MB to %.1f MB", float64(first)/1e6, float64(last)/1e6)
		}
	} else {
		t.Errorf("only %d memory samples", n)
	}
}

func peak(xs []int64) int64 {
	var m int64
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}
