package dataset

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Check is an arithmetic relation between cells that must hold whenever the
// data is loaded (see docs/data-format.md#checks).
type Check struct {
	Table      *Table
	Line       int
	Kind       string
	Metric     string
	Of         string
	Label      string
	Total      string
	Parts      []string
	Match      map[string]string
	Other      string
	OtherTable string
	OtherMatch map[string]string
	Tolerance  float64
	// Equals is the fixed total a sum check compares the parts with (in the
	// printed unit), where no total row is printed: compositions add to 100.
	Equals *float64
	Except []map[string]string
	Why    string
}

var checkKinds = []string{"sum", "share", "growth", "change", "equal"}

func (p *parser) check(t *Table, n *yaml.Node) *Check {
	fields := p.mapping(n, "check", "kind", "metric", "of", "label", "total", "parts", "match",
		"other", "table", "other_match", "tolerance", "equals", "except", "why")
	if fields == nil {
		return nil
	}
	c := &Check{Table: t, Line: n.Line}
	c.Kind = p.requiredString(n, fields, "kind")
	if c.Kind != "" && !slices.Contains(checkKinds, c.Kind) {
		p.errorf(fields["kind"], "unknown check kind %q (one of %s)", c.Kind, strings.Join(checkKinds, ", "))
		return nil
	}
	c.Metric = p.requiredString(n, fields, "metric")
	c.Of = p.optionalString(fields, "of")
	c.Label = p.optionalString(fields, "label")
	c.Total = p.optionalString(fields, "total")
	c.Other = p.optionalString(fields, "other")
	c.OtherTable = p.optionalString(fields, "table")
	c.Why = p.optionalString(fields, "why")
	c.Match = p.stringMap(fields["match"], "match")
	c.OtherMatch = p.stringMap(fields["other_match"], "other_match")
	if ps := fields["parts"]; ps != nil {
		if ps.Kind != yaml.SequenceNode {
			p.errorf(ps, "\"parts\" must be a list")
		}
		for _, e := range ps.Content {
			if v, ok := p.scalar(e, "parts"); ok {
				c.Parts = append(c.Parts, v)
			}
		}
	}
	if ex := fields["except"]; ex != nil {
		if ex.Kind != yaml.SequenceNode {
			p.errorf(ex, "\"except\" must be a list of label sets")
		}
		for _, e := range ex.Content {
			c.Except = append(c.Except, p.stringMap(e, "except"))
		}
		if c.Why == "" {
			p.errorf(ex, "\"except\" needs a \"why\"")
		}
	}
	if eq := fields["equals"]; eq != nil {
		if v, ok := p.scalar(eq, "equals"); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				p.errorf(eq, "equals %q is not a number", v)
			}
			c.Equals = &f
		}
	}
	tol := fields["tolerance"]
	if tol == nil {
		p.errorf(n, "missing key \"tolerance\" (absolute, in the printed unit of %q)", c.Metric)
	} else if v, ok := p.scalar(tol, "tolerance"); ok {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
			p.errorf(tol, "tolerance %q is not a non-negative number", v)
		}
		c.Tolerance = f
	}
	need := func(key, val string) {
		if val == "" {
			p.errorf(n, "a %s check needs %q", c.Kind, key)
		}
	}
	switch c.Kind {
	case "sum":
		need("label", c.Label)
		if c.Equals == nil {
			need("total", c.Total)
		} else if c.Total != "" {
			p.errorf(n, "a sum check takes \"total\" or \"equals\", not both")
		}
	case "share":
		need("of", c.Of)
		need("label", c.Label)
		need("total", c.Total)
	case "growth", "change":
		need("of", c.Of)
		if c.Label == "" {
			c.Label = "year"
		}
	case "equal":
		if c.Other == "" {
			c.Other = c.Metric
		}
		if c.OtherTable == "" && c.Other == c.Metric && c.OtherMatch == nil {
			p.errorf(n, "an equal check needs \"other\", \"table\" or \"other_match\"")
		}
		if c.OtherMatch == nil {
			c.OtherMatch = c.Match
		}
	}
	return c
}

