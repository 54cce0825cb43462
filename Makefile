# The README's commands. `make test` is what CI runs (via .ci/run); `make`
# alone lists the targets.
PROMETHEUS_VERSION := 3.16.0
# The Prometheus Go module's version for PROMETHEUS_VERSION (3.x.y -> v0.3xx.y).
PROMETHEUS_MODULE  := v0.316.0
BIN                := $(CURDIR)/.build/bin
export PATH        := $(BIN):$(PATH)

.PHONY: help build run test tools chromium generate lint fuzz bench

help: ## List the targets (the default).
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-9s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# Version information as promu sets it (github.com/prometheus/common/version):
# VERSION, and the revision, branch and date from git. Builds without these
# ldflags (go build, go install, go run) fall back to what Go stamps into the
# binary (exporter/internal/buildinfo).
VERSION    := $(shell cat VERSION)
REVISION   := $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
BRANCH     := $(shell git rev-parse --abbrev-ref HEAD 2>/dev/null || echo unknown)
BUILD_USER := $(shell id -un 2>/dev/null || echo unknown)@$(shell hostname 2>/dev/null || echo unknown)
BUILD_DATE := $(shell date -u +%Y%m%d-%H:%M:%S)
VERSION_PKG := github.com/prometheus/common/version
LDFLAGS    := -X $(VERSION_PKG).Version=$(VERSION) -X $(VERSION_PKG).Revision=$(REVISION) \
              -X $(VERSION_PKG).Branch=$(BRANCH) -X $(VERSION_PKG).BuildUser=$(BUILD_USER) \
              -X $(VERSION_PKG).BuildDate=$(BUILD_DATE)

# The same compilation as the tests' `go build ./exporter` (only the link
# differs), so that it reuses their build cache; the image builds its own
# static binary (Dockerfile).
build: ## Build ./korea-ict-exporter with its version, revision, branch and build date.
	go build -ldflags '$(LDFLAGS)' -o korea-ict-exporter ./exporter

run: ## Serve the embedded dataset on :10873 (go run ./exporter).
	go run ./exporter

# Builds promtool and prometheus from the Go module proxy; the discovery
# plugins are left out (remove_all_sd): their modules are not all on the proxy
# and the tests need none of them.
tools: $(BIN)/promtool $(BIN)/prometheus $(BIN)/victoria-metrics $(BIN)/staticcheck chromium ## Install promtool, prometheus, victoria-metrics, staticcheck (.build/bin) and chromium (apt).

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

# The packages whose code runs concurrently (refreshes, scrapes, reloads,
# fetches) are tested with the race detector; the rest without, which is
# faster (the black-box tests run the exporter binary in its own process).
# deploy/ is a Go module of its own (the Kubernetes manifests' tests, with
# kustomize and the Kubernetes API types): `go test ./...` at the root does
# not build it, the last line does.
RACE_PKGS := $(patsubst %,./exporter/internal/%/...,refresh exposition server source httpfetch runtimemetrics)

test: tools lint ## Install the test tools, lint and run every test (what CI runs).
	go test -race $(RACE_PKGS)
	go test $$(go list ./... | grep -vxF "$$(go list $(RACE_PKGS))")
	cd deploy && go test ./...

# Rewrites every generated file: the dashboards' JSON, alerts/alerts.yml,
# docs/metrics.md and docs/discrepancies.md, the golden files of the
# exporter's and the World Bank source's metrics, and then (from those) the
# Kubernetes base's PrometheusRule, dashboard ConfigMaps and configuration. Each has a test that fails
# when it is stale.
generate: ## Rewrite every generated file (dashboards, alerts, mixin, docs, golden files, Kubernetes base).
	go generate ./...
	cd deploy && go generate ./...

lint: $(BIN)/staticcheck ## gofmt, go vet and staticcheck.
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	go vet ./...
	staticcheck ./...
	cd deploy && go vet ./... && staticcheck ./...

# A short run of every fuzz target (CI runs it after the tests); FUZZTIME=10m
# for a real session. A crasher lands in the target's testdata/fuzz: fix it
# and commit the file, which the plain tests then replay for good.
FUZZTIME ?= 15s
fuzz: ## A short run of every fuzz target (FUZZTIME=15s).
	go test ./exporter/internal/datafile/yamlfile -run '^$$' -fuzz '^FuzzBuild$$' -fuzztime $(FUZZTIME)
	go test ./exporter/internal/datafile/csvfile -run '^$$' -fuzz '^FuzzBuildCSV$$' -fuzztime $(FUZZTIME)
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

bench: $(BIN)/node_exporter ## The benchmark harness of docs/performance.md (about 20 minutes).
	go build -o $(BIN)/korea-ict-exporter ./exporter
	go test ./exporter/internal/exposition ./exporter/internal/datafile ./exporter/internal/catalogue -run '^$$' -bench . -benchmem
	go run ./exporter/bench -exporter $(BIN)/korea-ict-exporter -node-exporter $(BIN)/node_exporter -sizes $(SIZES)
