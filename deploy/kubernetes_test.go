package deploy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/validation"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

// root is the repository's root, where the generated files' sources are.
const root = ".."

func TestGeneratedFilesAreFresh(t *testing.T) {
	want, err := Generate(root)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range want {
		got, err := os.ReadFile(filepath.Join(Base, name))
		if err != nil || !bytes.Equal(got, b) {
			t.Errorf("deploy/%s/%s is stale (%v): run make generate", Base, name, err)
		}
	}
}

// objects is the rendered base, every object decoded into its API type.
type objects struct {
	deployments     []*appsv1.Deployment
	services        []*corev1.Service
	configMaps      []*corev1.ConfigMap
	serviceMonitors []*monitoringv1.ServiceMonitor
	prometheusRules []*monitoringv1.PrometheusRule
	jobs            []*batchv1.Job
}

// render runs kustomize on the base, as `kubectl apply -k` does, and
// decodes each object strictly: a field its type does not have (a typo, a
// field of another API version) fails, as does a kind the base should not
// hold.
func render(t *testing.T) objects {
	t.Helper()
	m, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(filesys.MakeFsOnDisk(), Base)
	if err != nil {
		t.Fatalf("kustomize build deploy/%s: %v", Base, err)
	}
	var o objects
	for _, r := range m.Resources() {
		b, err := r.AsYAML()
		if err != nil {
			t.Fatal(err)
		}
		kind := r.GetApiVersion() + " " + r.GetKind()
		var obj any
		switch kind {
		case "apps/v1 Deployment":
			obj = decode(t, b, &o.deployments)
		case "v1 Service":
			obj = decode(t, b, &o.services)
		case "v1 ConfigMap":
			obj = decode(t, b, &o.configMaps)
		case "monitoring.coreos.com/v1 ServiceMonitor":
			obj = decode(t, b, &o.serviceMonitors)
		case "monitoring.coreos.com/v1 PrometheusRule":
			obj = decode(t, b, &o.prometheusRules)
		case "batch/v1 Job":
			obj = decode(t, b, &o.jobs)
		default:
			t.Errorf("%s %s: a kind the base should not hold", kind, r.GetName())
			continue
		}
		if obj == nil {
			continue
		}
		if errs := validation.IsDNS1123Subdomain(r.GetName()); len(errs) > 0 {
			t.Errorf("%s %q: %s", kind, r.GetName(), errs)
		}
		if r.GetLabels()["app.kubernetes.io/name"] != "korea-ict-exporter" {
			t.Errorf("%s %s has no label app.kubernetes.io/name=korea-ict-exporter", kind, r.GetName())
		}
	}
	return o
}

func decode[T any](t *testing.T, b []byte, into *[]*T) *T {
	t.Helper()
	v := new(T)
	if err := strict(b, v); err != nil {
		t.Errorf("%T: %v\n%s", v, err, firstLines(b, 12))
		return nil
	}
	*into = append(*into, v)
	return v
}

// strict decodes YAML as the API server decodes a request with
// fieldValidation=Strict: field names match case-sensitively (not as
// encoding/json matches them), and an unknown or duplicate field fails.
func strict(b []byte, v any) error {
	j, err := yaml.YAMLToJSONStrict(b)
	if err != nil {
		return err
	}
	strictErrs, err := kjson.UnmarshalStrict(j, v, kjson.DisallowDuplicateFields, kjson.DisallowUnknownFields)
	if err == nil {
		err = errors.Join(strictErrs...)
	}
	return err
}

func firstLines(b []byte, n int) []byte {
	lines := bytes.SplitAfterN(b, []byte("\n"), n+1)
	return bytes.Join(lines[:min(n, len(lines))], nil)
}

func only[T any](t *testing.T, what string, list []*T) *T {
	t.Helper()
	if len(list) != 1 {
		t.Fatalf("%d %s, want 1", len(list), what)
	}
	return list[0]
}

// exporter is the Deployment's exporter container, and the reloader.
func containers(t *testing.T, d *appsv1.Deployment) (exporter, reloader corev1.Container) {
	t.Helper()
	for _, c := range d.Spec.Template.Spec.Containers {
		switch c.Name {
		case "exporter":
			exporter = c
		case "config-reloader":
			reloader = c
		default:
			t.Errorf("unexpected container %q", c.Name)
		}
	}
	if exporter.Name == "" || reloader.Name == "" {
		t.Fatalf("containers %+v: want exporter and config-reloader", d.Spec.Template.Spec.Containers)
	}
	return exporter, reloader
}

