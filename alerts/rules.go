package main

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/rulefmt"
	"github.com/prometheus/prometheus/promql/parser"
	"gopkg.in/yaml.v3"
)

// Config is what an operator adapts, in one place: the flags of `go run
// ./alerts` (main.go) set it.
type Config struct {
	// Selector picks the exporter's series among everything Prometheus
	// scrapes: the label matchers of its scrape job, without braces. It is
	// the only place the job name appears in the rules.
	Selector string
	// RunbookURL is where docs/runbook.md is published; each alert links
	// to its own section.
	RunbookURL string
}

// Default is the configuration of the committed alerts.yml: the demo
// stack's job (config/prometheus.yml) and the runbook on GitHub.
var Default = Config{
	Selector:   `job="korea-ict-exporter"`,
	RunbookURL: "https://github.com/korea-ict-exporter/korea-ict-exporter/blob/main/docs/runbook.md",
}

// remoteTypes are the source types fetched over the network: their failures
// are usually the network's or the remote end's and heal by themselves.
const remoteTypes = "http|worldbank"

// The thresholds, named because the runbook and the tests speak of them.
const (
	// An exporter (a replica, or all of them) alerts once its scrapes
	// have failed for downFor: a single failed scrape is not an incident.
	downFor = 5 * time.Minute
	// A local source alerts once it failed twice within failingWindow and
	// its last refresh has been failing for failingFor: one failed refresh
	// (a file caught half-written, a refresh cut by a reload) is not an
	// incident. The window sees two failures of any schedule up to every
	// 3 hours; slower schedules are caught by the staleness alert.
	failingWindow = 6 * time.Hour
	failingFor    = 15 * time.Minute
	// A remote source alerts when every sample of a day says its last
	// refresh failed, and still does remoteFor later: a daily source that
	// fails once recovers at its next refresh, exactly a day later.
	remoteWindow = 24 * time.Hour
	remoteFor    = time.Hour
	// Data is stale when older than staleIntervals schedule intervals plus
	// staleMargin (refresh duration, scrape and evaluation delays): at
	// least two scheduled refreshes in a row did not land.
	staleIntervals = 2
	staleMargin    = 10 * time.Minute
	// A source whose series fall below seriesDropRatio of the most it
	// published within seriesDropWindow, for seriesDropFor.
	seriesDropRatio  = 0.5
	seriesDropWindow = 24 * time.Hour
	seriesDropFor    = 15 * time.Minute
)

// alert is a rule before the configuration is applied: expr uses
// %(selector)s and %(remoteTypes)s, as the Prometheus mixins do.
type alert struct {
	name, severity       string
	expr                 string
	for_                 time.Duration
	summary, description string
}

