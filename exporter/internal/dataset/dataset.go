// Package dataset holds the report's figures: the data model (tables,
// metrics, series, units), the way a format builds a table (rows.go), the
// rules of one cell, validation and the arithmetic checks that run on every
// load. The formats that read data files are datafile's.
package dataset

import (
	"fmt"
	"hash/maphash"
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
	ids    map[string]uint32 // index of strs; dropped by Complete
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

// Cell is what a series is made of; Metric.Add adds one (rows.go).
type Cell struct {
	Labels  []Label // any order, without table and status; at most MaxLabels
	Status  string  // one of Statuses; empty for reported
	Printed string  // the value as written (printed unit)
	Value   float64 // base unit
	Line    int
	Absent  bool
	Remarks *Remarks
}

// EnsureRemarks returns c's remarks, adding them if it has none: a format
// fills them in as it reads them.
func (c *Cell) EnsureRemarks() *Remarks {
	if c.Remarks == nil {
		c.Remarks = &Remarks{}
	}
	return c.Remarks
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
