// Package vocabulary is the label vocabulary: every label name and value the
// dataset uses, with a human name and, where a code needs one, a description.
// It is data (exporter/data/vocabulary/vocabulary.yaml, format below) so that
// the loader, the catalogue page, docs/metrics.md and the dashboards all read
// the same names.
//
//	labels:
//	  - name: authority                  # the label name
//	    title: Certification authority   # its human name
//	    description: Optional, what the label distinguishes.
//	    ordered: false                   # true: values are listed in their natural order
//	    pattern: "[0-9]{4}"              # optional: values matching it need no entry (years)
//	    values:
//	      - {value: kftc, name: KFTC, description: Korea Financial Telecommunications & Clearings Institute}
package vocabulary

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/data"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/yamltext"
)

// ShippedFile is the shipped vocabulary's path in the repository, for
// messages that tell a user where to document a value.
const ShippedFile = "exporter/data/vocabulary/vocabulary.yaml"

// Vocabulary is a set of documented labels.
type Vocabulary struct {
	Labels []*Label // sorted by name
	byName map[string]*Label
}

// Label is one documented label name.
type Label struct {
	Name, Title, Description string
	// Ordered labels (sizes, quarters, bands, …) list their values in their
	// natural order; the others in the order the file gives.
	Ordered bool
	// Pattern, when set, documents every value it matches in full (years).
	Pattern *regexp.Regexp
	Values  []*Value // file order = natural order
	File    string
	Line    int
	byValue map[string]*Value
}

// Value is one documented value of a label.
type Value struct {
	Value, Name, Description string
	Line                     int
}

var shipped = sync.OnceValue(func() *Vocabulary {
	v, err := Parse(ShippedFile, data.Vocabulary)
	if err != nil {
		// The tests parse the shipped file; a broken one cannot be built
		// into a release, so an empty vocabulary is never served.
		return New()
	}
	return v
})

// Shipped is the embedded vocabulary, parsed once.
func Shipped() *Vocabulary { return shipped() }

// New returns a vocabulary of the given labels.
func New(labels ...*Label) *Vocabulary {
	v := &Vocabulary{byName: map[string]*Label{}}
	for _, l := range labels {
		v.add(l)
	}
	return v
}

func (v *Vocabulary) add(l *Label) {
	if l.byValue == nil {
		l.byValue = make(map[string]*Value, len(l.Values))
		for _, x := range l.Values {
			l.byValue[x.Value] = x
		}
	}
	v.byName[l.Name] = l
	i := sort.Search(len(v.Labels), func(i int) bool { return v.Labels[i].Name >= l.Name })
	v.Labels = slices.Insert(v.Labels, i, l)
}

// Label returns the label of that name, or nil.
func (v *Vocabulary) Label(name string) *Label {
	if v == nil {
		return nil
	}
	return v.byName[name]
}

// Display is the human name of a label's value, or the value itself if it is
// not documented.
func (v *Vocabulary) Display(label, value string) string {
	if x := v.Label(label).Value(value); x != nil {
		return x.Name
	}
	return value
}

// LabelTitle is the human name of a label, or its name if it is not
// documented.
func (v *Vocabulary) LabelTitle(name string) string {
	if l := v.Label(name); l != nil {
		return l.Title
	}
	return name
}

// Undocumented says which of a label and its value the vocabulary does not
// document, as an error; nil when it documents both.
func (v *Vocabulary) Undocumented(label, value string) error {
	l := v.Label(label)
	switch {
	case l == nil:
		return fmt.Errorf("label %q is not in the vocabulary", label)
	case !l.Documents(value):
		return fmt.Errorf("value %q of label %q is not in the vocabulary", value, label)
	}
	return nil
}

// Merge returns a vocabulary with the labels and values of all of vs; where
// two document the same value, the first wins. The inputs are not changed.
func Merge(vs ...*Vocabulary) *Vocabulary {
	out := New()
	for _, v := range vs {
		if v == nil {
			continue
		}
		for _, l := range v.Labels {
			have := out.byName[l.Name]
			if have == nil {
				c := *l
				c.Values = slices.Clone(l.Values)
				c.byValue = nil
				out.add(&c)
				continue
			}
			for _, x := range l.Values {
				if have.byValue[x.Value] == nil {
					have.Values = append(have.Values, x)
					have.byValue[x.Value] = x
				}
			}
			if have.Pattern == nil {
				have.Pattern = l.Pattern
			}
		}
	}
	return out
}

// Value returns the documented value, or nil (also for values documented
// only by the pattern).
func (l *Label) Value(value string) *Value {
	if l == nil {
		return nil
	}
	return l.byValue[value]
}

// Documents reports whether value is listed or matches the pattern.
func (l *Label) Documents(value string) bool {
	return l != nil && (l.byValue[value] != nil || l.Pattern != nil && l.Pattern.MatchString(value))
}

// Rank is the value's position in Values, or -1: for sorting the values of
// ordered labels.
func (l *Label) Rank(value string) int {
	if x := l.Value(value); x != nil {
		return slices.Index(l.Values, x)
	}
	return -1
}

// Less orders two values of the label naturally: listed values in their
// order, before values that are not listed, which sort as numbers where both
// start with one ("2" before "10", "1996" before "1997-2000") and otherwise
// as strings.
func (l *Label) Less(a, b string) bool {
	ra, rb := l.Rank(a), l.Rank(b)
	switch {
	case ra >= 0 && rb >= 0:
		return ra < rb
	case ra >= 0 || rb >= 0:
		return ra >= 0
	}
	na, oka := leadingNumber(a)
	nb, okb := leadingNumber(b)
	if oka && okb && na != nb {
		return na < nb
	}
	return a < b
}

