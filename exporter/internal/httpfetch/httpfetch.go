// Package httpfetch is the one way a remote source GETs a document: a size
// limit, the refresh's deadline, passwords redacted from every message, and
// conditional requests (ETag / If-None-Match, Last-Modified /
// If-Modified-Since) so that an unchanged document is neither downloaded
// nor parsed again.
package httpfetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// Client GETs documents with an http.Client (from the source's
// http_client_config).
type Client struct {
	HTTP *http.Client
	// MaxBytes limits each body (0: no limit).
	MaxBytes int64
	// Accept is the Accept header: the formats the source parses.
	Accept string
	// Shown is how messages name a URL: Redact unless set (by a client
	// whose URLs' queries are its own, not the user's).
	Shown func(rawURL string) string
}

// Response is a GET's outcome: a new version of the document, or, when
// NotModified, the one the Versions hold (Body nil unless they keep bodies).
type Response struct {
	Body        []byte
	ContentType string
	NotModified bool
}

// Get fetches rawURL. With versions, it asks for the document only if it
// changed since the version last committed there (a 304 is a NotModified
// response), and records the new version's validators as pending. Errors
// name the URL as Shown says: by default with its password and query
// redacted.
func (c *Client) Get(ctx context.Context, rawURL string, versions *Versions) (*Response, error) {
	resp, err := c.get(ctx, rawURL, versions)
	if err != nil {
		shown := Redact
		if c.Shown != nil {
			shown = c.Shown
		}
		return nil, fmt.Errorf("%s: %w", shown(rawURL), err)
	}
	return resp, nil
}

func (c *Client) get(ctx context.Context, rawURL string, versions *Versions) (*Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, unwrapURLError(err)
	}
	if c.Accept != "" {
		req.Header.Set("Accept", c.Accept)
	}
	prev, conditional := versions.committed(rawURL)
	if conditional {
		if prev.etag != "" {
			req.Header.Set("If-None-Match", prev.etag)
		}
		if prev.lastModified != "" {
			req.Header.Set("If-Modified-Since", prev.lastModified)
		}
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, unwrapURLError(err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified && conditional:
		versions.record(rawURL, prev)
		return &Response{Body: prev.body, ContentType: prev.contentType, NotModified: true}, nil
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("HTTP status %s", resp.Status)
	}
	if c.MaxBytes > 0 && resp.ContentLength > c.MaxBytes {
		return nil, fmt.Errorf("body of %d bytes is %w of %d bytes", resp.ContentLength, ErrTooLarge, c.MaxBytes)
	}
	body, err := readAll(resp.Body, c.MaxBytes)
	if err != nil {
		return nil, fmt.Errorf("reading body: %w", unwrapURLError(err))
	}
	out := &Response{Body: body, ContentType: resp.Header.Get("Content-Type")}
	versions.record(rawURL, version{
		etag: resp.Header.Get("ETag"), lastModified: resp.Header.Get("Last-Modified"),
		contentType: out.ContentType, body: body,
	})
	return out, nil
}

// ValidURL accepts what an HTTP client can fetch: http(s)://host/path.
func ValidURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("want http(s)://host/path")
	}
	return nil
}

// Redact hides a URL's password and the values of its query, for messages,
// logs and pages: signed object-store URLs and APIs carry their secrets in
// the query (?access_token=, ?private_token=, X-Amz-Signature=). The host,
// path and query keys stay, to say which document it is; the fragment,
// never sent, goes.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "<invalid url>"
	}
	if u.RawQuery != "" || u.ForceQuery {
		params := strings.Split(u.RawQuery, "&")
		for i, p := range params {
			if key, _, ok := strings.Cut(p, "="); ok {
				params[i] = key + "=" + redacted
			} else if p != "" {
				params[i] = redacted // a bare token
			}
		}
		u.RawQuery = strings.Join(params, "&")
	}
	u.Fragment, u.RawFragment = "", ""
	return u.Redacted()
}

// redacted stands for a hidden value, as url.URL.Redacted's password.
const redacted = "xxxxx"

// unwrapURLError drops net/url's "Get <url>:" prefix: the URL is already in
// the message, redacted, and the raw one may hold credentials.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// Versions are the validators (and, if kept, bodies) of the documents a
// source last published, by URL. A fetch records what it got as pending;
// Commit, once the refresh has published that data, makes it what the next
// fetch asks against. So a document that failed to parse or validate is
// fetched in full again, never answered by a 304 that would pass it off
// as the good data still served.
type Versions struct {
	// KeepBodies keeps each document's body, so that a fetch can reuse a
	// document that did not change while another one did (World Bank pages:
	// small). Without it, the caller refetches such documents in full
	// (data files: large, and already parsed into the data served).
	KeepBodies bool

	mu      sync.Mutex
	current map[string]version
	pending map[string]version
}

type version struct {
	etag, lastModified, contentType string
	body                            []byte
}

// committed returns the committed version of a URL, if it has validators.
func (v *Versions) committed(rawURL string) (version, bool) {
	if v == nil {
		return version{}, false
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	ver, ok := v.current[rawURL]
	return ver, ok && (ver.etag != "" || ver.lastModified != "")
}

func (v *Versions) record(rawURL string, ver version) {
	if v == nil {
		return
	}
	if !v.KeepBodies {
		ver.body = nil
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.pending == nil {
		v.pending = map[string]version{}
	}
	v.pending[rawURL] = ver
}

// Begin starts a fetch: versions recorded by an earlier fetch that was never
// committed are dropped.
func (v *Versions) Begin() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.pending = nil
}

// Commit makes the last fetch's versions the ones the next fetch asks
// against. Documents it did not fetch are forgotten.
func (v *Versions) Commit() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.current, v.pending = v.pending, nil
}

// Forget makes the next fetch of rawURL unconditional.
func (v *Versions) Forget(rawURL string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	delete(v.current, rawURL)
}
