// Command korea-ict-exporter serves the figures of the UN ECLAC report on
// Korea's IT industry, e-commerce and SMEs as Prometheus gauges.
package main

// go generate rewrites testdata/metrics.golden (TestMetricsGolden fails
// when it is stale).
//go:generate go test . -run ^TestMetricsGolden$ -update

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/KimMachineGun/automemlimit/memlimit"
	"github.com/alecthomas/kingpin/v2"
	"github.com/prometheus/client_golang/prometheus"
	versioncollector "github.com/prometheus/client_golang/prometheus/collectors/version"
	"github.com/prometheus/common/promslog"
	"github.com/prometheus/common/promslog/flag"
	"github.com/prometheus/common/version"
	"github.com/prometheus/exporter-toolkit/web"
	"github.com/prometheus/exporter-toolkit/web/kingpinflag"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/backfill"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/buildinfo"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/check"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/panics"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/refresh"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/runtimemetrics"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/server"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source/embedded"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/sourcetypes"
)

const name = "korea-ict-exporter"

// DefaultListenAddress: 10873 is not assigned to well-known software.
const DefaultListenAddress = ":10873"

func main() {
	buildinfo.Stamp()
	c := newCommandLine()
	cmd := kingpin.MustParse(c.app.Parse(os.Args[1:]))

	load := func() (*config.Config, error) {
		if *c.configFile == "" {
			return config.Default(sourcetypes.All)
		}
		return config.Load(*c.configFile, sourcetypes.All)
	}
	switch cmd {
	case c.check.FullCommand():
		os.Exit(check.Run(check.Options{
			Stdout: os.Stdout, Stderr: os.Stderr, Load: load, Paths: *c.checkPaths, Embedded: embedded.Shipped(), FetchRemote: *c.fetchRemote, Standalone: *c.standalone,
		}))
	case c.backfill.FullCommand():
		os.Exit(runBackfill(load))
	case c.health.FullCommand():
		addrs := *c.web.WebListenAddresses
		if *c.healthPID != 0 {
			var err error
			if addrs, err = listenAddressesOf(*c.healthPID); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			if addrs == nil {
				fmt.Printf("process %d serves systemd's sockets (--web.systemd-socket), whose addresses its command line does not give: not probed\n", *c.healthPID)
				os.Exit(0)
			}
		}
		os.Exit(healthcheck(addrs))
	case c.serve.FullCommand():
		logger := promslog.New(c.log)
		if err := serve(logger, load, c.web, *c.telemetryPath, *c.enableLifecycle, *c.retryDelay); err != nil {
			logger.Error("exiting", "err", err)
			os.Exit(1)
		}
	}
}

// commandLine is the exporter's flags and commands, defined in one place for
// main and for the health check, which reads another exporter's command
// line with them.
type commandLine struct {
	app                            *kingpin.Application
	web                            *web.FlagConfig
	telemetryPath, configFile      *string
	enableLifecycle, fetchRemote   *bool
	standalone                     *bool
	retryDelay                     *time.Duration
	log                            *promslog.Config
	serve, check, backfill, health *kingpin.CmdClause
	checkPaths                     *[]string
	healthPID                      *int
}

func newCommandLine() *commandLine {
	app := kingpin.New(name, "Prometheus exporter for the figures of the UN ECLAC report on Korea's IT industry, e-commerce and SMEs.")
	c := &commandLine{app: app, log: &promslog.Config{}}
	c.web = kingpinflag.AddFlags(app, DefaultListenAddress)
	c.telemetryPath = app.Flag("web.telemetry-path", "Path under which to expose metrics.").Default("/metrics").String()
	c.enableLifecycle = app.Flag("web.enable-lifecycle", "Enable reloading the configuration via POST /-/reload.").Bool()
	c.retryDelay = app.Flag("refresh.retry-delay", "Wait after a source's failed refresh before retrying it; doubled after each failure in a row, up to half the source's schedule interval. Sources without a schedule are not retried.").Default(refresh.DefaultRetryDelay.String()).Duration()
	c.configFile = app.Flag("config.file", "Configuration file (data sources and schedules). Default: the embedded dataset, loaded once.").String()
	flag.AddFlags(app, c.log)
	app.Version(version.Print(name))
	app.HelpFlag.Short('h')
	c.serve = app.Command("serve", "Serve the data sources' figures (the default command).").Default()
	c.check = app.Command("check", "Validate the configuration and the data of its local sources (and of its remote ones with --fetch-remote), or the given data files and directories (YAML or CSV), print every error as file:line, and exit non-zero on any.")
	c.checkPaths = c.check.Arg("path", "Data files or directories to check instead of the configuration's sources.").Strings()
	c.standalone = c.check.Flag("standalone", "Check the given data files alone. Without it they are checked as the exporter serves them: beside the embedded dataset (a table of it they define too taken as their copy), one help and unit per metric across both, no series in both.").Bool()
	c.fetchRemote = c.check.Flag("fetch-remote", "Also fetch and check the remote sources (http, worldbank); a network failure is then an error. Without it, they are listed as not fetched.").Bool()
	c.backfill = app.Command("backfill", "Write the configuration's data as OpenMetrics with real timestamps (each value at the start of its period) to stdout, for `promtool tsdb create-blocks-from openmetrics`. Undated figures are listed on stderr.")
	c.health = app.Command("healthcheck", "Exit 0 if the exporter at --web.listen-address answers /-/healthy (for container health checks, where no shell or wget exists).")
	c.healthPID = c.health.Flag("pid", "Probe the address the exporter running as this process was started with (its --web.listen-address), instead of this command's --web.listen-address. The image's health check asks PID 1, so that it follows the container's flags.").Int()
	return c
}

