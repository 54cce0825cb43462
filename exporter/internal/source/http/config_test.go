package http_test

import (
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config/configtest"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/sourcetypes"
)

func TestBadConfigs(t *testing.T) {
	configtest.BadConfigs(t, sourcetypes.All, "testdata", map[string]string{
		"invalid-url": `line 4: source "remote": invalid url "ftp://user:xxxxx@example.org/data.yaml": want http(s)://host/path`,
	})
}
