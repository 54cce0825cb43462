package dataset

import "sort"

// Merge combines the datasets of several sources into the one that is
// published. The same series in two of them, or one metric described two
// ways, is an error naming both places. parts are datasets Build returned.
func Merge(parts ...*Dataset) (*Dataset, error) {
	var errs Errors
	out := &Dataset{}
	tables := map[string]*Table{}
	// Each part was built, so it has no duplicate series of its own, and the
	// same series is in two parts only in a table both have: only those are
	// compared, not the millions of series a large source may have.
	shared := map[string]bool{}
	for _, p := range parts {
		if p == nil {
			continue
		}
		for _, t := range p.Tables {
			if prev := tables[t.ID]; prev != nil {
				shared[t.ID] = true
				if prev.Title != t.Title || prev.Source != t.Source {
					errs.add(t.File, t.Line, "table %q is also defined, with another title or source, in %s:%d", t.ID, prev.File, prev.Line)
					continue
				}
			}
			tables[t.ID] = t
			out.Tables = append(out.Tables, t)
		}
	}
	sort.SliceStable(out.Tables, func(i, j int) bool { return lessID(out.Tables[i].ID, out.Tables[j].ID) })
	validateFamilies(out, &errs, func(t *Table) bool { return shared[t.ID] })
	if err := errs.err(); err != nil {
		return nil, err
	}
	return out, nil
}
