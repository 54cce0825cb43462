// Package config_test checks the docker-compose demo stack (docker-compose.yml,
// Dockerfile, config/prometheus.yml and Grafana's provisioning) against each
// other and against the exporter itself, with the loader docker compose uses.
package config_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/prometheus/common/model"
	"gopkg.in/yaml.v3"
)

const (
	// Service names in docker-compose.yml.
	exporterService   = "exporter"
	prometheusService = "prometheus"
	grafanaService    = "grafana"
	backfillService   = "backfill"

	// datasourceUID is the provisioned Prometheus data source's uid, the
	// default of every dashboard's `datasource` template variable.
	datasourceUID = "korea-ict-prometheus"

	// oldestData is the first year of the report's figures: Prometheus must
	// keep backfilled history back to it.
	oldestData = 1996
)

// stack is everything the checks look at, loaded once.
type stack struct {
	root    string // the repository
	project *types.Project
	docker  dockerfile
}

func TestComposeStack(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	s := &stack{root: root, project: loadCompose(t, root), docker: parseDockerfile(t, filepath.Join(root, "Dockerfile"))}

	checks := []struct {
		name  string
		check func(t *testing.T, s *stack)
	}{
		{"services exist", checkServices},
		{"bind mounts exist in the repository and are read-only", checkBindMounts},
		{"exporter builds from the repository's Dockerfile", checkExporterBuild},
		{"the image gets the VERSION file's version, for amd64 and arm64, with OCI labels", checkImageVersionAndPlatforms},
		{"ports are published on loopback unless the documented switch says otherwise", checkLoopbackPorts},
		{"exporter port agrees in the binary, Dockerfile and compose", checkExporterPort},
		{"prometheus image matches the Makefile", checkPrometheusImage},
		{"prometheus flags use the mounted config and keep the history", checkPrometheusFlags},
		{"prometheus scrapes the exporter service", checkScrapeTarget},
		{"prometheus loads the alerting rules, which select its scrape job", checkAlertingRules},
		{"grafana provisioning is mounted where grafana reads it", checkProvisioningMount},
		{"grafana dashboards provider reads the dashboards mount", checkDashboardProvider},
		{"grafana datasource uid and url", checkDatasource},
		{"dashboards use the datasource uid only as the variable's default", checkDashboardsDatasource},
		{"grafana home dashboard is inside the dashboards mount", checkHomeDashboard},
		{"grafana anonymous users are viewers", checkAnonymousViewer},
		{"depends_on waits for healthy services and the finished backfill", checkDependsOn},
		{"backfill writes blocks into prometheus' data volume with the same prometheus", checkBackfill},
		{"every service has a healthcheck", checkHealthchecks},
		{"exporter healthcheck runs the binary's healthcheck subcommand", checkExporterHealthcheck},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) { c.check(t, s) })
	}
}

// loadCompose loads ../docker-compose.yml as `docker compose` does, with
// relative paths resolved against the repository and env (KEY=value) as the
// environment it interpolates.
func loadCompose(t *testing.T, root string, env ...string) *types.Project {
	t.Helper()
	opts, err := cli.NewProjectOptions(
		[]string{filepath.Join(root, "docker-compose.yml")},
		cli.WithWorkingDirectory(root),
		cli.WithResolvedPaths(true),
		cli.WithEnv(env),
	)
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("docker-compose.yml does not load: %v", err)
	}
	return p
}

func (s *stack) service(t *testing.T, name string) types.ServiceConfig {
	t.Helper()
	svc, err := s.project.GetService(name)
	if err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	return svc
}

// mountOf returns the container path where the repository's rel (a path
// like "dashboards") is bind-mounted into service.
func (s *stack) mountOf(t *testing.T, service, rel string) string {
	t.Helper()
	want := filepath.Join(s.root, filepath.FromSlash(rel))
	for _, v := range s.service(t, service).Volumes {
		if v.Type == types.VolumeTypeBind && filepath.Clean(v.Source) == want {
			return v.Target
		}
	}
	t.Fatalf("docker-compose.yml: service %q does not bind-mount ./%s", service, rel)
	return ""
}

func checkServices(t *testing.T, s *stack) {
	for _, name := range []string{exporterService, prometheusService, grafanaService} {
		if _, err := s.project.GetService(name); err != nil {
			t.Errorf("docker-compose.yml: service %q missing: %v", name, err)
		}
	}
}