func flag(args []string, name string) (string, bool) {
	for _, a := range args {
		if v, ok := strings.CutPrefix(a, "--"+name+"="); ok {
			return v, true
		}
		if a == "--"+name {
			return "", true
		}
	}
	return "", false
}

func containerPort(c corev1.Container, name string) int32 {
	for _, p := range c.Ports {
		if p.Name == name {
			return p.ContainerPort
		}
	}
	return 0
}

// The Deployment runs as non-root on a read-only root filesystem, probes
// the exporter's health and readiness, has requests and a memory limit,
// and mounts its configuration from the ConfigMap the reloader watches.
func TestDeployment(t *testing.T) {
	o := render(t)
	d := only(t, "Deployments", o.deployments)
	pod := d.Spec.Template.Spec
	if sc := pod.SecurityContext; sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot || sc.RunAsUser == nil || *sc.RunAsUser == 0 {
		t.Errorf("pod securityContext %+v: want runAsNonRoot and a non-zero runAsUser", sc)
	}
	for _, c := range pod.Containers {
		sc := c.SecurityContext
		if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
			t.Errorf("container %s securityContext %+v: want readOnlyRootFilesystem and no privilege escalation", c.Name, sc)
		}
		if c.Resources.Requests.Memory().IsZero() || c.Resources.Limits.Memory().IsZero() || c.Resources.Requests.Cpu().IsZero() {
			t.Errorf("container %s resources %+v: want cpu and memory requests and a memory limit", c.Name, c.Resources)
		}
	}
	if !labels.SelectorFromSet(d.Spec.Selector.MatchLabels).Matches(labels.Set(d.Spec.Template.Labels)) {
		t.Errorf("the Deployment's selector %v does not select its pods %v", d.Spec.Selector.MatchLabels, d.Spec.Template.Labels)
	}
	if d.Spec.Replicas == nil || *d.Spec.Replicas < 2 {
		t.Errorf("replicas %v: want at least 2 (docs/scaling.md)", d.Spec.Replicas)
	}

	exporter, reloader := containers(t, d)
	for probe, path := range map[*corev1.Probe]string{exporter.LivenessProbe: "/-/healthy", exporter.ReadinessProbe: "/-/ready"} {
		if probe == nil || probe.HTTPGet == nil || probe.HTTPGet.Path != path || containerPort(exporter, probe.HTTPGet.Port.StrVal) == 0 {
			t.Errorf("probe %+v: want GET %s on a named port of the exporter", probe, path)
		}
	}

	// The configuration: --config.file is config.yml in the directory
	// mounted from the ConfigMap, which holds config/korea-ict-exporter.yml.
	file, ok := flag(exporter.Args, "config.file")
	if !ok {
		t.Fatalf("exporter args %q: no --config.file", exporter.Args)
	}
	mount := slices.IndexFunc(exporter.VolumeMounts, func(m corev1.VolumeMount) bool { return m.MountPath == filepath.Dir(file) })
	if mount < 0 {
		t.Fatalf("--config.file=%s: no volume mounted at %s", file, filepath.Dir(file))
	}
	vol := slices.IndexFunc(pod.Volumes, func(v corev1.Volume) bool { return v.Name == exporter.VolumeMounts[mount].Name })
	if vol < 0 || pod.Volumes[vol].ConfigMap == nil {
		t.Fatalf("volume %s is no ConfigMap", exporter.VolumeMounts[mount].Name)
	}
	cm := slices.IndexFunc(o.configMaps, func(c *corev1.ConfigMap) bool { return c.Name == pod.Volumes[vol].ConfigMap.Name })
	if cm < 0 {
		t.Fatalf("the config volume's ConfigMap %q is not in the base", pod.Volumes[vol].ConfigMap.Name)
	}
	want, err := os.ReadFile(filepath.Join(root, "config", "korea-ict-exporter.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if got := o.configMaps[cm].Data[filepath.Base(file)]; got != string(want) {
		t.Errorf("ConfigMap %s[%s] is not config/korea-ict-exporter.yml", o.configMaps[cm].Name, filepath.Base(file))
	}

	// The reloader watches that directory and reloads this exporter,
	// which must accept it.
	if dir, _ := flag(reloader.Args, "watched-dir"); dir != filepath.Dir(file) || !slices.ContainsFunc(reloader.VolumeMounts, func(m corev1.VolumeMount) bool {
		return m.MountPath == dir && m.Name == exporter.VolumeMounts[mount].Name
	}) {
		t.Errorf("reloader args %q, mounts %+v: want it to watch %s, mounted from the same volume", reloader.Args, reloader.VolumeMounts, filepath.Dir(file))
	}
	if url, _ := flag(reloader.Args, "reload-url"); url != fmt.Sprintf("http://127.0.0.1:%d/-/reload", containerPort(exporter, "http")) {
		t.Errorf("reloader --reload-url=%s: want the exporter's /-/reload on localhost", url)
	}
	if _, ok := flag(exporter.Args, "web.enable-lifecycle"); !ok {
		t.Errorf("exporter args %q: no --web.enable-lifecycle, so the reloader's POST /-/reload is refused", exporter.Args)
	}
}

