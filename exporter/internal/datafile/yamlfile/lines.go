package yamlfile

import (
	"bytes"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
)

// A large data file is mostly series, one flow mapping a line:
//
//	      - {year: "1990", size: large, industry: ind_10000, value: 12.3}
//
// yaml.v3 builds nine nodes for each (about 3 kB of garbage a series, and
// most of a large refresh's time). So the parser reads such lines itself, and
// yaml.v3 reads the rest of the file: each run of such lines is replaced by a
// placeholder item and blank lines, which keep the lines' numbers.
//
// yaml.v3 still decides what a file means and reports its errors:
//   - a line the fast path does not understand, or that has any error, is
//     read by yaml.v3 on its own;
//   - if a placeholder is not read as an item of a metric's series (the run
//     was inside a block scalar, say), or the file with placeholders is not
//     valid YAML, the whole file is read by yaml.v3 as written.
//
// FuzzBuild checks that both ways give the same tables and errors.

// run is consecutive series lines at one indentation.
type run struct {
	line   int // of the first
	indent int
	lines  [][]byte
	read   bool
}

// placeholder is what stands for a run in the YAML text.
const placeholder = "- 0"

// placeholder reports whether n is r's placeholder.
func (r *run) placeholder(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Value == placeholder[2:] && n.Column == r.indent+3 && !r.read
}

