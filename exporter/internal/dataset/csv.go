package dataset

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"mime"
	"path"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Data file formats. A file's format is its File.Format, or else what its
// name's extension says (FormatOf).
const (
	FormatYAML = "yaml"
	FormatCSV  = "csv"
)

// FormatOf is the format a file name implies: CSV for *.csv, YAML otherwise.
// A URL's query and fragment are ignored.
func FormatOf(name string) string {
	if strings.EqualFold(path.Ext(stripQuery(name)), ".csv") {
		return FormatCSV
	}
	return FormatYAML
}

// FormatOfContentType is the format an HTTP Content-Type names, or "" when
// it names neither (text/plain, application/octet-stream...: the URL's
// extension decides).
func FormatOfContentType(contentType string) string {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	switch mt {
	case "text/csv", "application/csv":
		return FormatCSV
	case "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml":
		return FormatYAML
	}
	return ""
}

// IsDataFile reports whether a directory entry is a data file, in any
// format.
func IsDataFile(name string) bool {
	switch path.Ext(name) {
	case ".yaml", ".yml", ".csv":
		return true
	}
	return false
}

// DataFilePatterns names IsDataFile's files in messages.
const DataFilePatterns = "*.yaml, *.yml or *.csv"

func stripQuery(name string) string {
	if i := strings.IndexAny(name, "?#"); i >= 0 {
		return name[:i]
	}
	return name
}

// ParseFile reads one data file in its format: a YAML file is one table, a
// CSV file one or more.
func ParseFile(f File) ([]*Table, error) { return parseFile(f, DefaultLimits) }

// parseFile is ParseFile within a source's limits.
func parseFile(f File, limits Limits) ([]*Table, error) {
	format := f.Format
	if format == "" {
		format = FormatOf(f.Name)
	}
	if format == FormatCSV {
		return parseCSVLimited(f.Name, f.Data, limits)
	}
	t, err := parseLimited(f.Name, f.Data, true, limits)
	if err != nil {
		return nil, err
	}
	return []*Table{t}, nil
}

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

// ParseCSV reads a CSV data file: UTF-8, RFC 4180, a header row, then one
// figure per row. name is used in error messages and, without a table
// column, is the table id (its base name without .csv).
func ParseCSV(name string, data []byte) ([]*Table, error) {
	return parseCSVLimited(name, data, DefaultLimits)
}

// parseCSVLimited is ParseCSV within a source's limits.
func parseCSVLimited(name string, data []byte, limits Limits) ([]*Table, error) {
	p := &parser{file: name, limits: limits}
	tables := p.parseCSV(data)
	if err := p.errs.err(); err != nil {
		return nil, err
	}
	for _, t := range tables {
		t.compact()
	}
	return tables, nil
}

// csvFile is the state of one CSV file's parse: its columns and the tables
// and metrics its rows have declared so far.
type csvFile struct {
	*parser
	col       map[string]int // column name -> index
	labels    []int          // indexes of label columns, by label name
	header    []string
	defaultID string
	tables    []*Table
	byID      map[string]*Table
	metrics   map[*Table]map[string]*Metric
	// failed holds the tables and metrics whose declaration was reported
	// bad on their first row, so that their other rows are not.
	failed map[string]bool
	// help is each metric's first help text in the file, for its rows in
	// tables that give none.
	help map[string]string
}

func (p *parser) parseCSV(data []byte) []*Table {
	// Spreadsheets save UTF-8 CSV with a byte order mark.
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	r := csv.NewReader(bytes.NewReader(data))
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		p.errs.add(p.file, 0, "file is empty")
		return nil
	}
	if err != nil {
		p.csvError(err)
		return nil
	}
	f := &csvFile{parser: p, byID: map[string]*Table{}, metrics: map[*Table]map[string]*Metric{}, failed: map[string]bool{}, help: map[string]string{},
		defaultID: strings.TrimSuffix(path.Base(stripQuery(p.file)), path.Ext(stripQuery(p.file)))}
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
				p.errs.add(p.file, pe.StartLine, "row has %d columns, the header %d", len(rec), len(header))
				continue
			}
			p.csvError(err)
			return nil
		}
		line, _ := r.FieldPos(0)
		f.row(line, rec)
	}
	if len(f.tables) == 0 && len(p.errs) == 0 {
		p.errs.add(p.file, 1, "no rows after the header")
	}
	for _, t := range f.tables {
		if t.Title == "" {
			t.Title = t.ID
		}
		if t.SourceLine == "" {
			t.SourceLine = path.Base(stripQuery(p.file))
		}
		for _, m := range t.Metrics {
			if m.Help == "" {
				m.Help = f.help[m.Name] // else its other declarations' (Family.Help)
			}
		}
	}
	return f.tables
}

// csvError reports a malformed file at the line encoding/csv names.
func (p *parser) csvError(err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		p.errs.add(p.file, pe.Line, "malformed CSV: %s", pe.Err)
		return
	}
	p.errs.add(p.file, 0, "reading CSV: %s", err)
}

