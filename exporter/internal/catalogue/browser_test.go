package catalogue

import (
	"context"
	"flag"
	"fmt"
	"net"
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

var (
	screenshot = flag.String("screenshot", "", "write a screenshot of the catalogue page, searched for \"customer-led 2003\", to this file (docs/catalogue.png)")
	ranks      = flag.Bool("ranks", false, "print the rank of the right table for each analyst search (docs for issue 22's note)")
)

// visible reports what the page shows now, judged by layout, not by class
// names: the ids of the visible table sections in the order they are laid
// out, the selectors of the visible series rows, the visible label value
// rows (label=value), the tables in the order a reader meets them (the list
// of best matches, then the sections as laid out), and the hint.
const visible = `(() => {
  const shown = e => e.getClientRects().length > 0;
  const top = e => e.getBoundingClientRect().top;
  const sections = [...document.querySelectorAll("section.tbl")].filter(shown).sort((a, b) => top(a) - top(b)).map(e => e.id);
  const best = [...document.querySelectorAll("#best li a")].filter(shown).map(a => document.getElementById(a.getAttribute("href").slice(1)).closest("section").id);
  const hint = document.getElementById("hint");
  return {
    sections,
    rows: [...document.querySelectorAll("tr.row")].filter(shown).map(r => r.querySelector(".sel")?.textContent || r.id),
    values: [...document.querySelectorAll("div.label")].flatMap(l => [...l.querySelectorAll("tr.value")].filter(shown).map(v => l.querySelector("h3 code").textContent + "=" + v.querySelector("code").textContent)),
    met: [...new Set([...best, ...sections])],
    best: [...document.querySelectorAll("#best li")].filter(shown).map(li => li.textContent),
    hint: hint && shown(hint) ? hint.textContent : "",
    count: document.getElementById("count").textContent,
  };
})()`

type shown struct {
	Sections []string `json:"sections"`
	Rows     []string `json:"rows"`
	Values   []string `json:"values"`
	Met      []string `json:"met"`
	Best     []string `json:"best"`
	Hint     string   `json:"hint"`
	Count    string   `json:"count"`
}

// browser is the catalogue of the shipped dataset in a real browser (Debian's
// chromium, installed by make tools). The server listens on 127.0.0.1 only;
// the browser reaches it as http://catalogue.test:<port>, a name its host
// resolver maps to 127.0.0.1, so that the page is what a demo's users get:
// plain HTTP on a hostname, not a secure context (localhost is one).
type browser struct {
	ctx context.Context
	url string
	n   int // tables in the dataset
}

func open(t *testing.T, width int) *browser {
	t.Helper()
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium is not installed: make tools installs Debian's chromium package")
	}
	ds := shipped(t)
	pub := &refresh.Published{Generation: 1, Dataset: ds}
	srv := httptest.NewServer(New(func() *refresh.Published { return pub }, vocabulary.Shipped(), Links{TelemetryPath: "/metrics"}))
	t.Cleanup(srv.Close)

	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	t.Cleanup(cancel)
	ctx, cancel = chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromium), chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("host-resolver-rules", "MAP catalogue.test 127.0.0.1"),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(width, 1000),
	)
	t.Cleanup(cancel)
	ctx, cancel = chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	url := fmt.Sprintf("http://catalogue.test:%d/catalogue", srv.Listener.Addr().(*net.TCPAddr).Port)
	p := &browser{ctx: ctx, url: url, n: len(ds.Tables)}
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	if ok := eval[bool](t, p, `!!document.getElementById("q")`); !ok {
		t.Fatalf("no search box: %s", eval[string](t, p, `document.body.innerText.slice(0, 300)`))
	}
	return p
}

