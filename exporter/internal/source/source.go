// Package source fetches a data source's data: the embedded dataset, local
// files and directories, HTTP(S) URLs, or the World Bank Indicators API.
package source

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"

	commoncfg "github.com/prometheus/common/config"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/worldbank"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/vocabulary"
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
		return &httpFetcher{client: client, urls: s.URLs, max: int64(s.MaxBytes)}, nil
	case config.TypeWorldBank:
		client, err := commoncfg.NewClientFromConfig(s.HTTP, "korea_ict_exporter_source_"+s.Name)
		if err != nil {
			return nil, fmt.Errorf("source %q: %w", s.Name, err)
		}
		return worldBankFetcher{&worldbank.Client{
			HTTP: client, BaseURL: s.BaseURL, Countries: s.Countries, Indicators: s.WorldBankIndicators(),
			PerPage: s.PerPage, MaxBytes: int64(s.MaxBytes),
		}}, nil
	}
	return nil, fmt.Errorf("source %q: unknown type %q", s.Name, s.Type)
}

type worldBankFetcher struct{ c *worldbank.Client }

func (f worldBankFetcher) Fetch(ctx context.Context) (dataset.Input, error) {
	tables, err := f.c.Tables(ctx)
	return dataset.Input{Tables: tables}, err
}

type embeddedFetcher struct{ fsys fs.FS }

func (f embeddedFetcher) Fetch(context.Context) (dataset.Input, error) {
	files, err := dataset.ReadFS(f.fsys, ".")
	return dataset.Input{Files: files, Vocabulary: vocabulary.Shipped()}, err
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
	client *http.Client
	urls   []string
	max    int64
}

func (f *httpFetcher) Fetch(ctx context.Context) (dataset.Input, error) {
	files := make([]dataset.File, 0, len(f.urls))
	for _, u := range f.urls {
		name := config.Redact(u)
		data, err := f.get(ctx, u)
		if err != nil {
			return dataset.Input{}, fmt.Errorf("%s: %w", name, err)
		}
		files = append(files, dataset.File{Name: name, Data: data})
	}
	return dataset.Input{Files: files}, nil
}

// CloseIdleConnections closes the client's pooled keep-alive connections.
// A reload replaces every fetcher, and the dropped one's connections would
// otherwise stay open for the transport's idle timeout of five minutes: one
// per HTTP source and reload.
func (f *httpFetcher) CloseIdleConnections() { f.client.CloseIdleConnections() }

func (f *httpFetcher) get(ctx context.Context, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/yaml, text/yaml;q=0.9, */*;q=0.1")
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, unwrapURLError(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP status %s", resp.Status)
	}
	if resp.ContentLength > f.max {
		return nil, fmt.Errorf("body of %d bytes is %w of %d bytes", resp.ContentLength, dataset.ErrTooLarge, f.max)
	}
	data, err := dataset.ReadAll(resp.Body, f.max)
	if err != nil {
		return nil, fmt.Errorf("reading body: %w", unwrapURLError(err))
	}
	return data, nil
}
