package worldbank_test

import (
	"strings"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config/configtest"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source/worldbank"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/sourcetypes"
)

func TestBadConfigs(t *testing.T) {
	configtest.BadConfigs(t, sourcetypes.All, "testdata/config", map[string]string{
		"paths":               `line 4: source "wb": paths is for file sources only, not worldbank`,
		"unknown-indicator":   `line 6: source "wb": indicator "NY.GDP.MKTP.CD" is not a built-in indicator: map it with id, metric, help and unit`,
		"bad-mapping":         `line 5: source "wb": indicator "NY.GDP.MKTP.CD": metric name "korea_ict_gdp" must end in _dollars for unit "US dollars"`,
		"incomplete-mapping":  `line 5: source "wb": indicator "NY.GDP.MKTP.CD": a mapping needs id, metric, help and unit`,
		"duplicate-indicator": `line 4: source "wb": indicator "IT.NET.USER.ZS" is listed twice`,
		"bad-country":         `line 6: source "wb": invalid country "kr": want an ISO 3166 alpha-3 code such as KOR`,
		"bad-base-url":        `line 4: source "wb": invalid base_url "ftp://user:xxxxx@example.org/v2": want http(s)://host/path`,
		"bad-per-page":        `line 5: source "wb": per_page must be between 1 and 32500`,
		"indicator-list":      `line 5: an indicator is a code or a mapping {id, metric, help, unit}`,
	})
}

func TestConfig(t *testing.T) {
	c, err := config.Load("testdata/config/worldbank.yml", sourcetypes.All)
	if err != nil {
		t.Fatal(err)
	}
	wb, def := c.Sources[0].Spec.(*worldbank.Spec), c.Sources[1].Spec.(*worldbank.Spec)
	if wb.BaseURL != "https://mirror.example.org/wb/v2" || strings.Join(wb.Countries, ";") != "KOR;JPN" || c.Sources[0].MaxBytes != 8<<20 {
		t.Errorf("configured values not kept: %+v", wb)
	}
	inds := wb.IndicatorList()
	if len(inds) != 2 || inds[0].Metric != "korea_ict_internet_usage_ratio" || inds[1].Metric != "korea_ict_gdp_per_capita_dollars" || inds[1].Unit != "US dollars" {
		t.Errorf("indicators = %+v", inds)
	}
	// Defaults: daily, every built-in indicator, Korea and the comparators, the API.
	if s := c.Sources[1]; s.Schedule != "@daily" || s.Parsed == nil {
		t.Errorf("schedule = %q, want @daily", s.Schedule)
	}
	if def.BaseURL != "https://api.worldbank.org/v2" || strings.Join(def.Countries, ";") != "KOR;CHN;JPN;GBR;USA" || def.PerPage != 1000 {
		t.Errorf("defaults not applied: %+v", def)
	}
	if n := len(def.IndicatorList()); n != 7 {
		t.Errorf("default indicators: %d, want the 7 built-in ones", n)
	}
	if w := def.Where(); len(w) != 1 || w[0] != "https://api.worldbank.org/v2" || !c.Sources[1].Spec.Remote() {
		t.Errorf("landing page: %q", w)
	}
}
