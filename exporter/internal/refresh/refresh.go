package refresh

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/panics"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source"
)

// ErrBusy is returned when a refresh of the source is already running.
var ErrBusy = errors.New("a refresh of this source is already running")

// Refresh fetches, parses, validates and checks a source's data and, if all
// of that succeeds and it merges with the other sources, publishes it.
// Otherwise the source keeps its last good data.
//
// A refresh whose ctx is cancelled (by a reload or shutdown) is not a
// failure: it is dropped, not counted, and changes neither the source's
// state nor its data; it returns an error wrapping context.Canceled. Running
// out of the source's timeout is a failure.
func (m *Manager) Refresh(ctx context.Context, s *Source) error {
	if !s.running.TryLock() {
		return ErrBusy
	}
	published := false
	defer func() {
		if published {
			// The source's previous data and the files just parsed are
			// garbage now: return their pages at once rather than at the
			// scavenger's pace, so that the next refresh starts from the
			// live heap. It costs one full collection per refresh, after
			// the refresh (not in its duration) and outside its lock.
			debug.FreeOSMemory()
		}
	}()
	defer s.running.Unlock()
	defer lowerGC()() // while the refresh builds; see refreshGCPercent
	start := m.clock.Now()
	var ds *dataset.Dataset
	err := panics.Catch(func() (err error) {
		ds, err = m.readAndBuild(ctx, s)
		return err
	})
	// The outcome is committed under swap, which apply takes after
	// cancelling: a refresh either completes before the reload carries its
	// source's state over, or is dropped.
	m.swap.Lock()
	if ctx.Err() != nil {
		m.swap.Unlock()
		m.logger.Debug("refresh cancelled by a reload or shutdown; not counted", "source_name", s.cfg.Name)
		return fmt.Errorf("refresh cancelled: %w", ctx.Err())
	}
	switch {
	case errors.Is(err, source.ErrNotModified):
		// What the source serves is what the remote has: nothing to
		// parse or swap, and a success.
		s.countNotModified()
		err = nil
	case err == nil:
		if err = panics.Catch(func() error { return m.publishLocked(s, ds) }); err == nil {
			published = true
			if c, ok := s.fetcher.(source.Committer); ok {
				c.Commit()
			}
		}
	}
	s.record(start, m.clock.Now(), err)
	m.swap.Unlock()
	if stack := panics.Stack(err); stack != nil {
		m.logger.Error("refresh failed on a bug; serving the last good data", "source_name", s.cfg.Name, "err", err, "stack", string(stack))
	} else if err != nil {
		m.logger.Error("refresh failed; serving the last good data", "source_name", s.cfg.Name, "err", err)
	} else {
		m.logger.Debug("refreshed", "source_name", s.cfg.Name, "series", s.State().Series)
	}
	return err
}

// readAndBuild reads and builds a source's data within its timeout.
func (m *Manager) readAndBuild(ctx context.Context, s *Source) (*dataset.Dataset, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Duration(s.cfg.Timeout))
	defer cancel()
	in, err := m.fetch(ctx, s)
	if errors.Is(err, source.ErrNotModified) {
		return nil, err
	}
	if err != nil {
		return nil, timedOut(ctx, s.cfg, fmt.Errorf("fetch: %w", err))
	}
	// The families (duplicate series, one help and unit per metric) are
	// validated once, across every source, by the merge in publishLocked.
	limits := s.cfg.Limits()
	in.Limits = &limits
	ds, err := in.BuildPart()
	if err != nil {
		return nil, err
	}
	if ctx.Err() != nil {
		return nil, timedOut(ctx, s.cfg, errors.New("parsing and checking the data took too long"))
	}
	return ds, nil
}

// timedOut says so of err when sc's timeout has ended ctx.
func timedOut(ctx context.Context, sc *config.SourceConfig, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("timed out after %s: %w", sc.Timeout, err)
	}
	return err
}

// publishLocked merges every source's data, with s's replaced by ds, and
// publishes the result as a new generation. It holds m.swap.
func (m *Manager) publishLocked(s *Source, ds *dataset.Dataset) error {
	var parts []*dataset.Dataset
	for _, o := range m.Sources() {
		d := o.current()
		if o == s {
			d = ds
		}
		parts = append(parts, d)
	}
	merged, err := dataset.Merge(parts...)
	if err != nil {
		if s == nil {
			return err
		}
		if _, alone := dataset.Merge(ds); alone != nil {
			return alone // a problem of the source's own data
		}
		return fmt.Errorf("conflicts with another source: %w", err)
	}
	if s != nil {
		s.setData(ds)
	}
	m.generation++
	m.publish(&Published{Generation: m.generation, Dataset: merged})
	return nil
}
