// Package config holds the exporter's configuration file: its data sources,
// their schedules, timeouts and size limits.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/alecthomas/units"
	commoncfg "github.com/prometheus/common/config"
	"github.com/prometheus/common/model"
	"github.com/robfig/cron/v3"
	"gopkg.in/yaml.v3"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/yamltext"
)

// Source types.
const (
	TypeEmbedded = "embedded"
	TypeFile     = "file"
	TypeHTTP     = "http"
	// TypeWorldBank is the World Bank Indicators API (package worldbank).
	TypeWorldBank = "worldbank"
)

// Defaults, documented in the README's config reference.
var (
	DefaultTimeout  = model.Duration(30 * time.Second)
	DefaultMaxBytes = units.Base2Bytes(64 * units.MiB)
	// DefaultWorldBankSchedule: the World Bank updates its indicators a few
	// times a year; daily is plenty and polite.
	DefaultWorldBankSchedule = "@daily"
)

// Config is the whole configuration file.
type Config struct {
	Sources []*Source `yaml:"sources"`
}

// Source is one data source and how often to refresh it.
type Source struct {
	Name string `yaml:"name"`
	Type string `yaml:"type"`
	// Schedule is a cron expression (5 fields, or 6 with seconds), a
	// descriptor such as "@every 6h" or "@daily", optionally prefixed by
	// "CRON_TZ=Area/City ". Empty: load once at start and on reload.
	Schedule string                     `yaml:"schedule,omitempty"`
	Timeout  model.Duration             `yaml:"timeout,omitempty"`
	MaxBytes units.Base2Bytes           `yaml:"max_bytes,omitempty"`
	Paths    []string                   `yaml:"paths,omitempty"`
	URLs     []string                   `yaml:"urls,omitempty"`
	HTTP     commoncfg.HTTPClientConfig `yaml:"http_client_config,omitempty"`

	// World Bank sources only (README, "World Bank source"). Indicators
	// are catalogue codes or mappings; empty: the whole catalogue. Countries
	// are ISO 3166 alpha-3 codes; empty: worldbank.DefaultCountries. BaseURL
	// empty: worldbank.DefaultBaseURL. PerPage 0: worldbank.DefaultPerPage.
	Indicators []Indicator `yaml:"indicators,omitempty"`
	Countries  []string    `yaml:"countries,omitempty"`
	BaseURL    string      `yaml:"base_url,omitempty"`
	PerPage    int         `yaml:"per_page,omitempty"`

	// Parsed is the schedule, nil when Schedule is empty.
	Parsed cron.Schedule `yaml:"-"`
	// Line is where the source starts in the file.
	Line int `yaml:"-"`
}

// ScheduleParser accepts what the README documents: optional seconds and
// descriptors; CRON_TZ= is handled by the cron package itself.
var ScheduleParser = cron.NewParser(cron.SecondOptional | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

var validName = regexp.MustCompile(`^[a-zA-Z0-9_][a-zA-Z0-9_.-]*$`)

// UnmarshalYAML applies defaults and validates a source. It takes the
// decoder's own unmarshal function rather than a node, so that the source is
// decoded by the file's decoder: unknown keys are rejected (Node.Decode would
// not), aliases may refer to anchors anywhere in the file (re-encoding the
// node alone would lose them), lines are the file's, and the decoder's limit
// on aliasing refuses alias bombs.
func (s *Source) UnmarshalYAML(unmarshal func(any) error) error {
	n, err := node(unmarshal)
	if err != nil {
		return err
	}
	type plain Source
	*s = Source{Timeout: DefaultTimeout, MaxBytes: DefaultMaxBytes, HTTP: commoncfg.DefaultHTTPClientConfig}
	if err := unmarshal((*plain)(s)); err != nil {
		return locate(n, err, func() any { return &plain{} })
	}
	s.Line = n.Line
	at := func(format string, args ...any) error {
		return fmt.Errorf("line %d: source %q: %s", n.Line, s.Name, fmt.Sprintf(format, args...))
	}
	if s.Name == "" {
		return fmt.Errorf("line %d: source has no name", n.Line)
	}
	if !validName.MatchString(s.Name) {
		return at("invalid name: use letters, digits, '_', '.', '-'")
	}
	if s.Type != TypeWorldBank {
		for _, k := range []string{"indicators", "countries", "base_url", "per_page"} {
			if line := keyLine(n, k); line > 0 {
				return fmt.Errorf("line %d: source %q: %s is for worldbank sources only", line, s.Name, k)
			}
		}
	}
	switch s.Type {
	case TypeEmbedded:
		if len(s.Paths) > 0 || len(s.URLs) > 0 {
			return at("an embedded source takes no paths or urls")
		}
	case TypeFile:
		if len(s.Paths) == 0 {
			return at("a file source needs paths")
		}
		if len(s.URLs) > 0 {
			return at("a file source takes paths, not urls")
		}
	case TypeHTTP:
		if len(s.URLs) == 0 {
			return at("an http source needs urls")
		}
		if len(s.Paths) > 0 {
			return at("an http source takes urls, not paths")
		}
		for _, u := range s.URLs {
			pu, err := url.Parse(u)
			if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
				return at("invalid url %q: want http(s)://host/path", Redact(u))
			}
		}
		if err := s.HTTP.Validate(); err != nil {
			return at("http_client_config: %s", err)
		}
	case TypeWorldBank:
		if len(s.Paths) > 0 || len(s.URLs) > 0 {
			return at("a worldbank source takes no paths or urls (base_url, indicators and countries say what to fetch)")
		}
		if err := s.validateWorldBank(n); err != nil {
			return err
		}
		if err := s.HTTP.Validate(); err != nil {
			return at("http_client_config: %s", err)
		}
		if s.Schedule == "" {
			s.Schedule = DefaultWorldBankSchedule
		}
	case "":
		return at("missing type (%s, %s, %s or %s)", TypeEmbedded, TypeFile, TypeHTTP, TypeWorldBank)
	default:
		return at("unknown type %q (%s, %s, %s or %s)", s.Type, TypeEmbedded, TypeFile, TypeHTTP, TypeWorldBank)
	}
	if s.Schedule != "" {
		sched, err := ScheduleParser.Parse(s.Schedule)
		if err != nil {
			return at("invalid schedule %q: %s", s.Schedule, err)
		}
		s.Parsed = sched
	}
	if s.Timeout <= 0 {
		return at("timeout must be positive")
	}
	if s.MaxBytes <= 0 {
		return at("max_bytes must be positive")
	}
	return nil
}

