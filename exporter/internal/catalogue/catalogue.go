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

	mu   sync.Mutex // one render at a time; requests of the same generation wait for it
	page *page
}

type page struct {
	generation uint64
	html, gz   []byte
	err        error
}

// New returns the handler; base is the vocabulary the data's own files add to.
func New(current func() *refresh.Published, base *vocabulary.Vocabulary) *Handler {
	return &Handler{current: current, base: base}
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
	if p.err = Render(&buf, ds, ds.Vocabulary(h.base)); p.err == nil {
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

// Render writes the catalogue page of ds, with v's names.
func Render(w io.Writer, ds *dataset.Dataset, v *vocabulary.Vocabulary) error {
	return pageTmpl.Execute(w, build(ds, v))
}

type view struct {
	Tables    []*tableView
	Labels    []*labelView
	Corrected []*rowView
	Flagged   []*rowView
	Excused   []excusedView
	Series    int
	Metrics   int
}

type tableView struct {
	ID, Title, Source, Note, File string
	Metrics                       []*metricView
	Search                        string
}

type metricView struct {
	Name, Help, Printed, Base, Kind string
	Labels                          []*labelView
	Rows                            []*rowView
	More                            int
	Search                          string
}

type rowView struct {
	Labels             []cell
	Printed, Published string
	Status, Cell       string
	Note, Flag         string
	Selector, Where    string
	Absent             bool
	Search             string
}

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
	used := map[string]map[string]int{} // label -> value -> series
	for _, t := range ds.Tables {
		tv := &tableView{ID: t.ID, Title: t.Title, Source: t.SourceLine, Note: t.Note, File: t.File}
		tv.Search = search("table "+t.ID, t.Title, t.SourceLine, t.Note, t.File)
		for _, m := range t.Metrics {
			mv := &metricView{Name: m.Name, Help: help[m.Name], Printed: m.Unit.Printed, Base: m.Unit.Base, Kind: m.Kind}
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
				r := row(s, v)
				if s.Remarks != nil && s.Cell != "" {
					out.Corrected = append(out.Corrected, r)
				}
				if s.Remarks != nil && s.Flag != "" {
					out.Flagged = append(out.Flagged, r)
				}
				if len(mv.Rows) < MaxRows {
					mv.Rows = append(mv.Rows, r)
				} else {
					mv.More++
				}
			}
			mv.Labels = labels(values, v)
			words := []string{m.Name, mv.Help, m.Unit.Printed, m.Kind}
			for _, l := range mv.Labels {
				words = append(words, l.Name, l.Title)
			}
			mv.Search = search(words...)
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

func row(s *dataset.Series, v *vocabulary.Vocabulary) *rowView {
	m := s.Metric
	r := &rowView{Printed: s.Printed(), Status: s.Status(), Absent: s.Absent, Where: s.Where()}
	if !s.Absent {
		r.Published = strconv.FormatFloat(s.Value, 'g', -1, 64)
	}
	if s.Remarks != nil {
		r.Cell, r.Note, r.Flag = s.Cell, s.Note, s.Flag
	}
	sel := []string{fmt.Sprintf("table=%q", m.Table.ID)}
	words := []string{"table " + m.Table.ID, m.Name, s.Printed(), s.Status(), r.Cell, r.Note, r.Flag}
	for _, l := range s.Labels() {
		c := cell{Label: l.Name, Title: v.LabelTitle(l.Name), Value: l.Value, Name: v.Display(l.Name, l.Value)}
		if x := v.Label(l.Name).Value(l.Value); x != nil {
			c.Description = x.Description
		}
		r.Labels = append(r.Labels, c)
		sel = append(sel, fmt.Sprintf("%s=%q", l.Name, l.Value))
		words = append(words, l.Value, c.Name, c.Description)
	}
	// Status is left out: a preliminary figure that becomes reported is the
	// same series to a user, and the other labels identify it.
	r.Selector = m.Name + "{" + strings.Join(sel, ",") + "}"
	words = append(words, r.Selector)
	r.Search = search(words...)
	return r
}

// search is the lower-case text the page's search box matches.
func search(words ...string) string {
	words = slices.DeleteFunc(words, func(s string) bool { return s == "" })
	return strings.ToLower(strings.Join(words, " "))
}
