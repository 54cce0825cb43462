package refresh

import (
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// refreshGCPercent is the garbage collector's target (GOGC) while a refresh
// builds. A refresh holds the source's last good data, the files read and the
// data parsed from them at once (about 200 MB live at 1 M series): at Go's
// default of 100 the heap may grow to twice that before a collection, and the
// process keeps those pages. At 20 it grows by a fifth; the price is more
// collections during the refresh, each marking the live heap (CPU on the
// refresh's core, plus assists on the allocating goroutines), measured in
// docs/performance.md. Outside refreshes, where the heap barely grows, the
// process' own setting applies.
const refreshGCPercent = 20

// gcTarget lowers the GC percent while at least one refresh builds, and
// restores the process' setting when the last one ends. The setting is
// process-wide and refreshes of different sources overlap, hence the count.
var gcTarget struct {
	mu     sync.Mutex
	builds int
	saved  int
}

// lowerGC lowers the GC percent to refreshGCPercent until the returned
// function is called. A setting already lower (GOGC=10, or off) is left as
// it is.
func lowerGC() (restore func()) {
	gcTarget.mu.Lock()
	defer gcTarget.mu.Unlock()
	if gcTarget.builds == 0 {
		gcTarget.saved = gcPercent()
		if gcTarget.saved > refreshGCPercent {
			debug.SetGCPercent(refreshGCPercent)
		}
	}
	gcTarget.builds++
	return func() {
		gcTarget.mu.Lock()
		defer gcTarget.mu.Unlock()
		gcTarget.builds--
		if gcTarget.builds == 0 && gcTarget.saved > refreshGCPercent {
			debug.SetGCPercent(gcTarget.saved)
		}
	}
}

// gcPercent is the current GC percent; negative when the collector is off.
func gcPercent() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return int(int64(s[0].Value.Uint64())) // GOGC=off is -1, stored as a uint64
}
