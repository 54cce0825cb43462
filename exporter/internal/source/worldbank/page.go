package worldbank

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Page is one response page of an indicator query: a two-element JSON array,
// the paging metadata and the observations.
//
//	[{"page":1,"pages":2,"per_page":50,"total":65,"sourceid":"2","lastupdated":"2026-01-28"},
//	 [{"indicator":{"id":"IT.NET.USER.ZS","value":"Individuals using the Internet (% of population)"},
//	   "country":{"id":"KR","value":"Korea, Rep."},"countryiso3code":"KOR","date":"2023",
//	   "value":97.4,"unit":"","obs_status":"","decimal":1}, ...]]
//
// An error is a one-element array holding a message list instead:
//
//	[{"message":[{"id":"120","key":"Invalid value","value":"The provided parameter value is not valid"}]}]
type Page struct {
	Page, Pages, PerPage, Total int
	LastUpdated                 string
	Rows                        []Row
}

// Row is one observation; Value is nil where the API gives null (no data).
type Row struct {
	IndicatorID, IndicatorName string
	CountryID, CountryName     string
	ISO3                       string
	Date                       string
	Value                      *json.Number
	Unit                       string
	ObsStatus                  string
}

// APIError is the API's error envelope.
type APIError struct{ ID, Key, Value string }

func (e *APIError) Error() string {
	return fmt.Sprintf("World Bank API error %s (%s): %s", e.ID, e.Key, e.Value)
}

// number is a paging field, which the API writes as a number or as a
// string ("per_page":"50").
type number int

func (n *number) UnmarshalJSON(b []byte) error {
	s := string(bytes.TrimSpace(b))
	if unq, err := strconv.Unquote(s); err == nil && strings.HasPrefix(s, `"`) {
		s = unq
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < 0 {
		return fmt.Errorf("%s is not a count", b)
	}
	*n = number(v)
	return nil
}

type meta struct {
	Page        *number `json:"page"`
	Pages       *number `json:"pages"`
	PerPage     *number `json:"per_page"`
	Total       *number `json:"total"`
	LastUpdated string  `json:"lastupdated"`
	Message     []struct {
		ID    string `json:"id"`
		Key   string `json:"key"`
		Value string `json:"value"`
	} `json:"message"`
}

type idValue struct {
	ID    string `json:"id"`
	Value string `json:"value"`
}

type row struct {
	Indicator       idValue      `json:"indicator"`
	Country         idValue      `json:"country"`
	CountryISO3Code string       `json:"countryiso3code"`
	Date            string       `json:"date"`
	Value           *json.Number `json:"value"`
	Unit            string       `json:"unit"`
	ObsStatus       string       `json:"obs_status"`
}

// ParsePage parses one response page. The API's error envelope is returned
// as an *APIError; anything else that is not a well-formed page is an error
// saying what is wrong.
func ParsePage(data []byte) (*Page, error) {
	var parts []json.RawMessage
	if err := json.Unmarshal(data, &parts); err != nil {
		return nil, fmt.Errorf("malformed response: %s", jsonError(err))
	}
	if len(parts) == 0 {
		return nil, errors.New("malformed response: an empty array")
	}
	var m meta
	if err := json.Unmarshal(parts[0], &m); err != nil {
		return nil, fmt.Errorf("malformed response metadata: %s", jsonError(err))
	}
	if len(m.Message) > 0 {
		msg := m.Message[0]
		return nil, &APIError{ID: msg.ID, Key: msg.Key, Value: msg.Value}
	}
	if len(parts) != 2 {
		return nil, fmt.Errorf("malformed response: an array of %d elements, want the metadata and the observations", len(parts))
	}
	for _, f := range []struct {
		name string
		v    *number
	}{{"page", m.Page}, {"pages", m.Pages}, {"per_page", m.PerPage}, {"total", m.Total}} {
		if f.v == nil {
			return nil, fmt.Errorf("malformed response metadata: no %q", f.name)
		}
	}
	p := &Page{Page: int(*m.Page), Pages: int(*m.Pages), PerPage: int(*m.PerPage), Total: int(*m.Total), LastUpdated: m.LastUpdated}
	var rows []row
	if err := json.Unmarshal(parts[1], &rows); err != nil {
		return nil, fmt.Errorf("malformed observations: %s", jsonError(err))
	}
	switch {
	case p.Page < 1:
		return nil, fmt.Errorf("page number %d", p.Page)
	case p.PerPage < 1:
		return nil, fmt.Errorf("per_page %d", p.PerPage)
	case p.Total == 0 && len(rows) > 0:
		return nil, fmt.Errorf("%d observations on a page of a result of total 0", len(rows))
	case p.Total > 0 && p.Page > p.Pages:
		return nil, fmt.Errorf("page %d of %d", p.Page, p.Pages)
	case len(rows) > p.PerPage:
		return nil, fmt.Errorf("%d observations on a page of %d", len(rows), p.PerPage)
	}
	p.Rows = make([]Row, len(rows))
	for i, r := range rows {
		p.Rows[i] = Row{
			IndicatorID: r.Indicator.ID, IndicatorName: r.Indicator.Value,
			CountryID: r.Country.ID, CountryName: r.Country.Value, ISO3: r.CountryISO3Code,
			Date: r.Date, Value: r.Value, Unit: r.Unit, ObsStatus: r.ObsStatus,
		}
	}
	return p, nil
}

// jsonError adds the byte offset encoding/json knows but does not print.
func jsonError(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%s (at byte %d)", se, se.Offset)
	}
	return err.Error()
}
