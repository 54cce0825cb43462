package config

import (
	"fmt"
	"strings"
	"testing"
	"time"

	commoncfg "github.com/prometheus/common/config"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source/http"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source/worldbank"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/sourcetypes"
)

func TestExampleConfig(t *testing.T) {
	c, err := Load("../../../config/korea-ict-exporter.yml", sourcetypes.All)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Sources) != 2 || c.Sources[0].Type != "embedded" || c.Sources[0].Parsed == nil {
		t.Fatalf("sources = %+v", c.Sources)
	}
	if wb := c.Sources[1]; wb.Type != "worldbank" || wb.Parsed == nil || !wb.Spec.Remote() {
		t.Errorf("the World Bank source: %+v", wb)
	}
	if c.Sources[0].Timeout != DefaultTimeout || c.Sources[0].MaxBytes != DefaultMaxBytes {
		t.Errorf("defaults not applied: %+v", c.Sources[0])
	}
}

func TestSchedules(t *testing.T) {
	seoul, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	from := time.Date(2026, 1, 1, 0, 0, 30, 0, time.UTC)
	for _, tc := range []struct {
		schedule string
		want     time.Time
	}{
		{"*/15 * * * *", time.Date(2026, 1, 1, 0, 15, 0, 0, time.UTC)},
		{"*/10 * * * * *", time.Date(2026, 1, 1, 0, 0, 40, 0, time.UTC)},
		{"@every 6h", from.Add(6 * time.Hour)},
		{"@daily", time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)},
		{"CRON_TZ=Asia/Seoul 0 6 * * *", time.Date(2026, 1, 2, 6, 0, 0, 0, seoul)}, // 00:00:30 UTC is 09:00:30 in Seoul
		{"CRON_TZ=Asia/Seoul 0 10 * * *", time.Date(2026, 1, 1, 10, 0, 0, 0, seoul)},
	} {
		t.Run(tc.schedule, func(t *testing.T) {
			c, err := Parse([]byte("sources:\n- {name: a, type: embedded, schedule: \""+tc.schedule+"\"}\n"), sourcetypes.All)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Sources[0].Parsed.Next(from); !got.Equal(tc.want) {
				t.Errorf("next = %s, want %s", got, tc.want)
			}
		})
	}
}

// A type without a schedule of its own keeps "no schedule: once at start".
func TestNoDefaultSchedule(t *testing.T) {
	other, err := Parse([]byte("sources:\n- {name: report, type: embedded}\n"), sourcetypes.All)
	if err != nil {
		t.Fatal(err)
	}
	if other.Sources[0].Schedule != "" || other.Sources[0].Parsed != nil {
		t.Errorf("an embedded source got a schedule: %q", other.Sources[0].Schedule)
	}
}

// A source name ends up in label values, log lines and the landing page:
// anything but the documented characters is rejected, with a message that
// quotes the name on one line.
func TestHostileSourceNamesRejected(t *testing.T) {
	for _, tc := range []struct{ name, value string }{
		{"markup", "<script>alert(1)</script>"},
		{"quotes", `a"b'c`},
		{"newline", "a\nlevel=ERROR msg=forged"},
		{"long markup", strings.Repeat("<script>", 12800)}, // 100 kB
		{"space", "a b"},
		{"leading dot", ".a"},
		{"non-ASCII", "소스"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(fmt.Sprintf("sources:\n- {name: %q, type: embedded}\n", tc.value)), sourcetypes.All)
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), "invalid name: use letters, digits, '_', '.', '-'") {
				t.Errorf("error does not say what is wrong: %.300s", err)
			}
			if strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), fmt.Sprintf("source %q:", tc.value)) {
				t.Errorf("error does not quote the name: %.300s", err)
			}
		})
	}
}

