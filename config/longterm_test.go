package config_test

import (
	"context"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/prometheus/common/model"
)

const (
	// The longterm profile's services in docker-compose.yml.
	longtermProfile = "longterm"
	vmService       = "victoriametrics"
	agentService    = "prometheus-agent"
	historyService  = "history-longterm"
)

// TestComposeLongtermProfile checks the longterm profile (docs/scaling.md)
// against the Makefile, the Dockerfile and the configuration files it
// mounts, as docker compose --profile longterm loads it. The stack itself
// runs in dashboards/longterm_e2e_test.go.
func TestComposeLongtermProfile(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	// Without the profile, none of its services runs.
	plain := loadCompose(t, root)
	for _, name := range []string{vmService, agentService, historyService} {
		if _, err := plain.GetService(name); err == nil {
			t.Errorf("service %q runs without --profile %s", name, longtermProfile)
		}
	}
	opts, err := cli.NewProjectOptions([]string{filepath.Join(root, "docker-compose.yml")},
		cli.WithWorkingDirectory(root), cli.WithResolvedPaths(true), cli.WithProfiles([]string{longtermProfile}))
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("docker-compose.yml --profile %s does not load: %v", longtermProfile, err)
	}
	s := &stack{root: root, project: p, docker: parseDockerfile(t, filepath.Join(root, "Dockerfile"))}

	// VictoriaMetrics: the version the tests build, keeping the history.
	vm := s.service(t, vmService)
	makefile, err := os.ReadFile(filepath.Join(root, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^VICTORIAMETRICS_VERSION\s*:?=\s*(\S+)\s*$`).FindSubmatch(makefile)
	if m == nil {
		t.Fatal("Makefile sets no VICTORIAMETRICS_VERSION")
	}
	if want := "victoriametrics/victoria-metrics:" + string(m[1]); vm.Image != want {
		t.Errorf("service %q image %q, want %q: the Makefile's VICTORIAMETRICS_VERSION (the build the tests run)", vmService, vm.Image, want)
	}
	vmFlag := func(name string) string {
		for _, a := range vm.Command {
			if v, ok := strings.CutPrefix(a, "-"+name+"="); ok {
				return v
			}
		}
		t.Fatalf("service %q command %q has no -%s", vmService, vm.Command, name)
		return ""
	}
	_, vmPort, err := net.SplitHostPort(vmFlag("httpListenAddr"))
	if err != nil {
		t.Fatal(err)
	}
	retention, err := model.ParseDuration(vmFlag("retentionPeriod"))
	if err != nil {
		t.Fatalf("-retentionPeriod: %v", err)
	}
	if need := time.Since(time.Date(oldestData, 1, 1, 0, 0, 0, 0, time.UTC)); time.Duration(retention) < need {
		t.Errorf("VictoriaMetrics -retentionPeriod=%s deletes the history from %d", retention, oldestData)
	}
	if hc := vm.HealthCheck; hc == nil || len(hc.Test) == 0 || hc.Test[0] != "CMD" {
		t.Errorf("service %q has no healthcheck", vmService)
	}
	endpoint := func(what, raw, path string) {
		t.Helper()
		u, err := url.Parse(raw)
		if err != nil || u.Hostname() != vmService || u.Port() != vmPort || u.Path != path {
			t.Errorf("%s %q, want http://%s:%s%s", what, raw, vmService, vmPort, path)
		}
	}

	// The agent: the prometheus service's image in agent mode, scraping as
	// it does and writing to VictoriaMetrics.
	agent := s.service(t, agentService)
	if prom := s.service(t, prometheusService); agent.Image != prom.Image {
		t.Errorf("service %q runs %s, the prometheus service %s", agentService, agent.Image, prom.Image)
	}
	if len(agent.Command) == 0 || agent.Command[0] != "--agent" {
		t.Errorf("service %q command %q: want --agent first", agentService, agent.Command)
	}
	if got, want := mustFlag(t, agent.Command, "config.file"), s.mountOf(t, agentService, "config/prometheus-agent.yml"); got != want {
		t.Errorf("%s --config.file=%s, but ./config/prometheus-agent.yml is mounted at %s", agentService, got, want)
	}
	var agentCfg, promCfg struct {
		ScrapeConfigs []map[string]any `yaml:"scrape_configs"`
		RemoteWrite   []struct {
			URL string `yaml:"url"`
		} `yaml:"remote_write"`
	}
	readYAML(t, filepath.Join(root, "config", "prometheus-agent.yml"), &agentCfg)
	readYAML(t, filepath.Join(root, "config", "prometheus.yml"), &promCfg)
	if !reflect.DeepEqual(agentCfg.ScrapeConfigs, promCfg.ScrapeConfigs) {
		t.Errorf("config/prometheus-agent.yml scrapes %v, config/prometheus.yml %v: the two stores must hold the same series", agentCfg.ScrapeConfigs, promCfg.ScrapeConfigs)
	}
	if len(agentCfg.RemoteWrite) != 1 {
		t.Fatalf("config/prometheus-agent.yml has %d remote_write sections, want 1", len(agentCfg.RemoteWrite))
	}
	endpoint("config/prometheus-agent.yml remote_write url", agentCfg.RemoteWrite[0].URL, "/api/v1/write")

	// The history: the Dockerfile's backfill output, posted to the import
	// endpoint once VictoriaMetrics is healthy.
	history := s.service(t, historyService)
	if history.Build == nil || history.Build.Target != "history-import" || filepath.Clean(history.Build.Context) != root {
		t.Fatalf("service %q must build the repository's Dockerfile, target history-import: %+v", historyService, history.Build)
	}
	if history.Restart != "no" {
		t.Errorf("service %q restarts (%q); a one-shot job must not", historyService, history.Restart)
	}
	if d, ok := history.DependsOn[vmService]; !ok || d.Condition != "service_healthy" {
		t.Errorf("service %q does not wait for %s to be healthy: %+v", historyService, vmService, history.DependsOn)
	}
	_, entry := dockerStage(t, filepath.Join(root, "Dockerfile"), "history-import")
	if len(entry) == 0 || !strings.HasSuffix(entry[len(entry)-1], "/api/v1/import/prometheus") {
		t.Fatalf("Dockerfile stage history-import ENTRYPOINT %q: want it to end with the import URL", entry)
	}
	endpoint("history-import's URL", entry[len(entry)-1], "/api/v1/import/prometheus")
	dockerfile, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`COPY --from=build /out/history.om /history/history.om`).Match(dockerfile) || !strings.Contains(strings.Join(entry, " "), "@/history/history.om") {
		t.Errorf("Dockerfile stage history-import does not post /history/history.om, the backfill output: %q", entry)
	}

	// Grafana's data source for it.
	var ds struct {
		Datasources []struct {
			Type string `yaml:"type"`
			UID  string `yaml:"uid"`
			URL  string `yaml:"url"`
		} `yaml:"datasources"`
	}
	readYAML(t, filepath.Join(root, "config", "grafana", "provisioning", "datasources", "victoriametrics.yml"), &ds)
	if len(ds.Datasources) != 1 || ds.Datasources[0].Type != "prometheus" || ds.Datasources[0].UID == datasourceUID {
		t.Fatalf("config/grafana/provisioning/datasources/victoriametrics.yml: %+v, want one prometheus data source of its own uid", ds.Datasources)
	}
	endpoint("the VictoriaMetrics data source's url", ds.Datasources[0].URL, "")
}
