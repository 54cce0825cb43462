package main

import (
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source/worldbank/wbtest"
	"github.com/korea-ict-exporter/korea-ict-exporter/internal/exportertest"
)

// run runs the exporter binary to the end: its exit code, stdout and stderr.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String(), errOut.String()
}

// exampleConfig is config/korea-ict-exporter.yml with its World Bank
// base_url replaced (the example points at the real API).
func exampleConfig(t *testing.T, baseURL string) string {
	t.Helper()
	raw, err := os.ReadFile("../config/korea-ict-exporter.yml")
	if err != nil {
		t.Fatal(err)
	}
	const real = "base_url: https://api.worldbank.org/v2"
	if !strings.Contains(string(raw), real) {
		t.Fatalf("the example config has no %q", real)
	}
	path := filepath.Join(t.TempDir(), "korea-ict-exporter.yml")
	if err := os.WriteFile(path, []byte(strings.Replace(string(raw), real, "base_url: "+baseURL, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// `check` on the shipped example configuration works without network: it
// checks the embedded report and names the World Bank source it did not
// fetch. --fetch-remote fetches it, and then a network failure is an error.
func TestCheckOffline(t *testing.T) {
	code, stdout, stderr := run(t, "check", "--config.file=../config/korea-ict-exporter.yml")
	if code != 0 {
		t.Fatalf("check of the example config: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{`source "report": ok: `, `source "worldbank": not fetched: a remote worldbank source (--fetch-remote fetches it)`} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}

	// A port nothing listens on: connection refused, at once and offline.
	closed := "http://" + exportertest.FreeAddr(t)
	code, stdout, stderr = run(t, "check", "--fetch-remote", "--config.file="+exampleConfig(t, closed))
	if code != 1 || !strings.Contains(stderr, `source "worldbank"`) || !strings.Contains(stderr, "connection refused") {
		t.Errorf("--fetch-remote with the API unreachable: exit %d\n%s%s", code, stdout, stderr)
	}

	api := httptest.NewServer(wbtest.Handler(os.DirFS("internal/source/worldbank/" + wbtest.Dir)))
	defer api.Close()
	code, stdout, stderr = run(t, "check", "--fetch-remote", "--config.file="+exampleConfig(t, api.URL))
	if code != 0 || !strings.Contains(stdout, `source "worldbank": ok: 7 tables`) {
		t.Errorf("--fetch-remote with the API's fixtures: exit %d\n%s%s", code, stdout, stderr)
	}
}

// CSV data files through the binary: `check` takes them (a bad row is
// file:line), a file source serves them, and `backfill` writes them.
func TestCSVDataFiles(t *testing.T) {
	dir := t.TempDir()
	// The report has korea_ict_exports_dollars: the file takes its help.
	const good = "metric,unit,value,year,size,help\n" +
		"korea_ict_exports_dollars,million dollars,1.5,2024,sme,\n" +
		"korea_ict_exports_dollars,million dollars,2.25,2025,sme,\n"
	csvFile := filepath.Join(dir, "exports-2024.csv")
	if err := os.WriteFile(csvFile, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, "check", dir)
	if code != 0 || !strings.Contains(stdout, "ok: 1 tables, 2 series") {
		t.Fatalf("check of a good CSV file: exit %d\n%s%s", code, stdout, stderr)
	}

	cfg := filepath.Join(dir, "config.yml")
	os.WriteFile(cfg, []byte("sources:\n  - {name: sheets, type: file, paths: ["+csvFile+"]}\n"), 0o644)
	code, stdout, stderr = run(t, "backfill", "--config.file="+cfg)
	want := `korea_ict_exports_dollars{granularity="year",size="sme",status="reported",table="exports-2024"} 2.25e+06 1.7356896e+09`
	if code != 0 || !strings.Contains(stdout, want) {
		t.Errorf("backfill of a CSV file source: exit %d, want %s in\n%s%s", code, want, stdout, stderr)
	}
	e := start(t, "--config.file="+cfg)
	defer e.stop(t)
	if m := e.get(t, "/metrics"); !strings.Contains(m, `korea_ict_exports_dollars{size="sme",status="reported",table="exports-2024",year="2024"} 1.5e+06`) {
		t.Errorf("the CSV file source's series is not served:\n%s", m)
	}

	bad := strings.Replace(good, "2.25", "2.2.5", 1)
	os.WriteFile(csvFile, []byte(bad), 0o644)
	code, stdout, stderr = run(t, "check", dir)
	if want := csvFile + `:3: value "2.2.5" is not a number`; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("check of a bad CSV row: exit %d, want %q in\n%s%s", code, want, stdout, stderr)
	}
}
