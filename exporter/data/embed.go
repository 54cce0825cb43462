// Package data embeds the default dataset: every figure of the report and
// the article, one YAML file per table (format: docs/data-format.md), and the
// label vocabulary they are validated against.
package data

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
