# syntax=docker/dockerfile:1
#
# korea-ict-exporter container image: a static binary on distroless, run as
# the non-root user, for linux/amd64 and linux/arm64. Go cross-compiles on
# the build machine's platform ($BUILDPLATFORM), as Prometheus' images do,
# so no emulation runs the compiler:
#   docker buildx build --platform linux/amd64,linux/arm64 \
#     --build-arg VERSION=$(cat VERSION) --build-arg REVISION=$(git rev-parse HEAD) \
#     --build-arg BRANCH=$(git rev-parse --abbrev-ref HEAD) -t korea-ict-exporter .
# or `docker compose up --build` for the demo stack (docker-compose.yml,
# which passes VERSION).
#
# The base images are pinned by tag, not by digest: the registries reachable
# where this file was written (the Go module proxy, Debian, npm) serve no
# image digests, and a digest that could not be checked is not written here.
# Pin them with `docker buildx imagetools inspect <image>` before a release.

FROM --platform=$BUILDPLATFORM golang:1.26-bookworm AS build

# Version information for `korea-ict-exporter --version`, the landing page
# and korea_ict_exporter_build_info (github.com/prometheus/common/version), as
# `make build` sets it. Without VERSION, the VERSION file's; without
# BUILD_DATE, the time of the build.
ARG VERSION
ARG REVISION=unknown
ARG BRANCH=unknown
ARG BUILD_USER=docker
ARG BUILD_DATE
# Set by BuildKit to the platform of the image being built.
ARG TARGETOS
ARG TARGETARCH

WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=${TARGETOS} GOARCH=${TARGETARCH} go build -trimpath -buildvcs=false \
      -ldflags "-s -w \
        -X github.com/prometheus/common/version.Version=${VERSION:-$(cat VERSION)} \
        -X github.com/prometheus/common/version.Revision=${REVISION} \
        -X github.com/prometheus/common/version.Branch=${BRANCH} \
        -X github.com/prometheus/common/version.BuildUser=${BUILD_USER} \
        -X github.com/prometheus/common/version.BuildDate=${BUILD_DATE:-$(date -u +%Y%m%d-%H:%M:%S)}" \
      -o /out/korea-ict-exporter ./exporter
# The embedded dataset's history with timestamps, for the backfill stage,
# written by a build for the build machine (the target's binary may not run
# here); the history is the same on every platform.
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    go run -buildvcs=false ./exporter backfill > /out/history.om

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

ARG VERSION
ARG REVISION=unknown
# https://github.com/opencontainers/image-spec/blob/main/annotations.md
# licenses: NOASSERTION (SPDX), because the repository has no LICENSE file
# yet; set it to the licence's SPDX identifier when one is chosen.
LABEL org.opencontainers.image.title="korea-ict-exporter" \
      org.opencontainers.image.description="Prometheus exporter for the figures of the UN ECLAC report on Korea's IT industry, e-commerce and SMEs" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="https://github.com/korea-ict-exporter/korea-ict-exporter" \
      org.opencontainers.image.licenses="NOASSERTION"

COPY --from=build /out/korea-ict-exporter /bin/korea-ict-exporter
COPY config/korea-ict-exporter.yml /etc/korea-ict-exporter/config.yml

USER nonroot:nonroot
EXPOSE 10873
# distroless has no shell or wget: the binary checks /-/healthy itself, at
# the listen address (and TLS) the exporter, PID 1, was started with.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["/bin/korea-ict-exporter", "healthcheck", "--pid=1"]
ENTRYPOINT ["/bin/korea-ict-exporter"]
CMD ["--config.file=/etc/korea-ict-exporter/config.yml"]
