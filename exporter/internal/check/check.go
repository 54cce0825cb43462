// Package check is the exporter's check mode: validate a configuration and
// all the data it loads, for users' CI when they edit data files.
package check

import (
	"context"
	"fmt"
	"io"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/datafile"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/panics"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/refresh"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source/embedded"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source/file"
)

// Options say what to check and where to report.
type Options struct {
	Stdout, Stderr io.Writer
	// Load reads the configuration; used when Paths is empty.
	Load func() (*config.Config, error)
	// Paths are data files and directories to check instead of the
	// configuration's sources.
	Paths    []string
	Embedded source.Embedded
	// FetchRemote fetches the remote sources (http, worldbank) too; then a
	// network failure is an error. Without it they are named as not fetched,
	// so that a CI job without internet can validate a data edit, as
	// `promtool check config` does not scrape targets.
	FetchRemote bool
	// Standalone checks Paths alone. Without it they are checked as a
	// file source serves them beside the embedded dataset: one help and
	// unit per metric across both, no series in both.
	Standalone bool
}

// Run validates the given data paths, or else the configuration and every
// source it may check (the local ones; the remote ones with FetchRemote),
// and returns the process exit code: 0 when everything checked is valid.
func Run(o Options) int {
	if len(o.Paths) > 0 {
		files, err := file.Read(o.Paths, 0)
		if err != nil {
			fmt.Fprintln(o.Stderr, err)
			return 1
		}
		if o.Standalone {
			return report(o.Stdout, o.Stderr, files)
		}
		return reportBeside(o, files)
	}
	cfg, err := o.Load()
	if err != nil {
		fmt.Fprintln(o.Stderr, err)
		return 1
	}
	code := 0
	var all []*dataset.Dataset
	for _, sc := range cfg.Sources {
		if sc.Spec.Remote() && !o.FetchRemote {
			fmt.Fprintf(o.Stdout, "source %q: not fetched: a remote %s source (--fetch-remote fetches it)\n", sc.Name, sc.Type)
			continue
		}
		ds, err := refresh.ReadSource(sc, o.Embedded)
		if err != nil {
			panics.Fprintln(o.Stderr, err)
			code = 1
			continue
		}
		fmt.Fprintf(o.Stdout, "source %q: %s\n", sc.Name, summary(ds))
		all = append(all, ds)
	}
	if code == 0 {
		if _, err := dataset.Merge(all...); err != nil {
			fmt.Fprintln(o.Stderr, err)
			return 1
		}
	}
	return code
}

// reportBeside checks files as a source of their own merged with the
// embedded source, as the exporter serves them.
func reportBeside(o Options, files []datafile.File) int {
	ds, err := datafile.Input{Files: files}.BuildPart()
	if err != nil {
		panics.Fprintln(o.Stderr, err)
		return 1
	}
	f, err := embedded.New().Fetcher(source.Settings{Embedded: o.Embedded})
	if err != nil {
		panics.Fprintln(o.Stderr, err)
		return 1
	}
	in, err := f.Fetch(context.Background())
	if err != nil {
		panics.Fprintln(o.Stderr, err)
		return 1
	}
	shipped, err := in.BuildPart()
	if err != nil {
		panics.Fprintln(o.Stderr, err)
		return 1
	}
	// A table of the shipped dataset that the files define too is taken as
	// their copy of it (a copied and edited data directory, served instead
	// of the embedded one); the rest is served beside them.
	mine := map[string]bool{}
	for _, t := range ds.Tables {
		mine[t.ID] = true
	}
	others := &dataset.Dataset{}
	for _, t := range shipped.Tables {
		if !mine[t.ID] {
			others.Tables = append(others.Tables, t)
		}
	}
	if _, err := dataset.Merge(others, ds); err != nil {
		panics.Fprintln(o.Stderr, err)
		fmt.Fprintln(o.Stderr, "(served beside the embedded dataset, as the exporter serves a file source; --standalone checks the files alone)")
		return 1
	}
	fmt.Fprintf(o.Stdout, "data: %s, beside the embedded dataset\n", summary(ds))
	return 0
}

func report(stdout, stderr io.Writer, files []datafile.File) int {
	ds, err := datafile.Build(files)
	if err != nil {
		panics.Fprintln(stderr, err)
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
