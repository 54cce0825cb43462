package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql/parser"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/vocabulary"
	"github.com/korea-ict-exporter/korea-ict-exporter/internal/promqltest"
)

// Every regular expression the boards carry matches the values it is for:
// each alternative of a label matcher (flow=~"export|import") is a value
// the exporter serves for that label and matches the matcher as Prometheus
// compiles it, so that no alternative is silently dead.
func TestQueryRegexesMatchTheirValues(t *testing.T) {
	now := time.Now().Truncate(time.Second)
	st := promqltest.LoadScrapes(t, promqltest.ScrapeExporter(t), []time.Time{now.Add(-time.Minute), now})
	served := map[string]map[string]bool{}
	res, err := promqltest.Evaluate(promqltest.NewEngine(), st, promqltest.Query{Expr: `{__name__=~"korea_ict_.+"}`, Instant: true}, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, ls := range res.Labels {
		for k, v := range ls {
			if served[k] == nil {
				served[k] = map[string]bool{}
			}
			served[k][v] = true
		}
	}
	n := 0
	for _, q := range queries(t) {
		expr, err := parser.NewParser(parser.Options{}).ParseExpr(q.expr)
		if err != nil {
			t.Fatalf("%s: %v", q.expr, err)
		}
		parser.Inspect(expr, func(node parser.Node, _ []parser.Node) error {
			vs, ok := node.(*parser.VectorSelector)
			if !ok {
				return nil
			}
			for _, m := range vs.LabelMatchers {
				if m.Type != labels.MatchRegexp || m.Value == ".+" || m.Name == model.MetricNameLabel {
					continue
				}
				if m.Name == "alertname" { // the alerts' prefix, KoreaICTExporter.*
					continue
				}
				for _, alt := range strings.Split(m.Value, "|") {
					n++
					if !m.Matches(alt) {
						t.Errorf("%s / %s: %s does not match %q", q.board, q.panel, m, alt)
					}
					if !served[m.Name][alt] {
						t.Errorf("%s / %s: %s: the exporter serves no %s=%q", q.board, q.panel, m, m.Name, alt)
					}
				}
			}
			return nil
		})
	}
	if n == 0 {
		t.Fatal("no regex matcher checked")
	}
}

// The period of a bar group is shown as the report prints it: the regex
// value mappings on the x field turn "2003 reported" into "2003" and
// "2003 preliminary" into "2003 (preliminary)", for every status. Grafana
// applies a regex mapping as value.replace(regex, text)
// (packages/grafana-data/src/utils/valueMappings.ts, getValueMappingResult);
// the patterns use nothing Go's regexp and JavaScript read differently.
func TestPeriodsReadAsPrinted(t *testing.T) {
	want := map[string]string{
		"2003 reported":          "2003",
		"2003 undated":           "2003",
		"2002 Q4 reported":       "2002 Q4",
		"2003 preliminary":       "2003 (preliminary)",
		"2007 projection":        "2007 (projection)",
		"2003 estimate":          "2003 (estimate)",
		"no_particular_need x":   "no_particular_need x", // not a period: unmapped
		" reported":              " reported",
		"2001 Q1 preliminary Q2": "2001 Q1 preliminary Q2",
	}
	type rawPanel struct {
		Type        string `json:"type"`
		Title       string `json:"title"`
		FieldConfig struct {
			Overrides []struct {
				Properties []struct {
					ID    string          `json:"id"`
					Value json.RawMessage `json:"value"`
				} `json:"properties"`
			} `json:"overrides"`
		} `json:"fieldConfig"`
		Panels []json.RawMessage `json:"panels"`
	}
	n := 0
	for _, d := range generated(t) {
		var top struct {
			Panels []json.RawMessage `json:"panels"`
		}
		if err := json.Unmarshal(d.raw, &top); err != nil {
			t.Fatal(err)
		}
		var ps []rawPanel
		for len(top.Panels) > 0 {
			var p rawPanel
			if err := json.Unmarshal(top.Panels[0], &p); err != nil {
				t.Fatal(err)
			}
			top.Panels = append(top.Panels[1:], p.Panels...)
			ps = append(ps, p)
		}
		for _, p := range ps {
			if p.Type != "barchart" {
				continue
			}
			for _, o := range p.FieldConfig.Overrides {
				for _, prop := range o.Properties {
					if prop.ID != "mappings" {
						continue
					}
					var ms []struct {
						Type    string `json:"type"`
						Options struct {
							Pattern string `json:"pattern"`
							Result  struct {
								Text string `json:"text"`
							} `json:"result"`
						} `json:"options"`
					}
					if err := json.Unmarshal(prop.Value, &ms); err != nil {
						t.Fatal(err)
					}
					for in, out := range want {
						got := in
						for _, m := range ms {
							if m.Type != "regex" {
								continue
							}
							re := regexp.MustCompile(m.Options.Pattern)
							if re.MatchString(in) {
								got = re.ReplaceAllString(in, m.Options.Result.Text)
								break
							}
						}
						n++
						if got != out {
							t.Errorf("%s / %s: %q reads %q, want %q", d.file, p.Title, in, got, out)
						}
					}
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no period mapping checked")
	}
}

// A variable's dropdown shows the human names of the values present: its
// query_result query, evaluated over the exporter's output and written as
// Grafana's Prometheus datasource writes each result line
// (public/app/plugins/datasource/prometheus/metric_find_query.ts,
// queryResultQuery: name{k="v",...} value timestamp, labels in the order
// the API returns them, sorted), gives through the variable's regexp one
// value and one text per value, the text the vocabulary's name.
func TestVariablesShowHumanNames(t *testing.T) {
	now := time.Now().Truncate(time.Second)
	st := promqltest.LoadScrapes(t, promqltest.ScrapeExporter(t), []time.Time{now.Add(-time.Minute), now})
	eng := promqltest.NewEngine()
	voc := shippedNames()
	n := 0
	for _, d := range generated(t) {
		var vars struct {
			Templating struct {
				List []struct {
					Name  string `json:"name"`
					Query any    `json:"query"`
					Regex string `json:"regex"`
				} `json:"list"`
			} `json:"templating"`
		}
		if err := json.Unmarshal(d.raw, &vars); err != nil {
			t.Fatal(err)
		}
		for _, v := range vars.Templating.List {
			q, ok := v.Query.(string)
			if !ok || !strings.HasPrefix(q, "query_result(") {
				continue
			}
			n++
			expr := strings.TrimSuffix(strings.TrimPrefix(q, "query_result("), ")")
			res, err := promqltest.Evaluate(eng, st, promqltest.Query{Expr: substitute(d, expr), Instant: true}, now)
			if err != nil || res.Series == 0 {
				t.Errorf("%s: variable %s: %v, %d series", d.file, v.Name, err, res.Series)
				continue
			}
			re := regexp.MustCompile(strings.Trim(v.Regex, "/"))
			for key, ls := range res.Labels {
				line := resultLine(ls, res.Values[key], now)
				m := re.FindStringSubmatch(line)
				if m == nil {
					t.Errorf("%s: variable %s: regexp %s does not match %s", d.file, v.Name, v.Regex, line)
					continue
				}
				value, text := m[re.SubexpIndex("value")], m[re.SubexpIndex("text")]
				if value != ls[v.Name] || text != voc.Display(v.Name, value) || text == value {
					t.Errorf("%s: variable %s: %s gives value %q text %q, want %q and its human name", d.file, v.Name, line, value, text, ls[v.Name])
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no variable lists human names")
	}
}

func resultLine(ls map[string]string, v float64, at time.Time) string {
	var names []string
	for k := range ls {
		if k != model.MetricNameLabel {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, k := range names {
		parts[i] = fmt.Sprintf("%s=%q", k, ls[k])
	}
	return fmt.Sprintf("%s{%s} %v %d", ls[model.MetricNameLabel], strings.Join(parts, ","), v, at.UnixMilli())
}

// No bar chart cuts a name: each one's xTickLabelMaxLength is longer than
// every human name of the vocabulary (Grafana's barchart cuts a longer tick
// label: public/app/plugins/panel/barchart/utils.ts, prepConfig,
// formatShortValue).
func TestLabelsFitTheBarCharts(t *testing.T) {
	longest := ""
	for _, l := range vocabulary.Shipped().Labels {
		for _, v := range l.Values {
			if len(v.Name) > len(longest) {
				longest = v.Name
			}
		}
	}
	for _, d := range generated(t) {
		for _, p := range d.all() {
			if p.Type != "barchart" {
				continue
			}
			var o struct {
				Max *int `json:"xTickLabelMaxLength"`
			}
			if err := json.Unmarshal(p.Options, &o); err != nil {
				t.Fatal(err)
			}
			if o.Max == nil || *o.Max < len(longest) {
				t.Errorf("%s / %s: xTickLabelMaxLength %v cuts %q (%d characters)", d.file, p.Title, o.Max, longest, len(longest))
			}
		}
	}
}

// Every query reads as at most two functions or aggregations inside each
// other (the vocabulary join and the period label are one step each, the
// fold over replicas the other), so that a person can edit it in Grafana;
// the lengths are logged (go test -v -run TestQueriesStayReadable).
func TestQueriesStayReadable(t *testing.T) {
	const maxDepth = 2
	var lengths []int
	for _, q := range queries(t) {
		expr, err := parser.NewParser(parser.Options{}).ParseExpr(q.expr)
		if err != nil {
			t.Fatalf("%s: %v", q.expr, err)
		}
		if d := nesting(expr); d > maxDepth {
			t.Errorf("%s / %s: functions nested %d deep, want at most %d\n%s", q.board, q.panel, d, maxDepth, q.expr)
		}
		lengths = append(lengths, len(q.expr))
	}
	sort.Ints(lengths)
	over := 0
	for _, l := range lengths {
		if l > 200 {
			over++
		}
	}
	t.Logf("%d queries: length median %d, max %d, %d over 200 characters", len(lengths), lengths[len(lengths)/2], lengths[len(lengths)-1], over)
}

// nesting is the depth of function calls and aggregations inside each
// other; time() and vector(0), which wrap nothing, do not count.
func nesting(n parser.Node) int {
	deepest := 0
	for _, c := range parser.Children(n) {
		deepest = max(deepest, nesting(c))
	}
	switch x := n.(type) {
	case *parser.AggregateExpr:
		return deepest + 1
	case *parser.Call:
		if len(x.Args) > 0 && x.Func.Name != "vector" {
			return deepest + 1
		}
	}
	return deepest
}
