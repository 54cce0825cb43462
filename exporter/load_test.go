package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"hash/fnv"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
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
// while the source refreshes every second and its file alternates between two
// contents: no scrape fails, every scrape holds exactly one generation's data
// (a generation's data is always the same, and only the two contents ever
// appear), and memory stays flat. 5 s by default, 60 s with
// KOREA_ICT_LONG_TESTS=1, and on until both contents and enough generations
// have been served.
//
// The file is replaced with the other content as soon as a scrape has seen
// the one it holds served, so that every refresh starting afterwards swaps
// in different data (a torn scrape mixes two different contents, and is
// seen), however long refreshes take. On a loaded machine a refresh takes
// seconds (3.5 s measured with the test on a CPU shared by eight busy
// loops), so a schedule of "@every 1s" fires every 4 s, and a file flipped on
// a timer was then often read with the same content refresh after refresh.
func TestLoadScrapesAreNeverTornOrFailed(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("needs /proc to read the exporter's memory")
	}
	run := 5 * time.Second
	if longTests {
		run = 60 * time.Second
	}
	want := int(run.Seconds())/2 + 2 // generations: at least three refreshes
	dir := t.TempDir()
	data := filepath.Join(dir, "load.yaml")
	contents := []string{loadTable(0), loadTable(1)}
	writeFile(t, data, contents[0])
	cfg := filepath.Join(dir, "config.yml")
	writeFile(t, cfg, fmt.Sprintf("sources:\n  - name: load\n    type: file\n    paths: [%q]\n    schedule: \"@every 1s\"\n", data))
	e := start(t, "--config.file="+cfg, "--log.level=warn")
	url := "http://" + e.addr + "/metrics"

	var (
		mu      sync.Mutex
		scrapes int
		failed  []error
		byGen   = map[float64]uint64{}
		torn    []string
		served  = map[uint64]bool{}
		first   uint64 // contents[0]'s fingerprint: served once ready, before any change
		latest  float64
	)
	// published holds which content the newest generation serves (an
	// index into contents); a newer one replaces it.
	published := make(chan int, 1)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		inFile := 0
		for {
			select {
			case <-stop:
				return
			case c := <-published:
				if c == inFile {
					inFile = 1 - inFile
					replaceFile(t, data, contents[inFile])
				}
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
	client := &http.Client{Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 16}, Timeout: 10 * time.Second}
	for range 16 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
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
					if first == 0 {
						first = fp
					}
					if gen > latest {
						latest = gen
						c := 1
						if fp == first {
							c = 0
						}
						select {
						case <-published: // superseded
						default:
						}
						published <- c
					}
				}
				mu.Unlock()
			}
		})
	}
	began := time.Now()
	done := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(served) >= 2 && len(byGen) >= want
	}
	for deadline := began.Add(run + 2*time.Minute); time.Since(began) < run || !done() && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	took := time.Since(began).Round(time.Millisecond)
	close(stop)
	wg.Wait()

	gens := slices.Sorted(maps.Keys(byGen))
	changes := 0
	for i := 1; i < len(gens); i++ {
		if byGen[gens[i]] != byGen[gens[i-1]] {
			changes++
		}
	}
	t.Logf("%d scrapes in %s over %d generations, %d of them a change of content; RSS %d samples", scrapes, took, len(byGen), changes, len(memory))
	if len(failed) > 0 {
		t.Errorf("%d of %d scrapes failed, first: %v", len(failed), scrapes, failed[0])
	}
	if len(torn) > 0 {
		t.Errorf("%d torn scrapes, first: %s", len(torn), torn[0])
	}
	if len(served) != 2 {
		t.Errorf("%d different data contents served in %s, want exactly the 2 alternating ones", len(served), took)
	}
	if len(byGen) < want {
		t.Errorf("only %d generations in %s, want %d: the source did not keep refreshing", len(byGen), took, want)
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
