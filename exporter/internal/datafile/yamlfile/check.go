package yamlfile

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
)

// check reads one of a table's checks.
func (p *parser) check(t *dataset.Table, n *yaml.Node) *dataset.Check {
	fields := p.mapping(n, "check", "kind", "metric", "of", "label", "total", "parts", "match",
		"other", "table", "other_match", "tolerance", "equals", "except", "why")
	if fields == nil {
		return nil
	}
	c := &dataset.Check{Table: t, Line: n.Line}
	c.Kind = p.requiredString(n, fields, "kind")
	if c.Kind != "" && !slices.Contains(dataset.CheckKinds(), c.Kind) {
		p.errorf(fields["kind"], "unknown check kind %q (one of %s)", c.Kind, strings.Join(dataset.CheckKinds(), ", "))
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
	for _, lacks := range c.Resolve() {
		p.errorf(n, "%s", lacks)
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
