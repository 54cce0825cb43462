package dataset

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/prometheus/common/model"
	"gopkg.in/yaml.v3"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/yamltext"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/vocabulary"
)

// Parse reads one data file. name is used in error messages.
func Parse(name string, data []byte) (*Table, error) { return parse(name, data, true) }

// parse is Parse, without reading series lines itself unless fast.
func parse(name string, data []byte, fast bool) (*Table, error) {
	return parseLimited(name, data, fast, DefaultLimits)
}

// parseLimited is parse within a source's limits.
func parseLimited(name string, data []byte, fast bool, limits Limits) (*Table, error) {
	p := &parser{file: name, limits: limits}
	t := p.parse(data, fast)
	for _, r := range p.runs {
		p.fallback = p.fallback || !r.read
	}
	if p.fallback {
		// Something about the series lines the fast path read was unusual:
		// yaml.v3 reads the whole file as written.
		p = &parser{file: name, limits: limits}
		t = p.parse(data, false)
	}
	if len(p.errs) > 0 {
		// yaml.v3 puts a node at the end of the stream (the empty document
		// of "---") on the line after the last.
		last := yamltext.CountLines(data)
		for _, e := range p.errs {
			e.Line = min(e.Line, last)
		}
	}
	if err := p.errs.err(); err != nil {
		return nil, err
	}
	t.compact()
	return t, nil
}

type parser struct {
	file   string
	limits Limits
	errs   Errors
	// runs are the series lines read without yaml.v3 (lines.go), by the
	// line of their placeholder.
	runs     map[int]*run
	fallback bool // a run turned out not to be read as series: parse again without runs
	// Label names and values already checked, and their index in the
	// table's strings.
	names, values map[string]uint32
	// labels are the table's labels, which every series carries unless it
	// sets them itself.
	labels  []Label
	scratch []Label
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	p.errs.add(p.file, line, format, args...)
}

func (p *parser) parse(data []byte, fast bool) *Table {
	text := data
	if fast {
		text, p.runs = findRuns(data)
	}
	dec := yaml.NewDecoder(bytes.NewReader(text))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if p.runs != nil {
			p.fallback = true
			return nil
		}
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
	fields := p.mapping(root, "data file", "table", "title", "source", "note", "labels", "vocabulary", "metrics", "checks")
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
	if n := fields["labels"]; n != nil {
		p.tableLabels(n)
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
	if err := validateText(n.Value, true); err != nil {
		p.errorf(n, "%q %s", key, err)
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
	fields := p.mapping(n, "metric", "name", "help", "unit", "kind", "series")
	if fields == nil {
		return nil
	}
	m := &Metric{Table: t, Line: n.Line}
	m.Name = p.requiredString(n, fields, "name")
	// Without help (or an empty one) the metric takes its help from its
	// other declarations, as served (Family.Help).
	m.Help = strings.TrimSpace(p.optionalString(fields, "help"))
	unit := p.requiredString(n, fields, "unit")
	if unit != "" {
		u, err := ParseUnit(unit)
		if err != nil {
			p.errorf(fields["unit"], "%s", err)
		}
		m.Unit = u
	}
	if k := fields["kind"]; k != nil {
		m.Kind, _ = p.scalar(k, "kind")
		if !slices.Contains(Kinds, m.Kind) {
			p.errorf(k, "unknown kind %q (stock: a level at a point in time; flow: an amount during the period)", m.Kind)
		}
	}
	if m.Name != "" {
		if err := ValidateMetricName(m.Name, m.Unit); err != nil {
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
		if r := p.runs[sn.Line]; r != nil && r.placeholder(sn) {
			p.readRun(m, r)
		} else {
			p.series(m, sn)
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

// ValidateMetricName applies the naming scheme (docs/data-format.md): prefix,
// snake_case, reserved names, and the suffix the unit's base requires.
func ValidateMetricName(name string, u Unit) error {
	if !model.LegacyValidation.IsValidMetricName(name) || strings.Contains(name, ":") {
		return fmt.Errorf("invalid metric name %q: use [a-z0-9_] (snake_case)", name)
	}
	if name != strings.ToLower(name) {
		return fmt.Errorf("invalid metric name %q: use lower snake_case", name)
	}
	if !strings.HasPrefix(name, Prefix) {
		return fmt.Errorf("metric name %q must start with %q", name, Prefix)
	}
	if strings.HasPrefix(name, ReservedPrefix) || name == "korea_ict_table_info" || name == "korea_ict_label_info" {
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

// tableLabels reads the table's "labels", a mapping of label names to values
// (e.g. {country: KOR} for a table about Korea).
func (p *parser) tableLabels(n *yaml.Node) {
	fields := p.mapping(n, "labels", nil...)
	for i := 0; fields != nil && i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if fields[k.Value] != v {
			continue // duplicate key, reported by mapping
		}
		val, ok := p.scalar(v, k.Value)
		if !ok {
			continue
		}
		if slices.Contains(seriesKeys, k.Value) {
			p.errorf(k, "%q is not a label", k.Value)
			continue
		}
		if err := p.limits.validateLabel(k.Value, val); err != nil {
			p.errorf(k, "%s", err)
			continue
		}
		p.labels = append(p.labels, Label{Name: k.Value, Value: val})
	}
}

// seriesKeys are the keys of a series line that are not labels.
var seriesKeys = []string{"value", "status", "printed", "note", "flag"}

func (p *parser) series(m *Metric, n *yaml.Node) {
	fields := p.mapping(n, "series", nil...)
	if fields == nil {
		return
	}
	c := Cell{Line: n.Line}
	labels := p.scratch[:0]
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
			if err := validateStatus(val); err != nil {
				p.errorf(v, "%s", err)
				ok = false
			}
			c.Status = val
		case "printed":
			c.remarks().Cell = val
		case "note":
			c.remarks().Note = val
		case "flag":
			c.remarks().Flag = val
		default:
			if err := p.limits.validateLabel(k.Value, val); err != nil {
				p.errorf(k, "%s", err)
				ok = false
				continue
			}
			labels = append(labels, Label{Name: k.Value, Value: val})
		}
	}
	for _, l := range p.labels {
		if fields[l.Name] == nil {
			labels = append(labels, l)
		}
	}
	p.scratch = labels
	v := fields["value"]
	if v == nil {
		p.errorf(n, "series has no \"value\"")
		return
	}
	if v.Kind != yaml.ScalarNode {
		return
	}
	if v.Tag == "!!str" && v.Style != 0 && v.Value != Dash {
		// A quoted number is text in YAML: a cell the user meant as text.
		p.errorf(v, "%s", errQuoted(v.Value))
		ok = false
	} else if err := setValue(&c, v.Value, m.Unit.Factor); err != nil {
		p.errorf(v, "%s", err)
		ok = false
	}
	c.Labels = labels
	if err := validateUndated(&c); err != nil {
		p.errorf(n, "%s", err)
		ok = false
	}
	if len(labels) > p.limits.labels() {
		p.errorf(n, "%s", p.limits.errLabels(len(labels)))
		ok = false
	}
	if ok {
		m.Add(c)
	}
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