func checkBindMounts(t *testing.T, s *stack) {
	n := 0
	for _, svc := range s.project.Services {
		for _, v := range svc.Volumes {
			if v.Type != types.VolumeTypeBind {
				continue
			}
			n++
			rel, err := filepath.Rel(s.root, v.Source)
			if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				t.Errorf("service %q mounts %s, outside the repository %s", svc.Name, v.Source, s.root)
				continue
			}
			if _, err := os.Stat(v.Source); err != nil {
				t.Errorf("service %q mounts ./%s at %s, which does not exist in the repository: %v", svc.Name, filepath.ToSlash(rel), v.Target, err)
			}
			if !v.ReadOnly {
				t.Errorf("service %q mounts ./%s at %s read-write; the containers only read it, mount it :ro", svc.Name, filepath.ToSlash(rel), v.Target)
			}
		}
	}
	if n == 0 {
		t.Error("docker-compose.yml has no bind mounts; the exporter, Prometheus and Grafana need their configuration mounted")
	}
}

func checkExporterBuild(t *testing.T, s *stack) {
	svc := s.service(t, exporterService)
	if svc.Build == nil {
		t.Fatalf("service %q has no build section; it must build the repository's Dockerfile (image: %q)", exporterService, svc.Image)
	}
	if filepath.Clean(svc.Build.Context) != s.root {
		t.Errorf("service %q builds from context %s, want the repository %s", exporterService, svc.Build.Context, s.root)
	}
	dockerfile := svc.Build.Dockerfile
	if dockerfile == "" {
		dockerfile = "Dockerfile"
	}
	if !filepath.IsAbs(dockerfile) {
		dockerfile = filepath.Join(svc.Build.Context, dockerfile)
	}
	if want := filepath.Join(s.root, "Dockerfile"); filepath.Clean(dockerfile) != want {
		t.Errorf("service %q builds %s, want %s", exporterService, dockerfile, want)
	}
	if svc.Build.DockerfileInline != "" {
		t.Errorf("service %q builds an inline Dockerfile, want the repository's Dockerfile", exporterService)
	}
}

var (
	helpPortOnce sync.Once
	helpPort     string
	helpPortErr  error
)

// exporterDefaultPort runs the real exporter's --help and returns the port
// of the --web.listen-address default.
func exporterDefaultPort(t *testing.T) string {
	t.Helper()
	helpPortOnce.Do(func() {
		cmd := exec.Command("go", "run", "../exporter", "--help")
		out, err := cmd.CombinedOutput()
		if err != nil {
			helpPortErr = fmt.Errorf("go run ../exporter --help: %v\n%s", err, out)
			return
		}
		m := regexp.MustCompile(`--web\.listen-address=(\S+)`).FindSubmatch(out)
		if m == nil {
			helpPortErr = fmt.Errorf("go run ../exporter --help prints no --web.listen-address=<default>:\n%s", out)
			return
		}
		_, port, err := net.SplitHostPort(string(m[1]))
		if err != nil {
			helpPortErr = fmt.Errorf("--web.listen-address default %q: %v", m[1], err)
			return
		}
		helpPort = port
	})
	if helpPortErr != nil {
		t.Fatal(helpPortErr)
	}
	return helpPort
}

func checkExporterPort(t *testing.T, s *stack) {
	port := exporterDefaultPort(t)

	if !slices.Equal(s.docker.expose, []string{port}) {
		t.Errorf("Dockerfile EXPOSE %v, want exactly the exporter's default port %s (--web.listen-address in `korea-ict-exporter --help`)", s.docker.expose, port)
	}

	svc := s.service(t, exporterService)
	if len(svc.Ports) != 1 {
		t.Fatalf("service %q publishes %d ports, want one: %s:%s", exporterService, len(svc.Ports), port, port)
	}
	p := svc.Ports[0]
	if strconv.FormatUint(uint64(p.Target), 10) != port {
		t.Errorf("service %q publishes container port %d, but the exporter listens on %s", exporterService, p.Target, port)
	}
	if p.Published != port {
		t.Errorf("service %q publishes on host port %q, want %s (documented at the top of docker-compose.yml)", exporterService, p.Published, port)
	}
}

var makeVarRE = regexp.MustCompile(`(?m)^PROMETHEUS_VERSION\s*:?=\s*(\S+)\s*$`)

