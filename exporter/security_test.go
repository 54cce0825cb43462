package main

// Hostile strings, credentials and access control, against the real binary.

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source/worldbank/wbtest"
	"github.com/korea-ict-exporter/korea-ict-exporter/internal/exportertest"
)

const (
	urlPassword = "s3cret-in-url"
	// urlToken is a secret in a URL's query, as signed object-store URLs
	// and APIs carry them.
	urlToken = "t0ken-in-query"
)

// hostileData is a data file whose errors quote attacker-chosen strings.
const hostileData = `table: "<script>alert('table')</script>"
title: "<script>alert('title')</script> \"' \n newline"
source: test
metrics:
  - name: korea_ict_test_won
    help: "A test <script>alert('help')</script>."
    unit: won
    series:
      - {year: 2000, value: 1, "<script>alert('label')</script>": "x\"'\ny"}
      - {year: 2001, value: "<script>alert('value')</script>"}
`

// noScript fails if any attacker-chosen markup came through unescaped.
func noScript(t *testing.T, where, body string) {
	t.Helper()
	if i := strings.Index(body, "<script>alert"); i >= 0 {
		t.Errorf("%s contains unescaped markup: …%s…", where, body[max(0, i-200):min(len(body), i+200)])
	}
}

func noPassword(t *testing.T, where, body string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(body, s) {
			t.Errorf("%s shows the secret %q", where, s)
		}
	}
}

// Paths, URLs and data-file errors are shown escaped on the landing page,
// and a password in a source URL appears nowhere: not on the page, in the
// self-metrics, in reload errors or in the logs.
func TestSecurityHostileStringsEscaped(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "<script>alert('dir')</script> \"'\nline")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "t.yaml"), hostileData)
	longPath := "/" + strings.Repeat("<script>alert('long')</script>/", 3200) // ~100 kB
	bad := newRemote(t, fail500)
	hung := newRemote(t, hang)
	junk := newRemote(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, hostileData) })
	refused := newRemote(t, fail500)
	refused.down()
	withCreds := func(r *remote) string {
		return fmt.Sprintf("http://analyst:%s@%s/<script>alert('url')</script>.yaml?q=\"'&access_token=%s&%s#%s", urlPassword, r.addr, urlToken, urlToken, urlToken)
	}
	good := newRemote(t, serveTable("signed", true, 7))
	cfg := filepath.Join(t.TempDir(), "config.yml")
	writeFile(t, cfg, "sources:\n"+
		fmt.Sprintf("- {name: hostile_dir, type: file, paths: [%q]}\n", dir)+
		fmt.Sprintf("- {name: missing_file, type: file, paths: [%q]}\n", filepath.Join(dir, "<script>alert('missing')</script>.yaml"))+
		fmt.Sprintf("- {name: long_path, type: file, paths: [%q]}\n", longPath)+
		fmt.Sprintf("- {name: creds_500, type: http, urls: [%q]}\n", withCreds(bad))+
		fmt.Sprintf("- {name: creds_hang, type: http, urls: [%q], timeout: 300ms}\n", withCreds(hung))+
		fmt.Sprintf("- {name: creds_data, type: http, urls: [%q]}\n", withCreds(junk))+
		fmt.Sprintf("- {name: creds_refused, type: http, urls: [%q]}\n", withCreds(refused))+
		fmt.Sprintf("- {name: signed_url, type: http, urls: [%q]}\n", good.url()+"?X-Amz-Signature="+urlToken))
	e := start(t, "--config.file="+cfg, "--web.enable-lifecycle", "--log.level=debug")

	page := e.get(t, "/")
	noScript(t, "landing page", page)
	noPassword(t, "landing page", page, urlPassword, urlToken)
	if catalogue := e.get(t, "/catalogue"); !strings.Contains(catalogue, "table.yaml?X-Amz-Signature=xxxxx") {
		t.Error("/catalogue does not show the signed URL redacted: the check below may be vacuous")
	} else {
		noPassword(t, "/catalogue", catalogue, urlPassword, urlToken)
	}
	for _, want := range []string{
		// The data file's errors, escaped.
		"invalid table id &#34;&lt;script&gt;alert(&#39;table&#39;)&lt;/script&gt;&#34;",
		"invalid label name &#34;&lt;script&gt;alert(&#39;label&#39;)&lt;/script&gt;&#34;",
		"value &#34;&lt;script&gt;alert(&#39;value&#39;)&lt;/script&gt;&#34; is not a number",
		// Paths, escaped, in the source list and in errors.
		"&lt;script&gt;alert(&#39;dir&#39;)&lt;/script&gt; &#34;&#39;\nline",
		"&lt;script&gt;alert(&#39;missing&#39;)&lt;/script&gt;.yaml: no such file or directory",
		strings.Repeat("&lt;script&gt;alert(&#39;long&#39;)&lt;/script&gt;/", 3200),
		"file name too long",
		// URLs, redacted.
		"http://analyst:xxxxx@" + bad.addr + "/%3Cscript%3Ealert%28%27url%27%29%3C/script%3E.yaml?q=xxxxx&amp;access_token=xxxxx&amp;xxxxx: HTTP status 500",
		"http://analyst:xxxxx@" + hung.addr,
		"http://analyst:xxxxx@" + refused.addr,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("landing page lacks %.200q", want)
		}
	}
	for _, name := range []string{"creds_500", "creds_hang", "creds_data", "creds_refused"} {
		if row := sourceRow(page, name); !strings.Contains(row, "<b>failing</b>") {
			t.Errorf("source %s is not failing:\n%s", name, row)
		}
	}
	metrics := e.get(t, "/metrics")
	noPassword(t, "/metrics", metrics, urlPassword, urlToken)

	// A broken config with a password in a URL, through the lifecycle API.
	for _, tc := range []struct{ name, cfg, want string }{
		{"bad scheme", fmt.Sprintf("sources:\n- {name: x, type: http, urls: [\"ftp://analyst:%s@127.0.0.1/x\"]}\n", urlPassword), `invalid url "ftp://analyst:xxxxx@127.0.0.1/x"`},
		{"bad port", fmt.Sprintf("sources:\n- {name: x, type: http, urls: [\"http://analyst:%s@127.0.0.1:port/x\"]}\n", urlPassword), `invalid url "<invalid url>"`},
		{"other error", fmt.Sprintf("sources:\n- {name: x, type: http, urls: [\"http://analyst:%s@127.0.0.1/x\"], timeout: -1s}\n", urlPassword), "timeout"},
		{"hostile name", "sources:\n- {name: \"<script>alert('name')</script>\", type: embedded}\n", `source "<script>alert('name')</script>": invalid name`},
	} {
		t.Run("reload "+tc.name, func(t *testing.T) {
			writeFile(t, cfg, tc.cfg)
			resp, err := http.Post("http://"+e.addr+"/-/reload", "", nil)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusInternalServerError || !strings.Contains(string(body), tc.want) {
				t.Errorf("POST /-/reload = %s %q, want 500 with %q", resp.Status, body, tc.want)
			}
			// Plain text, never sniffed as HTML, so quoted markup is inert.
			if ct := resp.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
				t.Errorf("Content-Type %q, want text/plain; charset=utf-8", ct)
			}
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("X-Content-Type-Options is not nosniff")
			}
			noPassword(t, "the reload error", string(body), urlPassword, urlToken)
		})
	}
	// The failed reloads kept the configuration: the same sources are shown.
	if row := sourceRow(e.get(t, "/"), "creds_500"); row == "" {
		t.Error("a failed reload changed the source list")
	}

	e.stop(t)
	logs := e.logs.String()
	noPassword(t, "the logs", logs, urlPassword, urlToken)
	if !strings.Contains(logs, "analyst:xxxxx@") {
		t.Error("the logs do not show the redacted URLs: the check above may be vacuous")
	}
}

