# syntax=docker/dockerfile:1
#
# korea-ict-exporter container image: a static binary on distroless, run as
# the non-root user. Build with
#   docker build --build-arg VERSION=$(git describe --tags --always) \
#     --build-arg REVISION=$(git rev-parse HEAD) \
#     --build-arg BRANCH=$(git rev-parse --abbrev-ref HEAD) \
#     --build-arg BUILD_DATE=$(date -u +%Y%m%d-%H:%M:%S) -t korea-ict-exporter .
# or `docker compose up --build` for the demo stack (docker-compose.yml).

FROM golang:1.26-bookworm AS build

# Version information for `korea-ict-exporter --version` and the
# korea_ict_exporter_build_info metric (github.com/prometheus/common/version).
ARG VERSION=dev
ARG REVISION=unknown
ARG BRANCH=unknown
ARG BUILD_USER=docker
ARG BUILD_DATE=unknown

WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w \
        -X github.com/prometheus/common/version.Version=${VERSION} \
        -X github.com/prometheus/common/version.Revision=${REVISION} \
        -X github.com/prometheus/common/version.Branch=${BRANCH} \
        -X github.com/prometheus/common/version.BuildUser=${BUILD_USER} \
        -X github.com/prometheus/common/version.BuildDate=${BUILD_DATE}" \
      -o /out/korea-ict-exporter ./exporter
# The embedded dataset's history with timestamps, for the backfill stage.
RUN /out/korea-ict-exporter backfill > /out/history.om

# One-shot image of the demo stack's `backfill` service: writes the history
# as TSDB blocks into Prometheus' data volume before Prometheus starts. Same
# Prometheus as the compose file's (and the tests').
FROM prom/prometheus:v3.16.0 AS backfill
COPY --from=build /out/history.om /history/history.om
ENTRYPOINT ["/bin/promtool", "tsdb", "create-blocks-from", "openmetrics", "/history/history.om", "/prometheus"]

# One-shot image of the longterm profile's `history-longterm` service: posts
# the same history to VictoriaMetrics, whose /api/v1/import/prometheus reads
# the exposition format with timestamps (docs/scaling.md).
FROM curlimages/curl:8.11.1 AS history-import
COPY --from=build /out/history.om /history/history.om
ENTRYPOINT ["curl", "-fsS", "--data-binary", "@/history/history.om", "http://victoriametrics:8428/api/v1/import/prometheus"]

FROM gcr.io/distroless/static-debian12:nonroot

COPY --from=build /out/korea-ict-exporter /bin/korea-ict-exporter
COPY config/korea-ict-exporter.yml /etc/korea-ict-exporter/config.yml

USER nonroot:nonroot
EXPOSE 10873
# distroless has no shell or wget: the binary checks its own /-/healthy.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["/bin/korea-ict-exporter", "healthcheck"]
ENTRYPOINT ["/bin/korea-ict-exporter"]
CMD ["--config.file=/etc/korea-ict-exporter/config.yml"]
