package buildinfo

import (
	"runtime/debug"
	"strings"
	"testing"

	"github.com/prometheus/common/version"

	"github.com/korea-ict-exporter/korea-ict-exporter/internal/buildtool"
)

// release is the VERSION file's content, read here as `make build` reads it.
func release(t *testing.T) string {
	return strings.TrimSpace(string(buildtool.ReadFile(t, "VERSION")))
}

func TestStamp(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		ldVersion, ldDate     string
		info                  debug.BuildInfo
		wantVersion, wantDate string
	}{
		{
			name:        "go install at a version",
			info:        debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}, Settings: []debug.BuildSetting{{Key: "vcs.time", Value: "2026-12-07T03:04:05Z"}}},
			wantVersion: "v1.2.0", wantDate: "20261207-03:04:05",
		},
		{
			name:        "go build in a dirty checkout",
			info:        debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261207030405-abcdef123456+dirty"}, Settings: []debug.BuildSetting{{Key: "vcs.time", Value: "2026-12-07T12:04:05+09:00"}}},
			wantVersion: "v0.0.0-20261207030405-abcdef123456+dirty", wantDate: "20261207-03:04:05",
		},
		{
			name:        "-buildvcs=false: the VERSION file's release",
			info:        debug.BuildInfo{Main: debug.Module{Version: "(devel)"}},
			wantVersion: release(t),
		},
		{
			name:      "ldflags win",
			ldVersion: "1.0.0", ldDate: "20261201-10:00:00",
			info:        debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}, Settings: []debug.BuildSetting{{Key: "vcs.time", Value: "2026-12-07T03:04:05Z"}}},
			wantVersion: "1.0.0", wantDate: "20261201-10:00:00",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func(v, d string) { version.Version, version.BuildDate = v, d }(version.Version, version.BuildDate)
			version.Version, version.BuildDate = tc.ldVersion, tc.ldDate
			stamp(&tc.info)
			if version.Version != tc.wantVersion || version.BuildDate != tc.wantDate {
				t.Errorf("version %q, build date %q; want %q, %q", version.Version, version.BuildDate, tc.wantVersion, tc.wantDate)
			}
		})
	}
}
