package file_test

import (
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config/configtest"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/sourcetypes"
)

func TestBadConfigs(t *testing.T) {
	configtest.BadConfigs(t, sourcetypes.All, "testdata", map[string]string{
		"without-paths": `line 2: source "mine": a file source needs paths`,
	})
}