func (f *csvFile) readHeader(header []string) bool {
	f.header = header
	f.col = make(map[string]int, len(header))
	ok := true
	for i, h := range header {
		h = strings.TrimSpace(h)
		header[i] = h
		if _, dup := f.col[h]; dup {
			f.errs.add(f.file, 1, "duplicate column %q", h)
			ok = false
			continue
		}
		f.col[h] = i
		if slices.Contains(csvColumns, h) {
			continue
		}
		if err := f.limits.validateLabelName(h); err != nil {
			f.errs.add(f.file, 1, "column %q: %s", h, err)
			ok = false
			continue
		}
		f.labels = append(f.labels, i)
	}
	if len(f.labels) > f.limits.labels() {
		f.errs.add(f.file, 1, "label columns: %s", f.limits.errLabels(len(f.labels)))
		ok = false
	}
	for _, c := range csvRequired {
		if _, has := f.col[c]; !has {
			f.errs.add(f.file, 1, "missing column %q (required: %s)", c, strings.Join(csvRequired, ", "))
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
	errorf := func(format string, args ...any) { f.errs.add(f.file, line, format, args...) }
	empty := true
	for _, c := range rec {
		if !utf8.ValidString(c) {
			errorf("not UTF-8")
			return
		}
		if err := validateText(c, true); err != nil {
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
	c := Cell{Line: line}
	ok := true
	for _, i := range f.labels {
		v := strings.TrimSpace(rec[i])
		if v == "" {
			continue // the label is absent on this row
		}
		if err := f.limits.validateLabel(f.header[i], v); err != nil {
			errorf("%s", err)
			ok = false
			continue
		}
		c.Labels = append(c.Labels, Label{Name: f.header[i], Value: v})
	}
	if st := f.cell(rec, colStatus); st != "" {
		if err := validateStatus(st); err != nil {
			errorf("%s", err)
			ok = false
		}
		c.Status = st
	}
	if v := f.cell(rec, colPrinted); v != "" {
		c.remarks().Cell = v
	}
	if v := f.cell(rec, colNote); v != "" {
		c.remarks().Note = v
	}
	if v := f.cell(rec, colFlag); v != "" {
		c.remarks().Flag = v
	}
	if err := setValue(&c, f.cell(rec, colValue), m.Unit.Factor); err != nil {
		errorf("%s", err)
		ok = false
	}
	if err := validateUndated(&c); err != nil {
		errorf("%s", err)
		ok = false
	}
	if ok {
		m.Add(c)
	}
}

// table returns the row's table, declaring it on its first row. Its title
// and source may be given on any of its rows, but only one of each.
func (f *csvFile) table(line int, rec []string) *Table {
	id := f.cell(rec, colTable)
	if id == "" {
		id = f.defaultID
	}
	t := f.byID[id]
	if t == nil {
		if f.failed[id] {
			return nil
		}
		if !ValidTableID(id) {
			f.errs.add(f.file, line, "invalid table id %q: use letters, digits, '.', '-' or '_' (a file without a table column is named for its table)", id)
			f.failed[id] = true
			return nil
		}
		t = &Table{File: f.file, Line: line, ID: id}
		f.byID[id] = t
		f.tables = append(f.tables, t)
		f.metrics[t] = map[string]*Metric{}
	}
	f.same(line, &t.Title, f.cell(rec, colTitle), fmt.Sprintf("table %q", id), colTitle)
	f.same(line, &t.SourceLine, f.cell(rec, colSource), fmt.Sprintf("table %q", id), colSource)
	return t
}

// metric returns the row's metric, declaring it on its first row in the
// table: one unit and one help text per metric and table.
func (f *csvFile) metric(t *Table, line int, rec []string) *Metric {
	name := f.cell(rec, colMetric)
	unit := f.cell(rec, colUnit)
	switch {
	case name == "":
		f.errs.add(f.file, line, "%q is empty", colMetric)
		return nil
	case unit == "":
		f.errs.add(f.file, line, "%q is empty", colUnit)
		return nil
	}
	m := f.metrics[t][name]
	if m == nil {
		key := t.ID + "\x00" + name
		if f.failed[key] {
			return nil
		}
		u, err := ParseUnit(unit)
		if err == nil {
			err = ValidateMetricName(name, u)
		}
		if err != nil {
			f.errs.add(f.file, line, "%s", err)
			f.failed[key] = true
			return nil
		}
		m = &Metric{Table: t, Line: line, Name: name, Unit: u}
		f.metrics[t][name] = m
		t.Metrics = append(t.Metrics, m)
	} else if unit != m.Unit.Printed {
		f.errs.add(f.file, line, "metric %q is in %q here but in %q at line %d; one unit per metric and table", name, unit, m.Unit.Printed, m.Line)
		return nil
	}
	f.same(line, &m.Help, f.cell(rec, colHelp), fmt.Sprintf("metric %q", name), colHelp)
	if _, ok := f.help[name]; !ok && m.Help != "" {
		f.help[name] = m.Help
	}
	return m
}

// defaultHelp describes a metric declared without help by its name, the
// same in every file: "korea_ict_exports_dollars" is "Exports dollars.".
func defaultHelp(name string) string {
	words := strings.TrimSpace(strings.ReplaceAll(strings.TrimPrefix(name, Prefix), "_", " "))
	if words == "" {
		return name + "."
	}
	return strings.ToUpper(words[:1]) + words[1:] + "."
}

// same sets *field to value where the field is still empty, and reports a
// different non-empty value: a table has one title, a metric one help text.
func (f *csvFile) same(line int, field *string, value, what, col string) {
	switch {
	case value == "" || value == *field:
	case *field == "":
		*field = value
	default:
		f.errs.add(f.file, line, "%s has another %s on an earlier row: %q", what, col, *field)
	}
}
