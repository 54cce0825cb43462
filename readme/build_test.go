package readme

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/korea-ict-exporter/korea-ict-exporter/internal/buildtool"
	"github.com/korea-ict-exporter/korea-ict-exporter/internal/exportertest"
)

// clone copies the repository's files (tracked, and new ones not ignored:
// the working tree as it is) into a fresh git repository with one commit on
// branch main, and returns its directory and that commit.
func clone(t *testing.T) (dir, revision string) {
	t.Helper()
	root, err := buildtool.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	ls := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	ls.Dir = root
	out, err := ls.Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	dir = t.TempDir()
	for _, f := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		b, err := os.ReadFile(filepath.Join(root, f))
		if os.IsNotExist(err) {
			continue // deleted in the working tree, not yet in the index
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git := func(args ...string) string {
		cmd := exec.Command("git", append([]string{"-c", "user.name=test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %s: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("commit", "-q", "-m", "clone")
	return dir, git("rev-parse", "HEAD")
}

// The README's build command, run as many CI systems build (with
// -buildvcs=false, so nothing comes from Go's VCS stamp), writes
// ./korea-ict-exporter with the VERSION file's version and the clone's
// revision and branch, and the binary shows them in --version, on its
// landing page and in korea_ict_exporter_build_info. Then every shell block
// of the README and docs/ that runs ./korea-ict-exporter works as written.
func TestReadmeBuildCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the exporter in a clone")
	}
	docs := documented(t)
	var build string
	for _, c := range codeBlocks(docs["README.md"], "sh") {
		if strings.HasPrefix(c, "make build") {
			build = c
		}
	}
	if build == "" {
		t.Fatal("the README has no `make build` block")
	}
	dir, rev := clone(t)
	v, err := os.ReadFile(filepath.Join(dir, "VERSION"))
	if err != nil {
		t.Fatal(err)
	}
	ver := strings.TrimSpace(string(v))
	if !regexp.MustCompile(`^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$`).MatchString(ver) {
		t.Fatalf("VERSION is %q, want a semantic version", ver)
	}

	sh := func(script string) string {
		t.Helper()
		cmd := exec.Command("sh", "-ec", script)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-buildvcs=false")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("`%s` in a clone: %v\n%s", script, err, out)
		}
		return string(out)
	}
	sh(build)
	bin := filepath.Join(dir, "korea-ict-exporter")

	out := sh("./korea-ict-exporter --version")
	for _, want := range []string{"version " + ver + " ", "branch: main,", "revision: " + rev + ")"} {
		if !strings.Contains(out, want) {
			t.Errorf("--version says\n%s\nwant %q in it", out, want)
		}
	}

	addr := exportertest.FreeAddr(t)
	serve(t, exec.Command(bin, "--web.listen-address="+addr))
	get := func(path string) string { return await(t, "http://"+addr+path, time.Minute) }
	if page := get("/"); !strings.Contains(page, "version="+ver+",") || !strings.Contains(page, "revision="+rev+")") {
		t.Errorf("the landing page does not show version %s and revision %s:\n%s", ver, rev, page)
	}
	info := regexp.MustCompile(`(?m)^korea_ict_exporter_build_info\{.*\} 1$`).FindString(get("/metrics"))
	for _, want := range []string{`version="` + ver + `"`, `revision="` + rev + `"`, `branch="main"`} {
		if !strings.Contains(info, want) {
			t.Errorf("korea_ict_exporter_build_info is %q, want %s in it", info, want)
		}
	}

	// promtool, for the backfill's second line, where `make tools` put it.
	promtool := buildtool.Path(t, "promtool")
	ran := 0
	for page, md := range docs {
		for _, block := range codeBlocks(md, "sh") {
			if !strings.HasPrefix(block, "./korea-ict-exporter ") {
				continue
			}
			ran++
			cmd := exec.Command("sh", "-ec", block)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(promtool)+string(os.PathListSeparator)+os.Getenv("PATH"))
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("%s: `%s` after `%s`: %v\n%s", page, block, build, err, out)
			}
		}
	}
	if ran < 2 {
		t.Errorf("ran %d documented blocks using ./korea-ict-exporter, want at least 2 (backfill, check)", ran)
	}
}
