// Package buildinfo fills github.com/prometheus/common/version, which
// --version, the landing page and korea_ict_exporter_build_info read, for
// builds that did not set it with -ldflags as `make build` (and promu) do:
// `go build`, `go install …@version` and `go run` stamp the module's version
// and the commit into the binary, and this package reads them from there.
package buildinfo

import (
	"runtime/debug"
	"time"

	"github.com/prometheus/common/version"
)

// Stamp sets version.Version and version.BuildDate from the binary's build
// information where -ldflags left them empty. The revision needs nothing:
// version.GetRevision already falls back to vcs.revision (with "-modified"
// for a dirty tree).
func Stamp() {
	if bi, ok := debug.ReadBuildInfo(); ok {
		stamp(bi)
	}
}

func stamp(bi *debug.BuildInfo) {
	if version.Version == "" {
		// "(devel)" is what Go records when it knows no version (a build
		// with -buildvcs=false, or outside a repository): no version either.
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			version.Version = v
		}
	}
	if version.BuildDate == "" {
		for _, s := range bi.Settings {
			if s.Key != "vcs.time" {
				continue
			}
			// The commit's time, in the format promu writes the build date.
			if t, err := time.Parse(time.RFC3339, s.Value); err == nil {
				version.BuildDate = t.UTC().Format("20060102-15:04:05")
			}
		}
	}
}
