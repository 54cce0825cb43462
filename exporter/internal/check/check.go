// Package check is the exporter's check mode: validate a configuration and
// all the data it loads, for users' CI when they edit data files.
package check

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"time"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source"
)

// Run validates the given data paths, or else every source of the
// configuration, and returns the process exit code.
func Run(stdout, stderr io.Writer, load func() (*config.Config, error), paths []string, embedded fs.FS) int {
	if len(paths) > 0 {
		files, err := dataset.ReadPaths(paths, 0)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		return report(stdout, stderr, files)
	}
	cfg, err := load()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	code := 0
	var all []*dataset.Dataset
	for _, sc := range cfg.Sources {
		ds, err := LoadSource(sc, embedded)
		if err != nil {
			fmt.Fprintln(stderr, err)
			code = 1
			continue
		}
		fmt.Fprintf(stdout, "source %q: %s\n", sc.Name, summary(ds))
		all = append(all, ds)
	}
	if code == 0 {
		if _, err := dataset.Merge(all...); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	return code
}

// LoadSource fetches, parses, validates and checks one source once.
func LoadSource(sc *config.Source, embedded fs.FS) (*dataset.Dataset, error) {
	f, err := source.New(sc, embedded)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(sc.Timeout))
	defer cancel()
	in, err := f.Fetch(ctx)
	if err != nil {
		return nil, fmt.Errorf("source %q: %w", sc.Name, err)
	}
	ds, _, err := in.Build()
	return ds, err
}

// LoadAll loads every source of a configuration once and merges them.
func LoadAll(cfg *config.Config, embedded fs.FS) (*dataset.Dataset, error) {
	var all []*dataset.Dataset
	for _, sc := range cfg.Sources {
		ds, err := LoadSource(sc, embedded)
		if err != nil {
			return nil, err
		}
		all = append(all, ds)
	}
	return dataset.Merge(all...)
}

func report(stdout, stderr io.Writer, files []dataset.File) int {
	ds, _, err := dataset.Build(files)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "data: %s\n", summary(ds))
	return 0
}

func summary(ds *dataset.Dataset) string {
	published, absent, checks := 0, 0, 0
	for _, t := range ds.Tables {
		p, a := t.Count()
		published += p
		absent += a
		checks += len(t.Checks)
	}
	return fmt.Sprintf("ok: %d tables, %d series, %d absent cells, %d checks passed", len(ds.Tables), published, absent, checks)
}
