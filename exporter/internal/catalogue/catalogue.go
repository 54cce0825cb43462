// Package catalogue is the exporter's browsable catalogue page: every table,
// metric, label value and series of the data being served, with human names
// from the vocabulary, the value as printed and as published, notes and a
// PromQL selector for each series, and the discrepancy list, searchable in
// the browser without any external asset.
package catalogue

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/refresh"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/vocabulary"
)

// Path is where the exporter serves the page.
const Path = "/catalogue"

// MaxRows bounds the series listed per metric of a table: the page is for
// finding figures, and a user's dataset of a million series would make a page
// no browser opens. The rest is counted, and Prometheus has them all.
const MaxRows = 1000

//go:embed catalogue.html
var pageHTML string

var pageTmpl = template.Must(template.New("catalogue").Parse(pageHTML))

// Handler serves the catalogue of the published data, rendered once per
// generation (on the first request after a swap) and shared by every
// request until the next.
type Handler struct {
	current func() *refresh.Published
	base    *vocabulary.Vocabulary
	links   Links

	mu   sync.Mutex // one render at a time; requests of the same generation wait for it
	page *page
}

type page struct {
	generation uint64
	html, gz   []byte
	err        error
}

// Links are the exporter's other pages the catalogue links to, as served
// paths (the root and --web.telemetry-path).
type Links struct {
	TelemetryPath string
}