// listenAddressesOf returns the listen addresses the exporter running as
// process pid was started with, read from its command line (Linux /proc)
// with the exporter's own flags; nil if it serves systemd's sockets.
func listenAddressesOf(pid int) ([]string, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		return nil, fmt.Errorf("reading the command line of process %d: %w", pid, err)
	}
	args := strings.Split(strings.TrimSuffix(string(b), "\x00"), "\x00")
	c := newCommandLine()
	c.app.Terminate(nil)
	c.app.UsageWriter(io.Discard)
	c.app.ErrorWriter(io.Discard)
	cmd, err := c.app.Parse(args[1:])
	if err != nil {
		return nil, fmt.Errorf("process %d (%s) was not started with the exporter's flags: %w", pid, args[0], err)
	}
	if cmd != c.serve.FullCommand() {
		return nil, fmt.Errorf("process %d (%s) runs %q, not the exporter's serve command", pid, args[0], cmd)
	}
	if *c.web.WebSystemdSocket {
		return nil, nil
	}
	return *c.web.WebListenAddresses, nil
}

func serve(logger *slog.Logger, load func() (*config.Config, error), webFlags *web.FlagConfig, telemetryPath string, lifecycle bool, retryDelay time.Duration) error {
	logger.Info("starting "+name, "version", version.Info(), "build_context", version.BuildContext())
	// In a container with a memory limit, the Go memory limit is set to 90 %
	// of it, so that the garbage collector works harder before the kernel's
	// OOM killer steps in (docs/operating.md, "Running at scale"). GOMEMLIMIT, or AUTOMEMLIMIT=off,
	// takes precedence; without a limit nothing changes. Set logs its errors.
	_, _ = memlimit.Set(memlimit.WithLogger(logger))
	m := refresh.New(logger, refresh.RealClock, embedded.Shipped())
	m.RetryDelay = retryDelay
	if err := m.Reload(load); err != nil {
		return fmt.Errorf("loading configuration: %w", err)
	}
	defer m.Stop()
	reload := func() error {
		err := m.Reload(load)
		if err != nil {
			logger.Error("reload failed; keeping the previous configuration", "err", err)
		} else {
			logger.Info("configuration reloaded")
		}
		return err
	}

	reg := prometheus.NewRegistry()
	reg.MustRegister(versioncollector.NewCollector("korea_ict_exporter"), m.Collector())
	srv := &http.Server{
		Handler: server.Handler(server.Options{
			Logger: logger, Manager: m, Registry: reg, Runtime: runtimemetrics.New(time.Second), TelemetryPath: telemetryPath,
			EnableLifecycle: lifecycle, Reload: reload, Version: version.Info(),
		}),
		ReadHeaderTimeout: 10 * time.Second,
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		for {
			select {
			case <-hup:
				_ = reload()
			case <-ctx.Done():
				return
			}
		}
	}()

	errc := make(chan error, 1)
	go func() { errc <- web.ListenAndServe(srv, webFlags, logger) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// healthcheck asks a local exporter for /-/healthy. It checks liveness, not
// identity or access: an exporter serving TLS (Go's server answers plain HTTP
// with 400 and this message) is asked again over HTTPS without verifying its
// certificate, and one that demands basic auth (401) has answered.
func healthcheck(addrs []string) int {
	if len(addrs) == 0 {
		return 1
	}
	host, port, err := net.SplitHostPort(addrs[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, // localhost liveness only
	}}
	status, body, err := get(client, "http://"+net.JoinHostPort(host, port)+"/-/healthy")
	if err == nil && status == http.StatusBadRequest && strings.Contains(body, "HTTP request to an HTTPS server") {
		status, _, err = get(client, "https://"+net.JoinHostPort(host, port)+"/-/healthy")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if status != http.StatusOK && status != http.StatusUnauthorized {
		fmt.Fprintln(os.Stderr, http.StatusText(status))
		return 1
	}
	return 0
}

func get(client *http.Client, url string) (int, string, error) {
	resp, err := client.Get(url)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4096))
	return resp.StatusCode, string(b), err
}

func runBackfill(load func() (*config.Config, error)) int {
	cfg, err := load()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ds, err := refresh.ReadSources(cfg, embedded.Shipped())
	if err != nil {
		panics.Fprintln(os.Stderr, err)
		return 1
	}
	out := bufio.NewWriter(os.Stdout)
	skipped, err := backfill.Write(out, ds)
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	for _, s := range skipped {
		fmt.Fprintln(os.Stderr, "left out (no single period):", s)
	}
	fmt.Fprintf(os.Stderr, "%d series left out\n", len(skipped))
	return 0
}