func checkPrometheusImage(t *testing.T, s *stack) {
	makefile, err := os.ReadFile(filepath.Join(s.root, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	m := makeVarRE.FindSubmatch(makefile)
	if m == nil {
		t.Fatal("Makefile sets no PROMETHEUS_VERSION")
	}
	want := "prom/prometheus:v" + string(m[1])
	if img := s.service(t, prometheusService).Image; img != want {
		t.Errorf("service %q image %q, want %q: the Makefile's PROMETHEUS_VERSION (the promtool the tests use)", prometheusService, img, want)
	}
}

// flagValue returns the value of --name=value in args.
func flagValue(args []string, name string) (string, bool) {
	for _, a := range args {
		if v, ok := strings.CutPrefix(a, "--"+name+"="); ok {
			return v, true
		}
	}
	return "", false
}

func checkPrometheusFlags(t *testing.T, s *stack) {
	cmd := s.service(t, prometheusService).Command
	if got, want := mustFlag(t, cmd, "config.file"), s.mountOf(t, prometheusService, "config/prometheus.yml"); got != want {
		t.Errorf("prometheus --config.file=%s, but ./config/prometheus.yml is mounted at %s", got, want)
	}
	tsdb := mustFlag(t, cmd, "storage.tsdb.path")
	found := false
	for _, v := range s.service(t, prometheusService).Volumes {
		if v.Type == types.VolumeTypeVolume && v.Target == tsdb {
			found = true
		}
	}
	if !found {
		t.Errorf("prometheus --storage.tsdb.path=%s is not a named volume: the history would not survive the container", tsdb)
	}
	retention, err := model.ParseDuration(mustFlag(t, cmd, "storage.tsdb.retention.time"))
	if err != nil {
		t.Fatalf("prometheus --storage.tsdb.retention.time: %v", err)
	}
	need := time.Since(time.Date(oldestData, 1, 1, 0, 0, 0, 0, time.UTC))
	if time.Duration(retention) < need {
		t.Errorf("prometheus --storage.tsdb.retention.time=%s deletes the history backfilled from %d (needs at least %s)", retention, oldestData, model.Duration(need))
	}
}

func mustFlag(t *testing.T, args []string, name string) string {
	t.Helper()
	v, ok := flagValue(args, name)
	if !ok {
		t.Fatalf("prometheus command %q has no --%s", args, name)
	}
	return v
}

func readYAML(t *testing.T, file string, v any) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

// promConfig is the part of config/prometheus.yml the checks read.
type promConfig struct {
	RuleFiles     []string `yaml:"rule_files"`
	ScrapeConfigs []struct {
		JobName       string `yaml:"job_name"`
		StaticConfigs []struct {
			Targets []string `yaml:"targets"`
		} `yaml:"static_configs"`
	} `yaml:"scrape_configs"`
}

func checkScrapeTarget(t *testing.T, s *stack) {
	var cfg promConfig
	readYAML(t, filepath.Join(s.root, "config", "prometheus.yml"), &cfg)
	want := net.JoinHostPort(exporterService, exporterDefaultPort(t))
	var targets []string
	for _, sc := range cfg.ScrapeConfigs {
		if sc.JobName != "korea-ict-exporter" {
			continue
		}
		for _, st := range sc.StaticConfigs {
			targets = append(targets, st.Targets...)
		}
	}
	if !slices.Equal(targets, []string{want}) {
		t.Errorf("config/prometheus.yml: job korea-ict-exporter scrapes %q, want [%q] (the compose service %q on the exporter's default port)", targets, want, exporterService)
	}
}

// checkAlertingRules: a rule_files entry of config/prometheus.yml, resolved
// against the directory Prometheus reads it from, is where
// ./alerts/alerts.yml is mounted, and every rule selects the job that
// scrapes the exporter.
func checkAlertingRules(t *testing.T, s *stack) {
	var cfg promConfig
	readYAML(t, filepath.Join(s.root, "config", "prometheus.yml"), &cfg)
	dir := path.Dir(s.mountOf(t, prometheusService, "config/prometheus.yml"))
	mount := s.mountOf(t, prometheusService, "alerts/alerts.yml")
	loaded := false
	for _, f := range cfg.RuleFiles {
		if !path.IsAbs(f) {
			f = path.Join(dir, f)
		}
		if ok, err := path.Match(f, mount); err != nil {
			t.Errorf("config/prometheus.yml: rule_files %q: %v", f, err)
		} else if ok {
			loaded = true
		}
	}
	if !loaded {
		t.Errorf("config/prometheus.yml rule_files %q (relative to %s) do not load ./alerts/alerts.yml, mounted at %s", cfg.RuleFiles, dir, mount)
	}

	var job string
	for _, sc := range cfg.ScrapeConfigs {
		for _, st := range sc.StaticConfigs {
			if slices.Contains(st.Targets, net.JoinHostPort(exporterService, exporterDefaultPort(t))) {
				job = sc.JobName
			}
		}
	}
	var rules struct {
		Groups []struct {
			Rules []struct {
				Alert string `yaml:"alert"`
				Expr  string `yaml:"expr"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	readYAML(t, filepath.Join(s.root, "alerts", "alerts.yml"), &rules)
	n := 0
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			n++
			if want := fmt.Sprintf("job=%q", job); !strings.Contains(r.Expr, want) {
				t.Errorf("alerts/alerts.yml: %s does not select %s, the job scraping the exporter in config/prometheus.yml:\n%s", r.Alert, want, r.Expr)
			}
		}
	}
	if n == 0 {
		t.Error("alerts/alerts.yml has no rules")
	}
}

func checkProvisioningMount(t *testing.T, s *stack) {
	if got := s.mountOf(t, grafanaService, "config/grafana/provisioning"); got != "/etc/grafana/provisioning" {
		t.Errorf("./config/grafana/provisioning is mounted at %s; Grafana reads /etc/grafana/provisioning", got)
	}
}

type dashboardProviders struct {
	Providers []struct {
		Name    string `yaml:"name"`
		Type    string `yaml:"type"`
		Options struct {
			Path string `yaml:"path"`
		} `yaml:"options"`
	} `yaml:"providers"`
}

func checkDashboardProvider(t *testing.T, s *stack) {
	files, err := filepath.Glob(filepath.Join(s.root, "config", "grafana", "provisioning", "dashboards", "*.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("config/grafana/provisioning/dashboards has no *.yml provider")
	}
	mount := s.mountOf(t, grafanaService, "dashboards")
	n := 0
	for _, f := range files {
		var p dashboardProviders
		readYAML(t, f, &p)
		for _, pr := range p.Providers {
			n++
			if pr.Type != "file" {
				t.Errorf("%s: provider %q has type %q, want file", filepath.Base(f), pr.Name, pr.Type)
			}
			if pr.Options.Path != mount {
				t.Errorf("%s: provider %q reads %q, but ./dashboards is mounted at %q", filepath.Base(f), pr.Name, pr.Options.Path, mount)
			}
		}
	}
	if n == 0 {
		t.Error("no dashboard provider in config/grafana/provisioning/dashboards")
	}
}

func checkDatasource(t *testing.T, s *stack) {
	var cfg struct {
		Datasources []struct {
			Name      string `yaml:"name"`
			Type      string `yaml:"type"`
			UID       string `yaml:"uid"`
			URL       string `yaml:"url"`
			IsDefault bool   `yaml:"isDefault"`
		} `yaml:"datasources"`
	}
	readYAML(t, filepath.Join(s.root, "config", "grafana", "provisioning", "datasources", "prometheus.yml"), &cfg)
	if len(cfg.Datasources) != 1 {
		t.Fatalf("config/grafana/provisioning/datasources/prometheus.yml has %d datasources, want 1", len(cfg.Datasources))
	}
	ds := cfg.Datasources[0]
	if ds.UID != datasourceUID {
		t.Errorf("datasource %q has uid %q, want %q (the dashboards' datasource variable defaults to it)", ds.Name, ds.UID, datasourceUID)
	}
	if ds.Type != "prometheus" || !ds.IsDefault {
		t.Errorf("datasource %q: type %q, isDefault %v; want type prometheus, isDefault true", ds.Name, ds.Type, ds.IsDefault)
	}
	u, err := url.Parse(ds.URL)
	if err != nil {
		t.Fatalf("datasource url %q: %v", ds.URL, err)
	}
	if u.Hostname() != prometheusService || u.Port() != "9090" {
		t.Errorf("datasource url %q, want the compose service http://%s:9090", ds.URL, prometheusService)
	}
}

// jsonPath is a position in a decoded JSON document: object keys (string)
// and array indices (int).
type jsonPath []any

func (p jsonPath) String() string {
	var b strings.Builder
	for _, e := range p {
		switch e := e.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", e)
		default:
			fmt.Fprintf(&b, ".%s", e)
		}
	}
	return b.String()
}

// walkStrings calls visit for every string in v with its path.
func walkStrings(v any, p jsonPath, visit func(jsonPath, string)) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			walkStrings(e, append(slices.Clip(p), k), visit)
		}
	case []any:
		for i, e := range v {
			walkStrings(e, append(slices.Clip(p), i), visit)
		}
	case string:
		visit(p, v)
	}
}

// datasourceDefault reports whether p is the current value (the default) of
// the dashboard's `datasource` variable: templating.list[i].current.value.
func datasourceDefault(board map[string]any, p jsonPath) bool {
	if len(p) < 5 || p[0] != "templating" || p[1] != "list" || p[3] != "current" || p[4] != "value" {
		return false
	}
	if len(p) > 6 || (len(p) == 6 && p[5] != 0) {
		return false
	}
	i, ok := p[2].(int)
	if !ok {
		return false
	}
	v := board["templating"].(map[string]any)["list"].([]any)[i].(map[string]any)
	return v["type"] == "datasource" && v["name"] == "datasource"
}

func checkDashboardsDatasource(t *testing.T, s *stack) {
	files, err := filepath.Glob(filepath.Join(s.root, "dashboards", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no dashboards/*.json: run go generate ./dashboards")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, problem := range dashboardDatasourceProblems(b) {
			t.Errorf("dashboards/%s: %s", filepath.Base(f), problem)
		}
	}
}

// dashboardDatasourceProblems lists where a dashboard's JSON uses the
// datasource uid other than as the default of its `datasource` variable, or
// lacks that default.
func dashboardDatasourceProblems(b []byte) []string {
	var board map[string]any
	if err := json.Unmarshal(b, &board); err != nil {
		return []string{err.Error()}
	}
	var problems []string
	defaults := 0
	walkStrings(board, nil, func(p jsonPath, v string) {
		if !strings.Contains(v, datasourceUID) {
			return
		}
		if v == datasourceUID && datasourceDefault(board, p) {
			defaults++
			return
		}
		problems = append(problems, fmt.Sprintf("%s hard-codes the datasource uid (%q); panels and queries must use ${datasource}", p, v))
	})
	if defaults == 0 {
		problems = append(problems, fmt.Sprintf("no `datasource` template variable defaulting to %q", datasourceUID))
	}
	slices.Sort(problems) // map iteration order
	return problems
}

// TestDashboardDatasourceProblems shows the dashboards check failing on
// each kind of misuse, whatever dashboards exist.
func TestDashboardDatasourceProblems(t *testing.T) {
	const variable = `{"type": "datasource", "name": "datasource", "query": "prometheus", "current": {"text": ["Prometheus"], "value": "korea-ict-prometheus"}}`
	const panel = `{"type": "timeseries", "datasource": {"type": "prometheus", "uid": "${datasource}"}, "targets": [{"expr": "up", "datasource": {"uid": "${datasource}"}}]}`
	tests := []struct {
		name  string
		board string
		want  []string
	}{
		{"variable default only", `{"panels": [` + panel + `], "templating": {"list": [` + variable + `]}}`, nil},
		{
			"panel datasource hard-coded",
			`{"panels": [{"datasource": {"type": "prometheus", "uid": "korea-ict-prometheus"}}], "templating": {"list": [` + variable + `]}}`,
			[]string{`.panels[0].datasource.uid hard-codes the datasource uid ("korea-ict-prometheus"); panels and queries must use ${datasource}`},
		},
		{
			"query target hard-coded",
			`{"panels": [{"targets": [{"datasource": {"uid": "korea-ict-prometheus"}}]}], "templating": {"list": [` + variable + `]}}`,
			[]string{`.panels[0].targets[0].datasource.uid hard-codes the datasource uid ("korea-ict-prometheus"); panels and queries must use ${datasource}`},
		},
		{
			"another variable's default",
			`{"templating": {"list": [` + variable + `, {"type": "query", "name": "source", "current": {"value": "korea-ict-prometheus"}}]}}`,
			[]string{`.templating.list[1].current.value hard-codes the datasource uid ("korea-ict-prometheus"); panels and queries must use ${datasource}`},
		},
		{
			"no datasource variable",
			`{"panels": [` + panel + `], "templating": {"list": []}}`,
			[]string{"no `datasource` template variable defaulting to \"korea-ict-prometheus\""},
		},
		{
			"variable defaults elsewhere",
			`{"templating": {"list": [{"type": "datasource", "name": "datasource", "current": {"value": "other"}}]}}`,
			[]string{"no `datasource` template variable defaulting to \"korea-ict-prometheus\""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := dashboardDatasourceProblems([]byte(tt.board)); !slices.Equal(got, tt.want) {
				t.Errorf("problems:\n  got  %q\n  want %q", got, tt.want)
			}
		})
	}
}

func checkHomeDashboard(t *testing.T, s *stack) {
	mount := s.mountOf(t, grafanaService, "dashboards")
	env := s.service(t, grafanaService).Environment["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
	if env == nil || *env == "" {
		t.Fatalf("service %q sets no GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH", grafanaService)
	}
	home := *env
	rel, ok := strings.CutPrefix(path.Clean(home), mount+"/")
	if !ok || rel == "" || !strings.HasSuffix(rel, ".json") {
		t.Fatalf("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH=%s is not a .json file inside the dashboards mount %s", home, mount)
	}
	if _, err := os.Stat(filepath.Join(s.root, "dashboards", filepath.FromSlash(rel))); err != nil {
		t.Errorf("the home dashboard dashboards/%s does not exist: %v", rel, err)
	}
}

func checkAnonymousViewer(t *testing.T, s *stack) {
	env := s.service(t, grafanaService).Environment
	if v := env["GF_AUTH_ANONYMOUS_ENABLED"]; v != nil && *v == "true" {
		if r := env["GF_AUTH_ANONYMOUS_ORG_ROLE"]; r == nil || *r != "Viewer" {
			t.Errorf("anonymous access is enabled with GF_AUTH_ANONYMOUS_ORG_ROLE=%v, want Viewer", deref(r))
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return "<unset>"
	}
	return *s
}

func checkDependsOn(t *testing.T, s *stack) {
	want := map[string]string{prometheusService: exporterService, grafanaService: prometheusService}
	for svc, dep := range want {
		if _, ok := s.service(t, svc).DependsOn[dep]; !ok {
			t.Errorf("service %q does not depend on %q", svc, dep)
		}
	}
	for _, svc := range s.project.Services {
		for dep, d := range svc.DependsOn {
			want := types.ServiceConditionHealthy
			if dep == backfillService {
				want = types.ServiceConditionCompletedSuccessfully // a one-shot job
			}
			if d.Condition != want {
				t.Errorf("service %q depends on %q with condition %q, want %s", svc.Name, dep, d.Condition, want)
			}
		}
	}
	if _, ok := s.service(t, prometheusService).DependsOn[backfillService]; !ok {
		t.Errorf("service %q does not wait for %q", prometheusService, backfillService)
	}
}

// checkBackfill: the one-shot service builds the Dockerfile's backfill stage,
// whose base image is the compose file's Prometheus and whose promtool writes
// into the directory that is Prometheus' TSDB on the same named volume.
func checkBackfill(t *testing.T, s *stack) {
	svc := s.service(t, backfillService)
	if svc.Build == nil || svc.Build.Target != "backfill" || filepath.Clean(svc.Build.Context) != s.root {
		t.Fatalf("service %q must build the repository's Dockerfile, target backfill: %+v", backfillService, svc.Build)
	}
	base, entry := dockerStage(t, filepath.Join(s.root, "Dockerfile"), "backfill")
	if img := s.service(t, prometheusService).Image; base != img {
		t.Errorf("Dockerfile stage backfill is FROM %s, but the prometheus service runs %s", base, img)
	}
	if len(entry) != 6 || entry[0] != "/bin/promtool" || strings.Join(entry[1:4], " ") != "tsdb create-blocks-from openmetrics" {
		t.Fatalf("backfill ENTRYPOINT %q, want /bin/promtool tsdb create-blocks-from openmetrics FILE DIR", entry)
	}
	prom := s.service(t, prometheusService)
	tsdb := mustFlag(t, prom.Command, "storage.tsdb.path")
	volumeAt := func(svc types.ServiceConfig, target string) string {
		for _, v := range svc.Volumes {
			if v.Type == types.VolumeTypeVolume && path.Clean(v.Target) == path.Clean(target) {
				return v.Source
			}
		}
		return ""
	}
	pv, bv := volumeAt(prom, tsdb), volumeAt(svc, entry[5])
	if pv == "" || pv != bv {
		t.Errorf("backfill writes to %s on volume %q, prometheus reads %s on volume %q: want the same named volume", entry[5], bv, tsdb, pv)
	}
	if svc.Restart != "no" {
		t.Errorf("service %q restarts (%q); a one-shot job must not", backfillService, svc.Restart)
	}
}

// dockerStage returns a named build stage's base image and ENTRYPOINT.
func dockerStage(t *testing.T, file, stage string) (string, []string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var base string
	var entry []string
	in := false
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		switch strings.ToUpper(f[0]) {
		case "FROM":
			in = len(f) == 4 && strings.EqualFold(f[2], "AS") && f[3] == stage
			if in {
				base = f[1]
			}
		case "ENTRYPOINT":
			if in {
				if err := json.Unmarshal([]byte(strings.TrimSpace(strings.TrimPrefix(line, f[0]))), &entry); err != nil {
					t.Fatalf("Dockerfile stage %s: ENTRYPOINT: %v", stage, err)
				}
			}
		}
	}
	if base == "" {
		t.Fatalf("Dockerfile has no stage %q", stage)
	}
	return base, entry
}

func checkHealthchecks(t *testing.T, s *stack) {
	for _, name := range []string{exporterService, prometheusService, grafanaService} {
		hc := s.service(t, name).HealthCheck
		switch {
		case hc == nil:
			t.Errorf("service %q has no healthcheck", name)
		case hc.Disable || len(hc.Test) == 0 || hc.Test[0] == "NONE":
			t.Errorf("service %q disables its healthcheck (%q)", name, hc.Test)
		case hc.Test[0] != "CMD" && hc.Test[0] != "CMD-SHELL":
			t.Errorf("service %q healthcheck %q, want CMD or CMD-SHELL", name, hc.Test)
		}
	}
}

func checkExporterHealthcheck(t *testing.T, s *stack) {
	if len(s.docker.entrypoint) != 1 {
		t.Fatalf("Dockerfile ENTRYPOINT %q, want the exporter binary alone", s.docker.entrypoint)
	}
	// --pid=1: the probe follows the flags the container's exporter (PID 1)
	// was started with, not the default address.
	want := []string{"CMD", s.docker.entrypoint[0], "healthcheck", "--pid=1"}
	if hc := s.service(t, exporterService).HealthCheck; hc == nil || !slices.Equal(hc.Test, want) {
		var got []string
		if hc != nil {
			got = hc.Test
		}
		t.Errorf("service %q healthcheck %q, want %q (distroless has no shell or wget)", exporterService, got, want)
	}
	if !slices.Equal(s.docker.healthcheck, want) {
		t.Errorf("Dockerfile HEALTHCHECK %q, want %q", s.docker.healthcheck, want)
	}
}

// dockerfile holds the final stage's instructions the checks need.
type dockerfile struct {
	expose      []string // ports, without /tcp
	entrypoint  []string
	healthcheck []string // "CMD" and the exec form's arguments
}

// parseDockerfile reads the final build stage of a Dockerfile: continuation
// lines joined, comments skipped, exec (JSON) forms only for ENTRYPOINT and
// HEALTHCHECK CMD.
func parseDockerfile(t *testing.T, file string) dockerfile {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	var cur strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") {
			continue
		}
		if l, ok := strings.CutSuffix(line, `\`); ok {
			cur.WriteString(l + " ")
			continue
		}
		cur.WriteString(line)
		if s := strings.TrimSpace(cur.String()); s != "" {
			lines = append(lines, s)
		}
		cur.Reset()
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}

	var d dockerfile
	execForm := func(instr, args string) []string {
		var v []string
		if err := json.Unmarshal([]byte(args), &v); err != nil {
			t.Fatalf("Dockerfile: %s %s: want the exec (JSON) form: %v", instr, args, err)
		}
		return v
	}
	for _, l := range lines {
		instr, args, _ := strings.Cut(l, " ")
		args = strings.TrimSpace(args)
		switch strings.ToUpper(instr) {
		case "FROM":
			d = dockerfile{} // only the final stage counts
		case "EXPOSE":
			for _, p := range strings.Fields(args) {
				d.expose = append(d.expose, strings.TrimSuffix(p, "/tcp"))
			}
		case "ENTRYPOINT":
			d.entrypoint = execForm(instr, args)
		case "HEALTHCHECK":
			_, cmd, ok := strings.Cut(args, "CMD ")
			if !ok {
				t.Fatalf("Dockerfile: HEALTHCHECK %s has no CMD", args)
			}
			d.healthcheck = append([]string{"CMD"}, execForm(instr, strings.TrimSpace(cmd))...)
		}
	}
	return d
}

// checkImageVersionAndPlatforms: compose passes the VERSION file's version
// and a revision argument to the Dockerfile, which declares them, stamps
// them into the binary and the OCI labels, and cross-compiles on the build
// machine's platform for the target's ($BUILDPLATFORM, TARGETOS/TARGETARCH).
func checkImageVersionAndPlatforms(t *testing.T, s *stack) {
	v, err := os.ReadFile(filepath.Join(s.root, "VERSION"))
	if err != nil {
		t.Fatal(err)
	}
	svc := s.service(t, exporterService)
	if svc.Build == nil {
		t.Fatal("the exporter has no build section")
	}
	args := svc.Build.Args
	if got := args["VERSION"]; got == nil || *got != strings.TrimSpace(string(v)) {
		t.Errorf("the exporter's build argument VERSION is %v, want the VERSION file's %q", got, strings.TrimSpace(string(v)))
	}
	if got := args["REVISION"]; got == nil || *got != "unknown" {
		t.Errorf("the exporter's build argument REVISION is %v, want \"unknown\" unless KOREA_ICT_REVISION is set", got)
	}
	if got := loadCompose(t, s.root, "KOREA_ICT_REVISION=abc123").Services[exporterService].Build.Args["REVISION"]; got == nil || *got != "abc123" {
		t.Errorf("with KOREA_ICT_REVISION=abc123 the build argument REVISION is %v", got)
	}
	b, err := os.ReadFile(filepath.Join(s.root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	df := string(b)
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^ARG VERSION$`),
		regexp.MustCompile(`(?m)^ARG REVISION\b`),
		regexp.MustCompile(`(?m)^ARG TARGETOS$`),
		regexp.MustCompile(`(?m)^ARG TARGETARCH$`),
		regexp.MustCompile(`(?m)^FROM --platform=\$BUILDPLATFORM golang:\S+ AS build$`),
		regexp.MustCompile(`GOOS=\$\{TARGETOS\} GOARCH=\$\{TARGETARCH\} go build`),
		regexp.MustCompile(`-X github.com/prometheus/common/version.Version=\$\{VERSION:-\$\(cat VERSION\)\}`),
		regexp.MustCompile(`-X github.com/prometheus/common/version.Revision=\$\{REVISION\}`),
	} {
		if !want.MatchString(df) {
			t.Errorf("the Dockerfile has no line matching %s", want)
		}
	}
	final := df[strings.LastIndex(df, "\nFROM "):]
	for _, label := range []string{"version=\"${VERSION}\"", "revision=\"${REVISION}\"", "source=", "licenses="} {
		if !strings.Contains(final, "org.opencontainers.image."+label) {
			t.Errorf("the final stage has no org.opencontainers.image.%s label", label)
		}
	}
}

// checkLoopbackPorts: every service, in every profile, publishes its ports
// on 127.0.0.1 only; KOREA_ICT_PUBLISH_ADDRESS (the switch
// docker-compose.yml and the README document) publishes the exporter,
// Prometheus and Grafana on another address, and nothing else.
func checkLoopbackPorts(t *testing.T, s *stack) {
	published := func(p *types.Project) map[string][]string {
		out := map[string][]string{}
		for _, services := range []types.Services{p.Services, p.DisabledServices} {
			for name, svc := range services {
				for _, port := range svc.Ports {
					out[name] = append(out[name], port.HostIP)
				}
			}
		}
		return out
	}
	def := published(s.project)
	if len(def) == 0 {
		t.Fatal("no service publishes a port")
	}
	for name, ips := range def {
		for _, ip := range ips {
			if ip != "127.0.0.1" {
				t.Errorf("service %q publishes a port on %q, want 127.0.0.1 by default", name, ip)
			}
		}
	}
	switched := published(loadCompose(t, s.root, "KOREA_ICT_PUBLISH_ADDRESS=0.0.0.0"))
	for name, ips := range switched {
		want := "127.0.0.1"
		if slices.Contains([]string{exporterService, prometheusService, grafanaService}, name) {
			want = "0.0.0.0"
		}
		for _, ip := range ips {
			if ip != want {
				t.Errorf("with KOREA_ICT_PUBLISH_ADDRESS=0.0.0.0 service %q publishes on %q, want %q", name, ip, want)
			}
		}
	}
	readme, err := os.ReadFile(filepath.Join(s.root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "KOREA_ICT_PUBLISH_ADDRESS=0.0.0.0 docker compose up --build") {
		t.Error("the README does not document KOREA_ICT_PUBLISH_ADDRESS=0.0.0.0 docker compose up --build")
	}
}
