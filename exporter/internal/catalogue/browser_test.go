package catalogue

import (
	"context"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/refresh"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/vocabulary"
)

var screenshot = flag.String("screenshot", "", "write a screenshot of the catalogue page, searched for KFTC, to this file (docs/catalogue.png)")

// visible reports what the page shows now: the ids of the visible table
// sections, the selectors of the visible series rows and the visible label
// value rows (label=value), judged by layout, not by class names.
const visible = `(() => {
  const shown = e => e.getClientRects().length > 0;
  return {
    sections: [...document.querySelectorAll("section.tbl")].filter(shown).map(e => e.id),
    rows: [...document.querySelectorAll("tr.row")].filter(shown).map(r => r.querySelector(".sel code")?.textContent || r.getAttribute("data-s")),
    values: [...document.querySelectorAll("div.label")].flatMap(l => [...l.querySelectorAll("tr.value")].filter(shown).map(v => l.querySelector("h3 code").textContent + "=" + v.querySelector("code").textContent)),
    count: document.getElementById("count").textContent,
  };
})()`

type shown struct {
	Sections []string `json:"sections"`
	Rows     []string `json:"rows"`
	Values   []string `json:"values"`
	Count    string   `json:"count"`
}

// A real browser (Debian's chromium, installed by make tools) loads the
// catalogue of the shipped dataset, types searches into the box and reads
// what is visible.
func TestSearchInBrowser(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium is not installed: make tools installs Debian's chromium package")
	}
	ds := shipped(t)
	pub := &refresh.Published{Generation: 1, Dataset: ds}
	srv := httptest.NewServer(New(func() *refresh.Published { return pub }, vocabulary.Shipped()))
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	ctx, cancel = chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromium), chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 1400),
	)
	defer cancel()
	ctx, cancel = chromedp.NewContext(ctx)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL), chromedp.WaitVisible(chromedp.ID("q"))); err != nil {
		t.Fatal(err)
	}
	all, err := chromedp.Run(ctx, chromedp.Evaluate[shown](visible))
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Sections) != len(ds.Tables) || len(all.Rows) < 1500 {
		t.Fatalf("before any search: %d of %d tables and %d rows visible", len(all.Sections), len(ds.Tables), len(all.Rows))
	}

	search := func(t *testing.T, text string) shown {
		t.Helper()
		err := chromedp.Do(ctx,
			chromedp.Evaluate[chromedp.Void](`document.getElementById("q").value = ""`),
			chromedp.SendKeys(chromedp.ID("q"), text),
			// The page filters 120 ms after the last key (or sooner, between
			// keys typed slowly) and marks the count with the query it applied.
			chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.getElementById("count").getAttribute("data-q") === %q`, text), chromedp.WithPollingTimeout(30*time.Second)),
		)
		if err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[shown](visible))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	t.Run("a code and a year find one series", func(t *testing.T) {
		got := search(t, "kftc 2002")
		want := `korea_ict_esignature_users{table="52",authority="kftc",country="KOR",year="2002"}`
		if !slices.Equal(got.Rows, []string{want}) || !slices.Equal(got.Sections, []string{"t-52"}) {
			t.Errorf("visible: sections %v, rows %v; want only %s", got.Sections, got.Rows, want)
		}
		if got.Count != "1 table, 1 series match" {
			t.Errorf("count %q", got.Count)
		}
	})
	t.Run("a human name finds its code", func(t *testing.T) {
		got := search(t, "Korea Financial Telecommunications")
		if !slices.Contains(got.Sections, "t-52") || slices.Contains(got.Sections, "t-2") {
			t.Errorf("visible sections %v: want table 52's, not table 2's", got.Sections)
		}
		if !slices.Equal(got.Values, []string{"authority=kftc"}) {
			t.Errorf("visible label values %v, want authority=kftc", got.Values)
		}
	})
	t.Run("British spelling", func(t *testing.T) {
		got := search(t, "specialised")
		if !slices.Contains(got.Sections, "t-25") || !slices.Contains(got.Values, "mall_type=specialised") {
			t.Errorf("visible: sections %v, label values %v", got.Sections, got.Values)
		}
		for _, r := range got.Rows {
			if !strings.Contains(r, `table="25"`) {
				t.Errorf("row of another table visible: %s", r)
			}
		}
	})
	t.Run("a value's display name", func(t *testing.T) {
		got := search(t, "B-to-C 2003 share")
		if !slices.Contains(got.Rows, `korea_ict_ecommerce_transactions_share_ratio{table="17",country="KOR",industry="total",partner="b2c",size="total",year="2003"}`) {
			t.Errorf("table 17's B-to-C share of 2003 not visible; rows: %v", got.Rows)
		}
		for _, r := range got.Rows {
			if strings.HasPrefix(r, "korea_ict_it_production_won") {
				t.Errorf("unrelated row visible: %s", r)
			}
		}
	})
	if *screenshot != "" {
		search(t, "KFTC")
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(*screenshot, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
