package dataset

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
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

// Resolve fills in what c's kind implies where a file leaves it out (a
// growth or change check's label is the year; an equal check compares its
// metric, with its match, unless told otherwise), and returns what its kind
// needs and c lacks: messages for the check's line.
func (c *Check) Resolve() []string {
	var lacks []string
	need := func(key, val string) {
		if val == "" {
			lacks = append(lacks, fmt.Sprintf("a %s check needs %q", c.Kind, key))
		}
	}
	switch c.Kind {
	case "sum":
		need("label", c.Label)
		if c.Equals == nil {
			need("total", c.Total)
		} else if c.Total != "" {
			lacks = append(lacks, `a sum check takes "total" or "equals", not both`)
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
			lacks = append(lacks, `an equal check needs "other", "table" or "other_match"`)
		}
		if c.OtherMatch == nil {
			c.OtherMatch = c.Match
		}
	}
	return lacks
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

// Where is the file and line of the check.
func (c *Check) Where() string { return fmt.Sprintf("%s:%d", c.Table.File, c.Line) }

// evaluation is one run of a check over a dataset: the groups it compared
// and those that did not hold.
type evaluation struct {
	*Check
	x        index
	errs     *Errors
	decl     *Metric // the declaration of Metric, whose unit the tolerance is in
	tol      float64 // Tolerance in base units
	fails    []failure
	compared int
}

// kinds are the kinds of check, in the order messages list them, each with
// its evaluation over its subject (the series of Metric that Match selects),
// false when the check cannot run (reported).
var kinds = []kind{
	{"sum", (*evaluation).sum},
	{"share", (*evaluation).share},
	{"growth", (*evaluation).growth},
	{"change", (*evaluation).change},
	{"equal", (*evaluation).equal},
}

type kind struct {
	name     string
	evaluate func(e *evaluation, subject []*Series) bool
}

// CheckKinds lists the kinds of check, in the order messages list them.
func CheckKinds() []string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.name
	}
	return names
}

// run evaluates the check; it returns the discrepancies it excused.
func (c *Check) run(x index, errs *Errors) []Discrepancy {
	subject, decl := x.series(c.Table.ID, c.Metric, c.Match)
	if decl == nil {
		errs.Add(c.Table.File, c.Line, "%s check: metric %q is not in table %s", c.Kind, c.Metric, c.Table.ID)
		return nil
	}
	e := &evaluation{Check: c, x: x, errs: errs, decl: decl, tol: c.Tolerance * decl.Unit.Factor * (1 + 1e-9)}
	i := slices.IndexFunc(kinds, func(k kind) bool { return k.name == c.Kind })
	if !kinds[i].evaluate(e, subject) {
		return nil
	}
	return e.verdict()
}

// fail records that s's group, its labels but drop, does not hold.
func (e *evaluation) fail(s *Series, drop []string, format string, args ...any) {
	g := map[string]string{}
	for _, l := range s.Labels() {
		if !slices.Contains(drop, l.Name) {
			g[l.Name] = l.Value
		}
	}
	e.fails = append(e.fails, failure{group: g, detail: fmt.Sprintf("%s (line %d)", fmt.Sprintf(format, args...), s.Line)})
}

// printed is v in the printed unit of the checked metric.
func (e *evaluation) printed(v float64) string {
	// Four decimals: more than any printed cell has, and no float noise.
	return strconv.FormatFloat(math.Round(v/e.decl.Unit.Factor*1e4)/1e4, 'f', -1, 64)
}

// verdict reports the failures that except does not list, and the excepts
// that hold; it returns the failures excused.
func (e *evaluation) verdict() []Discrepancy {
	c := e.Check
	if e.compared == 0 {
		e.errs.Add(c.Table.File, c.Line, "%s check on %q compares nothing: no series match", c.Kind, c.Metric)
		return nil
	}
	var excused []Discrepancy
	used := make([]bool, len(c.Except))
	for _, f := range e.fails {
		i := slices.IndexFunc(c.Except, func(ex map[string]string) bool { return subset(ex, f.group) })
		if i < 0 {
			e.errs.Add(c.Table.File, c.Line, "%s check failed: %s, tolerance %g %s", c.Kind, f.detail, c.Tolerance, e.decl.Unit.Printed)
			continue
		}
		used[i] = true
		excused = append(excused, Discrepancy{Check: c, Group: formatGroup(f.group), Detail: f.detail})
	}
	for i, u := range used {
		if !u {
			e.errs.Add(c.Table.File, c.Line, "%s check: except %s holds; remove it from except", c.Kind, formatGroup(c.Except[i]))
		}
	}
	return excused
}

