package catalogue

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset/datasettest"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/refresh"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/vocabulary"
)

func fixture(t *testing.T) *dataset.Dataset { return datasettest.Dir(t, "testdata") }

// shipped is the embedded dataset, built with the shipped vocabulary.
func shipped(tb testing.TB) *dataset.Dataset { return datasettest.Shipped(tb) }

func get(t *testing.T, url string, header http.Header) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header = header
	resp, err := http.DefaultTransport.RoundTrip(req) // no transparent gunzip
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func TestPage(t *testing.T) {
	pub := &refresh.Published{Generation: 1, Dataset: fixture(t)}
	srv := httptest.NewServer(New(func() *refresh.Published { return pub }, vocabulary.Shipped(), Links{TelemetryPath: "/internal/metrics"}))
	defer srv.Close()
	resp, page := get(t, srv.URL, http.Header{})
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("status %s, content type %q", resp.Status, resp.Header.Get("Content-Type"))
	}
	for _, want := range []string{
		// Every string is escaped, in text and in attributes.
		`Accredited e-signature user statistics &lt;script&gt;alert(1)&lt;/script&gt;`,
		`Note: Authorities &#34;kftc&#34; &amp; others; &lt;b&gt;not bold&lt;/b&gt;.`,
		`A &lt;note&gt; &amp; more.`,
		`Flagged: Suspect &lt;/td&gt; cell.`,
		// The value in reading units, as printed and as published, the
		// status, the unit and the kind, said for the row's period.
		`<span class="rd">1,363,016 persons</span><br>printed <span class="pr">1363016</span><br>published <code class="pub">1.363016e&#43;06</code><br><span class="meta">a stock: the level in 2001</span>`,
		`<td>preliminary</td>`,
		`printed <span class="pr">748840</span> <span class="flag">(corrected: the report prints 748,84O)</span>`,
		`<td>not published (printed as a dash)<br><span class="meta">a stock: the level in 2000</span></td>`,
		`Printed in persons; base unit: count; a stock.`,
		`Printed in trillion won; base unit: won; a flow.`,
		`<span class="rd">₩208.8 trn</span><br>printed <span class="pr">208.8</span><br>published <code class="pub">2.088e&#43;14</code><br><span class="meta">a flow: the amount during 2003</span>`,
		// The HELP text, with what the number means.
		`Number of users of accredited e-signatures, by certification authority. A stock: the level at a point in time`,
		// Human names from the shipped vocabulary and from the file's own.
		`authority=<code>kftc</code> KFTC`,
		`Korea Financial Telecommunications &amp; Clearings Institute.`,
		`<td><code>red</code></td><td>Red as a rose</td>`,
		// A selector without status, ready to copy.
		`<code class="sel">korea_ict_esignature_users{table=&#34;52&#34;,authority=&#34;kftc&#34;,country=&#34;KOR&#34;,year=&#34;2002&#34;}</code><button class="copy" type="button" data-sel="korea_ict_esignature_users{table=&#34;52&#34;,authority=&#34;kftc&#34;,country=&#34;KOR&#34;,year=&#34;2002&#34;}">`,
		// See also: the same cell in another table, both ways, and the
		// tables a note names (those in the data).
		`<tr class="row" id="r1" `,
		`Same figure in <a href="#r7">table text-X</a> (209)`,
		`Same figure in <a href="#r1">table 2</a> (208.8)`,
		`Note: Restates <a href="#t-2">table 2</a> and sums two cells of <a href="#t-52">table 52</a>; table 99 is not in the data.`,
		`Rounded from <a href="#t-2">table 2</a>.`,
		// The labels in words for the best matches, without those every
		// series of the metric shares (country).
		`data-names="Certification authority: KFTC; Year: 2001"`,
		// The index names each metric once.
		`<td><a href="#t-text-X">text-X</a></td><td>Report text, section X</td><td><code>korea_ict_it_production_won</code> </td>`,
		// Discrepancies: the corrected cell and the flagged one.
		`<td>748,84O</td><td>748840</td><td>An O for a 0.</td>`,
		`<td>4674362</td><td>Suspect &lt;/td&gt; cell.</td>`,
		// The search box, with no external asset.
		`<input id="q" type="search"`,
		`3 tables, 2 metrics, 7 series`,
		// Links relative to the page, to the telemetry path it was given.
		`<a href="./">Exporter</a>`, `<a href="./internal/metrics">Metrics</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	for _, banned := range []string{"<script>alert", "<b>not bold", `src="http`, `href="http`, "<link"} {
		if strings.Contains(page, banned) {
			t.Errorf("page contains %s", banned)
		}
	}
	resp, gz := get(t, srv.URL, http.Header{"Accept-Encoding": {"gzip"}})
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatal("no gzip for a client that accepts it")
	}
	zr, err := gzip.NewReader(strings.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(zr); string(b) != page {
		t.Error("the gzipped page differs from the plain one")
	}
}

// The page is rendered once per data generation, like /metrics.
func TestRenderedOncePerGeneration(t *testing.T) {
	ds := fixture(t)
	pub := &refresh.Published{Generation: 1, Dataset: ds}
	h := New(func() *refresh.Published { return pub }, vocabulary.Shipped(), Links{})
	first := h.rendered(pub)
	if again := h.rendered(pub); again != first {
		t.Error("rendered again for the same generation")
	}
	next := &refresh.Published{Generation: 2, Dataset: &dataset.Dataset{Tables: ds.Tables[:1]}}
	second := h.rendered(next)
	if second == first || bytes.Contains(second.html, []byte("korea_ict_esignature_users")) {
		t.Error("a new generation was not rendered anew")
	}
}

func TestRowsAreBounded(t *testing.T) {
	ds := fixture(t)
	m := ds.Tables[1].Metrics[0] // table 52's, between table 2's two series and text-X's one
	for len(m.Series) < MaxRows+3 {
		m.Series = append(m.Series, m.Series[0])
	}
	var buf bytes.Buffer
	if err := render(&buf, ds, vocabulary.Shipped(), Links{TelemetryPath: "/metrics"}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(buf.String(), `<tr class="row"`); got != MaxRows+3 {
		t.Errorf("%d rows, want %d", got, MaxRows+3)
	}
	if !strings.Contains(buf.String(), "… and 3 more series, not listed here") {
		t.Error("the rows left out are not counted")
	}
}

// The table index names each metric of a table once, though prose sections
// declare a metric once per unit it is printed in (text-II.B has two
// korea_ict_cyber_mall_transactions_won).
func TestIndexNamesEachMetricOnce(t *testing.T) {
	ds := shipped(t)
	var buf bytes.Buffer
	if err := render(&buf, ds, ds.Vocabulary(vocabulary.Shipped()), Links{TelemetryPath: "/metrics"}); err != nil {
		t.Fatal(err)
	}
	rows := regexp.MustCompile(`<tr class="ix" data-t="([^"]+)">(.*)</tr>`).FindAllStringSubmatch(buf.String(), -1)
	if len(rows) != len(ds.Tables) {
		t.Fatalf("%d index rows for %d tables", len(rows), len(ds.Tables))
	}
	declared := 0
	for _, r := range rows {
		names := regexp.MustCompile(`<code>([a-z_0-9]+)</code>`).FindAllStringSubmatch(r[2], -1)
		seen := map[string]bool{}
		for _, n := range names {
			if seen[n[1]] {
				t.Errorf("table %s lists %s twice", r[1], n[1])
			}
			seen[n[1]] = true
		}
		declared += len(names)
	}
	if declared == 0 {
		t.Error("the index names no metric")
	}
}
