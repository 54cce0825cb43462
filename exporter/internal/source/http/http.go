// Package http is the source type of data files (YAML or CSV) served over
// HTTP(S), fetched with conditional requests.
package http

import (
	"context"

	commoncfg "github.com/prometheus/common/config"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/datafile"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/httpfetch"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/yamltext"
)

// Spec is an http source's block.
type Spec struct {
	URLs []string                   `yaml:"urls"`
	HTTP commoncfg.HTTPClientConfig `yaml:"http_client_config,omitempty"`
}

// New returns an http source's block with its defaults.
func New() source.Spec { return &Spec{HTTP: commoncfg.DefaultHTTPClientConfig} }

func (s *Spec) Validate(at yamltext.Lines) error {
	if len(s.URLs) == 0 {
		return at.Errorf(at.Start(), "an http source needs urls")
	}
	for i, u := range s.URLs {
		if err := httpfetch.ValidURL(u); err != nil {
			return at.Errorf(at.Item("urls", i), "invalid url %q: %s", httpfetch.Redact(u), err)
		}
	}
	if err := s.HTTP.Validate(); err != nil {
		return at.Errorf(at.Key("http_client_config"), "http_client_config: %s", err)
	}
	return nil
}

func (s *Spec) Remote() bool { return true }

func (s *Spec) Reads() []string { return s.URLs }

func (s *Spec) Where() []string {
	out := make([]string, len(s.URLs))
	for i, u := range s.URLs {
		out[i] = httpfetch.Redact(u)
	}
	return out
}

func (s *Spec) Fetcher(set source.Settings) (source.Fetcher, error) {
	client, err := commoncfg.NewClientFromConfig(s.HTTP, "korea_ict_exporter_source_"+set.Name)
	if err != nil {
		return nil, err
	}
	return &fetcher{urls: s.URLs, client: &httpfetch.Client{
		HTTP: client, MaxBytes: set.MaxBytes, Accept: "application/yaml, text/yaml;q=0.9, text/csv;q=0.9, */*;q=0.1",
	}}, nil
}

type fetcher struct {
	client   *httpfetch.Client
	urls     []string
	versions httpfetch.Versions // no bodies: data files may be large
}

// Fetch GETs every URL, each conditional on the version last committed:
// all unchanged is source.ErrNotModified.
func (f *fetcher) Fetch(ctx context.Context) (datafile.Input, error) {
	f.versions.Begin()
	resps := make([]*httpfetch.Response, len(f.urls))
	changed := false
	for i, u := range f.urls {
		r, err := f.client.Get(ctx, u, &f.versions)
		if err != nil {
			return datafile.Input{}, err
		}
		resps[i] = r
		changed = changed || !r.NotModified
	}
	if !changed {
		return datafile.Input{}, source.ErrNotModified
	}
	files := make([]datafile.File, 0, len(f.urls))
	for i, u := range f.urls {
		r := resps[i]
		if r.NotModified {
			// Another URL changed, so every file is parsed again, and
			// this one's body was not kept: fetch it in full.
			f.versions.Forget(u)
			var err error
			if r, err = f.client.Get(ctx, u, &f.versions); err != nil {
				return datafile.Input{}, err
			}
		}
		files = append(files, datafile.File{Name: httpfetch.Redact(u), Data: r.Body, Format: datafile.FormatOfContentType(r.ContentType)})
	}
	return datafile.Input{Files: files}, nil
}

// Commit makes the versions of the last fetch, now published, the ones the
// next fetch asks against.
func (f *fetcher) Commit() { f.versions.Commit() }

// CloseIdleConnections closes the client's pooled keep-alive connections
// when the source is dropped: they would otherwise stay open for the
// transport's idle timeout of five minutes.
func (f *fetcher) CloseIdleConnections() { f.client.HTTP.CloseIdleConnections() }
