package dataset

import (
	"fmt"
	"hash/maphash"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/panics"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/vocabulary"
)

// File is a data file's name (for messages) and content.
type File struct {
	Name string
	Data []byte
	// Format is FormatYAML or FormatCSV; empty: by the name's extension.
	Format string
}

// Build parses, validates and checks a set of data files as one dataset. It
// reports every problem it finds, each with its file and line. It drops each
// file's bytes once parsed, as Input.Build does.
func Build(files []File) (*Dataset, []Discrepancy, error) {
	return Input{Files: files}.Build()
}

// Input is what a source fetches: data files to parse, tables built in Go,
// or both.
type Input struct {
	Files  []File
	Tables []*Table
	// Vocabulary, when set, must document every label name and value of
	// every series (in it or in the series' file's own vocabulary), and the
	// data must follow the shipped dataset's conventions (conventions.go):
	// the shipped dataset is held to both, while a user's own files may
	// document their labels or not and name them as they like.
	Vocabulary *vocabulary.Vocabulary
	// Limits are the source's; nil: DefaultLimits.
	Limits *Limits
}

// Build parses the input's files and validates and checks them together with
// its tables as one dataset, reporting every problem with its file and line.
// It drops each file's bytes once parsed (in.Files keep their names): a large
// refresh then holds its files and its new data only while it parses.
func (in Input) Build() (*Dataset, []Discrepancy, error) {
	return in.build(true)
}

// BuildPart is Build for one part of a dataset that Merge combines with the
// others: the families (duplicate series, one help and unit per metric),
// which Merge validates across every part, are left to it.
func (in Input) BuildPart() (*Dataset, []Discrepancy, error) {
	return in.build(false)
}

func (in Input) build(families bool) (ds *Dataset, discrepancies []Discrepancy, err error) {
	// A bug the data reaches (in validation or checks) fails the load, not
	// the process; parseAll's goroutines recover their own.
	err = panics.Catch(func() error {
		ds, discrepancies, err = in.parseAndCheck(families)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return ds, discrepancies, nil
}

func (in Input) parseAndCheck(families bool) (*Dataset, []Discrepancy, error) {
	var errs Errors
	var tables []*Table
	limits := DefaultLimits
	if in.Limits != nil {
		limits = *in.Limits
	}
	for _, t := range parseAll(in.Files, limits) {
		if es, ok := t.err.(Errors); ok {
			errs = append(errs, es...)
			continue
		}
		if t.err != nil {
			return nil, nil, t.err // a recovered panic
		}
		tables = append(tables, t.tables...)
	}
	for _, t := range in.Tables {
		if t != nil {
			tables = append(tables, t)
		}
	}
	sort.SliceStable(tables, func(i, j int) bool { return lessID(tables[i].ID, tables[j].ID) })
	limits.validateSamples(tables, &errs)
	ds := &Dataset{Tables: tables}
	x := index{byTable: map[string]*Table{}}
	for _, t := range tables {
		if prev := x.byTable[t.ID]; prev != nil {
			errs.add(t.File, t.Line, "table %q is also defined in %s:%d", t.ID, prev.File, prev.Line)
			continue
		}
		x.byTable[t.ID] = t
	}
	if families {
		validateFamilies(ds, &errs)
	}
	validateShares(ds, &errs)
	validateCounts(ds, &errs)
	if in.Vocabulary != nil {
		validateVocabulary(ds, in.Vocabulary, &errs)
		validateConventions(ds, &errs)
	}
	var discrepancies []Discrepancy
	if len(errs) == 0 {
		for _, t := range tables {
			for _, c := range t.Checks {
				discrepancies = append(discrepancies, c.run(x, &errs)...)
			}
		}
	}
	if err := errs.err(); err != nil {
		return nil, nil, err
	}
	ds.Excused = discrepancies
	return ds, discrepancies, nil
}

type parsed struct {
	tables []*Table
	err    error
}

// parseAll parses files on all cores but one: parsing is most of a large
// refresh's time and files are independent, and the core left free keeps
// scrapes from queueing behind a refresh (docs/performance.md: on 2 CPUs at
// 100k series, scrape p99 during a refresh 1.9x idle instead of 6x, for a
// refresh of 1.3 s instead of 0.9 s). Results keep the files' order, so
// errors are reported in the same order however the work was spread.
func parseAll(files []File, limits Limits) []parsed {
	out := make([]parsed, len(files))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(max(1, runtime.GOMAXPROCS(0)-1), len(files)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(files); i = int(next.Add(1) - 1) {
				// A bug the file reaches fails the load, not the process.
				out[i].err = panics.Catch(func() (err error) {
					out[i].tables, err = parseFile(files[i], limits)
					return err
				})
				if _, ok := out[i].err.(Errors); !ok && out[i].err != nil {
					out[i].err = fmt.Errorf("%s: %w", files[i].Name, out[i].err)
				}
				files[i].Data = nil
			}
		})
	}
	wg.Wait()
	return out
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
					errs.add(t.File, int(s.Line), "share %s %s is outside 0-100 %%", s.Printed(), m.Unit.Printed)
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
						errs.add(t.File, int(s.Line), "%s: document it in %s", err, vocabulary.ShippedFile)
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
				errs.add(t.File, int(s.Line), "count %s is %s %s, and a count cannot be negative (only a change or balance can: docs/data-format.md#units)", m.Name, s.Printed(), m.Unit.Printed)
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
					errs.add(t.File, m.Line, "metric %q is a %s here but a %s at %s:%d", m.Name, m.Kind, k.Kind, k.Table.File, k.Line)
				}
			}
			if m.Help != "" {
				// A declaration without help takes the metric's; two that
				// give one must agree.
				if h := help[m.Name]; h == nil {
					help[m.Name] = m
				} else if h.Help != m.Help {
					errs.add(t.File, m.Line, "metric %q has a different help text in %s:%d; one metric, one description (leave help out to take that one)", m.Name, h.Table.File, h.Line)
				}
			}
			if first := decl[m.Name]; first == nil {
				decl[m.Name] = m
				names = append(names, m.Name)
			} else {
				if first.Unit.Base != m.Unit.Base {
					errs.add(t.File, m.Line, "metric %q is in %s here but in %s at %s:%d", m.Name, m.Unit.Base, first.Unit.Base, first.Table.File, first.Line)
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
				errs.add(m.Table.File, int(s.Line), "duplicate series: %s%s is also at %s", name, s.LabelSet(), prev.Where())
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
