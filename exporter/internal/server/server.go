// Package server is the exporter's HTTP interface: landing page, metrics,
// catalogue, health, readiness and the lifecycle endpoint.
package server

import (
	"bytes"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/exporter-toolkit/web"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/catalogue"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/exposition"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/refresh"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/vocabulary"
)

// Options configure the handler.
type Options struct {
	Logger          *slog.Logger
	Manager         *refresh.Manager
	Registry        *prometheus.Registry // the exporter's own metrics, gathered on every scrape
	Runtime         prometheus.Gatherer  // Go runtime and process metrics (runtimemetrics.New)
	TelemetryPath   string
	EnableLifecycle bool
	Reload          func() error
	Version         string
}

// Handler returns the exporter's routes.
func Handler(o Options) http.Handler {
	mux := http.NewServeMux()
	self := []prometheus.Gatherer{o.Registry}
	if o.Runtime != nil {
		self = append(self, o.Runtime)
	}
	wire := exposition.NewCache()
	o.Manager.OnPublish(func(p *refresh.Published) { wire.Publish(p.Generation, p.Dataset) })
	metrics := exposition.Handler(wire.Current, o.Logger, self...)
	mux.Handle(o.TelemetryPath, promhttp.InstrumentMetricHandler(o.Registry, metrics))
	mux.Handle(catalogue.Path, catalogue.New(o.Manager.Published, vocabulary.Shipped(), catalogue.Links{TelemetryPath: o.TelemetryPath}))
	mux.HandleFunc("/-/healthy", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "Healthy")
	})
	mux.HandleFunc("/-/ready", func(w http.ResponseWriter, _ *http.Request) {
		if !o.Manager.Ready() {
			http.Error(w, "Not ready: a source has not finished its first refresh", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "Ready")
	})
	mux.HandleFunc("/-/reload", func(w http.ResponseWriter, r *http.Request) {
		if !o.EnableLifecycle {
			http.Error(w, "Lifecycle API is not enabled: start with --web.enable-lifecycle", http.StatusForbidden)
			return
		}
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "Only POST requests allowed", http.StatusMethodNotAllowed)
			return
		}
		if err := o.Reload(); err != nil {
			http.Error(w, "failed to reload config: "+err.Error(), http.StatusInternalServerError)
			return
		}
		fmt.Fprintln(w, "Reloaded")
	})
	if o.TelemetryPath != "/" {
		mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/" {
				http.NotFound(w, r)
				return
			}
			landing(o, w, r)
		})
	}
	return secured(mux)
}

// contentSecurityPolicy lets the pages (the landing page, the catalogue)
// run and style only what they carry, load nothing from elsewhere, and not
// be framed: a figure, label or error shown on them is text, and if one
// ever came through unescaped it could reach no other site.
const contentSecurityPolicy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// secured sets the security headers on every response: none of them is
// to be sniffed as another type, and pages get the policy above.
func secured(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Security-Policy", contentSecurityPolicy)
		w.Header().Set("Referrer-Policy", "no-referrer")
		h.ServeHTTP(w, r)
	})
}

var sourcesTmpl = template.Must(template.New("sources").Funcs(template.FuncMap{
	"when": func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return t.UTC().Format(time.RFC3339)
	},
}).Parse(`<h2>Data sources</h2>
<p>Each source is refreshed on its own schedule, never on scrape; a failed refresh keeps the source's last good data.</p>
<table>
<tr><th>Source</th><th>Type</th><th>Schedule</th><th>State</th><th>Series</th><th>Last success</th><th>Next refresh</th><th>Last error</th></tr>
{{range .}}<tr>
<td>{{.Config.Name}}</td>
<td>{{.Config.Type}}{{range .Config.Spec.Where}}<br><code>{{.}}</code>{{end}}</td>
<td>{{with .Config.Schedule}}<code>{{.}}</code>{{else}}at start and when reconfigured{{end}}</td>
<td>{{if eq .State.Attempts 0}}loading{{else if .State.LastOK}}ok{{else}}<b>failing</b>{{end}}</td>
<td>{{.State.Series}}</td>
<td>{{when .State.LastSuccess}}</td>
<td>{{if .State.Next.IsZero}}-{{else}}{{when .State.Next}}{{if .State.Retry}}<br>retry after {{.State.Failing}} failed{{end}}{{end}}</td>
<td><pre>{{.State.LastError}}</pre></td>
</tr>{{end}}
</table>`))

type sourceView struct {
	Config *config.SourceConfig
	State  refresh.State
}

func landing(o Options, w http.ResponseWriter, r *http.Request) {
	var views []sourceView
	for _, s := range o.Manager.Sources() {
		views = append(views, sourceView{Config: s.Config(), State: s.State()})
	}
	var extra bytes.Buffer
	if err := sourcesTmpl.Execute(&extra, views); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	page, err := web.NewLandingPage(web.LandingConfig{
		Name:        "Korea ICT Exporter",
		Description: "Figures of the UN ECLAC report on Korea's IT industry, e-commerce and SMEs (LC/W.61, 2005) and related sources, as Prometheus gauges.",
		Version:     o.Version,
		Links: []web.LandingLinks{
			{Address: o.TelemetryPath, Text: "Metrics"},
			{Address: catalogue.Path, Text: "Catalogue (every table, metric, label value and series, searchable)"},
			{Address: "/-/ready", Text: "Readiness"},
			{Address: "/-/healthy", Text: "Health"},
		},
		ExtraHTML: extra.String(),
		Profiling: "false",
		ExtraCSS:  "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}pre{margin:0;white-space:pre-wrap;max-width:40em}",
	})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	page.ServeHTTP(w, r)
}
