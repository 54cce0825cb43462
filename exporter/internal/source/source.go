// Package source fetches a data source's files: the embedded dataset, local
// files and directories, or HTTP(S) URLs.
package source

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"

	commoncfg "github.com/prometheus/common/config"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/config"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
)

// Fetcher returns the current files of a source.
type Fetcher interface {
	Fetch(ctx context.Context) ([]dataset.File, error)
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
	}
	return nil, fmt.Errorf("source %q: unknown type %q", s.Name, s.Type)
}

type embeddedFetcher struct{ fsys fs.FS }

func (f embeddedFetcher) Fetch(context.Context) ([]dataset.File, error) {
	return dataset.ReadFS(f.fsys, ".")
}

type fileFetcher struct {
	paths []string
	max   int64
}

func (f fileFetcher) Fetch(ctx context.Context) ([]dataset.File, error) {
	files, err := dataset.ReadPaths(f.paths, f.max)
	if err != nil {
		return nil, err
	}
	return files, ctx.Err()
}

type httpFetcher struct {
	client *http.Client
	urls   []string
	max    int64
}

func (f *httpFetcher) Fetch(ctx context.Context) ([]dataset.File, error) {
	files := make([]dataset.File, 0, len(f.urls))
	for _, u := range f.urls {
		name := config.Redact(u)
		data, err := f.get(ctx, u)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		files = append(files, dataset.File{Name: name, Data: data})
	}
	return files, nil
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
