package refresh

import (
	"runtime/debug"
	"testing"
)

func TestLowerGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	for _, tc := range []struct {
		name            string
		setting, during int
	}{
		{name: "default is lowered", setting: 100, during: refreshGCPercent},
		{name: "higher is lowered", setting: 400, during: refreshGCPercent},
		{name: "lower is kept", setting: refreshGCPercent / 2, during: refreshGCPercent / 2},
		{name: "off is kept", setting: -1, during: -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			debug.SetGCPercent(tc.setting)
			restoreFirst := lowerGC()
			if got := gcPercent(); got != tc.during {
				t.Fatalf("during a refresh: GC percent %d, want %d", got, tc.during)
			}
			// A second, overlapping refresh of another source.
			restoreSecond := lowerGC()
			restoreFirst()
			if got := gcPercent(); got != tc.during {
				t.Fatalf("while the second refresh still builds: GC percent %d, want %d", got, tc.during)
			}
			restoreSecond()
			if got := gcPercent(); got != tc.setting {
				t.Fatalf("after the refreshes: GC percent %d, want the process' %d", got, tc.setting)
			}
		})
	}
}