// Without --web.enable-lifecycle, POST /-/reload does nothing.
func TestSecurityLifecycleOffByDefault(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.yaml"), dataTable("a", 1))
	cfg := filepath.Join(dir, "config.yml")
	writeFile(t, cfg, fmt.Sprintf("sources:\n- {name: a, type: file, paths: [%q]}\n", filepath.Join(dir, "a.yaml")))
	e := start(t, "--config.file="+cfg)
	writeFile(t, filepath.Join(dir, "b.yaml"), dataTable("b", 2))
	writeFile(t, cfg, fmt.Sprintf("sources:\n- {name: b, type: file, paths: [%q]}\n", filepath.Join(dir, "b.yaml")))
	for _, method := range []string{http.MethodPost, http.MethodGet, http.MethodPut} {
		req, _ := http.NewRequest(method, "http://"+e.addr+"/-/reload", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s /-/reload = %s, want 403", method, resp.Status)
		}
	}
	m := e.get(t, "/metrics")
	if _, ok := sample(m, dataSeries("a")); !ok {
		t.Error("the configuration changed: source a is gone")
	}
	if _, ok := sample(m, dataSeries("b")); ok {
		t.Error("/-/reload reloaded the configuration without --web.enable-lifecycle")
	}
}

// With basic_auth_users, every route asks for credentials, not only
// /metrics; and neither the password nor its hash is ever logged.
func TestSecurityBasicAuthEverywhere(t *testing.T) {
	t.Parallel()
	const password = "pa55-w0rd-plain"
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	webCfg := filepath.Join(dir, "web.yml")
	writeFile(t, webCfg, fmt.Sprintf("basic_auth_users:\n  analyst: %s\n", hash))
	cfg := filepath.Join(dir, "config.yml")
	writeFile(t, cfg, "sources:\n- {name: report, type: embedded}\n")
	addr := exportertest.FreeAddr(t)
	// start waits on an unauthenticated /-/ready, which must now fail: wait
	// with credentials instead.
	e := startAuthed(t, addr, "analyst", password, "--config.file="+cfg, "--web.config.file="+webCfg, "--web.enable-lifecycle", "--log.level=debug")

	do := func(method, path, user, pass string) int {
		req, _ := http.NewRequest(method, "http://"+addr+path, nil)
		if user != "" {
			req.SetBasicAuth(user, pass)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, tc := range []struct{ method, path string }{
		{http.MethodGet, "/"},
		{http.MethodGet, "/metrics"},
		{http.MethodGet, "/-/ready"},
		{http.MethodGet, "/-/healthy"},
		{http.MethodPost, "/-/reload"},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			for _, cred := range []struct{ user, pass string }{{"", ""}, {"analyst", "wrong"}, {"analyst", string(hash)}, {"intruder", password}} {
				if code := do(tc.method, tc.path, cred.user, cred.pass); code != http.StatusUnauthorized {
					t.Errorf("user %q password %q: %d, want 401", cred.user, cred.pass, code)
				}
			}
			if code := do(tc.method, tc.path, "analyst", password); code != http.StatusOK {
				t.Errorf("with the right credentials: %d, want 200", code)
			}
		})
	}
	e.stop(t)
	noPassword(t, "the logs", e.logs.String(), password, string(hash), string(hash[7:29]))
}

