package dataset

import "sort"

// Merge combines the datasets of several sources into the one that is
// published. The same series in two of them, or one metric described two
// ways, is an error naming both places.
func Merge(parts ...*Dataset) (*Dataset, error) {
	var errs Errors
	out := &Dataset{}
	tables := map[string]*Table{}
	for _, p := range parts {
		if p == nil {
			continue
		}
		for _, t := range p.Tables {
			if prev := tables[t.ID]; prev != nil && (prev.Title != t.Title || prev.SourceLine != t.SourceLine) {
				errs.Add(t.File, t.Line, "table %q is also defined, with another title or source, in %s:%d", t.ID, prev.File, prev.Line)
				continue
			}
			tables[t.ID] = t
			out.Tables = append(out.Tables, t)
		}
		out.Excused = append(out.Excused, p.Excused...)
	}
	sort.SliceStable(out.Tables, func(i, j int) bool { return lessID(out.Tables[i].ID, out.Tables[j].ID) })
	validateFamilies(out, &errs)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
