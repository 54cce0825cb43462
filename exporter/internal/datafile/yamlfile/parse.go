// Package yamlfile reads the YAML data file format (docs/data-format.md): one
// table a file, its series lines read by a fast path of its own (lines.go)
// where yaml.v3 would read them the same way, and by yaml.v3 otherwise.
package yamlfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/yamltext"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/vocabulary"
)

// Parse reads one data file, a table, within a source's limits. name is
// used in error messages.
func Parse(name string, data []byte, limits dataset.Limits) (*dataset.Table, error) {
	return parse(name, data, limits, withFastPath)
}

// Whether parse reads series lines itself (lines.go) or leaves them all to
// yaml.v3, which FuzzBuild compares.
const (
	withFastPath    = true
	withoutFastPath = false
)

// parse is Parse, without reading series lines itself unless fast.
func parse(name string, data []byte, limits dataset.Limits, fast bool) (*dataset.Table, error) {
	p := &parser{file: name, limits: limits}
	t := p.parse(data, fast)
	for _, r := range p.runs {
		p.fallback = p.fallback || !r.read
	}
	if p.fallback {
		// Something about the series lines the fast path read was unusual:
		// yaml.v3 reads the whole file as written.
		p = &parser{file: name, limits: limits}
		t = p.parse(data, withoutFastPath)
	}
	if len(p.errs) > 0 {
		// yaml.v3 puts a node at the end of the stream (the empty document
		// of "---") on the line after the last.
		last := yamltext.CountLines(data)
		for _, e := range p.errs {
			e.Line = min(e.Line, last)
		}
	}
	if err := p.errs.Err(); err != nil {
		return nil, err
	}
	t.Complete()
	return t, nil
}

type parser struct {
	file   string
	limits dataset.Limits
	errs   dataset.Errors
	// runs are the series lines read without yaml.v3 (lines.go), by the
	// line of their placeholder.
	runs     map[int]*run
	fallback bool // a run turned out not to be read as series: parse again without runs
	// valid are the label pairs the fast path found valid (fastLabel).
	valid map[uint64]struct{}
	// labels are the table's labels, which every series carries unless it
	// sets them itself.
	labels  []dataset.Label
	scratch []dataset.Label
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	p.errs.Add(p.file, line, format, args...)
}

func (p *parser) parse(data []byte, fast bool) *dataset.Table {
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
			p.errs.Add(p.file, 0, "file is empty")
		case line > 0:
			p.errs.Add(p.file, line, "malformed YAML: %s", msg)
		case e != nil:
			p.errs = append(p.errs, &dataset.Error{File: p.file, Line: e.Line, Column: e.Column, Msg: "malformed YAML: " + e.Msg})
		default:
			// The only errors yaml.v3 leaves without a line are about
			// the first.
			p.errs.Add(p.file, 1, "malformed YAML: %s", msg)
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
	t := &dataset.Table{File: p.file, Line: root.Line}
	fields := p.mapping(root, "data file", "table", "title", "source", "note", "labels", "vocabulary", "metrics", "checks")
	if fields == nil {
		return nil
	}
	t.ID = p.requiredString(root, fields, "table")
	t.Title = p.requiredString(root, fields, "title")
	t.SourceLine = p.requiredString(root, fields, "source")
	t.Note = p.optionalString(fields, "note")
	if t.ID != "" && !dataset.ValidTableID(t.ID) {
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
	if err := dataset.ValidateText(n.Value); err != nil {
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

func (p *parser) metric(t *dataset.Table, n *yaml.Node) *dataset.Metric {
	fields := p.mapping(n, "metric", "name", "help", "unit", "kind", "series")
	if fields == nil {
		return nil
	}
	m := &dataset.Metric{Table: t, Line: n.Line}
	m.Name = p.requiredString(n, fields, "name")
	// Without help (or an empty one) the metric takes its help from its
	// other declarations, as served (dataset.Family.Help).
	m.Help = strings.TrimSpace(p.optionalString(fields, "help"))
	unit := p.requiredString(n, fields, "unit")
	if unit != "" {
		u, err := dataset.ParseUnit(unit)
		if err != nil {
			p.errorf(fields["unit"], "%s", err)
		}
		m.Unit = u
	}
	if k := fields["kind"]; k != nil {
		m.Kind, _ = p.scalar(k, "kind")
		if !slices.Contains(dataset.Kinds, m.Kind) {
			p.errorf(k, "unknown kind %q (stock: a level at a point in time; flow: an amount during the period)", m.Kind)
		}
	}
	if m.Name != "" {
		if err := dataset.ValidateMetricName(m.Name, m.Unit); err != nil {
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
		if err := p.limits.ValidateLabel(k.Value, val); err != nil {
			p.errorf(k, "%s", err)
			continue
		}
		p.labels = append(p.labels, dataset.Label{Name: k.Value, Value: val})
	}
}

// seriesKeys are the keys of a series line that are not labels.
var seriesKeys = []string{"value", "status", "printed", "note", "flag"}

func (p *parser) series(m *dataset.Metric, n *yaml.Node) {
	fields := p.mapping(n, "series", nil...)
	if fields == nil {
		return
	}
	c := dataset.Cell{Line: n.Line}
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
			if err := dataset.ValidateStatus(val); err != nil {
				p.errorf(v, "%s", err)
				ok = false
			}
			c.Status = val
		case "printed":
			c.EnsureRemarks().Cell = val
		case "note":
			c.EnsureRemarks().Note = val
		case "flag":
			c.EnsureRemarks().Flag = val
		default:
			if err := p.limits.ValidateLabel(k.Value, val); err != nil {
				p.errorf(k, "%s", err)
				ok = false
				continue
			}
			labels = append(labels, dataset.Label{Name: k.Value, Value: val})
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
	if v.Tag == "!!str" && v.Style != 0 && v.Value != dataset.Dash && isNumber(v.Value) {
		// A quoted number is text in YAML: a cell the user meant as text.
		p.errorf(v, "%s", errQuoted(v.Value))
		ok = false
	} else if err := c.SetValue(v.Value, m.Unit); err != nil {
		p.errorf(v, "%s", err)
		ok = false
	}
	c.Labels = labels
	if err := c.ValidateUndated(); err != nil {
		p.errorf(n, "%s", err)
		ok = false
	}
	if len(labels) > p.limits.MaxLabels() {
		p.errorf(n, "%s", p.limits.TooManyLabels(len(labels)))
		ok = false
	}
	if ok {
		m.Add(c)
	}
}

// errQuoted is a number in quotes: text in YAML, whatever it looks like.
func errQuoted(printed string) error {
	return fmt.Errorf("value %q is quoted: a quoted number is text; write it without quotes", printed)
}

// isNumber reports whether text is a number as a cell's value may be written.
func isNumber(text string) bool {
	_, err := strconv.ParseFloat(strings.ReplaceAll(text, "_", ""), 64)
	return err == nil
}
