package dataset

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/prometheus/common/model"
	"gopkg.in/yaml.v3"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/yamltext"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/vocabulary"
)

// Parse reads one data file. name is used in error messages.
func Parse(name string, data []byte) (*Table, error) {
	p := &parser{file: name}
	t := p.parse(data)
	if len(p.errs) > 0 {
		// yaml.v3 puts a node at the end of the stream (the empty document
		// of "---") on the line after the last.
		last := yamltext.Lines(data)
		for _, e := range p.errs {
			e.Line = min(e.Line, last)
		}
	}
	if err := p.errs.err(); err != nil {
		return nil, err
	}
	return t, nil
}

type parser struct {
	file string
	errs Errors
	// strings keeps one copy of each label and value string of the file: a
	// large table repeats its years and categories on every row, and the
	// parsed data is kept for as long as it is served.
	strings map[string]string
}

func (p *parser) intern(s string) string {
	if c, ok := p.strings[s]; ok {
		return c
	}
	if p.strings == nil {
		p.strings = map[string]string{}
	}
	p.strings[s] = s
	return s
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	p.errs.add(p.file, line, format, args...)
}

func (p *parser) parse(data []byte) *Table {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		line, msg := yamltext.SyntaxLine(data, err.Error())
		e := yamltext.Locate(data, err)
		switch {
		case errors.Is(err, io.EOF):
			p.errs.add(p.file, 0, "file is empty")
		case line > 0:
			p.errs.add(p.file, line, "malformed YAML: %s", msg)
		case e != nil:
			p.errs = append(p.errs, &Error{File: p.file, Line: e.Line, Column: e.Column, Msg: "malformed YAML: " + e.Msg})
		default:
			// The only errors yaml.v3 leaves without a line are about
			// the first.
			p.errs.add(p.file, 1, "malformed YAML: %s", msg)
		}
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		p.errorf(&extra, "a data file holds one YAML document; found another")
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	t := &Table{File: p.file, Line: root.Line}
	fields := p.mapping(root, "data file", "table", "title", "source", "note", "vocabulary", "metrics", "checks")
	if fields == nil {
		return nil
	}
	t.ID = p.requiredString(root, fields, "table")
	t.Title = p.requiredString(root, fields, "title")
	t.SourceLine = p.requiredString(root, fields, "source")
	t.Note = p.optionalString(fields, "note")
	if t.ID != "" && !ValidTableID(t.ID) {
		p.errorf(fields["table"], "invalid table id %q: use letters, digits, '.', '-' or '_'", t.ID)
	}
	if n := fields["vocabulary"]; n != nil {
		t.Vocabulary = vocabulary.ParseNode(p.file, n, p.errorf)
	}
	metrics := fields["metrics"]
	if metrics == nil {
		p.errorf(root, "missing key \"metrics\"")
	} else if metrics.Kind != yaml.SequenceNode {
		p.errorf(metrics, "\"metrics\" must be a list")
	} else {
		for _, n := range metrics.Content {
			if m := p.metric(t, n); m != nil {
				t.Metrics = append(t.Metrics, m)
			}
		}
	}
	if checks := fields["checks"]; checks != nil {
		if checks.Kind != yaml.SequenceNode {
			p.errorf(checks, "\"checks\" must be a list")
		} else {
			for _, n := range checks.Content {
				if c := p.check(t, n); c != nil {
					t.Checks = append(t.Checks, c)
				}
			}
		}
	}
	return t
}

// ValidTableID reports whether id may be a table id (and so a table label).
func ValidTableID(id string) bool {
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			return false
		}
	}
	return len(id) <= 64
}

// mapping returns the keys of a mapping node, reporting unknown and
// duplicate keys with their line.
func (p *parser) mapping(n *yaml.Node, what string, allowed ...string) map[string]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a mapping", what)
		return nil
	}
	out := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if allowed != nil && !slices.Contains(allowed, k.Value) {
			p.errorf(k, "unknown key %q in %s (allowed: %s)", k.Value, what, strings.Join(allowed, ", "))
			continue
		}
		if _, dup := out[k.Value]; dup {
			p.errorf(k, "duplicate key %q in %s", k.Value, what)
			continue
		}
		out[k.Value] = v
	}
	return out
}

func (p *parser) scalar(n *yaml.Node, key string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, "%q must be a single value", key)
		return "", false
	}
	return n.Value, true
}

func (p *parser) requiredString(parent *yaml.Node, fields map[string]*yaml.Node, key string) string {
	n := fields[key]
	if n == nil {
		p.errorf(parent, "missing key %q", key)
		return ""
	}
	s, ok := p.scalar(n, key)
	if ok && strings.TrimSpace(s) == "" {
		p.errorf(n, "%q is empty", key)
	}
	return s
}

func (p *parser) optionalString(fields map[string]*yaml.Node, key string) string {
	n := fields[key]
	if n == nil {
		return ""
	}
	s, _ := p.scalar(n, key)
	return s
}

