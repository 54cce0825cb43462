package refresh

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/datafile"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/panics"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source"
)

// abandonGrace is how long readWithin waits, once its context has ended, for a
// fetcher that honours the context (HTTP, World Bank) to return its own,
// more telling error, before abandoning it as stuck.
const abandonGrace = 100 * time.Millisecond

// fetch runs the source's fetch so that it ends with ctx whatever the
// fetcher does. A read stuck in the kernel (a FIFO without a writer, a hung
// NFS or FUSE mount) cannot be interrupted from Go: on ctx's end such a read
// is abandoned, and its goroutine and file descriptor stay until the kernel
// returns. To bound them, a source's next read does not start while its
// previous one is outstanding: it waits for it, within its own timeout, and
// fails saying so. So there is at most one abandoned read per source (and
// per set of paths or URLs it reads, so that a reload that points the source
// elsewhere is not held by the old read).
func (m *Manager) fetch(ctx context.Context, s *Source) (datafile.Input, error) {
	key := readKey(s)
	for {
		prev := m.reads.begin(key, s.cfg.Name, m.clock.Now())
		if prev == nil {
			break
		}
		select {
		case <-prev.done:
		case <-ctx.Done():
			return datafile.Input{}, fmt.Errorf("not started: the source's previous read, begun at %s and abandoned, has not returned yet (stuck in the kernel?)",
				prev.began.UTC().Format(time.RFC3339))
		}
	}
	in, err := readWithin(ctx, s.fetcher, func() { m.reads.end(key) })
	if errors.Is(err, errAbandoned) {
		m.reads.abandon(key)
		m.logger.Warn("read abandoned: it did not return when its refresh ended; its goroutine and file descriptor are held until the kernel returns, and the source's next read waits for it",
			"source_name", s.cfg.Name, "err", ctx.Err())
	}
	return in, err
}

// errAbandoned is a fetch that did not return when its context ended.
var errAbandoned = errors.New("the read did not return and is abandoned (stuck in the kernel?)")

// readWithin runs f's fetch and returns once ctx has ended, whatever the
// fetch does: after abandonGrace, a fetch still running is abandoned with an
// error wrapping errAbandoned and ctx's error. returned, if not nil, is called
// when the fetch itself returns, abandoned or not.
func readWithin(ctx context.Context, f source.Fetcher, returned func()) (datafile.Input, error) {
	type result struct {
		in  datafile.Input
		err error
	}
	done := make(chan result, 1)
	go func() {
		var in datafile.Input
		// A bug the remote or file reaches fails the read, not the process.
		err := panics.Catch(func() (err error) {
			in, err = f.Fetch(ctx)
			return err
		})
		if returned != nil {
			returned()
		}
		done <- result{in, err}
	}()
	select {
	case r := <-done:
		return r.in, r.err
	case <-ctx.Done():
	}
	grace := time.NewTimer(abandonGrace)
	defer grace.Stop()
	select {
	case r := <-done:
		return r.in, r.err
	case <-grace.C:
		return datafile.Input{}, fmt.Errorf("%w: %w", errAbandoned, ctx.Err())
	}
}

// readKey names what a source reads.
func readKey(s *Source) string {
	return strings.Join(append([]string{s.cfg.Name, s.cfg.Type}, s.cfg.Spec.Reads()...), "\x00")
}

// reads are the outstanding reads, by readKey.
type reads struct {
	mu sync.Mutex
	m  map[string]*read
}

type read struct {
	source    string
	began     time.Time
	abandoned bool
	done      chan struct{} // closed when the read returns
}

// begin registers a read of key, or returns the outstanding one.
func (r *reads) begin(key, source string, now time.Time) *read {
	r.mu.Lock()
	defer r.mu.Unlock()
	if prev := r.m[key]; prev != nil {
		return prev
	}
	if r.m == nil {
		r.m = map[string]*read{}
	}
	r.m[key] = &read{source: source, began: now, done: make(chan struct{})}
	return nil
}

func (r *reads) end(key string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	close(r.m[key].done)
	delete(r.m, key)
}

func (r *reads) abandon(key string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if rd := r.m[key]; rd != nil {
		rd.abandoned = true
	}
}

// abandoned counts the source's abandoned reads that have not returned.
func (r *reads) abandoned(source string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, rd := range r.m {
		if rd.source == source && rd.abandoned {
			n++
		}
	}
	return n
}
