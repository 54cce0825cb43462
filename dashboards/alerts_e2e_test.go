package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// brokenSource is the name of the source broken returns.
const brokenSource = "broken"

// broken is a file source whose only file is not YAML, refreshed every
// second: it fails on every refresh, as an operator's broken file would.
func broken(t *testing.T) map[string]any {
	t.Helper()
	data := t.TempDir()
	if err := os.WriteFile(filepath.Join(data, "broken.yaml"), []byte("tables: [unclosed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return map[string]any{"name": brokenSource, "type": "file", "paths": []string{data}, "schedule": "@every 1s"}
}

// copyRules puts alerts/alerts.yml where the Prometheus configuration cfg
// loads its one rule file from, relative to dir (as docker-compose.yml
// mounts it beside config/prometheus.yml).
func copyRules(t *testing.T, cfg []byte, dir string) {
	t.Helper()
	var c struct {
		RuleFiles []string `yaml:"rule_files"`
	}
	if err := yaml.Unmarshal(cfg, &c); err != nil {
		t.Fatal(err)
	}
	if len(c.RuleFiles) != 1 || filepath.IsAbs(c.RuleFiles[0]) {
		t.Fatalf("config/prometheus.yml rule_files %q: want one file, relative to the configuration", c.RuleFiles)
	}
	rules, err := os.ReadFile("../alerts/alerts.yml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, c.RuleFiles[0]), rules, 0o644); err != nil {
		t.Fatal(err)
	}
}

// alertNames are the alerts of alerts/alerts.yml.
func alertNames(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("../alerts/alerts.yml")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Groups []struct {
			Rules []struct {
				Alert string `yaml:"alert"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, g := range f.Groups {
		for _, r := range g.Rules {
			names = append(names, r.Alert)
		}
	}
	return names
}

type ruleState struct {
	Name, Health, LastError string
}

// loadedAlerts asks Prometheus which alerting rules it runs, and their health.
func loadedAlerts(base string) ([]ruleState, error) {
	resp, err := http.Get(base + "/api/v1/rules?type=alert")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var r struct {
		Status string
		Data   struct {
			Groups []struct{ Rules []ruleState }
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || r.Status != "success" {
		return nil, fmt.Errorf("%s: %v %q", resp.Status, err, r.Status)
	}
	var out []ruleState
	for _, g := range r.Data.Groups {
		out = append(out, g.Rules...)
	}
	return out, nil
}

// checkAlerts: Prometheus loaded every rule of alerts/alerts.yml and
// evaluates it without error; the broken source raises
// KoreaICTExporterSourceRefreshFailing (pending is enough: its `for` is 15
// minutes), and since Prometheus first scraped the exporter (before that,
// KoreaICTExporterAbsent is rightly pending) nothing else raised an alert,
// for the healthy sources or the exporter.
func checkAlerts(t *testing.T, base string, scraped time.Time) {
	t.Helper()
	want := alertNames(t)
	if len(want) == 0 {
		t.Fatal("alerts/alerts.yml has no alerts")
	}
	deadline := time.Now().Add(90 * time.Second)
	for {
		rules, err := loadedAlerts(base)
		var healthy []string
		for _, r := range rules {
			if r.Health == "ok" && r.LastError == "" {
				healthy = append(healthy, r.Name)
			}
		}
		slices.Sort(healthy)
		if err == nil && slices.Equal(healthy, slices.Sorted(slices.Values(want))) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Prometheus does not run every alert of alerts/alerts.yml without error: %v\n%+v", err, rules)
		}
		time.Sleep(200 * time.Millisecond)
	}

	pending := fmt.Sprintf(`ALERTS{alertname="KoreaICTExporterSourceRefreshFailing", source=%q}`, brokenSource)
	for {
		r, err := promQuery(base, query{expr: pending, instant: true}, time.Now())
		if err == nil && len(r.Data.Result) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the broken source raised no alert: %v %+v", err, r)
		}
		time.Sleep(200 * time.Millisecond)
	}

	// Every alert pending or firing at any evaluation since the first scrape.
	now := time.Now().Truncate(time.Second) // promQuery asks at whole seconds
	since := fmt.Sprintf("[%dms]", now.Sub(scraped).Milliseconds())
	r, err := promQuery(base, query{expr: `group by (alertname, source) (last_over_time(ALERTS{alertname=~"KoreaICTExporter.*"}` + since + `))`, instant: true}, now)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range r.Data.Result {
		got = append(got, s.Metric["alertname"]+"/"+s.Metric["source"])
	}
	// On a loaded machine a scrape may overrun its 2 s timeout: then the
	// exporter was down for Prometheus, and an alert saying so is right.
	if r, err := promQuery(base, query{expr: `min_over_time(up{job="korea-ict-exporter"}` + since + `) == 0`, instant: true}, now); err == nil && len(r.Data.Result) > 0 {
		got = slices.DeleteFunc(got, func(a string) bool { return a == "KoreaICTExporterDown/" })
	}
	if want := []string{"KoreaICTExporterSourceRefreshFailing/" + brokenSource}; !slices.Equal(got, want) {
		t.Errorf("alerts raised: %q, want only %q", got, want)
	}
}
