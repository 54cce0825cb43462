package query

import "testing"

// What each function writes, with and without the matchers a deployment
// (the mixin's placeholder) adds to every selector.
func TestQueries(t *testing.T) {
	t.Cleanup(func() { SetMatchers("") })
	for _, tc := range []struct {
		name, matchers string
		query          func() string
		want           string
	}{
		{"select, no matchers", "", func() string { return Select(`korea_ict_firms{table="29"}`) },
			`korea_ict_firms{table="29"}`},
		{"select, labels", `job="ict"`, func() string { return Select(`korea_ict_firms{table="29"}`) },
			`korea_ict_firms{job="ict",table="29"}`},
		{"select, empty braces", `job="ict"`, func() string { return Select(`korea_ict_firms{}`) },
			`korea_ict_firms{job="ict"}`},
		{"select, no braces", `job="ict"`, func() string { return Select(`korea_ict_firms`) },
			`korea_ict_firms{job="ict"}`},
		{"with a matcher, before the selection's", `job="ict"`, func() string { return WithMatchers(Select(`x{table="9"}`), `granularity="year"`) },
			`x{granularity="year",job="ict",table="9"}`},
		{"with no matcher", "", func() string { return WithMatchers(`x{table="9"}`, "") },
			`x{table="9"}`},
		{"once", "", func() string { return Once(`x`) },
			`max without(instance) (x)`},
		{"once, dropping a pinned label", "", func() string { return Once(`x`, "size") },
			`max without(instance, size) (x)`},
		{"named, the vocabulary selected too", `job="ict"`, func() string { return Named(`x`, "size") },
			`x * on(instance, size) group_left(size_name) korea_ict_label_info{job="ict",label="size"}`},
		{"ranked", "", func() string { return Ranked(`x`, "size") },
			`x * on(instance, size) group_left(size_name, size_rank) korea_ict_label_info{label="size"}`},
		{"period", "", func() string { return Period(`x`, []string{"year", "quarter"}) },
			`label_join(x, "period", " ", "year", "quarter", "status")`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			SetMatchers(tc.matchers)
			if got := tc.query(); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