// eval is the value of a script in the page.
func eval[T any](t *testing.T, p *browser, js string) T {
	t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

func (p *browser) shown(t *testing.T) shown { t.Helper(); return eval[shown](t, p, visible) }

// search types text into the box as a reader does and waits for the page
// to apply it (it filters 120 ms after the last key and marks the count
// with the query it applied).
func (p *browser) search(t *testing.T, text string) shown {
	t.Helper()
	err := chromedp.Do(p.ctx,
		// Emptying the box is an input too.
		chromedp.Evaluate[chromedp.Void](`document.getElementById("q").value = ""; document.getElementById("q").dispatchEvent(new Event("input"))`),
		chromedp.SendKeys(chromedp.ID("q"), text),
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.getElementById("count").getAttribute("data-q") === %q`, text), chromedp.WithPollingTimeout(30*time.Second)),
	)
	if err != nil {
		t.Fatal(err)
	}
	return p.shown(t)
}

// sideways is how far the page scrolls sideways (0: not at all).
func (p *browser) sideways(t *testing.T) int {
	return eval[int](t, p, `document.documentElement.scrollWidth - document.documentElement.clientWidth`)
}

// analystSearches are searches an analyst types, each with the table that
// holds the figure: the one a reader must meet first. Several are from the
// user study behind issue 22, where literal matching found nothing or found
// another table first.
var analystSearches = []struct{ query, table string }{
	{"customer-led", "19"},
	{"Customer led 2003", "19"},
	{"e-marketplace", "26"},
	{"e-marketplace chemical", "26"},
	{"emarketplace transaction volume", "26"},
	{"informatization investment by area", "36"},
	{"labor cost informatization", "36"},
	{"hotels e-commerce", "14"},
	{"hotels restaurants e-commerce", "14"},
	{"government purchasing consumables", "27"},
	{"G2B consumables", "27"},
	{"internet users 2003", "9"},
	{"B-to-C market", "22"},
	{"KFTC", "52"},
	{"venture companies manufacturing", "34"},
	{"e-readiness rank", "1"},
	{"reasons for not using e-trade", "39"},
	{"IT share of GDP", "2"},
	{"cyber shopping mall B2C share", "24"},
	{"homepage rate by size", "13"},
}

func TestSearchInBrowser(t *testing.T) {
	p := open(t, 1280)
	all := p.shown(t)
	if len(all.Sections) != p.n || len(all.Rows) < 1500 || len(all.Best) != 0 {
		t.Fatalf("before any search: %d of %d tables, %d rows and %d best matches visible", len(all.Sections), p.n, len(all.Rows), len(all.Best))
	}
	if n := p.sideways(t); n > 0 {
		t.Errorf("at 1280 px the whole page scrolls %d px sideways", n)
	}

	t.Run("the right table is the first a reader meets", func(t *testing.T) {
		for _, s := range analystSearches {
			got := p.search(t, s.query)
			if len(got.Met) == 0 || got.Met[0] != "t-"+s.table {
				t.Errorf("%q: tables met %v, want table %s first", s.query, first(got.Met, 4), s.table)
			}
			if len(got.Sections) == 0 || got.Sections[0] != "t-"+s.table {
				t.Errorf("%q: sections laid out %v, want table %s on top", s.query, first(got.Sections, 4), s.table)
			}
			if n := p.sideways(t); n > 0 {
				t.Errorf("%q: the page scrolls %d px sideways at 1280 px", s.query, n)
			}
		}
	})
	t.Run("a code and a year find one series", func(t *testing.T) {
		got := p.search(t, "kftc 2002")
		want := `korea_ict_esignature_users{table="52",authority="kftc",country="KOR",year="2002"}`
		if !slices.Equal(got.Rows, []string{want}) || !slices.Equal(got.Sections, []string{"t-52"}) {
			t.Errorf("visible: sections %v, rows %v; want only %s", got.Sections, got.Rows, want)
		}
		if got.Count != "1 table, 1 series match" {
			t.Errorf("count %q", got.Count)
		}
	})
	t.Run("a human name finds its code", func(t *testing.T) {
		got := p.search(t, "Korea Financial Telecommunications")
		if !slices.Contains(got.Sections, "t-52") || slices.Contains(got.Sections, "t-2") {
			t.Errorf("visible sections %v: want table 52's, not table 2's", got.Sections)
		}
		if !slices.Equal(got.Values, []string{"authority=kftc"}) {
			t.Errorf("visible label values %v, want authority=kftc", got.Values)
		}
	})
	t.Run("spellings, hyphens, spaces and case fold alike", func(t *testing.T) {
		for _, same := range [][]string{
			{"customer-led", "Customer led", "CUSTOMERLED"},
			{"e-marketplace", "e-market place", "emarketplace"},
			{"informatization", "informatisation"},
			{"specialized", "specialised"},
			{"labor", "labour"},
			{"hotels e-commerce", "HÔTELS é-commerce"},
		} {
			want := p.search(t, same[0])
			if len(want.Rows) == 0 && len(want.Sections) == 0 {
				t.Errorf("%q finds nothing", same[0])
			}
			for _, q := range same[1:] {
				if got := p.search(t, q); !slices.Equal(got.Rows, want.Rows) || !slices.Equal(got.Sections, want.Sections) {
					t.Errorf("%q shows %d rows in %v; %q shows %d in %v", q, len(got.Rows), first(got.Sections, 5), same[0], len(want.Rows), first(want.Sections, 5))
				}
			}
		}
	})
	t.Run("a prose section shows only its matching series", func(t *testing.T) {
		// Section II.B's note speaks of e-marketplaces; of its 70-odd
		// series only those about them are shown, not all.
		p.search(t, "e-marketplace")
		got := eval[struct{ Shown, All int }](t, p, `(() => { const rs = [...document.getElementById("t-text-II.B").querySelectorAll("tr.row")]; return {Shown: rs.filter(r => r.getClientRects().length > 0).length, All: rs.length}; })()`)
		if got.Shown == 0 || got.Shown > 25 || got.All < 50 {
			t.Errorf("text-II.B shows %d of its %d series", got.Shown, got.All)
		}
	})
	t.Run("common words do not empty the results; an empty result says what to drop", func(t *testing.T) {
		got := p.search(t, "total hotels restaurants e-commerce rate government")
		if len(got.Met) == 0 || got.Met[0] != "t-14" {
			t.Errorf("tables met %v, want table 14 first", first(got.Met, 4))
		}
		got = p.search(t, "kftc zanzibar")
		if len(got.Rows) == 0 || !strings.Contains(got.Hint, `Search without “zanzibar”`) {
			t.Errorf("a word nothing has: %d rows, hint %q", len(got.Rows), got.Hint)
		}
		got = p.search(t, "kftc")
		if got.Hint != "" {
			t.Errorf("hint %q for a search that matches", got.Hint)
		}
	})
	t.Run("best matches say the table, metric, labels and value in words", func(t *testing.T) {
		got := p.search(t, "customer-led 2003 transactions volume")
		want := "Table 19: B-to-B e-commerce volume · korea_ict_b2b_transactions_won · "
		if len(got.Best) == 0 || !strings.HasPrefix(got.Best[0], want) || !strings.Contains(got.Best[0], "Customer led") || !strings.Contains(got.Best[0], "₩150.7 trn (printed 150688)") || strings.Contains(got.Best[0], "Country") {
			t.Errorf("first best match %q, want %s… Customer led … ₩150.7 trn (printed 150688), without the country all its series share", first(got.Best, 1), want)
		}
		// It links to the row in the details.
		if err := chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS("#best li a"))); err != nil {
			t.Fatal(err)
		}
		row := eval[string](t, p, `location.hash`)
		sel := eval[string](t, p, fmt.Sprintf(`document.getElementById(%q).querySelector(".sel").textContent`, strings.TrimPrefix(row, "#")))
		if sel != `korea_ict_b2b_transactions_won{table="19",b2b_subtype="total",b2b_type="customer_led",country="KOR",year="2003"}` {
			t.Errorf("the first best match links to %s, whose selector is %s", row, sel)
		}
	})
	t.Run("values in reading units beside the exact value", func(t *testing.T) {
		for _, c := range []struct{ query, selector, reading, exact string }{
			{"IT equipment exports 2003 total", `korea_ict_it_equipment_exports_dollars{table="6",category="total",country="KOR",year="2003"}`, "US$57.2 bn", "5.7165e+10"},
			{"customer-led 2003 transactions", `korea_ict_b2b_transactions_won{table="19",b2b_subtype="total",b2b_type="customer_led",country="KOR",year="2003"}`, "₩150.7 trn", "1.50688e+14"},
			{"customer-led 2003 share", `korea_ict_b2b_transactions_share_ratio{table="19",b2b_subtype="total",b2b_type="customer_led",country="KOR",year="2003"}`, "72.8 %", "0.728"},
			{"informatisation investment share change hardware", `korea_ict_informatisation_investment_share_change_ratio{table="36",area="hardware",country="KOR",year="2003"}`, " pp", ""},
			{"kftc 2002", `korea_ict_esignature_users{table="52",authority="kftc",country="KOR",year="2002"}`, "persons", ""},
		} {
			p.search(t, c.query)
			cell := eval[struct{ Reading, Exact, Period string }](t, p, fmt.Sprintf(`(() => { const r = [...document.querySelectorAll("tr.row")].find(r => r.querySelector(".sel")?.textContent === %q); return r ? {Reading: r.querySelector(".rd").textContent, Exact: r.querySelector(".pub").textContent, Period: r.querySelector(".meta")?.textContent || ""} : {}; })()`, c.selector))
			if !strings.Contains(cell.Reading, c.reading) || c.exact != "" && cell.Exact != c.exact {
				t.Errorf("%s reads %q (exact %q), want %q beside %q", c.selector, cell.Reading, cell.Exact, c.reading, c.exact)
			}
			if c.reading == " pp" && !strings.HasPrefix(cell.Reading, "−") && !strings.HasPrefix(cell.Reading, "+") {
				t.Errorf("a change in percentage points without its sign: %q", cell.Reading)
			}
		}
	})
	t.Run("Copy copies on a plain-HTTP hostname, or says it did not", func(t *testing.T) {
		secure := eval[struct{ Secure, Clipboard bool }](t, p, `({Secure: window.isSecureContext, Clipboard: !!navigator.clipboard})`)
		if secure.Secure || secure.Clipboard {
			t.Fatalf("the page is a secure context (%+v): this test needs a plain-HTTP hostname", secure)
		}
		p.search(t, "kftc 2002")
		const button = `#t-52 tr.row:not(.hide) button.copy`
		// What the copy put on the clipboard, as the copy event saw it.
		eval[bool](t, p, `document.addEventListener("copy", e => { const a = document.activeElement; window.copied = a && a.value !== undefined ? a.value.substring(a.selectionStart, a.selectionEnd) : String(getSelection()); }); true`)
		click := func() string {
			t.Helper()
			if err := chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS(button))); err != nil {
				t.Fatal(err)
			}
			return eval[string](t, p, `document.querySelector("`+button+`").textContent`)
		}
		label, copied := click(), eval[string](t, p, `window.copied || ""`)
		want := `korea_ict_esignature_users{table="52",authority="kftc",country="KOR",year="2002"}`
		if label != "Copied" || copied != want {
			t.Errorf("after Copy the button says %q and %q was copied; want Copied and %s", label, copied, want)
		}
		// A browser that refuses: the button says so and selects the
		// selector for Ctrl+C.
		eval[bool](t, p, `document.execCommand = () => false; true`)
		label = click()
		selected := eval[string](t, p, `String(getSelection())`)
		if !strings.HasPrefix(label, "Not copied") || selected != want {
			t.Errorf("when copying fails the button says %q and %q is selected", label, selected)
		}
	})
	t.Run("no sideways scrolling at 1280 px", func(t *testing.T) {
		p.search(t, "")
		for _, q := range []string{"", "text-II", "kftc"} {
			p.search(t, q)
			if n := p.sideways(t); n > 0 {
				t.Errorf("search %q: the page scrolls %d px sideways", q, n)
			}
		}
	})
	if *screenshot != "" {
		p.search(t, "customer-led 2003")
		eval[bool](t, p, `window.scrollTo(0, 0); getSelection().removeAllRanges(); document.activeElement.blur(); true`)
		png, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(*screenshot, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSearchRanks prints, with -ranks, where the right table of each
// analyst search comes in the order a reader meets the tables (the table
// of issue 22's note; the same file runs on the page before the change).
func TestSearchRanks(t *testing.T) {
	if !*ranks {
		t.Skip("run with -ranks")
	}
	p := open(t, 1280)
	fmt.Println("| search | rank of the right table |")
	for _, s := range analystSearches {
		got := p.search(t, s.query)
		rank := "not shown"
		if i := slices.Index(got.Met, "t-"+s.table); i >= 0 {
			rank = fmt.Sprint(i + 1)
		}
		fmt.Printf("| `%s` (table %s) | %s of %d |\n", s.query, s.table, rank, len(got.Met))
	}
}

func first(s []string, n int) []string { return s[:min(n, len(s))] }
