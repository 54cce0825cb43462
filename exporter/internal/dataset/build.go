package dataset

import (
	"fmt"
	"hash/maphash"
	"slices"
	"sort"
	"strings"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/panics"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/vocabulary"
)

// Options say how Build validates a set of tables.
type Options struct {
	// Vocabulary, when set, must document every label name and value of
	// every series (in it or in the series' file's own vocabulary), and the
	// data must follow the shipped dataset's conventions (conventions.go):
	// the shipped dataset is held to both, while a user's own files may
	// document their labels or not and name them as they like.
	Vocabulary *vocabulary.Vocabulary
	// Limits are the source's: the formats apply those of one series, Build
	// the sample limit. The zero value is no limit.
	Limits Limits
	// Part is set for one part of a dataset that Merge combines with the
	// others: the families (duplicate series, one help and unit per metric),
	// which Merge validates across every part, are left to it.
	Part bool
	// ParseErrors are the problems found reading the files the tables come
	// from: reported with the others, by file and line, and no check runs
	// while there are any.
	ParseErrors Errors
}

// Build validates tables as one dataset and runs its checks, reporting every
// problem with its file and line; nil tables are skipped. A bug the data
// reaches fails the build, not the process.
func Build(tables []*Table, o Options) (ds *Dataset, err error) {
	err = panics.Catch(func() error {
		ds, err = build(tables, o)
		return err
	})
	if err != nil {
		return nil, err
	}
	return ds, nil
}