func alerts() []alert {
	d := func(x time.Duration) string { return model.Duration(x).String() }
	// Every replica of a job has failed every scrape for downFor.
	allDown := `max by (job) (max_over_time(up{%(selector)s}[` + d(downFor) + `])) == 0`
	return []alert{
		{
			// Replicas (docs/scaling.md) share the job and differ by
			// instance: all of them down is critical, one of several a
			// warning. A single exporter down is "all". No `for`: the
			// window is the tolerance, and the warning below gives way
			// to this alert on the very evaluation it fires.
			name: "KoreaICTExporterDown", severity: "critical",
			expr:    allDown,
			summary: "Every korea-ict-exporter of job {{ $labels.job }} is down.",
			// The instances sorted: a query's results come in no fixed order.
			description: "Every scrape of every target of job {{ $labels.job }} (" +
				`{{ range $i, $s := printf "up{job=%q} == 0" $labels.job | query | sortByLabel "instance" }}{{ if $i }}, {{ end }}{{ $s.Labels.instance }}{{ end }}` +
				") for " + d(downFor) + " has failed: its figures are missing from every dashboard. Check that the processes run, their logs, and http://<instance>/-/healthy.",
		},
		{
			name: "KoreaICTExporterReplicaDown", severity: "warning", for_: downFor,
			expr: `up{%(selector)s} == 0
# ...while the job has other replicas...
and on (job) count by (job) (up{%(selector)s}) > 1
# ...unless all of them are down: KoreaICTExporterDown.
unless on (job) (` + allDown + `)`,
			summary: "The korea-ict-exporter replica {{ $labels.instance }} is down; other replicas of job {{ $labels.job }} still serve.",
			description: "Prometheus has failed to scrape {{ $labels.instance }} for " + d(downFor) + ". " +
				current(`sum(up{job=%q})`, `printf "%.0f"`, "?", "job") +
				" of the job's " + current(`count(up{job=%q})`, `printf "%.0f"`, "?", "job") +
				" replicas are up; while one is, the dashboards show every figure. Check that the process runs, its log, and http://{{ $labels.instance }}/-/healthy.",
		},
		{
			name: "KoreaICTExporterAbsent", severity: "critical", for_: 15 * time.Minute,
			expr:        `absent(up{%(selector)s})`,
			summary:     "Prometheus scrapes no korea-ict-exporter.",
			description: "No target matches up{%(selector)s} for 15 minutes: the scrape configuration or service discovery lost the exporter, or these rules were generated for another job (go run ./alerts -selector ...).",
		},
		{
			name: "KoreaICTExporterSourceRefreshFailing", severity: "warning", for_: failingFor,
			expr: `(
  korea_ict_exporter_source_last_refresh_success{%(selector)s, type!~"%(remoteTypes)s"} == 0
  and ignoring(type)
  increase(korea_ict_exporter_source_refresh_failures_total{%(selector)s}[` + d(failingWindow) + `]) >= 2
)
or
(
  # A source without a schedule loads at start and on reload only: nothing retries it.
  korea_ict_exporter_source_last_refresh_success{%(selector)s, type!~"%(remoteTypes)s"} == 0
  unless ignoring(type)
  korea_ict_exporter_source_next_refresh_timestamp_seconds{%(selector)s}
)`,
			summary: "Source {{ $labels.source }} of {{ $labels.instance }} keeps failing to refresh.",
			description: "The {{ $labels.type }} source {{ $labels.source }} has been failing to refresh for " + d(failingFor) + " (failed refreshes since the exporter started: " +
				current(`korea_ict_exporter_source_refresh_failures_total{job=%q, instance=%q, source=%q}`, `printf "%.0f"`, "?", "job", "instance", "source") +
				", at least two in " + d(failingWindow) + ", or no schedule to retry it). The exporter still serves its last good data, which grows old. The reason is on the landing page http://{{ $labels.instance }}/ and in the log (source_name={{ $labels.source }}); `korea-ict-exporter check` names the file and line of a data error.",
		},
		{
			name: "KoreaICTExporterRemoteSourceFailing", severity: "info", for_: remoteFor,
			expr: `max_over_time(korea_ict_exporter_source_last_refresh_success{%(selector)s, type=~"%(remoteTypes)s"}[` + d(remoteWindow) + `]) == 0
# ...and the source existed a day ago: a new source gets its day too.
and
present_over_time(korea_ict_exporter_source_last_refresh_success{%(selector)s, type=~"%(remoteTypes)s"}[1h] offset ` + d(remoteWindow) + `)`,
			summary: "Remote source {{ $labels.source }} of {{ $labels.instance }} has failed for a day.",
			description: "Every refresh of the {{ $labels.type }} source {{ $labels.source }} for more than a day has failed (last success: " +
				current(`korea_ict_exporter_source_last_refresh_success_timestamp_seconds{job=%q, instance=%q, source=%q} > 0`, "humanizeTimestamp", "none since the exporter started", "job", "instance", "source") +
				"); the exporter still serves its last good data. Remote failures usually heal by themselves: check the reason on the landing page http://{{ $labels.instance }}/ (HTTP status, API error, timeout) and whether the remote end is reachable from the exporter.",
		},
		{
			name: "KoreaICTExporterSourceStale", severity: "warning",
			// No `for`: the age only grows until a refresh lands; the margin
			// is the tolerance.
			expr: `time() - korea_ict_exporter_source_last_refresh_success_timestamp_seconds{%(selector)s}
  > ` + fmt.Sprint(staleIntervals) + ` * korea_ict_exporter_source_refresh_interval_seconds{%(selector)s} + ` + fmt.Sprint(staleMargin.Seconds()) + `
# A source that never loaded is not stale but failing (the alerts above).
and korea_ict_exporter_source_last_refresh_success_timestamp_seconds{%(selector)s} > 0`,
			summary:     "Source {{ $labels.source }} of {{ $labels.instance }} serves stale data.",
			description: "The data of source {{ $labels.source }} last refreshed {{ $value | humanizeDuration }} ago, more than " + fmt.Sprint(staleIntervals) + " of its schedule's intervals: at least two scheduled refreshes did not land. Look on the landing page http://{{ $labels.instance }}/ for the refresh errors, or for a next refresh in the past: a schedule that stopped firing.",
		},
		{
			name: "KoreaICTExporterConfigReloadFailed", severity: "warning", for_: 10 * time.Minute,
			expr:    `max_over_time(korea_ict_exporter_config_last_reload_successful{%(selector)s}[5m]) == 0`,
			summary: "The korea-ict-exporter {{ $labels.instance }} failed to reload its configuration.",
			description: "The last configuration reload of {{ $labels.instance }} failed and the previous configuration, loaded " +
				current(`korea_ict_exporter_config_last_reload_success_timestamp_seconds{job=%q, instance=%q}`, "humanizeTimestamp", "earlier", "job", "instance") +
				", is still in force; the next restart will fail the same way. The reload's answer and the log name the file and line.",
		},
		{
			name: "KoreaICTExporterSourceSeriesDropped", severity: "warning", for_: seriesDropFor,
			expr: `korea_ict_exporter_source_series{%(selector)s}
  / max_over_time(korea_ict_exporter_source_series{%(selector)s}[` + d(seriesDropWindow) + `])
< ` + fmt.Sprint(seriesDropRatio),
			summary:     "Source {{ $labels.source }} of {{ $labels.instance }} lost most of its series.",
			description: "Source {{ $labels.source }} publishes {{ $value | humanizePercentage }} of the series it published at most in the last day: panels built on the missing ones are empty. A refresh only publishes data that validates, so the source itself now has fewer tables or rows (files removed, a remote end serving less), or the exporter restarted and the source has not loaded since. Compare korea_ict_exporter_source_series with its history; if the change is intended, the alert resolves a day later.",
		},
	}
}

