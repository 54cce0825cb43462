package refresh

import (
	"context"
	"fmt"
	"time"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source"
)

// ReadSource fetches, parses, validates and checks one source once, within
// its timeout, outside any schedule and publishing nothing: for the check
// and backfill commands. A read stuck in the kernel is abandoned at the
// timeout, as a refresh's is (the command then exits, and the read with it).
func ReadSource(sc *config.SourceConfig, embedded source.Embedded) (*dataset.Dataset, error) {
	f, err := newFetcher(sc, embedded)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(sc.Timeout))
	defer cancel()
	in, err := readWithin(ctx, f, nil)
	if err != nil {
		return nil, fmt.Errorf("source %q: %w", sc.Name, timedOut(ctx, sc, fmt.Errorf("fetch: %w", err)))
	}
	limits := sc.Limits()
	in.Limits = &limits
	ds, err := in.Build()
	return ds, err
}

// newFetcher is sc's fetcher, for a refresh loop or a single read.
func newFetcher(sc *config.SourceConfig, embedded source.Embedded) (source.Fetcher, error) {
	settings := sc.Settings()
	settings.Embedded = embedded
	f, err := sc.Spec.Fetcher(settings)
	if err != nil {
		return nil, fmt.Errorf("source %q: %w", sc.Name, err)
	}
	return f, nil
}

// ReadSources reads every source of a configuration once (ReadSource) and
// merges their data.
func ReadSources(cfg *config.Config, embedded source.Embedded) (*dataset.Dataset, error) {
	var all []*dataset.Dataset
	for _, sc := range cfg.Sources {
		ds, err := ReadSource(sc, embedded)
		if err != nil {
			return nil, err
		}
		all = append(all, ds)
	}
	return dataset.Merge(all...)
}
