# The README's commands. `make test` is what CI runs (via .ci/run).
PROMETHEUS_VERSION := 3.16.0
# The Prometheus Go module's version for PROMETHEUS_VERSION (3.x.y -> v0.3xx.y).
PROMETHEUS_MODULE  := v0.316.0
BIN                := $(CURDIR)/.build/bin
export PATH        := $(BIN):$(PATH)

.PHONY: run test tools chromium generate lint fuzz bench

run:
	go run ./exporter

# Builds promtool and prometheus from the Go module proxy; the discovery
# plugins are left out (remove_all_sd): their modules are not all on the proxy
# and the tests need none of them.
tools: $(BIN)/promtool $(BIN)/prometheus $(BIN)/victoria-metrics $(BIN)/staticcheck chromium

# The catalogue page's browser test drives Debian's chromium package
# (headless, through the DevTools protocol); installed once, as root, as CI
# runs.
chromium:
	@command -v chromium >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

$(BIN)/staticcheck:
	GOBIN=$(BIN) go install honnef.co/go/tools/cmd/staticcheck@v0.8.2

$(BIN)/promtool $(BIN)/prometheus:
	GOBIN=$(BIN) go install -tags remove_all_sd github.com/prometheus/prometheus/cmd/$(notdir $@)@$(PROMETHEUS_MODULE)

# The long-term store of the demo's longterm profile (docs/scaling.md), built
# from the Go module proxy for the end-to-end test that asks it and
# Prometheus every dashboard query; docker-compose.yml runs the same
# version's image.
VICTORIAMETRICS_VERSION := v1.151.0
$(BIN)/victoria-metrics:
	GOBIN=$(BIN) go install github.com/VictoriaMetrics/VictoriaMetrics/app/victoria-metrics@$(VICTORIAMETRICS_VERSION)

# deploy/ is a Go module of its own (the Kubernetes manifests' tests, with
# kustomize and the Kubernetes API types): `go test ./...` at the root does
# not build it, this does.
test: tools lint
	go test ./...
	cd deploy && go test ./...

# Rewrites every generated file: the dashboards' JSON, alerts/alerts.yml,
# docs/metrics.md and docs/discrepancies.md, the golden files of the
# exporter's and the World Bank source's metrics, and then (from those) the
# Kubernetes base's PrometheusRule, dashboard ConfigMaps and configuration. Each has a test that fails
# when it is stale.
generate:
	go generate ./...
	cd deploy && go generate ./...

lint: $(BIN)/staticcheck
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	go vet ./...
	staticcheck ./...
	cd deploy && go vet ./... && staticcheck ./...

# A short run of every fuzz target (CI runs it after the tests); FUZZTIME=10m
# for a real session. A crasher lands in the target's testdata/fuzz: fix it
# and commit the file, which the plain tests then replay for good.
FUZZTIME ?= 15s
fuzz:
	go test ./exporter/internal/dataset -run '^$$' -fuzz '^FuzzBuild$$' -fuzztime $(FUZZTIME)
	go test ./exporter/internal/dataset -run '^$$' -fuzz '^FuzzBuildCSV$$' -fuzztime $(FUZZTIME)
	go test ./exporter/internal/config -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME)
	go test ./exporter/vocabulary -run '^$$' -fuzz FuzzParse -fuzztime $(FUZZTIME)
	go test ./exporter/internal/source/worldbank -run '^$$' -fuzz FuzzParsePage -fuzztime $(FUZZTIME)
	go test ./exporter/internal/exposition -run '^$$' -fuzz FuzzExposition -fuzztime $(FUZZTIME)

# The benchmark harness of docs/performance.md: the exporter against
# node_exporter's textfile collector (built here at a pinned version, never
# committed) and pre-rendered bytes, at 10k, 100k and 1M synthetic series.
# Takes about 20 minutes; SIZES=10000,100000 for a quicker run.
NODE_EXPORTER_VERSION := v1.12.1
SIZES ?= 10000,100000,1000000
$(BIN)/node_exporter:
	GOBIN=$(BIN) go install github.com/prometheus/node_exporter@$(NODE_EXPORTER_VERSION)

bench: $(BIN)/node_exporter
	go build -o $(BIN)/korea-ict-exporter ./exporter
	go test ./exporter/internal/exposition ./exporter/internal/dataset ./exporter/internal/catalogue -run '^$$' -bench . -benchmem
	go run ./exporter/bench -exporter $(BIN)/korea-ict-exporter -node-exporter $(BIN)/node_exporter -sizes $(SIZES)
