// Package dataset holds the report's figures: the data file format, its
// parser, validation and the arithmetic checks that run on every load.
package dataset

import (
	"fmt"
	"hash/maphash"
	"slices"
	"sort"
	"strings"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/vocabulary"
)

// Reserved labels are set by the loader, never by a data file.
const (
	LabelTable  = "table"
	LabelStatus = "status"
)

// Statuses a series may carry.
var Statuses = []string{"reported", "preliminary", "projection", "estimate", "undated"}

// Table is one data file: a table of the report, a section of its prose, the
// article, or a user's own table.
type Table struct {
	File  string
	Line  int
	ID    string
	Title string
	// SourceLine is the table's source line as printed: where its figures
	// come from (the table_info label "source").
	SourceLine string
	Note       string
	// Cite is how HELP names the table ("table <ID>" when empty).
	Cite string
	// Vocabulary documents labels and values of the file's own (optional).
	Vocabulary *vocabulary.Vocabulary
	Metrics    []*Metric
	Checks     []*Check

	// The strings and label pairs of the table's series, which hold indexes
	// into these rather than strings of their own: a table repeats its years
	// and categories on every row, and large sources hold millions of series
	// for as long as they are served (docs/performance.md).
	strs   []string
	ids    map[string]uint32 // index of strs; dropped once the table is parsed
	pairs  []uint32          // name and value indexes into strs, per series
	spares []Series          // allocated, not yet added: series come in blocks
}

// Metric is one metric as declared in one table.
type Metric struct {
	Table *Table
	Line  int
	Name  string
	Help  string // empty: the metric's other declarations' (Family.Help)
	Unit  Unit
	// Kind is "stock" or "flow" for amounts and counts, or empty.
	Kind   string
	Series []*Series
}

// Kinds of amounts and counts: a stock is a level at a point in time (users,
// firms), a flow an amount during the period (production, exports).
var Kinds = []string{"stock", "flow"}

// Label is one label pair.
type Label struct{ Name, Value string }

// Series is one cell: a value with its labels. It takes 40 bytes, plus 8 per
// label in its table and a pointer in its metric (TestBytesPerSeries): its
// strings live in the table, the rarely used fields apart.
type Series struct {
	Metric *Metric
	Value  float64 // base unit
	*Remarks
	Line    int32
	pairs   uint32 // its first label pair in Metric.Table.pairs
	printed uint32 // the value as written in the file (printed unit), in Metric.Table.strs
	labels  uint16
	status  uint8 // in Statuses
	Absent  bool  // printed as "-"
}

// Remarks are what a file says about a cell besides its value.
type Remarks struct {
	Cell string // the cell as printed, where the published value was corrected
	Note string
	Flag string
}

// MaxLabels is the most labels a series may have.
const MaxLabels = 1<<16 - 1

// Cell is what a series is made of; Metric.Add adds one.
type Cell struct {
	Labels  []Label // any order, without table and status; at most MaxLabels
	Status  string  // one of Statuses; empty for reported
	Printed string  // the value as written (printed unit)
	Value   float64 // base unit
	Line    int
	Absent  bool
	Remarks *Remarks
}

// Add adds a series to m and returns it. It panics on an unknown status or
// more than MaxLabels labels: parsers report those as errors first.
func (m *Metric) Add(c Cell) *Series {
	t := m.Table
	start := len(t.pairs)
	for _, l := range c.Labels {
		t.pairs = append(t.pairs, t.intern(l.Name), t.intern(l.Value))
	}
	return m.add(c, t.intern(c.Printed), start)
}

// add adds a series whose label pairs are t.pairs[start:], and the index of
// its printed value.
func (m *Metric) add(c Cell, printed uint32, start int) *Series {
	t := m.Table
	status := 0
	if c.Status != "" {
		status = slices.Index(Statuses, c.Status)
	}
	labels := (len(t.pairs) - start) / 2
	if status < 0 || labels > MaxLabels {
		panic(fmt.Sprintf("dataset: series with status %q and %d labels", c.Status, labels))
	}
	if len(t.spares) == 0 {
		// Small tables (the report's) take small blocks.
		t.spares = make([]Series, min(seriesBlock, max(16, len(t.pairs)/2)))
	}
	s := &t.spares[0]
	t.spares = t.spares[1:]
	*s = Series{
		Metric: m, Value: c.Value, Remarks: c.Remarks, Line: int32(c.Line),
		pairs: uint32(start), printed: printed,
		labels: uint16(labels), status: uint8(status), Absent: c.Absent,
	}
	t.sortPairs(t.pairs[start:])
	m.Series = append(m.Series, s)
	return s
}

