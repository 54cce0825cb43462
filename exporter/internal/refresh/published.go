package refresh

import "github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"

// Published is one generation of the data the exporter serves: every
// source's last good data, merged. It never changes once published; a newer
// generation replaces it whole. What serves it in another form (the wire
// formats, the catalogue page) keeps its own rendering per generation.
type Published struct {
	// Generation increases by one with each publication; 0 is the empty
	// data served before any source has loaded.
	Generation uint64
	Dataset    *dataset.Dataset
}

// Published is the generation currently served.
func (m *Manager) Published() *Published { return m.published.Load() }

// OnPublish has f called with the generation being served, at once, and
// then with each new generation before it is served: what f prepares for a
// generation (a rendering, say) is ready by the time anything reads it from
// Published. Calls are serialized under the publishing lock, so f must not
// call the manager back; scrapes of the previous generation go on
// meanwhile.
func (m *Manager) OnPublish(f func(*Published)) {
	m.swap.Lock()
	defer m.swap.Unlock()
	m.onPublish = append(m.onPublish, f)
	f(m.published.Load())
}

// publish hands next to the OnPublish functions and then serves it; m.swap
// is held.
func (m *Manager) publish(next *Published) {
	for _, f := range m.onPublish {
		f(next)
	}
	m.published.Store(next)
}
