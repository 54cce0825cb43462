// Package koreaict holds what belongs to the repository as a whole: the
// release version in the VERSION file, which `make build`, the image and the
// changelog read too. Embedding it gives every build a version, even one
// with no -ldflags and no VCS stamp (`go build -buildvcs=false`, as many CI
// systems build).
package koreaict

import (
	_ "embed"
	"strings"
)

//go:embed VERSION
var release string

// Version is the VERSION file's release, e.g. "0.1.0".
func Version() string { return strings.TrimSpace(release) }
