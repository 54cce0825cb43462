// Package grafanamodel is what Grafana does with a panel's values, ported
// from Grafana's own frontend code for the viewer tests of the dashboards:
// how a value is formatted in a unit (displayProcessor and the value
// formatters), the colour of a value (thresholds), how far a filled axis
// reaches (uPlot's range padding), and how much room a text takes.
//
// Grafana cannot run where the tests run, so each function names the
// Grafana source it follows. Those sources were read in two ways:
//   - @grafana/data and @grafana/ui at 12.4.0 and 13.2.3 exactly, from the
//     npm registry (the packages ship their TypeScript in source maps);
//     where the two differ, the comment says so;
//   - panel plugins (public/app/plugins/panel/...) and app/core code, which
//     are not published, from the copy of grafana/grafana that the code
//     search index holds: one commit per file, not tied to a release tag.
//
// Nothing here is Grafana's code: the functions re-state its rules in Go.
package grafanamodel