// The Service selects the pods and the ServiceMonitor the Service; its name
// is the job the alerts select.
func TestServiceAndServiceMonitor(t *testing.T) {
	o := render(t)
	d := only(t, "Deployments", o.deployments)
	svc := only(t, "Services", o.services)
	sm := only(t, "ServiceMonitors", o.serviceMonitors)
	exporter, _ := containers(t, d)
	if !labels.SelectorFromSet(svc.Spec.Selector).Matches(labels.Set(d.Spec.Template.Labels)) {
		t.Errorf("the Service's selector %v does not select the pods %v", svc.Spec.Selector, d.Spec.Template.Labels)
	}
	var portName string
	for _, p := range svc.Spec.Ports {
		if containerPort(exporter, p.TargetPort.StrVal) == 0 && p.TargetPort.IntVal != containerPort(exporter, "http") {
			t.Errorf("Service port %s targets %v, no port of the exporter", p.Name, p.TargetPort)
		}
		portName = p.Name
	}
	sel, err := metav1.LabelSelectorAsSelector(&sm.Spec.Selector)
	if err != nil {
		t.Fatal(err)
	}
	if !sel.Matches(labels.Set(svc.Labels)) {
		t.Errorf("the ServiceMonitor's selector %v does not select the Service %v", sm.Spec.Selector, svc.Labels)
	}
	if len(sm.Spec.Endpoints) != 1 || sm.Spec.Endpoints[0].Port != portName || sm.Spec.Endpoints[0].Path != "/metrics" {
		t.Errorf("ServiceMonitor endpoints %+v: want /metrics on the Service's port %s", sm.Spec.Endpoints, portName)
	}
	// The Operator names the job after the Service (no jobLabel set).
	if sm.Spec.JobLabel != "" {
		t.Errorf("ServiceMonitor jobLabel %q: the alerts select job=%q, the Service's name", sm.Spec.JobLabel, svc.Name)
	}
	for _, g := range only(t, "PrometheusRules", o.prometheusRules).Spec.Groups {
		for _, r := range g.Rules {
			if !strings.Contains(r.Expr.String(), fmt.Sprintf("job=%q", svc.Name)) {
				t.Errorf("alert %s does not select job=%q, the job of the ServiceMonitor's targets:\n%s", r.Alert, svc.Name, r.Expr.String())
			}
		}
	}
}