func build(all []*Table, o Options) (*Dataset, error) {
	errs := slices.Clone(o.ParseErrors)
	tables := make([]*Table, 0, len(all))
	for _, t := range all {
		if t != nil {
			tables = append(tables, t)
		}
	}
	sort.SliceStable(tables, func(i, j int) bool { return lessID(tables[i].ID, tables[j].ID) })
	o.Limits.validateSamples(tables, &errs)
	ds := &Dataset{Tables: tables}
	x := index{byTable: map[string]*Table{}}
	for _, t := range tables {
		if prev := x.byTable[t.ID]; prev != nil {
			errs.Add(t.File, t.Line, "table %q is also defined in %s:%d", t.ID, prev.File, prev.Line)
			continue
		}
		x.byTable[t.ID] = t
	}
	if !o.Part {
		validateFamilies(ds, &errs)
	}
	validateShares(ds, &errs)
	validateCounts(ds, &errs)
	if o.Vocabulary != nil {
		validateVocabulary(ds, o.Vocabulary, &errs)
		validateConventions(ds, &errs)
	}
	if len(errs) == 0 {
		for _, t := range tables {
			for _, c := range t.Checks {
				ds.Excused = append(ds.Excused, c.run(x, &errs)...)
			}
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return ds, nil
}

// validateShares applies the one range the naming scheme fixes, to parsed
// files and tables built in Go alike: a share is 0-100 %.
func validateShares(ds *Dataset, errs *Errors) {
	for _, t := range ds.Tables {
		for _, m := range t.Metrics {
			if !strings.HasSuffix(m.Name, "_share_ratio") || m.Unit.Base != "ratio" {
				continue
			}
			for _, s := range m.Series {
				if !s.Absent && (s.Value < 0 || s.Value > 1+1e-9) {
					errs.Add(t.File, int(s.Line), "share %s %s is outside 0-100 %%", s.Printed(), m.Unit.Printed)
				}
			}
		}
	}
}

// validateVocabulary reports each series with a label or value that v and
// its file's own vocabulary leave undocumented.
func validateVocabulary(ds *Dataset, v *vocabulary.Vocabulary, errs *Errors) {
	for _, t := range ds.Tables {
		for _, m := range t.Metrics {
			for _, s := range m.Series {
				for i := range s.NumLabels() {
					l := s.Label(i)
					err := v.Undocumented(l.Name, l.Value)
					if err != nil && t.Vocabulary.Undocumented(l.Name, l.Value) != nil {
						errs.Add(t.File, int(s.Line), "%s: document it in %s", err, vocabulary.ShippedFile)
					}
				}
			}
		}
	}
}

// validateCounts rejects negative counts: there are no -5 firms. A change or
// a balance of a count may be negative, so a metric named as one (a word
// changeWords of its name) and a series that is one (a label value in
// balanceValues, as flow: balance) are exempt.
func validateCounts(ds *Dataset, errs *Errors) {
	for _, t := range ds.Tables {
		for _, m := range t.Metrics {
			if m.Unit.Base != "count" || slices.ContainsFunc(strings.Split(m.Name, "_"), func(w string) bool { return slices.Contains(changeWords, w) }) {
				continue
			}
			for _, s := range m.Series {
				if s.Absent || s.Value >= 0 || slices.ContainsFunc(s.Labels(), func(l Label) bool { return slices.Contains(balanceValues, l.Value) }) {
					continue
				}
				errs.Add(t.File, int(s.Line), "count %s is %s %s, and a count cannot be negative (only a change or balance can: docs/data-format.md#units)", m.Name, s.Printed(), m.Unit.Printed)
			}
		}
	}
}

// changeWords in a metric's name and balanceValues of a series' label make
// a count that may be negative.
var (
	changeWords   = []string{"change", "balance", "net", "growth"}
	balanceValues = []string{"balance", "shortage"}
)

// validateFamilies checks that the declarations of a metric agree, and that
// no series is given twice.
func validateFamilies(ds *Dataset, errs *Errors) {
	decl := map[string]*Metric{}
	help := map[string]*Metric{} // the first declaration that gives help
	var names []string           // in order of first declaration
	byName := map[string][]*Metric{}
	kind := map[string]*Metric{} // the first declaration that gives a kind
	for _, t := range ds.Tables {
		for _, m := range t.Metrics {
			if m.Kind != "" {
				// A declaration without a kind (a CSV file's) takes the
				// metric's; two that give one must agree.
				if k := kind[m.Name]; k == nil {
					kind[m.Name] = m
				} else if k.Kind != m.Kind {
					errs.Add(t.File, m.Line, "metric %q is a %s here but a %s at %s:%d", m.Name, m.Kind, k.Kind, k.Table.File, k.Line)
				}
			}
			if m.Help != "" {
				// A declaration without help takes the metric's; two that
				// give one must agree.
				if h := help[m.Name]; h == nil {
					help[m.Name] = m
				} else if h.Help != m.Help {
					errs.Add(t.File, m.Line, "metric %q has a different help text in %s:%d; one metric, one description (leave help out to take that one)", m.Name, h.Table.File, h.Line)
				}
			}
			if first := decl[m.Name]; first == nil {
				decl[m.Name] = m
				names = append(names, m.Name)
			} else {
				if first.Unit.Base != m.Unit.Base {
					errs.Add(t.File, m.Line, "metric %q is in %s here but in %s at %s:%d", m.Name, m.Unit.Base, first.Unit.Base, first.Table.File, first.Line)
				}
			}
			byName[m.Name] = append(byName[m.Name], m)
		}
	}
	// Series are compared one metric name at a time (a duplicate has the
	// name of the series it repeats), by a hash of their cell rather than a
	// string key: a large dataset would otherwise hold a key for each of its
	// millions of series on every refresh. Different cells with the same
	// hash (never seen, but possible) go on a list that is searched.
	seed := maphash.MakeSeed()
	for _, name := range names {
		n := 0
		for _, m := range byName[name] {
			n += len(m.Series)
		}
		seen := make(map[uint64]*Series, n)
		var collided []*Series
		for _, m := range byName[name] {
			for _, s := range m.Series {
				h := cellHash(seed, s)
				prev := seen[h]
				if prev == nil {
					seen[h] = s
					continue
				}
				if !sameCell(prev, s) {
					i := slices.IndexFunc(collided, func(c *Series) bool { return sameCell(c, s) })
					if i < 0 {
						collided = append(collided, s)
						continue
					}
					prev = collided[i]
				}
				errs.Add(m.Table.File, int(s.Line), "duplicate series: %s%s is also at %s", name, s.LabelSet(), prev.Where())
			}
		}
	}
}

// LabelSet is the series' labels, table first, in PromQL's notation:
// {table="3",category="total"}.
func (s *Series) LabelSet() string {
	parts := []string{fmt.Sprintf("table=%q", s.Metric.Table.ID)}
	for _, l := range s.Labels() {
		parts = append(parts, fmt.Sprintf("%s=%q", l.Name, l.Value))
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// lessID orders "2" before "10" and numbered tables before named ones.
func lessID(a, b string) bool {
	na, ea := atoi(a)
	nb, eb := atoi(b)
	switch {
	case ea == nil && eb == nil:
		return na < nb
	case ea == nil:
		return true
	case eb == nil:
		return false
	}
	return a < b
}

func atoi(s string) (int, error) {
	var n int
	_, err := fmt.Sscanf(s, "%d", &n)
	if err == nil && fmt.Sprint(n) != s {
		err = fmt.Errorf("not a number")
	}
	return n, err
}
