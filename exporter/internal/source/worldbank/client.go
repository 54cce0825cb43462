package worldbank

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/httpfetch"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source"
)

// DefaultBaseURL is the API's address; DefaultPerPage its page size here
// (the API's own default is 50).
const (
	DefaultBaseURL = "https://api.worldbank.org/v2"
	DefaultPerPage = 1000
)

// maxPages bounds one indicator's paging, whatever the API announces.
const maxPages = 1000

// Client fetches indicators from the API.
type Client struct {
	// HTTP GETs the pages, each within its MaxBytes.
	HTTP       *httpfetch.Client
	BaseURL    string // without a trailing slash: {BaseURL}/country/...
	Countries  []string
	Indicators []Indicator
	PerPage    int
	// Versions, if set, make the requests conditional on the pages last
	// committed there; it should keep bodies (a page that did not change
	// is read from there when another one did).
	Versions *httpfetch.Versions
}

// Tables fetches every indicator, one request sequence each, and converts
// them. Any failure (HTTP, the API's error message, malformed or partial
// pages) fails the whole fetch: partial data is never published. When every
// page is unchanged since Versions' last commit, it returns
// source.ErrNotModified.
func (c *Client) Tables(ctx context.Context) ([]*dataset.Table, error) {
	if c.Versions != nil {
		c.Versions.Begin()
	}
	var tables []*dataset.Table
	changed := false
	for _, ind := range c.Indicators {
		rows, updated, fresh, err := c.fetch(ctx, ind.ID)
		if err != nil {
			return nil, fmt.Errorf("indicator %s: %w", ind.ID, err)
		}
		changed = changed || fresh
		t, err := Table(ind, rows, updated)
		if err != nil {
			return nil, err
		}
		if t != nil {
			tables = append(tables, t)
		}
	}
	if !changed && len(c.Indicators) > 0 {
		return nil, source.ErrNotModified
	}
	return tables, nil
}

// URL is the address of one page of an indicator's observations.
func (c *Client) URL(indicator string, page int) string {
	q := url.Values{"format": {"json"}, "per_page": {strconv.Itoa(c.perPage())}, "page": {strconv.Itoa(page)}}
	return strings.TrimSuffix(c.BaseURL, "/") + "/country/" + strings.Join(c.Countries, ";") +
		"/indicator/" + url.PathEscape(indicator) + "?" + q.Encode()
}

// Shown names one of the client's URLs in messages: the configured base
// URL redacted (httpfetch.Redact), the path and query the client adds (its
// own: the page asked for) as they are.
func (c *Client) Shown(u string) string {
	base := strings.TrimSuffix(c.BaseURL, "/")
	if rest, ok := strings.CutPrefix(u, base); ok {
		return strings.TrimSuffix(httpfetch.Redact(base), "/") + rest
	}
	return httpfetch.Redact(u)
}

func (c *Client) perPage() int {
	if c.PerPage > 0 {
		return c.PerPage
	}
	return DefaultPerPage
}

// fetch pages through an indicator; fresh says whether any page changed.
func (c *Client) fetch(ctx context.Context, indicator string) (rows []Row, updated string, fresh bool, err error) {
	var first *Page
	for page := 1; ; page++ {
		u := c.URL(indicator, page)
		resp, err := c.HTTP.Get(ctx, u, c.Versions)
		if err != nil {
			return nil, "", false, err
		}
		fresh = fresh || !resp.NotModified
		p, err := ParsePage(resp.Body)
		if err != nil {
			return nil, "", false, fmt.Errorf("%s: %w", c.Shown(u), err)
		}
		if p.Page != page {
			return nil, "", false, fmt.Errorf("%s: asked for page %d, got page %d", c.Shown(u), page, p.Page)
		}
		if first == nil {
			first = p
		} else if p.Pages != first.Pages || p.Total != first.Total {
			return nil, "", false, fmt.Errorf("%s: the result changed while paging (page 1 announced %d pages and %d observations, page %d announces %d and %d)",
				c.Shown(u), first.Pages, first.Total, page, p.Pages, p.Total)
		}
		rows = append(rows, p.Rows...)
		if page >= p.Pages {
			break
		}
		if page >= maxPages {
			return nil, "", false, fmt.Errorf("more than %d pages: raise per_page", maxPages)
		}
	}
	if len(rows) != first.Total {
		return nil, "", false, fmt.Errorf("got %d observations in %d pages, the API announced %d", len(rows), max(first.Pages, 1), first.Total)
	}
	return rows, first.LastUpdated, fresh, nil
}
