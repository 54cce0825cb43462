// Package csvfile reads the CSV data file format (docs/data-format.md, "CSV
// data files"): UTF-8, RFC 4180, a header row, then one figure per row, of
// one table or several.
package csvfile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
)

// CSV columns other than labels (docs/data-format.md, "CSV data files").
const (
	colTable   = "table"
	colMetric  = "metric"
	colUnit    = "unit"
	colValue   = "value"
	colTitle   = "title"
	colSource  = "source"
	colHelp    = "help"
	colStatus  = "status"
	colPrinted = "printed"
	colNote    = "note"
	colFlag    = "flag"
)

var (
	csvRequired = []string{colMetric, colUnit, colValue}
	csvColumns  = []string{colTable, colMetric, colUnit, colValue, colTitle, colSource, colHelp, colStatus, colPrinted, colNote, colFlag}
)

// Parse reads a CSV data file within a source's limits. name is used in
// error messages and, without a table column, is the table id (its base
// name without .csv, and without a URL's query).
func Parse(name string, data []byte, limits dataset.Limits) ([]*dataset.Table, error) {
	f := &csvFile{file: name, limits: limits}
	tables := f.parse(data)
	if err := f.errs.Err(); err != nil {
		return nil, err
	}
	for _, t := range tables {
		t.Complete()
	}
	return tables, nil
}

// csvFile is the state of one CSV file's parse: its columns and the tables
// and metrics its rows have declared so far.
type csvFile struct {
	file      string
	limits    dataset.Limits
	errs      dataset.Errors
	col       map[string]int // column name -> index
	labels    []int          // indexes of label columns, by label name
	header    []string
	defaultID string
	tables    []*dataset.Table
	byID      map[string]*dataset.Table
	metrics   map[*dataset.Table]map[string]*dataset.Metric
	// failed holds the tables and metrics whose declaration was reported
	// bad on their first row, so that their other rows are not.
	failed map[string]bool
	// help is each metric's first help text in the file, for its rows in
	// tables that give none.
	help map[string]string
}

func (f *csvFile) parse(data []byte) []*dataset.Table {
	// Spreadsheets save UTF-8 CSV with a byte order mark.
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	r := csv.NewReader(bytes.NewReader(data))
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		f.errs.Add(f.file, 0, "file is empty")
		return nil
	}
	if err != nil {
		f.csvError(err)
		return nil
	}
	f.byID, f.metrics, f.failed, f.help = map[string]*dataset.Table{}, map[*dataset.Table]map[string]*dataset.Metric{}, map[string]bool{}, map[string]string{}
	f.defaultID = strings.TrimSuffix(path.Base(withoutQuery(f.file)), path.Ext(withoutQuery(f.file)))
	if !f.readHeader(header) {
		return nil
	}
	r.FieldsPerRecord = len(header)
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				f.errs.Add(f.file, pe.StartLine, "row has %d columns, the header %d", len(rec), len(header))
				continue
			}
			f.csvError(err)
			return nil
		}
		line, _ := r.FieldPos(0)
		f.row(line, rec)
	}
	if len(f.tables) == 0 && len(f.errs) == 0 {
		f.errs.Add(f.file, 1, "no rows after the header")
	}
	for _, t := range f.tables {
		if t.Title == "" {
			t.Title = t.ID
		}
		if t.SourceLine == "" {
			t.SourceLine = path.Base(withoutQuery(f.file))
		}
		for _, m := range t.Metrics {
			if m.Help == "" {
				m.Help = f.help[m.Name] // else its other declarations' (dataset.Family.Help)
			}
		}
	}
	return f.tables
}

// csvError reports a malformed file at the line encoding/csv names.
func (f *csvFile) csvError(err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		f.errs.Add(f.file, pe.Line, "malformed CSV: %s", pe.Err)
		return
	}
	f.errs.Add(f.file, 0, "reading CSV: %s", err)
}

func (f *csvFile) readHeader(header []string) bool {
	f.header = header
	f.col = make(map[string]int, len(header))
	ok := true
	for i, h := range header {
		h = strings.TrimSpace(h)
		header[i] = h
		if _, dup := f.col[h]; dup {
			f.errs.Add(f.file, 1, "duplicate column %q", h)
			ok = false
			continue
		}
		f.col[h] = i
		if slices.Contains(csvColumns, h) {
			continue
		}
		if err := f.limits.ValidateLabelName(h); err != nil {
			f.errs.Add(f.file, 1, "column %q: %s", h, err)
			ok = false
			continue
		}
		f.labels = append(f.labels, i)
	}
	if len(f.labels) > f.limits.MaxLabels() {
		f.errs.Add(f.file, 1, "label columns: %s", f.limits.TooManyLabels(len(f.labels)))
		ok = false
	}
	for _, c := range csvRequired {
		if _, has := f.col[c]; !has {
			f.errs.Add(f.file, 1, "missing column %q (required: %s)", c, strings.Join(csvRequired, ", "))
			ok = false
		}
	}
	sort.Slice(f.labels, func(i, j int) bool { return header[f.labels[i]] < header[f.labels[j]] })
	return ok
}

