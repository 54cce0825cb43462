// Package dataset holds the report's figures: the data file format, its
// parser, validation and the arithmetic checks that run on every load.
package dataset

import (
	"fmt"
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
}

// Metric is one metric as declared in one table.
type Metric struct {
	Table  *Table
	Line   int
	Name   string
	Help   string
	Unit   Unit
	Series []*Series
}

// Label is one label pair.
type Label struct{ Name, Value string }

// Series is one cell: a value with its labels. Large sources hold millions
// of them for as long as they are served, so the rarely used fields live
// apart.
type Series struct {
	Metric  *Metric
	Labels  []Label // sorted by name, without table and status
	Status  string
	Printed string  // the value as written in the file (printed unit)
	Value   float64 // base unit
	Line    int32
	Absent  bool // printed as "-"
	*Remarks
}

// Remarks are what a file says about a cell besides its value.
type Remarks struct {
	Cell string // the cell as printed, where the published value was corrected
	Note string
	Flag string
}

// remarks returns s's remarks, adding them if it has none.
func (s *Series) remarks() *Remarks {
	if s.Remarks == nil {
		s.Remarks = &Remarks{}
	}
	return s.Remarks
}

// Get returns a label's value, including the reserved ones.
func (s *Series) Get(name string) (string, bool) {
	switch name {
	case LabelTable:
		return s.Metric.Table.ID, true
	case LabelStatus:
		return s.Status, true
	}
	i := sort.Search(len(s.Labels), func(i int) bool { return s.Labels[i].Name >= name })
	if i < len(s.Labels) && s.Labels[i].Name == name {
		return s.Labels[i].Value, true
	}
	return "", false
}

// Where is the series' position for error messages.
func (s *Series) Where() string { return fmt.Sprintf("%s:%d", s.Metric.Table.File, s.Line) }

// key identifies the series within its metric: labels without status (a
// preliminary and a reported value for the same cell are duplicates).
func (s *Series) key() string {
	var b strings.Builder
	b.WriteString(s.Metric.Table.ID)
	for _, l := range s.Labels {
		b.WriteByte(0)
		b.WriteString(l.Name)
		b.WriteByte(1)
		b.WriteString(l.Value)
	}
	return b.String()
}

// Dataset is a validated set of tables whose checks pass.
type Dataset struct {
	Tables []*Table // sorted by ID
}

// Families groups the published series by metric name, sorted by name.
func (d *Dataset) Families() []*Family {
	byName := map[string]*Family{}
	for _, t := range d.Tables {
		for _, m := range t.Metrics {
			f := byName[m.Name]
			if f == nil {
				f = &Family{Name: m.Name, Help: m.Help, Unit: m.Unit.Base}
				byName[m.Name] = f
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