// sortPairs sorts label pairs by name: by insertion for the handful of
// labels series have, without allocating.
func (t *Table) sortPairs(p []uint32) {
	if len(p) > 32 {
		ls := make([][2]uint32, len(p)/2)
		for i := range ls {
			ls[i] = [2]uint32{p[2*i], p[2*i+1]}
		}
		slices.SortFunc(ls, func(a, b [2]uint32) int { return strings.Compare(t.strs[a[0]], t.strs[b[0]]) })
		for i, l := range ls {
			p[2*i], p[2*i+1] = l[0], l[1]
		}
		return
	}
	for i := 2; i < len(p); i += 2 {
		for j := i; j > 0 && t.strs[p[j]] < t.strs[p[j-2]]; j -= 2 {
			p[j], p[j+1], p[j-2], p[j-1] = p[j-2], p[j-1], p[j], p[j+1]
		}
	}
}

// seriesBlock is how many series a table allocates at a time.
const seriesBlock = 256

func (t *Table) intern(s string) uint32 {
	if id, ok := t.ids[s]; ok {
		return id
	}
	if t.ids == nil {
		t.ids = make(map[string]uint32, len(t.strs))
		for i, s := range t.strs {
			t.ids[s] = uint32(i)
		}
		if id, ok := t.ids[s]; ok {
			return id
		}
	}
	t.ids[s] = uint32(len(t.strs))
	t.strs = append(t.strs, s)
	return uint32(len(t.strs) - 1)
}

// internBytes is intern for bytes, which it copies only when they are new.
func (t *Table) internBytes(b []byte) uint32 {
	if id, ok := t.ids[string(b)]; ok {
		return id
	}
	return t.intern(string(b))
}

// compact releases what only adding series needs once a table is complete:
// the index of its strings, spare capacity and unused series.
func (t *Table) compact() {
	t.ids = nil
	t.spares = nil
	t.strs = slices.Clip(t.strs)
	t.pairs = slices.Clone(t.pairs)
	for _, m := range t.Metrics {
		m.Series = slices.Clone(m.Series)
	}
}

// Status is the series' status, one of Statuses.
func (s *Series) Status() string { return Statuses[s.status] }

// Printed is the value as written in the file (printed unit).
func (s *Series) Printed() string { return s.Metric.Table.strs[s.printed] }

// NumLabels is the number of the series' labels, without table and status.
func (s *Series) NumLabels() int { return int(s.labels) }

// Label returns the series' i-th label, in the order of names.
func (s *Series) Label(i int) Label {
	t := s.Metric.Table
	p := t.pairs[s.pairs+2*uint32(i):]
	return Label{Name: t.strs[p[0]], Value: t.strs[p[1]]}
}

// Labels returns the series' labels sorted by name, without table and status.
func (s *Series) Labels() []Label {
	out := make([]Label, s.labels)
	for i := range out {
		out[i] = s.Label(i)
	}
	return out
}

// remarks returns c's remarks, adding them if it has none.
func (c *Cell) remarks() *Remarks {
	if c.Remarks == nil {
		c.Remarks = &Remarks{}
	}
	return c.Remarks
}

// Get returns a label's value, including the reserved ones.
func (s *Series) Get(name string) (string, bool) {
	switch name {
	case LabelTable:
		return s.Metric.Table.ID, true
	case LabelStatus:
		return s.Status(), true
	}
	i := sort.Search(s.NumLabels(), func(i int) bool { return s.Label(i).Name >= name })
	if i < s.NumLabels() {
		if l := s.Label(i); l.Name == name {
			return l.Value, true
		}
	}
	return "", false
}