// cell is a row's value in a column, "" when the file has no such column.
func (f *csvFile) cell(rec []string, col string) string {
	if i, ok := f.col[col]; ok {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

func (f *csvFile) row(line int, rec []string) {
	errorf := func(format string, args ...any) { f.errs.Add(f.file, line, format, args...) }
	empty := true
	for _, c := range rec {
		if !utf8.ValidString(c) {
			errorf("not UTF-8")
			return
		}
		if err := dataset.ValidateText(c); err != nil {
			errorf("a cell %s", err)
			return
		}
		if strings.TrimSpace(c) != "" {
			empty = false
		}
	}
	if empty {
		return // a spreadsheet's blank row
	}
	t := f.table(line, rec)
	if t == nil {
		return
	}
	m := f.metric(t, line, rec)
	if m == nil {
		return
	}
	c := dataset.Cell{Line: line}
	ok := true
	for _, i := range f.labels {
		v := strings.TrimSpace(rec[i])
		if v == "" {
			continue // the label is absent on this row
		}
		if err := f.limits.ValidateLabel(f.header[i], v); err != nil {
			errorf("%s", err)
			ok = false
			continue
		}
		c.Labels = append(c.Labels, dataset.Label{Name: f.header[i], Value: v})
	}
	if st := f.cell(rec, colStatus); st != "" {
		if err := dataset.ValidateStatus(st); err != nil {
			errorf("%s", err)
			ok = false
		}
		c.Status = st
	}
	if v := f.cell(rec, colPrinted); v != "" {
		c.EnsureRemarks().Cell = v
	}
	if v := f.cell(rec, colNote); v != "" {
		c.EnsureRemarks().Note = v
	}
	if v := f.cell(rec, colFlag); v != "" {
		c.EnsureRemarks().Flag = v
	}
	if err := c.SetValue(f.cell(rec, colValue), m.Unit); err != nil {
		errorf("%s", err)
		ok = false
	}
	if err := c.ValidateUndated(); err != nil {
		errorf("%s", err)
		ok = false
	}
	if ok {
		m.Add(c)
	}
}

// table returns the row's table, declaring it on its first row. Its title
// and source may be given on any of its rows, but only one of each.
func (f *csvFile) table(line int, rec []string) *dataset.Table {
	id := f.cell(rec, colTable)
	if id == "" {
		id = f.defaultID
	}
	t := f.byID[id]
	if t == nil {
		if f.failed[id] {
			return nil
		}
		if !dataset.ValidTableID(id) {
			f.errs.Add(f.file, line, "invalid table id %q: use letters, digits, '.', '-' or '_' (a file without a table column is named for its table)", id)
			f.failed[id] = true
			return nil
		}
		t = &dataset.Table{File: f.file, Line: line, ID: id}
		f.byID[id] = t
		f.tables = append(f.tables, t)
		f.metrics[t] = map[string]*dataset.Metric{}
	}
	f.same(line, &t.Title, f.cell(rec, colTitle), fmt.Sprintf("table %q", id), colTitle)
	f.same(line, &t.SourceLine, f.cell(rec, colSource), fmt.Sprintf("table %q", id), colSource)
	return t
}

// metric returns the row's metric, declaring it on its first row in the
// table: one unit and one help text per metric and table.
func (f *csvFile) metric(t *dataset.Table, line int, rec []string) *dataset.Metric {
	name := f.cell(rec, colMetric)
	unit := f.cell(rec, colUnit)
	switch {
	case name == "":
		f.errs.Add(f.file, line, "%q is empty", colMetric)
		return nil
	case unit == "":
		f.errs.Add(f.file, line, "%q is empty", colUnit)
		return nil
	}
	m := f.metrics[t][name]
	if m == nil {
		key := t.ID + "\x00" + name
		if f.failed[key] {
			return nil
		}
		u, err := dataset.ParseUnit(unit)
		if err == nil {
			err = dataset.ValidateMetricName(name, u)
		}
		if err != nil {
			f.errs.Add(f.file, line, "%s", err)
			f.failed[key] = true
			return nil
		}
		m = &dataset.Metric{Table: t, Line: line, Name: name, Unit: u}
		f.metrics[t][name] = m
		t.Metrics = append(t.Metrics, m)
	} else if unit != m.Unit.Printed {
		f.errs.Add(f.file, line, "metric %q is in %q here but in %q at line %d; one unit per metric and table", name, unit, m.Unit.Printed, m.Line)
		return nil
	}
	f.same(line, &m.Help, f.cell(rec, colHelp), fmt.Sprintf("metric %q", name), colHelp)
	if _, ok := f.help[name]; !ok && m.Help != "" {
		f.help[name] = m.Help
	}
	return m
}

// same sets *field to value where the field is still empty, and reports a
// different non-empty value: a table has one title, a metric one help text.
func (f *csvFile) same(line int, field *string, value, what, col string) {
	switch {
	case value == "" || value == *field:
	case *field == "":
		*field = value
	default:
		f.errs.Add(f.file, line, "%s has another %s on an earlier row: %q", what, col, *field)
	}
}

// withoutQuery is a file's name, or its URL without the query and fragment.
func withoutQuery(name string) string {
	if i := strings.IndexAny(name, "?#"); i >= 0 {
		return name[:i]
	}
	return name
}
