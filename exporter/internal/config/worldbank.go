package config

import (
	"fmt"
	"net/url"
	"regexp"

	"gopkg.in/yaml.v3"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/worldbank"
)

// MaxPerPage is the largest page the configuration accepts; the API's
// documented default is 50 and a few thousand observations per page are
// common.
const MaxPerPage = 32500

// Indicator is one entry of a worldbank source's indicators: a catalogue
// code ("IT.NET.USER.ZS"), or a mapping {id, metric, help, unit} for an
// indicator outside the catalogue.
type Indicator struct {
	ID     string `yaml:"id"`
	Metric string `yaml:"metric,omitempty"`
	Help   string `yaml:"help,omitempty"`
	Unit   string `yaml:"unit,omitempty"`
}

// UnmarshalYAML accepts a code or a mapping; like Source's, it decodes with
// the file's decoder.
func (ind *Indicator) UnmarshalYAML(unmarshal func(any) error) error {
	n, err := node(unmarshal)
	if err != nil {
		return err
	}
	if n.Kind == yaml.ScalarNode {
		*ind = Indicator{ID: n.Value}
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: an indicator is a code or a mapping {id, metric, help, unit}", n.Line)
	}
	type plain Indicator
	return unmarshal((*plain)(ind))
}

var iso3 = regexp.MustCompile(`^[A-Z]{3}$`)

// validateWorldBank checks a worldbank source's own keys and applies their
// defaults; n is the source's node, for line numbers.
func (s *Source) validateWorldBank(n *yaml.Node) error {
	at := func(line int, format string, args ...any) error {
		if line == 0 {
			line = n.Line
		}
		return fmt.Errorf("line %d: source %q: %s", line, s.Name, fmt.Sprintf(format, args...))
	}
	seen := map[string]bool{}
	for i, ind := range s.Indicators {
		line := itemLine(n, "indicators", i)
		if ind.ID == "" {
			return at(line, "indicator has no id")
		}
		if seen[ind.ID] {
			return at(line, "indicator %q is listed twice", ind.ID)
		}
		seen[ind.ID] = true
		if ind.Metric == "" && ind.Help == "" && ind.Unit == "" {
			if _, ok := worldbank.Lookup(ind.ID); !ok {
				return at(line, "indicator %q is not in the catalogue: map it with id, metric, help and unit", ind.ID)
			}
			continue
		}
		if ind.Metric == "" || ind.Help == "" || ind.Unit == "" {
			return at(line, "indicator %q: a mapping needs id, metric, help and unit", ind.ID)
		}
		if err := s.worldBankIndicator(ind).Validate(); err != nil {
			return at(line, "%s", err)
		}
	}
	countries := map[string]bool{}
	for i, c := range s.Countries {
		line := itemLine(n, "countries", i)
		if !iso3.MatchString(c) {
			return at(line, "invalid country %q: want an ISO 3166 alpha-3 code such as KOR", c)
		}
		if countries[c] {
			return at(line, "country %q is listed twice", c)
		}
		countries[c] = true
	}
	if len(s.Countries) == 0 {
		s.Countries = append([]string(nil), worldbank.DefaultCountries...)
	}
	if s.BaseURL == "" {
		s.BaseURL = worldbank.DefaultBaseURL
	}
	pu, err := url.Parse(s.BaseURL)
	if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" || pu.RawQuery != "" || pu.Fragment != "" {
		return at(keyLine(n, "base_url"), "invalid base_url %q: want http(s)://host/path", Redact(s.BaseURL))
	}
	if s.PerPage < 0 || s.PerPage > MaxPerPage {
		return at(keyLine(n, "per_page"), "per_page must be between 1 and %d", MaxPerPage)
	}
	if s.PerPage == 0 {
		s.PerPage = worldbank.DefaultPerPage
	}
	return nil
}

// WorldBankIndicators is what a worldbank source fetches: its indicators,
// catalogue codes resolved, or else the whole catalogue.
func (s *Source) WorldBankIndicators() []worldbank.Indicator {
	if len(s.Indicators) == 0 {
		return append([]worldbank.Indicator(nil), worldbank.Catalogue...)
	}
	out := make([]worldbank.Indicator, 0, len(s.Indicators))
	for _, ind := range s.Indicators {
		out = append(out, s.worldBankIndicator(ind))
	}
	return out
}

func (s *Source) worldBankIndicator(ind Indicator) worldbank.Indicator {
	if ind.Metric == "" {
		if c, ok := worldbank.Lookup(ind.ID); ok {
			return c
		}
	}
	return worldbank.Indicator{ID: ind.ID, Name: ind.ID, Metric: ind.Metric, Help: ind.Help, Unit: ind.Unit}
}

// keyLine is the line of a key in a mapping node, 0 when it is absent.
func keyLine(n *yaml.Node, key string) int {
	if n.Kind != yaml.MappingNode {
		return 0
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i].Line
		}
	}
	return 0
}

// itemLine is the line of a list's i-th item under key.
func itemLine(n *yaml.Node, key string, i int) int {
	v := value(n, key)
	if v == nil || v.Kind != yaml.SequenceNode || i >= len(v.Content) {
		return keyLine(n, key)
	}
	return v.Content[i].Line
}

func value(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
