package worldbank

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
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
	HTTP       *http.Client
	BaseURL    string // without a trailing slash: {BaseURL}/country/...
	Countries  []string
	Indicators []Indicator
	PerPage    int
	MaxBytes   int64 // per response
}

// Tables fetches every indicator, one request sequence each, and converts
// them. Any failure (HTTP, the API's error message, malformed or partial
// pages) fails the whole fetch: partial data is never published.
func (c *Client) Tables(ctx context.Context) ([]*dataset.Table, error) {
	var tables []*dataset.Table
	for _, ind := range c.Indicators {
		rows, updated, err := c.fetch(ctx, ind.ID)
		if err != nil {
			return nil, fmt.Errorf("indicator %s: %w", ind.ID, err)
		}
		t, err := Table(ind, rows, updated)
		if err != nil {
			return nil, err
		}
		if t != nil {
			tables = append(tables, t)
		}
	}
	return tables, nil
}

// URL is the address of one page of an indicator's observations.
func (c *Client) URL(indicator string, page int) string {
	q := url.Values{"format": {"json"}, "per_page": {strconv.Itoa(c.perPage())}, "page": {strconv.Itoa(page)}}
	return strings.TrimSuffix(c.BaseURL, "/") + "/country/" + strings.Join(c.Countries, ";") +
		"/indicator/" + url.PathEscape(indicator) + "?" + q.Encode()
}

func (c *Client) perPage() int {
	if c.PerPage > 0 {
		return c.PerPage
	}
	return DefaultPerPage
}

func (c *Client) fetch(ctx context.Context, indicator string) ([]Row, string, error) {
	var rows []Row
	var first *Page
	for page := 1; ; page++ {
		u := c.URL(indicator, page)
		p, err := c.page(ctx, u)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", redact(u), err)
		}
		if p.Page != page {
			return nil, "", fmt.Errorf("%s: asked for page %d, got page %d", redact(u), page, p.Page)
		}
		if first == nil {
			first = p
		} else if p.Pages != first.Pages || p.Total != first.Total {
			return nil, "", fmt.Errorf("%s: the result changed while paging (page 1 announced %d pages and %d observations, page %d announces %d and %d)",
				redact(u), first.Pages, first.Total, page, p.Pages, p.Total)
		}
		rows = append(rows, p.Rows...)
		if page >= p.Pages {
			break
		}
		if page >= maxPages {
			return nil, "", fmt.Errorf("more than %d pages: raise per_page", maxPages)
		}
	}
	if len(rows) != first.Total {
		return nil, "", fmt.Errorf("got %d observations in %d pages, the API announced %d", len(rows), max(first.Pages, 1), first.Total)
	}
	return rows, first.LastUpdated, nil
}

func (c *Client) page(ctx context.Context, u string) (*Page, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, unwrapURLError(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP status %s", resp.Status)
	}
	if c.MaxBytes > 0 && resp.ContentLength > c.MaxBytes {
		return nil, fmt.Errorf("body of %d bytes is %w of %d bytes", resp.ContentLength, dataset.ErrTooLarge, c.MaxBytes)
	}
	data, err := dataset.ReadAll(resp.Body, c.MaxBytes)
	if err != nil {
		return nil, fmt.Errorf("reading body: %w", unwrapURLError(err))
	}
	return ParsePage(data)
}

// redact hides a password in the base URL, for errors and pages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "<invalid url>"
	}
	return u.Redacted()
}

// unwrapURLError drops net/url's "Get <url>:" prefix: the URL is already in
// the message, redacted.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
