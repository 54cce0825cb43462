package dataset

import (
	"fmt"
	"slices"
	"strings"
)

// How a format builds a table. It declares the table's metrics (a Metric
// with the Table, appended to Table.Metrics) and adds their series: from
// strings with Metric.Add, or, reading a large file's bytes, from a Row,
// whose labels go into the table's strings one by one without a string of
// their own. Once the file is read, Table.Complete releases what only adding
// series needs.

// Str is one of a table's strings, by its index: a table holds each of its
// strings once (Table.Intern) and its series refer to them.
type Str uint32

// Intern returns the index of s in t's strings, adding s if it is new.
func (t *Table) Intern(s string) Str {
	if id, ok := t.ids[s]; ok {
		return Str(id)
	}
	if t.ids == nil {
		t.ids = make(map[string]uint32, len(t.strs))
		for i, s := range t.strs {
			t.ids[s] = uint32(i)
		}
		if id, ok := t.ids[s]; ok {
			return Str(id)
		}
	}
	t.ids[s] = uint32(len(t.strs))
	t.strs = append(t.strs, s)
	return Str(len(t.strs) - 1)
}

// InternBytes is Intern for bytes, which it copies only when they are new:
// a format's reading buffer.
func (t *Table) InternBytes(b []byte) Str {
	if id, ok := t.ids[string(b)]; ok {
		return Str(id)
	}
	return t.Intern(string(b))
}

// Row is the labels of one series as a format reads them, added to its
// table as they are read. Metric.AddRow adds the series; Discard gives it
// up. A table has one row at a time.
type Row struct {
	t     *Table
	start int // its first label pair in t.pairs
}

// NewRow starts a series of t's.
func (t *Table) NewRow() Row { return Row{t: t, start: len(t.pairs)} }

// AddLabel adds a label, its name and value interned in the row's table.
func (r Row) AddLabel(name, value Str) {
	r.t.pairs = append(r.t.pairs, uint32(name), uint32(value))
}

// Len is the number of the row's labels.
func (r Row) Len() int { return (len(r.t.pairs) - r.start) / 2 }

// Dated reports whether the row has a label that places it in time, which
// an undated series may not have (Cell.ValidateUndated).
func (r Row) Dated() bool {
	for i := r.start; i < len(r.t.pairs); i += 2 {
		if slices.Contains(CalendarLabels, r.t.strs[r.t.pairs[i]]) {
			return true
		}
	}
	return false
}

// Discard gives up the row: its labels are gone (their strings stay).
func (r Row) Discard() { r.t.pairs = r.t.pairs[:r.start] }

// Add adds a series to m and returns it. It panics on an unknown status or
// more than MaxLabels labels: formats report those as errors first.
func (m *Metric) Add(c Cell) *Series {
	t := m.Table
	row := t.NewRow()
	for _, l := range c.Labels {
		row.AddLabel(t.Intern(l.Name), t.Intern(l.Value))
	}
	return m.add(row, t.Intern(c.Printed), c)
}

// AddRow adds the series of a row of m's table, with its value as printed
// (interned in the table) and the rest of c, and returns it. The row and
// printed are the series' labels and printed value, so c has neither: it
// panics if c does, and where Add does.
func (m *Metric) AddRow(r Row, printed Str, c Cell) *Series {
	if r.t != m.Table || c.Labels != nil || c.Printed != "" {
		panic("dataset: AddRow with another table's row, or a cell's labels or printed value")
	}
	return m.add(r, printed, c)
}

func (m *Metric) add(r Row, printed Str, c Cell) *Series {
	t := m.Table
	status := 0
	if c.Status != "" {
		status = slices.Index(Statuses, c.Status)
	}
	labels := r.Len()
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
		pairs: uint32(r.start), printed: uint32(printed),
		labels: uint16(labels), status: uint8(status), Absent: c.Absent,
	}
	t.sortPairs(t.pairs[r.start:])
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

// Complete releases what only adding series needs, once a format has read
// the whole table: the index of its strings, spare capacity and unused
// series. A table that is served for long holds no more than its series.
func (t *Table) Complete() {
	t.ids = nil
	t.spares = nil
	t.strs = slices.Clip(t.strs)
	t.pairs = slices.Clone(t.pairs)
	for _, m := range t.Metrics {
		m.Series = slices.Clone(m.Series)
	}
}
