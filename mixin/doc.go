// Package mixin holds the monitoring mixin (mixin.libsonnet): the
// dashboards and alerting rules as jsonnet-bundler and kube-prometheus
// users consume them, with the selectors configurable in _config. Its
// dashboards/ and alerts.yml are generated from the same sources as the
// committed ones (dashboards/internal/boards, alerts/rules.go), with a
// placeholder where the selector goes, which mixin.libsonnet fills in; the
// tests evaluate it with go-jsonnet.
package mixin

// Placeholder is the matcher the generated files carry where the
// configured selector goes.
const Placeholder = `__mixin_selector__="placeholder"`

//go:generate go run ../dashboards "-matchers=__mixin_selector__=\"placeholder\"" -out dashboards
//go:generate go run ../alerts "-selector=__mixin_selector__=\"placeholder\"" -out alerts.yml
