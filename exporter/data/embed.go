// Package data embeds the default dataset: every figure of the report and
// the article, one YAML file per table (format: docs/data-format.md), and the
// label vocabulary they are validated against.
package data

// go generate rewrites docs/metrics.md and docs/discrepancies.md
// (TestDocsAreFresh fails when they are stale).
//go:generate go test . -run ^TestDocsAreFresh$ -update

import (
	"embed"
)

// FS holds the default dataset's files at its root.
//
//go:embed *.yaml
var FS embed.FS

// Vocabulary is vocabulary/vocabulary.yaml, read by package
// exporter/vocabulary.
//
//go:embed vocabulary/vocabulary.yaml
var Vocabulary []byte
