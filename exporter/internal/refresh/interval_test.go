package refresh

import (
	"testing"
	"time"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config"
)

func TestLongestGap(t *testing.T) {
	// A Thursday, so that weekday schedules meet a weekend.
	from := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		schedule string
		want     time.Duration
	}{
		{"@every 1h", time.Hour},
		{"@every 1s", time.Second},
		{"*/5 * * * *", 5 * time.Minute},
		{"0 */15 * * * *", 15 * time.Minute},
		{"@daily", 24 * time.Hour},
		{"CRON_TZ=Asia/Seoul 0 6 * * *", 24 * time.Hour},
		{"0 6 * * 1-5", 72 * time.Hour},                 // Friday to Monday
		{"*/5 9-17 * * 1-5", (63*60 + 5) * time.Minute}, // Friday 17:55 to Monday 09:00
		{"0 0 1 * *", 31 * 24 * time.Hour},              // the longest month
		{"@yearly", 365 * 24 * time.Hour},
		{"0 0 30 2 *", 0}, // never fires
	} {
		sched, err := config.ScheduleParser.Parse(tc.schedule)
		if err != nil {
			t.Fatalf("%s: %v", tc.schedule, err)
		}
		if got := longestGap(sched, from); got != tc.want {
			t.Errorf("longestGap(%q) = %s, want %s", tc.schedule, got, tc.want)
		}
	}
}