// sum: in each group, the parts (values of Label, all but Total or those
// listed in Parts) add up to Total's series, or to Equals.
func (e *evaluation) sum(subject []*Series) bool {
	groups := map[string][]*Series{}
	for _, s := range subject {
		k := groupKey(s, e.Label)
		groups[k] = append(groups[k], s)
	}
	for _, g := range sortedGroups(groups) {
		var total *Series
		sum, n := 0.0, 0
		for _, s := range g {
			v, _ := s.Get(e.Label)
			switch {
			case v == e.Total:
				total = s
			case e.Parts == nil || slices.Contains(e.Parts, v):
				n++
				if !s.Absent {
					sum += s.Value
				}
			}
		}
		if e.Equals != nil && n > 0 {
			e.compared++
			if want := *e.Equals * e.decl.Unit.Factor; math.Abs(want-sum) > e.tol {
				e.fail(g[0], []string{e.Label}, "the %d parts add up to %s, not %g", n, e.printed(sum), *e.Equals)
			}
			continue
		}
		if total == nil || total.Absent || n == 0 {
			continue
		}
		e.compared++
		if math.Abs(total.Value-sum) > e.tol {
			e.fail(total, []string{e.Label}, "%s=%s is %s but its %d parts add up to %s",
				e.Label, e.Total, e.printed(total.Value), n, e.printed(sum))
		}
	}
	return true
}

// share: each series is its group's part of Of (at the same Label value)
// over Of at Total.
func (e *evaluation) share(subject []*Series) bool {
	return e.implied(subject, func(vals map[string]*Series, at string) (float64, bool) {
		part, total := vals[at], vals[e.Total]
		if part == nil || total == nil || part.Absent || total.Absent || total.Value == 0 {
			return 0, false
		}
		return part.Value / total.Value, true
	})
}

// growth: each series is Of's relative change from the previous Label
// value (the year before) to its own.
func (e *evaluation) growth(subject []*Series) bool {
	return e.implied(subject, func(vals map[string]*Series, at string) (float64, bool) {
		cur, prev := vals[at], previous(vals, at)
		if cur == nil || prev == nil || cur.Absent || prev.Absent || prev.Value == 0 {
			return 0, false
		}
		return cur.Value/prev.Value - 1, true
	})
}

// change: each series is Of's absolute change from the previous Label
// value to its own.
func (e *evaluation) change(subject []*Series) bool {
	return e.implied(subject, func(vals map[string]*Series, at string) (float64, bool) {
		cur, prev := vals[at], previous(vals, at)
		if cur == nil || prev == nil || cur.Absent || prev.Absent {
			return 0, false
		}
		return cur.Value - prev.Value, true
	})
}

// implied compares each series with the value want derives from the series
// of Of in its group (its labels but Label and Match), by Label value.
func (e *evaluation) implied(subject []*Series, want func(vals map[string]*Series, at string) (float64, bool)) bool {
	of, ofDecl := e.x.series(e.Table.ID, e.Of, e.Match)
	if ofDecl == nil {
		e.errs.Add(e.Table.File, e.Line, "%s check: metric %q is not in table %s", e.Kind, e.Of, e.Table.ID)
		return false
	}
	drop := dropKeys(e.Label, e.Match)
	byGroup := map[string]map[string]*Series{}
	for _, s := range of {
		k := groupKey(s, drop...)
		if byGroup[k] == nil {
			byGroup[k] = map[string]*Series{}
		}
		v, _ := s.Get(e.Label)
		byGroup[k][v] = s
	}
	for _, s := range subject {
		if s.Absent {
			continue
		}
		at, _ := s.Get(e.Label)
		w, ok := want(byGroup[groupKey(s, drop...)], at)
		if !ok {
			continue
		}
		e.compared++
		if math.Abs(s.Value-w) > e.tol {
			e.fail(s, nil, "%s is %s but %s implies %s", e.Metric, s.Printed(), e.Of, e.printed(w))
		}
	}
	return true
}

// equal: each series equals the series of Other (in OtherTable, selected
// by OtherMatch) with the same labels.
func (e *evaluation) equal(subject []*Series) bool {
	table := e.OtherTable
	if table == "" {
		table = e.Table.ID
	}
	if e.x.byTable[table] == nil {
		e.errs.Add(e.Table.File, e.Line, "equal check: unknown table reference %q", table)
		return false
	}
	other, otherDecl := e.x.series(table, e.Other, e.OtherMatch)
	if otherDecl == nil {
		e.errs.Add(e.Table.File, e.Line, "equal check: metric %q is not in table %s", e.Other, table)
		return false
	}
	byKey := map[string]*Series{}
	for _, s := range other {
		byKey[groupKey(s, dropKeys("", e.OtherMatch)...)] = s
	}
	for _, s := range subject {
		o := byKey[groupKey(s, dropKeys("", e.Match)...)]
		if s.Absent || o == nil || o.Absent {
			continue
		}
		e.compared++
		if math.Abs(s.Value-o.Value) > e.tol {
			e.fail(s, nil, "%s is %s here but %s in table %s (%s:%d)", e.Metric, e.printed(s.Value),
				e.printed(o.Value), table, o.Metric.Table.File, o.Line)
		}
	}
	return true
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
