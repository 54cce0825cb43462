// Package sourcetypes registers the exporter's source types. Adding one is
// a package under source/ (see source.Spec) and its line here.
package sourcetypes

import (
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source/embedded"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source/file"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source/http"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source/worldbank"
)

// All are the source types a configuration may use, by their `type`.
var All = source.Types{
	"embedded":  embedded.New,
	"file":      file.New,
	"http":      http.New,
	"worldbank": worldbank.New,
}