// startAuthed is start for an exporter whose every route needs credentials.
func startAuthed(t *testing.T, addr, user, pass string, args ...string) *exporter {
	t.Helper()
	return startOnWith(t, addr, func() bool {
		req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/-/ready", nil)
		req.SetBasicAuth(user, pass)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}, args...)
}

// The catalogue page shows every source's data (the embedded report, a
// user's file with its own vocabulary, the World Bank), with every string
// escaped, and the landing page links it.
func TestCatalogueOfEverySource(t *testing.T) {
	t.Parallel()
	wb := httptest.NewServer(wbtest.Handler(os.DirFS(filepath.Join("internal", "source", "worldbank", wbtest.Dir))))
	defer wb.Close()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "mine.yaml"), `table: "my-1"
title: "<script>alert('title')</script> My own table"
source: My notes.
note: "<script>alert('note')</script>"
vocabulary:
  - name: operator
    title: Mobile operator
    values:
      - {value: skt, name: SK Telecom <script>alert('name')</script>}
metrics:
  - name: korea_ict_my_subscribers
    help: "Subscribers <script>alert('help')</script>."
    unit: subscribers
    series:
      - {operator: skt, year: "2024", value: 1, note: "<script>alert('cell')</script>"}
`)
	cfg := filepath.Join(t.TempDir(), "config.yml")
	writeFile(t, cfg, fmt.Sprintf("sources:\n- {name: report, type: embedded}\n- {name: mine, type: file, paths: [%q]}\n- {name: worldbank, type: worldbank, base_url: %q}\n", dir, wb.URL))
	e := start(t, "--config.file="+cfg)
	if landing := e.get(t, "/"); !strings.Contains(landing, `<a href="/catalogue">`) {
		t.Error("the landing page does not link the catalogue")
	}
	page := e.get(t, "/catalogue")
	noScript(t, "/catalogue", page)
	// The server's paths are not shown: a file is named relative to its
	// source's configured path.
	if strings.Contains(page, dir) || !strings.Contains(page, filepath.Base(dir)+"/mine.yaml") {
		t.Errorf("/catalogue shows the server's path %s, or not mine.yaml relative to it", dir)
	}
	for _, want := range []string{
		"Table 52: Accredited e-signature user statistics",
		"Korea Financial Telecommunications &amp; Clearings Institute.",
		"Table IT.NET.USER.ZS: ",
		`korea_ict_internet_usage_ratio{table=&#34;IT.NET.USER.ZS&#34;,country=&#34;KOR&#34;,year=&#34;2003&#34;}`,
		"Table my-1: &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; My own table",
		"operator=<code>skt</code> SK Telecom &lt;script&gt;",
		"&lt;script&gt;alert(&#39;cell&#39;)&lt;/script&gt;",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("/catalogue lacks %s", want)
		}
	}
}
