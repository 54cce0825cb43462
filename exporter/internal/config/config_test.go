package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/sourcetypes"
)

// One file per configuration error, with the exact message.
func TestBadConfigs(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"malformed", "line 1: did not find expected '-' indicator"},
		{"unknown-key", `line 4: unknown key "schedul"`},
		{"invalid-cron", `line 2: source "report": invalid schedule "61 * * * *": end of range (61) above maximum (59): 61`},
		{"duplicate-name", `line 4: duplicate source name "report" (first at line 2)`},
		{"unknown-type", `line 2: source "report": unknown type "ftp" (embedded, file, http or worldbank)`},
		{"missing-type", `line 2: source "report": missing type (embedded, file, http or worldbank)`},
		{"negative-timeout", `line 4: timeout: not a valid duration string: "-5s"`},
		{"no-sources", "line 1: no sources"},
		{"bad-size", "line 4: max_bytes: units: invalid lots"},
		{"worldbank-key-on-http", `line 5: source "mirror": countries is for worldbank sources only, not http`},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", tc.file+".bad.yml")
			_, err := Load(path, sourcetypes.All)
			if err == nil {
				t.Fatal("loaded without error")
			}
			if want := path + ": " + tc.want; err.Error() != want {
				t.Errorf("error:\n got %s\nwant %s", err, want)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("error shows a password: %s", err)
			}
		})
	}
}

func TestBadFixturesAreAllTested(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.bad.yml")
	src, err := os.ReadFile("config_test.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".bad.yml")
		if !strings.Contains(string(src), `{"`+name+`", `) {
			t.Errorf("%s has no expected message", f)
		}
	}
}

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
