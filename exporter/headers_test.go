package main

import (
	"context"
	"net/http"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Every response says not to sniff it, and the pages carry a content
// security policy under which they still work in a real browser: the
// catalogue's search runs (its inline script) and the landing page is styled
// (its inline CSS).
func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	e := start(t)
	for _, path := range []string{"/", "/catalogue", "/metrics", "/-/ready", "/nothing"} {
		resp, err := http.Get("http://" + e.addr + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", path, got)
		}
		if got := resp.Header.Get("Content-Security-Policy"); got == "" {
			t.Errorf("%s: no Content-Security-Policy", path)
		}
	}

	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium is not installed: make tools installs Debian's chromium package")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	ctx, cancel = chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromium), chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
	)
	defer cancel()
	ctx, cancel = chromedp.NewContext(ctx)
	defer cancel()
	base := "http://" + e.addr
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	collapse, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("table")).borderCollapse`))
	if err != nil {
		t.Fatal(err)
	}
	if collapse != "collapse" {
		t.Errorf("landing page's table: border-collapse %q, want its inline CSS's collapse", collapse)
	}
	// innerText leaves out what is hidden: a search that ran shows less.
	length := func(path string) int {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+path), chromedp.Sleep(300*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.body.innerText.length`))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	all, searched := length("/catalogue"), length("/catalogue?q=KFTC")
	if searched == 0 || searched >= all/2 {
		t.Errorf("catalogue searched for KFTC shows %d characters of %d: its script did not run under the policy", searched, all)
	}
}