func (p *parser) stringMap(n *yaml.Node, what string) map[string]string {
	if n == nil {
		return nil
	}
	fields := p.mapping(n, what, nil...)
	out := make(map[string]string, len(fields))
	for k, v := range fields {
		if s, ok := p.scalar(v, k); ok {
			out[k] = s
		}
	}
	return out
}

// index finds series of a table's metrics by name, across a dataset.
type index struct {
	byTable map[string]*Table
}

func (x index) series(table, metric string, match map[string]string) ([]*Series, *Metric) {
	t := x.byTable[table]
	if t == nil {
		return nil, nil
	}
	var decl *Metric
	var out []*Series
	for _, m := range t.Metrics {
		if m.Name != metric {
			continue
		}
		decl = m
		for _, s := range m.Series {
			if matches(s, match) {
				out = append(out, s)
			}
		}
	}
	return out, decl
}

func matches(s *Series, match map[string]string) bool {
	for k, v := range match {
		if got, _ := s.Get(k); got != v {
			return false
		}
	}
	return true
}

// groupKey is the series' labels except the given ones, status and table.
func groupKey(s *Series, drop ...string) string {
	var b strings.Builder
	for _, l := range s.Labels() {
		if slices.Contains(drop, l.Name) {
			continue
		}
		b.WriteString(l.Name)
		b.WriteByte('=')
		b.WriteString(l.Value)
		b.WriteByte(',')
	}
	return b.String()
}

func dropKeys(extra string, m map[string]string) []string {
	out := []string{extra}
	for k := range m {
		out = append(out, k)
	}
	return out
}

// Discrepancy is a group the report's own arithmetic does not support,
// listed by a check's except.
type Discrepancy struct {
	Check  *Check
	Group  string
	Detail string
}

// failure is one group of a check that does not hold.
type failure struct {
	group  map[string]string
	detail string
}

func (c *Check) where() string { return fmt.Sprintf("%s:%d", c.Table.File, c.Line) }