// findRuns finds the series lines of data and returns the text for yaml.v3,
// with each run replaced, and the runs by line. With no runs, it returns
// data itself.
func findRuns(data []byte) ([]byte, map[int]*run) {
	var runs map[int]*run
	var last *run
	var text []byte
	copied := 0 // data[:copied] is in text
	for line, start := 1, 0; start < len(data); line++ {
		end := bytes.IndexByte(data[start:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += start
		}
		indent, ok := seriesLine(data[start:end])
		switch {
		case !ok:
			last = nil
		case last != nil && last.indent == indent && last.line+len(last.lines) == line:
			last.lines = append(last.lines, data[start:end])
		default:
			last = &run{line: line, indent: indent, lines: [][]byte{data[start:end]}}
			if runs == nil {
				runs = map[int]*run{}
				text = make([]byte, 0, len(data))
			}
			runs[line] = last
		}
		if ok {
			text = append(text, data[copied:start]...)
			if last.line == line {
				text = append(text, data[start:start+indent]...)
				text = append(text, placeholder...)
			}
			copied = end
		}
		start = end + 1
	}
	if runs == nil {
		return data, nil
	}
	return append(text, data[copied:]...), runs
}

// seriesLine reports whether line is a whole flow mapping as an item of a
// block sequence, with nothing YAML might read otherwise than the fast path
// does (comments, anchors, aliases, tags, escapes, single quotes, other
// collections, characters YAML treats specially), and its indentation.
func seriesLine(line []byte) (int, bool) {
	indent := 0
	for indent < len(line) && line[indent] == ' ' {
		indent++
	}
	rest := line[indent:]
	if !bytes.HasPrefix(rest, []byte("- {")) || rest[len(rest)-1] != '}' {
		return 0, false
	}
	quotes := 0
	for i := 0; i < len(rest); {
		c := rest[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRune(rest[i:])
			if !(r >= 0xA0 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD && r != 0xFEFF || r >= 0x10000 && r <= 0x10FFFF) {
				return 0, false // not printable in YAML, a line break, a byte order mark or not UTF-8
			}
			i += n
			continue
		}
		switch {
		case c < ' ' || c == 0x7f:
			return 0, false
		case c == '{' && i != 2, c == '}' && i != len(rest)-1:
			return 0, false
		case special[c]:
			return 0, false
		case c == '"':
			quotes++
		}
		i++
	}
	return indent, quotes%2 == 0
}

// special are the characters that make a line not a series line.
var special = func() (s [256]bool) {
	for _, c := range []byte("#&*!|>'%@`[]\\?") {
		s[c] = true
	}
	return s
}()

// readRun adds the series of a run's lines to m.
func (p *parser) readRun(m *dataset.Metric, r *run) {
	r.read = true
	for i, line := range r.lines {
		if p.fastSeries(m, line, r.line+i) {
			continue
		}
		// yaml.v3 reads the line alone, and numbers its nodes as in the file.
		var doc yaml.Node
		if err := yaml.Unmarshal(line, &doc); err != nil || len(doc.Content) != 1 || len(doc.Content[0].Content) != 1 {
			p.fallback = true
			return
		}
		n := doc.Content[0].Content[0]
		renumber(n, r.line+i-1)
		p.series(m, n)
	}
}

func renumber(n *yaml.Node, by int) {
	n.Line += by
	for _, c := range n.Content {
		renumber(c, by)
	}
}

// fastSeries adds the series of one line to m, if the line is of the simple
// form it reads and the series is valid. Otherwise it adds nothing and
// returns false, and yaml.v3 reads the line.
func (p *parser) fastSeries(m *dataset.Metric, line []byte, lineNo int) bool {
	t := m.Table
	rest := line[bytes.IndexByte(line, '{')+1 : len(line)-1]
	c := dataset.Cell{Line: lineNo}
	var value []byte
	hasValue := false
	row := t.NewRow()
	var seen [16][]byte // keys, to leave duplicates to yaml.v3
	keys := seen[:0]
	for len(bytes.TrimLeft(rest, " ")) > 0 {
		var key, val []byte
		var quoted, ok bool
		key, val, quoted, rest, ok = nextEntry(rest)
		for _, k := range keys {
			if bytes.Equal(k, key) {
				ok = false
			}
		}
		if len(keys) == len(seen) {
			ok = false // many labels: rare
		}
		keys = append(keys, key)
		switch string(key) {
		case "value":
			value, hasValue = val, true
			ok = ok && (!quoted || string(val) == "-")
		case "status":
			i := -1
			for j, s := range dataset.Statuses {
				if string(val) == s {
					i = j
				}
			}
			c.Status = statusName(i)
			ok = ok && i >= 0
		case "printed", "note", "flag":
			ok = false // rare: yaml.v3 reads them
		default:
			ok = ok && p.fastLabel(t, row, key, val)
		}
		if !ok {
			row.Discard()
			return false
		}
	}
	for _, l := range p.labels {
		if !slices.ContainsFunc(keys, func(k []byte) bool { return string(k) == l.Name }) {
			row.AddLabel(t.Intern(l.Name), t.Intern(l.Value))
		}
	}
	if !hasValue || row.Len() > p.limits.MaxLabels() || c.Status == "undated" && row.Dated() {
		row.Discard()
		return false
	}
	if string(value) == "-" {
		c.Absent = true
	} else {
		if !plainNumber(value) {
			row.Discard()
			return false
		}
		f, err := strconv.ParseFloat(string(value), 64)
		if err != nil || math.IsInf(f, 0) {
			row.Discard()
			return false
		}
		c.Value = dataset.ToBase(string(value), f, m.Unit.Factor)
	}
	m.AddRow(row, t.InternBytes(value), c)
	return true
}

func statusName(i int) string {
	if i < 0 {
		return ""
	}
	return dataset.Statuses[i]
}

// nextEntry reads `key: value` and the comma or end after it: a key of
// letters, digits and underscores, and a plain value without characters
// YAML might read otherwise, or a double-quoted one.
func nextEntry(b []byte) (key, val []byte, quoted bool, rest []byte, ok bool) {
	b = bytes.TrimLeft(b, " ")
	i := 0
	for i < len(b) && (b[i] >= 'a' && b[i] <= 'z' || b[i] >= 'A' && b[i] <= 'Z' || b[i] >= '0' && b[i] <= '9' || b[i] == '_') {
		i++
	}
	if i == 0 || !bytes.HasPrefix(b[i:], []byte(": ")) {
		return nil, nil, false, nil, false
	}
	key, b = b[:i], bytes.TrimLeft(b[i+2:], " ")
	if len(b) > 0 && b[0] == '"' {
		end := bytes.IndexByte(b[1:], '"')
		if end < 0 {
			return nil, nil, false, nil, false
		}
		val, b, quoted = b[1:1+end], b[2+end:], true
	} else {
		end := bytes.IndexAny(b, ",}")
		if end < 0 {
			end = len(b)
		}
		val, b = bytes.TrimRight(b[:end], " "), b[end:]
		if !plainValue(val) {
			return nil, nil, false, nil, false
		}
	}
	b = bytes.TrimLeft(b, " ")
	switch {
	case len(b) == 0:
	case b[0] == ',' && len(bytes.TrimLeft(b[1:], " ")) > 0:
		b = b[1:]
	default:
		return nil, nil, false, nil, false
	}
	return key, val, quoted, b, true
}

// plainValue reports whether a plain scalar is read by YAML as its text:
// letters, digits, '_', '.', '/', '+' and '-' (not first, unless followed
// by a letter or digit), single spaces between words, and any printable
// character beyond ASCII.
func plainValue(b []byte) bool {
	if len(b) == 0 || b[0] == '-' && (len(b) == 1 || !alnum(b[1])) {
		return len(b) == 1 // "-", an absent cell
	}
	for i, c := range b {
		switch {
		case alnum(c), c == '_', c == '.', c == '/', c == '+', c == '-', c >= utf8.RuneSelf:
		case c == ' ' && i > 0 && b[i-1] != ' ':
		default:
			return false
		}
	}
	return true
}

func alnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }

// plainNumber reports whether b is a decimal number as data files write
// them: an optional minus, digits, and an optional fraction.
func plainNumber(b []byte) bool {
	if len(b) > 0 && b[0] == '-' {
		b = b[1:]
	}
	i := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	if i == 0 {
		return false
	}
	if i == len(b) {
		return true
	}
	if b[i] != '.' || i+1 == len(b) {
		return false
	}
	for _, c := range b[i+1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// fastLabel checks a label as the parser does and adds it to the row. The
// label pairs found valid are remembered, by their strings' indexes in the
// table (a value valid for one label, "abc", may not be for another, year).
func (p *parser) fastLabel(t *dataset.Table, row dataset.Row, name, value []byte) bool {
	n, v := t.InternBytes(name), t.InternBytes(value)
	pair := uint64(n)<<32 | uint64(v)
	if _, ok := p.valid[pair]; !ok {
		if p.limits.ValidateLabel(string(name), string(value)) != nil {
			return false
		}
		if p.valid == nil {
			p.valid = map[uint64]struct{}{}
		}
		p.valid[pair] = struct{}{}
	}
	row.AddLabel(n, v)
	return true
}