// current is a template printing, through pipe, the value a query about the
// alert's own exporter or source has when the alert is sent: expr's %q verbs
// take the named labels of the alert (its labels rather than the selector,
// so that any selector works). none is printed if the query returns nothing.
func current(expr, pipe, none string, labels ...string) string {
	args := ""
	for _, l := range labels {
		args += " $labels." + l
	}
	return `{{ with printf "` + expr + `"` + args + ` | query }}{{ . | first | value | ` + pipe + ` }}{{ else }}` + none + `{{ end }}`
}

// Rules builds the rule groups for c.
func Rules(c Config) rulefmt.RuleGroups {
	sub := strings.NewReplacer("%(selector)s", c.Selector, "%(remoteTypes)s", remoteTypes)
	g := rulefmt.RuleGroup{Name: "korea-ict-exporter"}
	for _, a := range alerts() {
		g.Rules = append(g.Rules, rulefmt.Rule{
			Alert:  a.name,
			Expr:   sub.Replace(a.expr),
			For:    model.Duration(a.for_),
			Labels: map[string]string{"severity": a.severity},
			Annotations: map[string]string{
				"summary":     a.summary,
				"description": sub.Replace(a.description),
				"runbook_url": c.RunbookURL + "#" + strings.ToLower(a.name),
			},
		})
	}
	return rulefmt.RuleGroups{Groups: []rulefmt.RuleGroup{g}}
}

// Render writes the rules file for c, validated as Prometheus would load it.
func Render(c Config) ([]byte, error) {
	p := parser.NewParser(parser.Options{})
	// A lone vector selector with at least one non-empty matcher: what
	// every expression's braces will hold.
	e, err := p.ParseExpr("{" + c.Selector + "}")
	if err == nil {
		if _, ok := e.(*parser.VectorSelector); !ok {
			err = fmt.Errorf("not a list of label matchers")
		}
	}
	if err != nil {
		return nil, fmt.Errorf("selector %q: %w", c.Selector, err)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Alerting rules for korea-ict-exporter (docs/runbook.md).\n")
	fmt.Fprintf(&b, "# Generated by `go run ./alerts` from alerts/rules.go with -selector '%s'; do not edit.\n", c.Selector)
	fmt.Fprintf(&b, "# For another scrape job: go run ./alerts -selector 'job=\"yours\"' > korea-ict-exporter.rules.yml\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(Rules(c)); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	if _, errs := rulefmt.Parse(b.Bytes(), false, model.UTF8Validation, p, slog.New(slog.DiscardHandler)); len(errs) > 0 {
		return nil, fmt.Errorf("generated rules do not load: %w", errs[0])
	}
	return b.Bytes(), nil
}