// run evaluates the check; it returns the discrepancies it excused.
func (c *Check) run(x index, errs *Errors) []Discrepancy {
	file := c.Table.File
	subject, decl := x.series(c.Table.ID, c.Metric, c.Match)
	if decl == nil {
		errs.add(file, c.Line, "%s check: metric %q is not in table %s", c.Kind, c.Metric, c.Table.ID)
		return nil
	}
	tol := c.Tolerance * decl.Unit.Factor * (1 + 1e-9)
	var fails []failure
	compared := 0
	fail := func(s *Series, drop []string, format string, args ...any) {
		g := map[string]string{}
		for _, l := range s.Labels() {
			if !slices.Contains(drop, l.Name) {
				g[l.Name] = l.Value
			}
		}
		fails = append(fails, failure{group: g, detail: fmt.Sprintf("%s (line %d)", fmt.Sprintf(format, args...), s.Line)})
	}
	printed := func(m *Metric, v float64) string {
		// Four decimals: more than any printed cell has, and no float noise.
		return strconv.FormatFloat(math.Round(v/m.Unit.Factor*1e4)/1e4, 'f', -1, 64)
	}
	switch c.Kind {
	case "sum":
		groups := map[string][]*Series{}
		for _, s := range subject {
			k := groupKey(s, c.Label)
			groups[k] = append(groups[k], s)
		}
		for _, g := range sortedGroups(groups) {
			var total *Series
			sum, n := 0.0, 0
			for _, s := range g {
				v, _ := s.Get(c.Label)
				switch {
				case v == c.Total:
					total = s
				case c.Parts == nil || slices.Contains(c.Parts, v):
					n++
					if !s.Absent {
						sum += s.Value
					}
				}
			}
			if c.Equals != nil && n > 0 {
				compared++
				if want := *c.Equals * decl.Unit.Factor; math.Abs(want-sum) > tol {
					fail(g[0], []string{c.Label}, "the %d parts add up to %s, not %g", n, printed(decl, sum), *c.Equals)
				}
				continue
			}
			if total == nil || total.Absent || n == 0 {
				continue
			}
			compared++
			if math.Abs(total.Value-sum) > tol {
				fail(total, []string{c.Label}, "%s=%s is %s but its %d parts add up to %s",
					c.Label, c.Total, printed(decl, total.Value), n, printed(decl, sum))
			}
		}
	case "share", "growth", "change":
		of, ofDecl := x.series(c.Table.ID, c.Of, c.Match)
		if ofDecl == nil {
			errs.add(file, c.Line, "%s check: metric %q is not in table %s", c.Kind, c.Of, c.Table.ID)
			return nil
		}
		drop := dropKeys(c.Label, c.Match)
		byGroup := map[string]map[string]*Series{}
		for _, s := range of {
			k := groupKey(s, drop...)
			if byGroup[k] == nil {
				byGroup[k] = map[string]*Series{}
			}
			v, _ := s.Get(c.Label)
			byGroup[k][v] = s
		}
		for _, s := range subject {
			if s.Absent {
				continue
			}
			vals := byGroup[groupKey(s, drop...)]
			at, _ := s.Get(c.Label)
			var want float64
			switch c.Kind {
			case "share":
				part, total := vals[at], vals[c.Total]
				if part == nil || total == nil || part.Absent || total.Absent || total.Value == 0 {
					continue
				}
				want = part.Value / total.Value
			default:
				cur := vals[at]
				prev := previous(vals, at)
				if cur == nil || prev == nil || cur.Absent || prev.Absent {
					continue
				}
				if c.Kind == "change" {
					want = cur.Value - prev.Value
				} else {
					if prev.Value == 0 {
						continue
					}
					want = cur.Value/prev.Value - 1
				}
			}
			compared++
			if math.Abs(s.Value-want) > tol {
				fail(s, nil, "%s is %s but %s implies %s", c.Metric, s.Printed(), c.Of, printed(decl, want))
			}
		}
	case "equal":
		table := c.OtherTable
		if table == "" {
			table = c.Table.ID
		}
		if x.byTable[table] == nil {
			errs.add(file, c.Line, "equal check: unknown table reference %q", table)
			return nil
		}
		other, otherDecl := x.series(table, c.Other, c.OtherMatch)
		if otherDecl == nil {
			errs.add(file, c.Line, "equal check: metric %q is not in table %s", c.Other, table)
			return nil
		}
		byKey := map[string]*Series{}
		for _, s := range other {
			byKey[groupKey(s, dropKeys("", c.OtherMatch)...)] = s
		}
		for _, s := range subject {
			o := byKey[groupKey(s, dropKeys("", c.Match)...)]
			if s.Absent || o == nil || o.Absent {
				continue
			}
			compared++
			if math.Abs(s.Value-o.Value) > tol {
				fail(s, nil, "%s is %s here but %s in table %s (%s:%d)", c.Metric, printed(decl, s.Value),
					printed(decl, o.Value), table, o.Metric.Table.File, o.Line)
			}
		}
	}
	if compared == 0 {
		errs.add(file, c.Line, "%s check on %q compares nothing: no series match", c.Kind, c.Metric)
		return nil
	}
	var excused []Discrepancy
	used := make([]bool, len(c.Except))
	for _, f := range fails {
		i := slices.IndexFunc(c.Except, func(e map[string]string) bool { return subset(e, f.group) })
		if i < 0 {
			errs.add(file, c.Line, "%s check failed: %s, tolerance %g %s", c.Kind, f.detail, c.Tolerance, decl.Unit.Printed)
			continue
		}
		used[i] = true
		excused = append(excused, Discrepancy{Check: c, Group: formatGroup(f.group), Detail: f.detail})
	}
	for i, u := range used {
		if !u {
			errs.add(file, c.Line, "%s check: except %s holds; remove it from except", c.Kind, formatGroup(c.Except[i]))
		}
	}
	return excused
}

func subset(small, big map[string]string) bool {
	for k, v := range small {
		if big[k] != v {
			return false
		}
	}
	return true
}

func formatGroup(g map[string]string) string {
	keys := make([]string, 0, len(g))
	for k := range g {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%q", k, g[k])
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func sortedGroups(groups map[string][]*Series) [][]*Series {
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([][]*Series, len(keys))
	for i, k := range keys {
		out[i] = groups[k]
	}
	return out
}

// previous is the series at the greatest label value below at.
func previous(vals map[string]*Series, at string) *Series {
	best := ""
	for v := range vals {
		if v < at && v > best {
			best = v
		}
	}
	if best == "" {
		return nil
	}
	return vals[best]
}