func (p *parser) metric(t *Table, n *yaml.Node) *Metric {
	fields := p.mapping(n, "metric", "name", "help", "unit", "series")
	if fields == nil {
		return nil
	}
	m := &Metric{Table: t, Line: n.Line}
	m.Name = p.requiredString(n, fields, "name")
	m.Help = p.requiredString(n, fields, "help")
	unit := p.requiredString(n, fields, "unit")
	if unit != "" {
		u, err := ParseUnit(unit)
		if err != nil {
			p.errorf(fields["unit"], "%s", err)
		}
		m.Unit = u
	}
	if m.Name != "" {
		if err := CheckMetricName(m.Name, m.Unit); err != nil {
			p.errorf(fields["name"], "%s", err)
		}
	}
	series := fields["series"]
	if series == nil {
		p.errorf(n, "missing key \"series\"")
		return m
	}
	if series.Kind != yaml.SequenceNode || len(series.Content) == 0 {
		p.errorf(series, "\"series\" must be a non-empty list")
		return m
	}
	for _, sn := range series.Content {
		if s := p.series(m, sn); s != nil {
			m.Series = append(m.Series, s)
		}
	}
	return m
}

// Prefix every data metric carries; ReservedPrefix is the exporter's own.
const (
	Prefix         = "korea_ict_"
	ReservedPrefix = "korea_ict_exporter_"
)

var unitSuffixes = []string{"_won", "_dollars", "_ratio", "_points", "_rank", "_seconds"}

// LatestPrefix starts the names of the World Bank source's companion
// families (the latest observation of each indicator and country); data files
// cannot declare them.
const LatestPrefix = "korea_ict_wb_latest_"

// CheckMetricName applies the naming scheme (docs/data-format.md): prefix,
// snake_case, reserved names, and the suffix the unit's base requires.
func CheckMetricName(name string, u Unit) error {
	if !model.LegacyValidation.IsValidMetricName(name) || strings.Contains(name, ":") {
		return fmt.Errorf("invalid metric name %q: use [a-z0-9_] (snake_case)", name)
	}
	if name != strings.ToLower(name) {
		return fmt.Errorf("invalid metric name %q: use lower snake_case", name)
	}
	if !strings.HasPrefix(name, Prefix) {
		return fmt.Errorf("metric name %q must start with %q", name, Prefix)
	}
	if strings.HasPrefix(name, ReservedPrefix) || name == "korea_ict_table_info" {
		return fmt.Errorf("metric name %q is reserved for the exporter's own metrics", name)
	}
	if strings.HasPrefix(name, LatestPrefix) {
		return fmt.Errorf("metric name %q is reserved for the World Bank source's latest observations", name)
	}
	if strings.HasSuffix(name, "_total") {
		return fmt.Errorf("metric name %q ends in _total, which is reserved for counters", name)
	}
	if u.Base == "" {
		return nil // the unit error is reported on its own
	}
	want := u.Suffix()
	if want == "" {
		for _, s := range unitSuffixes {
			if strings.HasSuffix(name, s) {
				return fmt.Errorf("metric name %q ends in %s but unit %q is a count", name, s, u.Printed)
			}
		}
		return nil
	}
	if !strings.HasSuffix(name, want) {
		return fmt.Errorf("metric name %q must end in %s for unit %q", name, want, u.Printed)
	}
	return nil
}

func (p *parser) series(m *Metric, n *yaml.Node) *Series {
	fields := p.mapping(n, "series", nil...)
	if fields == nil {
		return nil
	}
	s := &Series{Metric: m, Line: int32(n.Line), Status: "reported"}
	ok := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if fields[k.Value] != v {
			continue // duplicate key, reported by mapping
		}
		val, isScalar := p.scalar(v, k.Value)
		if !isScalar {
			ok = false
			continue
		}
		switch k.Value {
		case "value":
		case "status":
			if err := checkStatus(val); err != nil {
				p.errorf(v, "%s", err)
				ok = false
			}
			s.Status = val
		case "printed":
			s.remarks().Cell = val
		case "note":
			s.remarks().Note = val
		case "flag":
			s.remarks().Flag = val
		default:
			if err := checkLabel(k.Value, val); err != nil {
				p.errorf(k, "%s", err)
				ok = false
				continue
			}
			if s.Labels == nil {
				s.Labels = make([]Label, 0, len(n.Content)/2-1)
			}
			s.Labels = append(s.Labels, Label{Name: p.intern(k.Value), Value: p.intern(val)})
		}
	}
	sort.Slice(s.Labels, func(i, j int) bool { return s.Labels[i].Name < s.Labels[j].Name })
	v := fields["value"]
	if v == nil {
		p.errorf(n, "series has no \"value\"")
		return nil
	}
	if v.Kind != yaml.ScalarNode {
		return nil
	}
	if v.Tag == "!!str" && v.Style != 0 && v.Value != Dash {
		// A quoted number is text in YAML: a cell the user meant as text.
		p.errorf(v, "%s", errNotANumber(v.Value))
		ok = false
	} else if err := p.setValue(s, v.Value, m.Unit.Factor); err != nil {
		p.errorf(v, "%s", err)
		ok = false
	}
	if err := checkUndated(s); err != nil {
		p.errorf(n, "%s", err)
		ok = false
	}
	if !ok {
		return nil
	}
	return s
}

// ToBase converts a printed value to the base unit. For a power-of-ten
// factor it re-parses the decimal with a shifted exponent, so that 70.09 %
// becomes exactly the double nearest 0.7009 rather than 70.09 × 0.01
// (0.7009000000000001).
func ToBase(text string, f, factor float64) float64 {
	e := math.Log10(factor)
	if e != math.Trunc(e) || strings.ContainsAny(text, "eExXpP") {
		return f * factor
	}
	if g, err := strconv.ParseFloat(text+"e"+strconv.Itoa(int(e)), 64); err == nil {
		return g
	}
	return f * factor
}