// Anchors, aliases and merge keys work across the whole file, as in any
// YAML: one source may share another's settings.
func TestAnchorsAcrossSources(t *testing.T) {
	c, err := Load("testdata/anchors.yml", sourcetypes.All)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Sources) != 4 {
		t.Fatalf("%d sources, want 4", len(c.Sources))
	}
	first, second, wb, wb2 := c.Sources[0], c.Sources[1], c.Sources[2], c.Sources[3]
	clients := map[string]commoncfg.HTTPClientConfig{
		"first": first.Spec.(*http.Spec).HTTP, "second": second.Spec.(*http.Spec).HTTP, "wb": wb.Spec.(*worldbank.Spec).HTTP,
	}
	for name, h := range clients {
		if h.BasicAuth == nil || h.BasicAuth.Username != "reader" || h.FollowRedirects {
			t.Errorf("%s: shared http_client_config not applied: %+v", name, h)
		}
	}
	for _, s := range []*SourceConfig{first, second} {
		if s.Schedule != "@every 10m" || s.Parsed == nil || time.Duration(s.Timeout) != 20*time.Second {
			t.Errorf("%s: merged defaults not applied: schedule %q, timeout %s", s.Name, s.Schedule, s.Timeout)
		}
	}
	if spec := wb2.Spec.(*worldbank.Spec); spec.HTTP.BasicAuth != nil || !spec.HTTP.FollowRedirects || len(spec.Indicators) != 1 || spec.Indicators[0].ID != "IT.NET.USER.ZS" {
		t.Errorf("wb2: %+v", wb2)
	}
	if first.Line != 3 || second.Line != 10 || wb2.Line != 19 {
		t.Errorf("source lines %d, %d, %d, want the file's 3, 10, 19", first.Line, second.Line, wb2.Line)
	}
}

// What an alias brings in is checked as if written out: an unknown key in
// a shared mapping is an error, with the line where it is written.
func TestAliasedMistakesAreFound(t *testing.T) {
	for _, tc := range []struct{ name, config, want string }{
		{"unknown key in a shared mapping", "sources:\n- name: a\n  type: http\n  urls: [\"http://x/t\"]\n  http_client_config: &c\n    follow_redirect: true\n- name: b\n  type: http\n  urls: [\"http://y/t\"]\n  http_client_config: *c\n",
			`line 6: unknown key "follow_redirect"`},
		{"unknown anchor", "sources:\n- name: a\n  type: embedded\n  <<: *nothing\n", `line 4, column 7: alias *nothing refers to no anchor &nothing before it`},
		{"invalid merged value", "sources:\n- {name: a, type: embedded, <<: &d {timeout: soon}}\n- {name: b, type: embedded, <<: *d}\n",
			`line 2: <<: not a valid duration string: "soon"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.config), sourcetypes.All)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want %q", err, tc.want)
			}
		})
	}
}

// An alias bomb, merge keys each merging ten copies of the level below, is
// refused by the decoder's limit on aliasing instead of expanding 10^9 times.
func TestAliasBombRefused(t *testing.T) {
	var b strings.Builder
	b.WriteString("sources:\n- {name: a, type: embedded, <<: &l0 {schedule: \"@daily\"}}\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "- {name: b%d, type: embedded, <<: &l%d {<<: [%s]}}\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d, ", i-1), 10), ", "))
	}
	_, err := Parse([]byte(b.String()), sourcetypes.All)
	if err == nil || !strings.Contains(err.Error(), "excessive aliasing") {
		t.Errorf("alias bomb: error = %v, want excessive aliasing", err)
	}
}

// Random bytes and stray control characters: the error names the line and
// column of the first offending character, not only yaml.v3's "invalid
// leading UTF-8 octet".
func TestEncodingErrorsNameTheirLine(t *testing.T) {
	_, err := Parse([]byte("sources:\n- {name: a, type: embedded}\n# caf\xe9\n"), sourcetypes.All)
	if want := "line 3, column 6: invalid UTF-8 (byte 0xE9): save the file as UTF-8"; err == nil || err.Error() != want {
		t.Errorf("Latin-1 comment: error = %v, want %q", err, want)
	}
}