// UnmarshalYAML validates the source list as a whole.
func (c *Config) UnmarshalYAML(unmarshal func(any) error) error {
	n, err := node(unmarshal)
	if err != nil {
		return err
	}
	type plain Config
	if err := unmarshal((*plain)(c)); err != nil {
		return err
	}
	if len(c.Sources) == 0 {
		return fmt.Errorf("line %d: no sources", n.Line)
	}
	seen := map[string]*Source{}
	for i, s := range c.Sources {
		if s == nil {
			return fmt.Errorf("line %d: source %d is empty", n.Line, i+1)
		}
		if prev := seen[s.Name]; prev != nil {
			return fmt.Errorf("line %d: duplicate source name %q (first at line %d)", s.Line, s.Name, prev.Line)
		}
		seen[s.Name] = s
	}
	return nil
}

// node is the node an unmarshal function decodes, an alias resolved, for
// its lines. (Unmarshalling into a *yaml.Node itself would decode the
// mapping into the Node struct's fields: only the decoder's top level
// special-cases it.)
func node(unmarshal func(any) error) (*yaml.Node, error) {
	var c capture
	err := unmarshal(&c)
	return c.n, err
}

// capture is an unmarshaler that keeps the node it is given.
type capture struct{ n *yaml.Node }

func (c *capture) UnmarshalYAML(n *yaml.Node) error {
	c.n = n
	return nil
}

// locate gives an error from a field's own unmarshaler (durations, sizes),
// which carries no line, the line of the key that caused it.
func locate(n *yaml.Node, err error, fresh func() any) error {
	if lineRe.MatchString(err.Error()) || n.Kind != yaml.MappingNode {
		return err
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		one := &yaml.Node{Kind: yaml.MappingNode, Content: n.Content[i : i+2]}
		if e := one.Decode(fresh()); e != nil {
			return fmt.Errorf("line %d: %s: %w", n.Content[i].Line, n.Content[i].Value, e)
		}
	}
	return fmt.Errorf("line %d: %w", n.Line, err)
}

var (
	lineRe  = regexp.MustCompile(`line (\d+)`)
	fieldRe = regexp.MustCompile(`field (\S+) not found in type \S+`)
)

// tidy rewrites yaml.v3's messages in the configuration's words, puts its
// syntax errors on the right line (yamltext.SyntaxLine), and gives an
// encoding error, which it reports without a position, its line and column.
func tidy(data []byte, err error) error {
	if line, msg := yamltext.SyntaxLine(data, err.Error()); line > 0 {
		return fmt.Errorf("line %d: %s", line, msg)
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.ReplaceAll(msg, "unmarshal errors:\n  ", "")
	msg = fieldRe.ReplaceAllString(msg, `unknown key "$1"`)
	if !lineRe.MatchString(msg) {
		if e := yamltext.Locate(data, err); e != nil {
			return e
		}
	}
	return errors.New(msg)
}

// Default is the configuration used without --config.file: the embedded
// dataset, loaded once.
func Default() *Config {
	return &Config{Sources: []*Source{{
		Name: "report", Type: TypeEmbedded,
		Timeout: DefaultTimeout, MaxBytes: DefaultMaxBytes, HTTP: commoncfg.DefaultHTTPClientConfig,
	}}}
}

// Load reads and validates a configuration file.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// Parse reads and validates configuration YAML.
func Parse(data []byte) (*Config, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var c Config
	if err := dec.Decode(&c); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("config is empty")
		}
		return nil, tidy(data, err)
	}
	// A document that is only a tag or null decodes without calling
	// UnmarshalYAML, so the validation that needs no node is repeated here.
	if len(c.Sources) == 0 {
		return nil, errors.New("no sources")
	}
	return &c, nil
}

// Redact hides a URL's password, for logs and pages.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "<invalid url>"
	}
	return u.Redacted()
}
