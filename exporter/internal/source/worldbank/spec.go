package worldbank

import (
	"context"
	"fmt"

	commoncfg "github.com/prometheus/common/config"
	"gopkg.in/yaml.v3"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/datafile"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/httpfetch"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/yamltext"
)

// DefaultSchedule: the World Bank updates its indicators a few times a
// year; daily is plenty and polite.
const DefaultSchedule = "@daily"

// MaxPerPage is the largest page the configuration accepts; the API's
// documented default is 50 and a few thousand observations per page are
// common.
const MaxPerPage = 32500

// Spec is a worldbank source's block (docs/configuration.md, "World Bank source").
type Spec struct {
	// Indicators are codes of built-in indicators or mappings; empty:
	// every built-in indicator.
	Indicators []IndicatorConfig `yaml:"indicators,omitempty"`
	// Countries are ISO 3166 alpha-3 codes; empty: DefaultCountries.
	Countries []string `yaml:"countries,omitempty"`
	// BaseURL empty: DefaultBaseURL.
	BaseURL string `yaml:"base_url,omitempty"`
	// PerPage 0: DefaultPerPage.
	PerPage int                        `yaml:"per_page,omitempty"`
	HTTP    commoncfg.HTTPClientConfig `yaml:"http_client_config,omitempty"`
}

// New returns a worldbank source's block with its defaults.
func New() source.Spec { return &Spec{HTTP: commoncfg.DefaultHTTPClientConfig} }

// IndicatorConfig is one entry of indicators: a built-in indicator's code
// ("IT.NET.USER.ZS"), or a mapping {id, metric, help, unit} for an
// indicator that is not built in.
type IndicatorConfig struct {
	ID     string `yaml:"id"`
	Metric string `yaml:"metric,omitempty"`
	Help   string `yaml:"help,omitempty"`
	Unit   string `yaml:"unit,omitempty"`
}

// UnmarshalYAML accepts a code or a mapping, decoded strictly by the
// configuration file's decoder.
func (ind *IndicatorConfig) UnmarshalYAML(unmarshal func(any) error) error {
	n, err := yamltext.Node(unmarshal)
	if err != nil {
		return err
	}
	switch n.Kind {
	case yaml.ScalarNode:
		*ind = IndicatorConfig{ID: n.Value}
		return nil
	case yaml.MappingNode:
		type plain IndicatorConfig
		return unmarshal((*plain)(ind))
	}
	return fmt.Errorf("line %d: an indicator is a code or a mapping {id, metric, help, unit}", n.Line)
}

func (s *Spec) Validate(at yamltext.Lines) error {
	seen := map[string]bool{}
	for i, ind := range s.Indicators {
		line := at.Item("indicators", i)
		if ind.ID == "" {
			return at.Errorf(line, "indicator has no id")
		}
		if seen[ind.ID] {
			return at.Errorf(line, "indicator %q is listed twice", ind.ID)
		}
		seen[ind.ID] = true
		if ind.Metric == "" && ind.Help == "" && ind.Unit == "" {
			if _, ok := Lookup(ind.ID); !ok {
				return at.Errorf(line, "indicator %q is not a built-in indicator: map it with id, metric, help and unit", ind.ID)
			}
			continue
		}
		if ind.Metric == "" || ind.Help == "" || ind.Unit == "" {
			return at.Errorf(line, "indicator %q: a mapping needs id, metric, help and unit", ind.ID)
		}
		if err := ind.indicator().Validate(); err != nil {
			return at.Errorf(line, "%s", err)
		}
	}
	countries := map[string]bool{}
	for i, c := range s.Countries {
		line := at.Item("countries", i)
		if !iso3.MatchString(c) {
			return at.Errorf(line, "invalid country %q: want an ISO 3166 alpha-3 code such as KOR", c)
		}
		if countries[c] {
			return at.Errorf(line, "country %q is listed twice", c)
		}
		countries[c] = true
	}
	if len(s.Countries) == 0 {
		s.Countries = append([]string(nil), DefaultCountries...)
	}
	if s.BaseURL == "" {
		s.BaseURL = DefaultBaseURL
	}
	if err := httpfetch.ValidURL(s.BaseURL); err != nil {
		return at.Errorf(at.Key("base_url"), "invalid base_url %q: %s", httpfetch.Redact(s.BaseURL), err)
	}
	if s.PerPage < 0 || s.PerPage > MaxPerPage {
		return at.Errorf(at.Key("per_page"), "per_page must be between 1 and %d", MaxPerPage)
	}
	if s.PerPage == 0 {
		s.PerPage = DefaultPerPage
	}
	if err := s.HTTP.Validate(); err != nil {
		return at.Errorf(at.Key("http_client_config"), "http_client_config: %s", err)
	}
	return nil
}

func (s *Spec) DefaultSchedule() string { return DefaultSchedule }
func (s *Spec) Remote() bool            { return true }
func (s *Spec) Where() []string         { return []string{httpfetch.Redact(s.BaseURL)} }
func (s *Spec) Reads() []string         { return []string{s.BaseURL} }

// IndicatorList is what the source fetches: its indicators, built-in
// indicators' codes resolved, or else every built-in indicator.
func (s *Spec) IndicatorList() []Indicator {
	if len(s.Indicators) == 0 {
		return append([]Indicator(nil), Builtin...)
	}
	out := make([]Indicator, 0, len(s.Indicators))
	for _, ind := range s.Indicators {
		out = append(out, ind.indicator())
	}
	return out
}

func (ind IndicatorConfig) indicator() Indicator {
	if ind.Metric == "" {
		if c, ok := Lookup(ind.ID); ok {
			return c
		}
	}
	return Indicator{ID: ind.ID, Name: ind.ID, Metric: ind.Metric, Help: ind.Help, Unit: ind.Unit}
}

func (s *Spec) Fetcher(set source.Settings) (source.Fetcher, error) {
	client, err := commoncfg.NewClientFromConfig(s.HTTP, "korea_ict_exporter_source_"+set.Name)
	if err != nil {
		return nil, err
	}
	c := &Client{
		HTTP:    &httpfetch.Client{HTTP: client, MaxBytes: set.MaxBytes, Accept: "application/json"},
		BaseURL: s.BaseURL, Countries: s.Countries, Indicators: s.IndicatorList(), PerPage: s.PerPage,
		Versions: &httpfetch.Versions{KeepBodies: true},
	}
	c.HTTP.Shown = c.Shown
	return fetcher{c}, nil
}

type fetcher struct{ c *Client }

func (f fetcher) Fetch(ctx context.Context) (datafile.Input, error) {
	tables, err := f.c.Tables(ctx)
	return datafile.Input{Tables: tables}, err
}

func (f fetcher) Commit() { f.c.Versions.Commit() }

func (f fetcher) CloseIdleConnections() { f.c.HTTP.HTTP.CloseIdleConnections() }
