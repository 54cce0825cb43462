package refresh

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

// OnPublish sees the generation being served at once, then each new one, in
// order, before anything reads it from Published.
func TestOnPublishSeesEachGenerationBeforeItIsServed(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "t.yaml"), table("mine", 1, 2))
	m := newManager(t, newFakeClock())
	var (
		mu   sync.Mutex
		seen []uint64
	)
	m.OnPublish(func(p *Published) {
		mu.Lock()
		defer mu.Unlock()
		if served := m.Published(); p.Generation > 0 && served.Generation != p.Generation-1 {
			t.Errorf("generation %d handed over while %d is served, want %d", p.Generation, served.Generation, p.Generation-1)
		}
		seen = append(seen, p.Generation)
	})
	if err := m.Reload(parseConfig(t, fmt.Sprintf("sources:\n- {name: mine, type: file, paths: [%q]}\n", dir))); err != nil {
		t.Fatal(err)
	}
	s := sourceNamed(m, "mine")
	waitFor(t, "first refresh", func() bool { return s.State().Attempts == 1 })
	mu.Lock()
	defer mu.Unlock()
	// 0 when registered, 1 when the reload republished the (empty) kept
	// data under the new source list, 2 when the source loaded.
	if fmt.Sprint(seen) != "[0 1 2]" {
		t.Errorf("OnPublish saw generations %v, want [0 1 2]", seen)
	}
	if p := m.Published(); p.Generation != 2 || len(p.Dataset.Tables) != 1 {
		t.Errorf("serving generation %d with %d tables, want 2 with 1", p.Generation, len(p.Dataset.Tables))
	}
}
