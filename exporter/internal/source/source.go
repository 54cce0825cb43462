// Package source fetches a data source's data: the embedded dataset, local
// files and directories, HTTP(S) URLs, or the World Bank Indicators API.
package source

import (
	"context"
	"fmt"
	"io/fs"

	commoncfg "github.com/prometheus/common/config"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/httpfetch"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/worldbank"
)

// Fetcher returns the current data of a source: data files to parse, or
// tables built in Go (the World Bank source); dataset.Input.Build validates
// either the same way.
type Fetcher interface {
	Fetch(ctx context.Context) (dataset.Input, error)
}

// New returns the fetcher for a configured source; embedded is the default
// dataset's file system.
func New(s *config.Source, embedded fs.FS) (Fetcher, error) {
	switch s.Type {
	case config.TypeEmbedded:
		return embeddedFetcher{embedded}, nil
	case config.TypeFile:
		return fileFetcher{paths: s.Paths, max: int64(s.MaxBytes)}, nil
	case config.TypeHTTP:
		client, err := commoncfg.NewClientFromConfig(s.HTTP, "korea_ict_exporter_source_"+s.Name)
		if err != nil {
			return nil, fmt.Errorf("source %q: %w", s.Name, err)
		}
		return &httpFetcher{urls: s.URLs, client: &httpfetch.Client{
			HTTP: client, MaxBytes: int64(s.MaxBytes), Accept: "application/yaml, text/yaml;q=0.9, text/csv;q=0.9, */*;q=0.1",
		}}, nil
	case config.TypeWorldBank:
		client, err := commoncfg.NewClientFromConfig(s.HTTP, "korea_ict_exporter_source_"+s.Name)
		if err != nil {
			return nil, fmt.Errorf("source %q: %w", s.Name, err)
		}
		return worldBankFetcher{&worldbank.Client{
			HTTP:    &httpfetch.Client{HTTP: client, MaxBytes: int64(s.MaxBytes), Accept: "application/json"},
			BaseURL: s.BaseURL, Countries: s.Countries, Indicators: s.WorldBankIndicators(), PerPage: s.PerPage,
			Versions: &httpfetch.Versions{KeepBodies: true},
		}}, nil
	}
	return nil, fmt.Errorf("source %q: unknown type %q", s.Name, s.Type)
}

// Remote reports whether a source fetches over the network, which `check`
// leaves out unless asked.
func Remote(s *config.Source) bool {
	return s.Type == config.TypeHTTP || s.Type == config.TypeWorldBank
}

type worldBankFetcher struct{ c *worldbank.Client }

func (f worldBankFetcher) Fetch(ctx context.Context) (dataset.Input, error) {
	tables, err := f.c.Tables(ctx)
	return dataset.Input{Tables: tables}, err
}

func (f worldBankFetcher) Commit() { f.c.Versions.Commit() }

func (f worldBankFetcher) CloseIdleConnections() { f.c.HTTP.HTTP.CloseIdleConnections() }

type embeddedFetcher struct{ fsys fs.FS }

func (f embeddedFetcher) Fetch(context.Context) (dataset.Input, error) {
	files, err := dataset.ReadFS(f.fsys, ".")
	return dataset.Input{Files: files}, err
}

type fileFetcher struct {
	paths []string
	max   int64
}

func (f fileFetcher) Fetch(ctx context.Context) (dataset.Input, error) {
	files, err := dataset.ReadPaths(f.paths, f.max)
	if err != nil {
		return dataset.Input{}, err
	}
	return dataset.Input{Files: files}, ctx.Err()
}

type httpFetcher struct {
	client   *httpfetch.Client
	urls     []string
	versions httpfetch.Versions // no bodies: data files may be large
}

func (f *httpFetcher) Fetch(ctx context.Context) (dataset.Input, error) {
	f.versions.Begin()
	resps := make([]*httpfetch.Response, len(f.urls))
	changed := false
	for i, u := range f.urls {
		r, err := f.client.Get(ctx, u, &f.versions)
		if err != nil {
			return dataset.Input{}, err
		}
		resps[i] = r
		changed = changed || !r.NotModified
	}
	if !changed {
		return dataset.Input{}, httpfetch.ErrNotModified
	}
	files := make([]dataset.File, 0, len(f.urls))
	for i, u := range f.urls {
		r := resps[i]
		if r.NotModified {
			// Another URL changed, so every file is parsed again, and
			// this one's body was not kept: fetch it in full.
			f.versions.Forget(u)
			var err error
			if r, err = f.client.Get(ctx, u, &f.versions); err != nil {
				return dataset.Input{}, err
			}
		}
		files = append(files, dataset.File{Name: httpfetch.Redact(u), Data: r.Body, Format: dataset.FormatOfContentType(r.ContentType)})
	}
	return dataset.Input{Files: files}, nil
}

// Commit makes the versions of the last fetch, now published, the ones the
// next fetch asks against.
func (f *httpFetcher) Commit() { f.versions.Commit() }

// CloseIdleConnections closes the client's pooled keep-alive connections.
// A reload replaces every fetcher, and the dropped one's connections would
// otherwise stay open for the transport's idle timeout of five minutes: one
// per HTTP source and reload.
func (f *httpFetcher) CloseIdleConnections() { f.client.HTTP.CloseIdleConnections() }