// The PrometheusRule carries alerts/alerts.yml: its groups decode into the
// same values, expressions and annotations byte for byte.
func TestPrometheusRuleIsTheGeneratedAlerts(t *testing.T) {
	o := render(t)
	rule := only(t, "PrometheusRules", o.prometheusRules)
	b, err := os.ReadFile(filepath.Join(root, "alerts", "alerts.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var want monitoringv1.PrometheusRuleSpec
	if err := strict(b, &want); err != nil {
		t.Fatalf("alerts/alerts.yml as a PrometheusRule's spec: %v", err)
	}
	if len(want.Groups) == 0 || len(want.Groups[0].Rules) == 0 {
		t.Fatal("alerts/alerts.yml holds no rules")
	}
	if !reflect.DeepEqual(rule.Spec, want) {
		t.Errorf("the PrometheusRule's spec differs from alerts/alerts.yml:\n%+v\nwant\n%+v", rule.Spec, want)
	}
}

// One ConfigMap per generated dashboard, labelled for Grafana's sidecar,
// holding the board's JSON byte for byte, small enough for the API server.
func TestDashboardConfigMaps(t *testing.T) {
	o := render(t)
	files, err := filepath.Glob(filepath.Join(root, "dashboards", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no dashboards: %v", err)
	}
	boards := map[string]*corev1.ConfigMap{}
	for _, cm := range o.configMaps {
		if cm.Labels["grafana_dashboard"] == "1" {
			if len(cm.Data) != 1 {
				t.Errorf("dashboard ConfigMap %s holds %d keys, want one board", cm.Name, len(cm.Data))
			}
			for k := range cm.Data {
				boards[k] = cm
			}
		}
	}
	for _, f := range files {
		want, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		cm, ok := boards[name]
		if !ok {
			t.Errorf("no ConfigMap labelled grafana_dashboard=1 holds %s", name)
			continue
		}
		delete(boards, name)
		if cm.Data[name] != string(want) {
			t.Errorf("ConfigMap %s[%s] differs from dashboards/%s", cm.Name, name, name)
		}
		if errs := validation.IsConfigMapKey(name); len(errs) > 0 {
			t.Errorf("%s: %s", name, errs)
		}
		// The API server's limit on an object; `kubectl apply` without
		// --server-side also copies it into an annotation limited to 256 KiB.
		if n := len(want); n > corev1.MaxSecretSize/4 {
			t.Errorf("%s is %d bytes: over a quarter of a ConfigMap's limit (%d), and near the client-side apply annotation's (262144)", name, n, corev1.MaxSecretSize)
		}
	}
	for name, cm := range boards {
		t.Errorf("ConfigMap %s holds %s, which is no generated dashboard", cm.Name, name)
	}
}

// TestExporterAnswersTheProbes runs the exporter with the Deployment's
// arguments and the ConfigMap's configuration, and asks what the kubelet
// and the reloader ask: the probes' paths and the reload URL.
func TestExporterAnswersTheProbes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the exporter")
	}
	o := render(t)
	d := only(t, "Deployments", o.deployments)
	exporter, reloader := containers(t, d)
	dir := t.TempDir()
	bin := filepath.Join(dir, "korea-ict-exporter")
	build := exec.Command("go", "build", "-o", bin, "./exporter")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./exporter: %v\n%s", err, out)
	}
	file, _ := flag(exporter.Args, "config.file")
	cm := slices.IndexFunc(o.configMaps, func(c *corev1.ConfigMap) bool { return c.Data[filepath.Base(file)] != "" })
	// The World Bank source fails at once here (no network): readiness
	// comes after every source's first refresh, failed or not.
	config := strings.ReplaceAll(o.configMaps[cm].Data[filepath.Base(file)], "https://api.worldbank.org/v2", "http://127.0.0.1:1/v2")
	cfg := filepath.Join(dir, "config.yml")
	if err := os.WriteFile(cfg, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	var args []string
	for _, a := range exporter.Args {
		if strings.HasPrefix(a, "--config.file=") {
			a = "--config.file=" + cfg
		}
		args = append(args, a)
	}
	cmd := exec.Command(bin, append(args, "--web.listen-address="+addr)...)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("exporter log:\n%s", log.Bytes())
		}
	})

	status := func(method, path string) int {
		req, _ := http.NewRequest(method, "http://"+addr+path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	deadline := time.Now().Add(30 * time.Second)
	for status("GET", exporter.ReadinessProbe.HTTPGet.Path) != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatalf("GET %s never answered 200", exporter.ReadinessProbe.HTTPGet.Path)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if s := status("GET", exporter.LivenessProbe.HTTPGet.Path); s != http.StatusOK {
		t.Errorf("GET %s: %d", exporter.LivenessProbe.HTTPGet.Path, s)
	}
	reload, _ := flag(reloader.Args, "reload-url")
	if s := status("POST", strings.TrimPrefix(reload, fmt.Sprintf("http://127.0.0.1:%d", containerPort(exporter, "http")))); s != http.StatusOK {
		t.Errorf("POST %s (the reloader's): %d", reload, s)
	}
}
