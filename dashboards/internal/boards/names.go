package boards

import (
	"regexp"
	"sort"
	"strings"
)

// Everything a person reads on a panel (axis labels, legends, table
// columns and cells) is a label value or a label name of the data, shown
// under its human name from the project's vocabulary. The panels carry the
// names as Grafana value mappings (values in a field), renames (fields that
// are label values after a pivot) and display-name overrides (legends), so
// that the queries stay the plain selectors a user can read and reuse.

// valueMappings maps each known value of the labels to its human name, in
// the vocabulary's order (Grafana shows the first match).
func valueMappings(labels ...string) []any {
	options := map[string]any{}
	for _, l := range labels {
		for i, v := range labelValues(l) {
			if _, dup := options[v]; dup {
				continue
			}
			options[v] = map[string]any{"text": display(l, v), "index": i}
		}
	}
	if len(options) == 0 {
		return []any{}
	}
	return []any{map[string]any{"type": "value", "options": options}}
}

// renames maps each known value of a label to its human name, for fields
// named after label values (the columns of a pivot).
func renames(label string) map[string]any {
	out := map[string]any{}
	for _, v := range labelValues(label) {
		if n := display(label, v); n != v {
			out[v] = n
		}
	}
	return out
}

// order gives each known value of a label its position (the vocabulary's
// natural order), offset by first, for organize's indexByName.
func order(label string, first int) map[string]any {
	out := map[string]any{}
	for i, v := range labelValues(label) {
		out[v] = first + i
	}
	return out
}

var placeholder = regexp.MustCompile(`\{\{\s*(\w+)\s*\}\}`)

// legendOverrides names a query's series: for each combination of known
// values of the labels in a legend template ("{{partner}}"), a display-name
// override from the legend Grafana computes to the one with human names. A
// label the vocabulary does not name (year) stays as Grafana fills it in.
func legendOverrides(legend string) []any {
	known := false
	for _, m := range placeholder.FindAllStringSubmatch(legend, -1) {
		known = known || len(labelValues(m[1])) > 0
	}
	if !known {
		return nil
	}
	type pair struct{ raw, human string }
	combos := []pair{{regexp.QuoteMeta(legend), legend}}
	exact := true
	for _, m := range placeholder.FindAllStringSubmatch(legend, -1) {
		l := m[1]
		quoted := regexp.QuoteMeta(m[0])
		values := labelValues(l)
		var next []pair
		for _, c := range combos {
			if len(values) == 0 {
				exact = false
				next = append(next, pair{strings.Replace(c.raw, quoted, ".*", 1), strings.Replace(c.human, m[0], "${__field.labels."+l+"}", 1)})
				continue
			}
			for _, v := range values {
				next = append(next, pair{strings.Replace(c.raw, quoted, regexp.QuoteMeta(v), 1), strings.Replace(c.human, m[0], display(l, v), 1)})
			}
		}
		combos = next
	}
	sort.Slice(combos, func(i, j int) bool { return combos[i].raw < combos[j].raw })
	var out []any
	for _, c := range combos {
		if exact {
			raw := unquoteMeta(c.raw)
			if raw != c.human {
				out = append(out, override(matcher("byName", raw), property("displayName", c.human)))
			}
			continue
		}
		out = append(out, override(matcher("byRegexp", "^"+c.raw+"$"), property("displayName", c.human)))
	}
	return out
}

// unquoteMeta undoes regexp.QuoteMeta.
func unquoteMeta(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func matcher(id string, options any) map[string]any {
	return map[string]any{"id": id, "options": options}
}

func property(id string, value any) map[string]any {
	return map[string]any{"id": id, "value": value}
}

func override(m map[string]any, props ...map[string]any) map[string]any {
	ps := make([]any, len(props))
	for i, p := range props {
		ps[i] = p
	}
	return map[string]any{"matcher": m, "properties": ps}
}
