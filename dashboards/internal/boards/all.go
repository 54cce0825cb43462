// Package boards holds the project's five Grafana dashboards as code: what
// each board shows, row by row and panel by panel, with the PromQL of each
// panel (IT industry, e-commerce, SMEs, history, exporter health). The
// panel kinds, the layout and the JSON are package dashboard's; the
// selection every query follows is package query's.
package boards

import (
	"github.com/korea-ict-exporter/korea-ict-exporter/dashboards/internal/dashboard"
	"github.com/korea-ict-exporter/korea-ict-exporter/dashboards/internal/query"
)

// All returns every dashboard, in a fixed order.
func All() []*dashboard.Dashboard {
	return []*dashboard.Dashboard{itIndustry(), ecommerce(), smes(), history(), health()}
}

// SetMatchers adds matchers to every selector of the report boards (the
// query.Selection's): the dashboards command's -matchers flag, which the
// mixin's generation uses.
func SetMatchers(m string) { query.SetMatchers(m) }
