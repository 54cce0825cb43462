// Package data embeds the default dataset: every figure of the report and
// the article, one YAML file per table (format: docs/data-format.md).
package data

import (
	"embed"
)

// FS holds the default dataset's files at its root.
//
//go:embed *.yaml
var FS embed.FS
