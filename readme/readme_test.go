package readme

import (
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/korea-ict-exporter/korea-ict-exporter/internal/exportertest"
	"github.com/korea-ict-exporter/korea-ict-exporter/internal/promqltest"
)

func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func codeBlocks(md, lang string) []string {
	re := regexp.MustCompile("(?s)```" + lang + "\n(.*?)```")
	var out []string
	for _, m := range re.FindAllStringSubmatch(md, -1) {
		out = append(out, strings.TrimSpace(m[1]))
	}
	return out
}

// documented reads the README and every page of docs/, so that a command or
// query is tested wherever it is documented.
func documented(t *testing.T) map[string]string {
	t.Helper()
	pages, err := filepath.Glob("../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{"README.md": readme(t)}
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		docs[strings.TrimPrefix(p, "../")] = string(b)
	}
	return docs
}

// Every PromQL block of the README and of docs/ (the cookbook's among them)
// returns data from the exporter's real output, evaluated by Prometheus'
// engine.
func TestDocumentedQueries(t *testing.T) {
	type query struct{ page, expr string }
	var qs []query
	docs := documented(t)
	for page, md := range docs {
		for _, q := range codeBlocks(md, "promql") {
			qs = append(qs, query{page, q})
		}
	}
	if cookbook := codeBlocks(docs["docs/cookbook.md"], "promql"); len(cookbook) < 12 {
		t.Fatalf("docs/cookbook.md has %d queries, want at least 12", len(cookbook))
	}
	now := time.Now().Truncate(time.Second)
	st := promqltest.LoadScrapes(t, promqltest.ScrapeExporter(t), []time.Time{now.Add(-time.Minute), now})
	eng := promqltest.NewEngine()
	for _, q := range qs {
		res, err := promqltest.Evaluate(eng, st, promqltest.Query{Expr: q.expr, Instant: true}, now)
		if err != nil {
			t.Errorf("%s: %s: %v", q.page, q.expr, err)
			continue
		}
		if res.Series == 0 {
			t.Errorf("%s: no data: %s", q.page, q.expr)
		}
	}
}

// The README's set-up commands work as written: the first serves the
// embedded dataset (run here with a free port added by the listen flag, so
// that the test needs no fixed port; the documented port is the exporter's
// default); the second is what CI runs.
func TestReadmeSetupCommands(t *testing.T) {
	md := readme(t)
	cmds := codeBlocks(md, "sh")
	if len(cmds) < 2 || cmds[0] != "go run ./exporter" || cmds[1] != "make test" {
		t.Fatalf("the README's first two commands are %q, want \"go run ./exporter\" and \"make test\"", cmds)
	}
	ci, err := os.ReadFile("../.ci/run")
	if err != nil || !strings.Contains(string(ci), "\nmake test") {
		t.Errorf(".ci/run does not run `make test`: %v", err)
	}
	mk, err := os.ReadFile("../Makefile")
	if err != nil || !regexp.MustCompile(`(?m)^test:`).Match(mk) {
		t.Errorf("the Makefile has no test target: %v", err)
	}
	if !strings.Contains(md, "<http://localhost:10873/metrics>") {
		t.Error("the README does not say the exporter serves http://localhost:10873/metrics")
	}
	help, err := exec.Command(exportertest.Binary(t), "--help").CombinedOutput()
	if err != nil || !strings.Contains(string(help), "--web.listen-address=:10873 ") {
		t.Errorf("the exporter's default listen address is not the documented :10873: %v\n%s", err, help)
	}
	addr := exportertest.FreeAddr(t)
	cmd := exec.Command("sh", "-c", "exec "+cmds[0]+" --web.listen-address="+addr)
	cmd.Dir = ".."
	serve(t, cmd)
	await(t, "http://"+addr+"/metrics", 2*time.Minute)
}

// serve starts cmd in a process group of its own (`go run` and what it
// runs), which ends with the test.
func serve(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		cmd.Wait()
	})
}

// await GETs url until it answers 200, for at most d, and returns the body.
func await(t *testing.T, url string, d time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		resp, err := http.Get(url)
		if err == nil {
			b, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err == nil && resp.StatusCode == http.StatusOK {
				return string(b)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s did not answer 200 within %s: %v", url, d, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