func leadingNumber(s string) (float64, bool) {
	end := strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if end < 0 {
		end = len(s)
	}
	f, err := strconv.ParseFloat(s[:end], 64)
	return f, err == nil
}

// Parse reads a vocabulary file. Every problem is reported, each as
// file:line: reason.
func Parse(file string, data []byte) (*Vocabulary, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: file is empty", file)
		}
		line, msg := yamltext.SyntaxLine(data, err.Error())
		if e := yamltext.Locate(data, err); line == 0 && e != nil {
			return nil, fmt.Errorf("%s:%d:%d: malformed YAML: %s", file, e.Line, e.Column, e.Msg)
		}
		return nil, fmt.Errorf("%s:%d: malformed YAML: %s", file, max(line, 1), msg)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, fmt.Errorf("%s:%d: a vocabulary file holds one YAML document; found another", file, extra.Line)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	var errs []string
	p := &parser{file: file, errorf: func(n *yaml.Node, format string, args ...any) {
		errs = append(errs, fmt.Sprintf("%s:%d: %s", file, n.Line, fmt.Sprintf(format, args...)))
	}}
	var labels *yaml.Node
	if fields := p.mapping(root, "vocabulary file", "labels"); fields != nil {
		if labels = fields["labels"]; labels == nil {
			p.errorf(root, "missing key \"labels\"")
		}
	}
	v := p.labels(labels)
	if len(errs) > 0 {
		return nil, errors.New(strings.Join(errs, "\n"))
	}
	return v, nil
}

// ParseNode reads a list of labels in the vocabulary format from a node of
// another YAML file (a data file's own vocabulary), reporting each problem
// with the node it is at.
func ParseNode(file string, labels *yaml.Node, errorf func(n *yaml.Node, format string, args ...any)) *Vocabulary {
	return (&parser{file: file, errorf: errorf}).labels(labels)
}

type parser struct {
	file   string
	errorf func(n *yaml.Node, format string, args ...any)
}

// mapping returns a mapping node's fields, reporting unknown and duplicate
// keys.
func (p *parser) mapping(n *yaml.Node, what string, allowed ...string) map[string]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a mapping", what)
		return nil
	}
	out := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		switch {
		case !slices.Contains(allowed, k.Value):
			p.errorf(k, "unknown key %q in %s (allowed: %s)", k.Value, what, strings.Join(allowed, ", "))
		case out[k.Value] != nil:
			p.errorf(k, "duplicate key %q in %s", k.Value, what)
		default:
			out[k.Value] = val
		}
	}
	return out
}

func (p *parser) str(parent *yaml.Node, fields map[string]*yaml.Node, key string, required bool) string {
	n := fields[key]
	if n == nil {
		if required {
			p.errorf(parent, "missing key %q", key)
		}
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, "%q must be a single value", key)
		return ""
	}
	if required && strings.TrimSpace(n.Value) == "" {
		p.errorf(n, "%q is empty", key)
	}
	return n.Value
}

func (p *parser) labels(n *yaml.Node) *Vocabulary {
	v := New()
	if n == nil {
		return v
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "\"labels\" must be a list")
		return v
	}
	for _, ln := range n.Content {
		l := p.label(ln)
		if l == nil {
			continue
		}
		if prev := v.byName[l.Name]; prev != nil {
			p.errorf(ln, "label %q is also documented at line %d", l.Name, prev.Line)
			continue
		}
		v.add(l)
	}
	return v
}

var labelName = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

func (p *parser) label(n *yaml.Node) *Label {
	f := p.mapping(n, "label", "name", "title", "description", "ordered", "pattern", "values")
	if f == nil {
		return nil
	}
	l := &Label{File: p.file, Line: n.Line, byValue: map[string]*Value{}}
	l.Name = p.str(n, f, "name", true)
	l.Title = p.str(n, f, "title", true)
	l.Description = p.str(n, f, "description", false)
	if l.Name != "" && (!labelName.MatchString(l.Name) || strings.HasPrefix(l.Name, "__")) {
		p.errorf(f["name"], "invalid label name %q: use lower snake_case", l.Name)
	}
	if o := f["ordered"]; o != nil {
		if err := o.Decode(&l.Ordered); err != nil || o.Tag != "!!bool" {
			p.errorf(o, "\"ordered\" must be true or false")
		}
	}
	if s := p.str(n, f, "pattern", false); s != "" {
		re, err := regexp.Compile("^(?:" + s + ")$")
		if err != nil {
			p.errorf(f["pattern"], "invalid pattern: %s", err)
		}
		l.Pattern = re
	}
	values := f["values"]
	switch {
	case values == nil && f["pattern"] == nil:
		p.errorf(n, "label %q documents no value: give \"values\" or a \"pattern\"", l.Name)
	case values == nil:
	case values.Kind != yaml.SequenceNode:
		p.errorf(values, "\"values\" must be a list")
	default:
		for _, vn := range values.Content {
			x := p.value(vn)
			if x == nil {
				continue
			}
			if prev := l.byValue[x.Value]; prev != nil {
				p.errorf(vn, "value %q of label %q is also documented at line %d", x.Value, l.Name, prev.Line)
				continue
			}
			l.byValue[x.Value] = x
			l.Values = append(l.Values, x)
		}
	}
	return l
}

func (p *parser) value(n *yaml.Node) *Value {
	f := p.mapping(n, "value", "value", "name", "description")
	if f == nil {
		return nil
	}
	x := &Value{Line: n.Line}
	x.Value = p.str(n, f, "value", true)
	x.Name = p.str(n, f, "name", true)
	x.Description = p.str(n, f, "description", false)
	if x.Value == "" || x.Name == "" {
		return nil
	}
	return x
}