// New returns the handler; base is the vocabulary the data's own files add to.
func New(current func() *refresh.Published, base *vocabulary.Vocabulary, links Links) *Handler {
	return &Handler{current: current, base: base, links: links}
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := h.rendered(h.current())
	if p.err != nil {
		http.Error(w, "rendering the catalogue: "+p.err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Vary", "Accept-Encoding")
	body := p.html
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		w.Header().Set("Content-Encoding", "gzip")
		body = p.gz
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

func (h *Handler) rendered(pub *refresh.Published) *page {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.page != nil && h.page.generation == pub.Generation {
		return h.page
	}
	p := &page{generation: pub.Generation}
	var buf bytes.Buffer
	ds := pub.Dataset
	if p.err = render(&buf, ds, ds.Vocabulary(h.base), h.links); p.err == nil {
		p.html = buf.Bytes()
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		_, _ = zw.Write(p.html) // writes to memory: cannot fail
		_ = zw.Close()
		p.gz = gz.Bytes()
	}
	h.page = p
	return p
}

// render writes the catalogue page of ds, with v's names, linking to the
// exporter's other pages.
func render(w io.Writer, ds *dataset.Dataset, v *vocabulary.Vocabulary, links Links) error {
	out := build(ds, v)
	out.RootLink, out.MetricsLink = relative("/"), relative(links.TelemetryPath)
	return pageTmpl.Execute(w, out)
}

// relative is the link from the page (served at Path, under the exporter's
// root) to another of the exporter's paths, relative so that it follows
// whatever prefix a proxy serves the exporter under, as Prometheus' own
// pages do. "./" keeps a path with a colon from reading as a scheme.
func relative(path string) string {
	return "./" + strings.TrimPrefix(path, "/")
}

type view struct {
	Tables    []*tableView
	Labels    []*labelView
	Corrected []*rowView
	Flagged   []*rowView
	Excused   []excusedView
	Series    int
	Metrics   int

	RootLink, MetricsLink string
}

// The page's search weighs where a word is found (catalogue.html): the
// table's id and title, a metric's name and HELP, and a series' labels and
// value rank above descriptions and notes. Each is its own attribute.
type tableView struct {
	ID, Title, Source, File string
	Note                    template.HTML
	Metrics                 []*metricView
	Names                   []string // the metrics' names, each once
	Words, NoteWords        string
}

type metricView struct {
	Name, Help, Printed, Base, Kind string
	Labels                          []*labelView
	Rows                            []*rowView
	More                            int
	Words                           string
}

type rowView struct {
	ID                 string
	Labels             []cell
	Printed, Published string
	Reading, Period    string
	Status, Cell       string
	Note               template.HTML
	Flag               string
	Same               []sameView
	Selector, Where    string
	Absent             bool
	// Words are the labels' values and names, Value the value in every
	// form, Detail descriptions and remarks: what the search matches.
	Words, Value, Detail string
	Search               string // all of them, with table and metric: the discrepancy lists'
	Names                string // the labels in words, for the list of best matches
}

// sameView is the same cell (metric and labels) published by another table:
// a prose restatement's table cell, or the table that repeats it.
type sameView struct{ Table, Title, Row, Printed string }

type cell struct{ Label, Title, Value, Name, Description string }

type labelView struct {
	Name, Title, Description string
	Ordered                  bool
	Values                   []valueView
}

type valueView struct {
	Value, Name, Description string
	Series                   int
	Search                   string
}

type excusedView struct{ Where, Check, Group, Detail, Why, Search string }

func build(ds *dataset.Dataset, v *vocabulary.Vocabulary) *view {
	out := &view{}
	help := map[string]string{}
	for _, f := range ds.Families() {
		help[f.Name] = f.HelpText()
		out.Metrics++
	}
	ids := map[string]bool{}
	for _, t := range ds.Tables {
		ids[t.ID] = true
	}
	same := cells(ds)
	used := map[string]map[string]int{} // label -> value -> series
	for _, t := range ds.Tables {
		tv := &tableView{ID: t.ID, Title: t.Title, Source: t.SourceLine, Note: linked(t.Note, ids), File: t.File}
		tv.Words = search("table "+t.ID, t.Title)
		tv.NoteWords = search(t.SourceLine, t.Note, t.File)
		for _, m := range t.Metrics {
			mv := &metricView{Name: m.Name, Help: help[m.Name], Printed: m.Unit.Printed, Base: m.Unit.Base, Kind: m.Kind}
			if !slices.Contains(tv.Names, m.Name) {
				tv.Names = append(tv.Names, m.Name)
			}
			values := map[string]map[string]int{}
			for _, s := range m.Series {
				for _, l := range s.Labels() {
					count(values, l.Name, l.Value)
					if !s.Absent {
						count(used, l.Name, l.Value)
					}
				}
				if !s.Absent {
					out.Series++
				}
				listed := len(mv.Rows) < MaxRows
				if !listed && (s.Remarks == nil || s.Cell == "" && s.Flag == "") {
					mv.More++
					continue
				}
				r := row(s, v, ids)
				r.ID = same.id(s)
				for _, o := range same.of(s) {
					if o.Table != t.ID {
						r.Same = append(r.Same, o)
					}
				}
				if s.Remarks != nil && s.Cell != "" {
					out.Corrected = append(out.Corrected, r)
				}
				if s.Remarks != nil && s.Flag != "" {
					out.Flagged = append(out.Flagged, r)
				}
				if listed {
					mv.Rows = append(mv.Rows, r)
				} else {
					mv.More++
				}
			}
			mv.Labels = labels(values, v)
			for _, r := range mv.Rows {
				r.Names = inWords(r.Labels, values)
			}
			// The table's own description of the metric, not the HELP line's
			// sources and explanations, whose words every metric shares.
			words := []string{m.Name, m.Help, m.Unit.Printed, m.Kind}
			for _, l := range mv.Labels {
				words = append(words, l.Title)
			}
			mv.Words = search(words...)
			tv.Metrics = append(tv.Metrics, mv)
		}
		out.Tables = append(out.Tables, tv)
	}
	out.Labels = labels(used, v)
	for _, d := range ds.Excused {
		c := d.Check
		e := excusedView{
			Where: fmt.Sprintf("%s:%d", c.Table.File, c.Line), Check: c.Kind + " " + c.Metric,
			Group: d.Group, Detail: d.Detail, Why: c.Why,
		}
		e.Search = search("table "+c.Table.ID, e.Where, e.Check, e.Group, e.Detail, e.Why)
		out.Excused = append(out.Excused, e)
	}
	return out
}

// inWords are a series' labels in words for the list of best matches,
// without those every series of its metric shares (the country of a table
// about Korea): they tell nothing apart. The period stays: a figure without
// its year misleads.
func inWords(cells []cell, values map[string]map[string]int) string {
	var out []string
	for _, c := range cells {
		if len(values[c.Label]) > 1 || slices.Contains(dataset.PeriodLabels, c.Label) {
			out = append(out, c.Title+": "+c.Name)
		}
	}
	if out == nil {
		for _, c := range cells {
			out = append(out, c.Title+": "+c.Name)
		}
	}
	return strings.Join(out, "; ")
}

// sameCells finds the series that publish the same cell (metric and labels,
// status aside) in more than one table, and names every listed row.
type sameCells struct {
	ids   map[*dataset.Series]string
	cells map[string][]sameView
}

func cells(ds *dataset.Dataset) *sameCells {
	sc := &sameCells{ids: map[*dataset.Series]string{}, cells: map[string][]sameView{}}
	for _, t := range ds.Tables {
		for _, m := range t.Metrics {
			for i, s := range m.Series {
				if i >= MaxRows {
					break // not listed: nothing to link to
				}
				id := fmt.Sprintf("r%d", len(sc.ids))
				sc.ids[s] = id
				if s.Absent {
					continue
				}
				k := key(s)
				if vs := sc.cells[k]; len(vs) == 0 || vs[len(vs)-1].Table != t.ID {
					sc.cells[k] = append(vs, sameView{Table: t.ID, Title: t.Title, Row: id, Printed: s.Printed()})
				}
			}
		}
	}
	return sc
}

func (sc *sameCells) id(s *dataset.Series) string { return sc.ids[s] }

func (sc *sameCells) of(s *dataset.Series) []sameView {
	if s.Absent {
		return nil
	}
	return sc.cells[key(s)]
}

func key(s *dataset.Series) string {
	var b strings.Builder
	b.WriteString(s.Metric.Name)
	for _, l := range s.Labels() {
		b.WriteString("\xff" + l.Name + "=" + l.Value)
	}
	return b.String()
}

var tableRef = regexp.MustCompile(`\b([Tt]ables?) (\d+[A-Za-z]?)\b`)

// linked is a note as HTML, each mention of a table of the dataset ("table
// 53's ...") a link to it: how a prose figure says what it combines.
func linked(note string, ids map[string]bool) template.HTML {
	var b strings.Builder
	last := 0
	for _, m := range tableRef.FindAllStringSubmatchIndex(note, -1) {
		id := note[m[4]:m[5]]
		if !ids[id] {
			continue
		}
		b.WriteString(template.HTMLEscapeString(note[last:m[0]]))
		fmt.Fprintf(&b, `<a href="#t-%s">%s</a>`, template.HTMLEscapeString(id), template.HTMLEscapeString(note[m[0]:m[1]]))
		last = m[1]
	}
	b.WriteString(template.HTMLEscapeString(note[last:]))
	return template.HTML(b.String()) // every piece escaped above
}

func count(m map[string]map[string]int, label, value string) {
	if m[label] == nil {
		m[label] = map[string]int{}
	}
	m[label][value]++
}

// labels lists the labels of values, sorted by name, each with its values in
// natural order and their names.
func labels(values map[string]map[string]int, v *vocabulary.Vocabulary) []*labelView {
	var out []*labelView
	for name, vals := range values {
		l := v.Label(name)
		lv := &labelView{Name: name, Title: v.LabelTitle(name)}
		if l != nil {
			lv.Description, lv.Ordered = l.Description, l.Ordered
		}
		keys := make([]string, 0, len(vals))
		for k := range vals {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return l.Less(keys[i], keys[j]) })
		for _, k := range keys {
			vv := valueView{Value: k, Name: v.Display(name, k), Series: vals[k]}
			if x := l.Value(k); x != nil {
				vv.Description = x.Description
			}
			vv.Search = search(name, lv.Title, k, vv.Name, vv.Description)
			lv.Values = append(lv.Values, vv)
		}
		out = append(out, lv)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func row(s *dataset.Series, v *vocabulary.Vocabulary, ids map[string]bool) *rowView {
	m := s.Metric
	r := &rowView{Printed: s.Printed(), Status: s.Status(), Absent: s.Absent, Where: s.Where()}
	if !s.Absent {
		r.Published = strconv.FormatFloat(s.Value, 'g', -1, 64)
		r.Reading = reading(m, s.Value)
	}
	r.Period = period(m.Kind, s.Labels())
	var note string
	if s.Remarks != nil {
		r.Cell, note, r.Flag = s.Cell, s.Note, s.Flag
		r.Note = linked(note, ids)
	}
	sel := []string{fmt.Sprintf("table=%q", m.Table.ID)}
	var words, detail []string
	for _, l := range s.Labels() {
		c := cell{Label: l.Name, Title: v.LabelTitle(l.Name), Value: l.Value, Name: v.Display(l.Name, l.Value)}
		if x := v.Label(l.Name).Value(l.Value); x != nil {
			c.Description = x.Description
		}
		r.Labels = append(r.Labels, c)
		sel = append(sel, fmt.Sprintf("%s=%q", l.Name, l.Value))
		words = append(words, c.Title, l.Value, c.Name)
		detail = append(detail, c.Description)
	}
	// Status is left out: a preliminary figure that becomes reported is the
	// same series to a user, and the other labels identify it.
	r.Selector = m.Name + "{" + strings.Join(sel, ",") + "}"
	r.Words = search(words...)
	r.Value = search(r.Printed, r.Published, r.Reading, r.Status)
	r.Detail = search(append(detail, r.Cell, note, r.Flag, r.Selector)...)
	r.Search = search("table "+m.Table.ID, m.Name, r.Words, r.Value, r.Detail)
	return r
}

// search is the text the page's search box matches; the page folds case,
// accents, hyphens, spaces and spellings itself, the same way for the text
// and for what is typed.
func search(words ...string) string {
	words = slices.DeleteFunc(words, func(s string) bool { return s == "" })
	return strings.Join(words, " ")
}