// Where is the series' position for error messages.
func (s *Series) Where() string { return fmt.Sprintf("%s:%d", s.Metric.Table.File, s.Line) }

// sameCell reports whether two series of one metric name are the same cell:
// same table and labels, whatever their status (a preliminary and a reported
// value for the same cell are duplicates).
func sameCell(a, b *Series) bool {
	if a.Metric.Table.ID != b.Metric.Table.ID || a.labels != b.labels {
		return false
	}
	for i := range a.NumLabels() {
		if a.Label(i) != b.Label(i) {
			return false
		}
	}
	return true
}

// cellHash hashes what sameCell compares, and the metric name.
func cellHash(seed maphash.Seed, s *Series) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	h.WriteString(s.Metric.Name)
	h.WriteByte(0)
	h.WriteString(s.Metric.Table.ID)
	for i := range s.NumLabels() {
		l := s.Label(i)
		h.WriteByte(0)
		h.WriteString(l.Name)
		h.WriteByte(1)
		h.WriteString(l.Value)
	}
	return h.Sum64()
}

// Dataset is a validated set of tables whose checks pass.
type Dataset struct {
	Tables []*Table // sorted by ID
	// Excused are the relations the printed figures break, listed in the
	// checks' except (the discrepancy page's last part).
	Excused []Discrepancy
}

// Vocabulary is base with the vocabularies of the dataset's own files added
// (base wins where both document a value): the names the catalogue shows.
func (d *Dataset) Vocabulary(base *vocabulary.Vocabulary) *vocabulary.Vocabulary {
	vs := []*vocabulary.Vocabulary{base}
	for _, t := range d.Tables {
		vs = append(vs, t.Vocabulary)
	}
	return vocabulary.Merge(vs...)
}

// Families groups the published series by metric name, sorted by name.
func (d *Dataset) Families() []*Family {
	byName := map[string]*Family{}
	for _, t := range d.Tables {
		for _, m := range t.Metrics {
			f := byName[m.Name]
			if f == nil {
				f = &Family{Name: m.Name, Help: m.Help, Unit: m.Unit.Base, Kind: m.Kind}
				byName[m.Name] = f
			}
			if f.Kind == "" {
				f.Kind = m.Kind
			}
			if f.Help == "" {
				f.Help = m.Help // declarations without help take the first given
			}
			f.Decls = append(f.Decls, m)
			for _, s := range m.Series {
				if !s.Absent {
					f.Series = append(f.Series, s)
				}
			}
		}
	}
	out := make([]*Family, 0, len(byName))
	for _, f := range byName {
		if f.Help == "" {
			f.Help = defaultHelp(f.Name) // given nowhere
		}
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Family is every declaration of one metric across tables.
type Family struct {
	Name   string
	Help   string
	Unit   string
	Kind   string
	Decls  []*Metric
	Series []*Series
}

// HelpText is the HELP line: the description plus where the figures come from
// and in which unit they were printed.
func (f *Family) HelpText() string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(f.Help))
	if !strings.HasSuffix(b.String(), ".") {
		b.WriteByte('.')
	}
	for _, s := range f.Meaning() {
		b.WriteByte(' ')
		b.WriteString(s)
	}
	b.WriteString(" Source: ")
	seen := map[string]bool{}
	for _, m := range f.Decls {
		s := fmt.Sprintf("%s (printed in %s)", m.Table.cite(), m.Unit.Printed)
		if seen[s] {
			continue
		}
		if len(seen) > 0 {
			b.WriteString("; ")
		}
		seen[s] = true
		b.WriteString(s)
	}
	b.WriteString(". Base unit: ")
	b.WriteString(f.Unit)
	b.WriteString(".")
	return b.String()
}

func (t *Table) cite() string {
	if t.Cite != "" {
		return t.Cite
	}
	return "table " + t.ID
}

// Count is the number of published and absent cells in a table.
func (t *Table) Count() (published, absent int) {
	for _, m := range t.Metrics {
		for _, s := range m.Series {
			if s.Absent {
				absent++
			} else {
				published++
			}
		}
	}
	return published, absent
}
