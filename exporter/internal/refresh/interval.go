package refresh

import (
	"time"

	"github.com/robfig/cron/v3"
)

// How far longestGap looks ahead: enough firings for a day of a frequent
// schedule to repeat, a calendar year for a rare one.
const (
	gapFirings = 1000
	gapHorizon = 400 * 24 * time.Hour
)

// longestGap is the longest time between two consecutive firings of sched
// after from: the period of a regular schedule ("@every 1h": 1h), the
// weekend of a weekday-only one ("0 6 * * 1-5": 3 days). Alerting rules
// take data older than twice this as stale, so it must be the longest gap,
// not the next one: otherwise data fresh on Friday would look stale on
// Sunday. Zero for a schedule that fires fewer than twice.
func longestGap(sched cron.Schedule, from time.Time) time.Duration {
	var longest time.Duration
	prev := sched.Next(from)
	for range gapFirings {
		if prev.IsZero() || prev.Sub(from) > gapHorizon {
			break
		}
		next := sched.Next(prev)
		if next.IsZero() {
			break
		}
		longest = max(longest, next.Sub(prev))
		prev = next
	}
	return longest
}
