// Package config holds the exporter's configuration file: its data sources,
// their schedules, timeouts and size limits. Each source's own keys are its
// type's (package source): this package decodes them with the type its
// `type` key names and knows no type itself.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/alecthomas/units"
	"github.com/prometheus/common/model"
	"github.com/robfig/cron/v3"
	"gopkg.in/yaml.v3"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/yamltext"
)

// Defaults, documented in docs/configuration.md.
var (
	DefaultTimeout  = model.Duration(30 * time.Second)
	DefaultMaxBytes = units.Base2Bytes(64 * units.MiB)
)

// Config is the whole configuration file.
type Config struct {
	Sources []*SourceConfig `yaml:"sources"`

	types source.Types // what Parse decodes sources with
}

// SourceConfig is one data source's configuration: the keys every source
// has, and its type's own block.
type SourceConfig struct {
	Common `yaml:",inline"`
	// Spec is the type's block, validated.
	Spec source.Spec `yaml:"-"`
	// Parsed is the schedule, nil when Schedule is empty.
	Parsed cron.Schedule `yaml:"-"`
	// Line is where the source starts in the file.
	Line int `yaml:"-"`
}

// Common are the keys of every source.
type Common struct {
	Name string `yaml:"name"`
	Type string `yaml:"type"`
	// Schedule is a cron expression (5 fields, or 6 with seconds), a
	// descriptor such as "@every 6h" or "@daily", optionally prefixed by
	// "CRON_TZ=Area/City ". Empty: the type's default schedule if it has
	// one; otherwise the source refreshes at start and when a reload
	// changes it, and never on its own.
	Schedule string           `yaml:"schedule,omitempty"`
	Timeout  model.Duration   `yaml:"timeout,omitempty"`
	MaxBytes units.Base2Bytes `yaml:"max_bytes,omitempty"`
	// The limits on what the source's data may hold, as Prometheus's scrape
	// configs have them (dataset.Limits); 0 is no limit.
	LabelLimit            int `yaml:"label_limit,omitempty"`
	LabelNameLengthLimit  int `yaml:"label_name_length_limit,omitempty"`
	LabelValueLengthLimit int `yaml:"label_value_length_limit,omitempty"`
	SampleLimit           int `yaml:"sample_limit,omitempty"`
}

// Limits are the source's limits on its data.
func (s *SourceConfig) Limits() dataset.Limits {
	return dataset.Limits{Labels: s.LabelLimit, LabelNameLength: s.LabelNameLengthLimit, LabelValueLength: s.LabelValueLengthLimit, Samples: s.SampleLimit}
}

// Settings are what the source's fetcher takes from its configuration.
func (s *SourceConfig) Settings() source.Settings {
	return source.Settings{Name: s.Name, MaxBytes: int64(s.MaxBytes)}
}

// Equal reports whether two source configurations are the same: a reload
// keeps such a source's data, fetcher and schedule.
func (s *SourceConfig) Equal(o *SourceConfig) bool {
	return s.Common == o.Common && reflect.DeepEqual(s.Spec, o.Spec)
}

// ScheduleParser accepts what docs/configuration.md documents: optional seconds and
// descriptors; CRON_TZ= is handled by the cron package itself.
var ScheduleParser = cron.NewParser(cron.SecondOptional | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

var validName = regexp.MustCompile(`^[a-zA-Z0-9_][a-zA-Z0-9_.-]*$`)

// entry is a source as the list decodes it: decoded later, by decodeSource,
// once its type is known, with the decoder's own unmarshal function.
type entry struct {
	n         *yaml.Node
	unmarshal func(any) error
}

func (e *entry) UnmarshalYAML(unmarshal func(any) error) error {
	n, err := yamltext.Node(unmarshal)
	e.n, e.unmarshal = n, unmarshal
	return err
}

// UnmarshalYAML decodes and validates the source list as a whole.
func (c *Config) UnmarshalYAML(unmarshal func(any) error) error {
	n, err := yamltext.Node(unmarshal)
	if err != nil {
		return err
	}
	var list struct {
		Sources []*entry `yaml:"sources"`
	}
	if err := unmarshal(&list); err != nil {
		return err
	}
	if len(list.Sources) == 0 {
		return fmt.Errorf("line %d: no sources", n.Line)
	}
	seen := map[string]*SourceConfig{}
	for i, e := range list.Sources {
		if e == nil || e.n == nil {
			return fmt.Errorf("line %d: source %d is empty", n.Line, i+1)
		}
		s, err := decodeSource(c.types, e)
		if err != nil {
			return err
		}
		if prev := seen[s.Name]; prev != nil {
			return fmt.Errorf("line %d: duplicate source name %q (first at line %d)", s.Line, s.Name, prev.Line)
		}
		seen[s.Name] = s
		c.Sources = append(c.Sources, s)
	}
	return nil
}

// decodeSource decodes a source's common keys and its type's block as one
// mapping, strictly: a key of neither is an error with its line.
func decodeSource(types source.Types, e *entry) (*SourceConfig, error) {
	n := e.n
	d := dataset.DefaultLimits
	s := &SourceConfig{Common: Common{Timeout: DefaultTimeout, MaxBytes: DefaultMaxBytes,
		LabelLimit: d.Labels, LabelNameLengthLimit: d.LabelNameLength, LabelValueLengthLimit: d.LabelValueLength, SampleLimit: d.Samples,
	}, Line: n.Line}
	var keys map[string]any
	if err := e.unmarshal(&keys); err != nil {
		return nil, err
	}
	name, _ := keys["name"].(string)
	at := func(format string, args ...any) error {
		return fmt.Errorf("line %d: source %q: %s", n.Line, name, fmt.Sprintf(format, args...))
	}
	typ, _ := keys["type"].(string)
	newSpec := types[typ]
	switch {
	case typ == "" && keys["type"] == nil:
		return nil, at("missing type (%s)", list(types.Names()))
	case newSpec == nil:
		return nil, at("unknown type %q (%s)", fmt.Sprint(keys["type"]), list(types.Names()))
	}
	s.Spec = newSpec()
	// Decode both into one struct, so that the decoder checks the keys of
	// the two together.
	both := reflect.New(reflect.StructOf([]reflect.StructField{
		{Name: "Common", Type: reflect.TypeOf(s.Common), Tag: `yaml:",inline"`},
		{Name: "Spec", Type: reflect.TypeOf(s.Spec).Elem(), Tag: `yaml:",inline"`},
	})).Elem()
	both.Field(0).Set(reflect.ValueOf(s.Common))
	both.Field(1).Set(reflect.ValueOf(s.Spec).Elem())
	if err := e.unmarshal(both.Addr().Interface()); err != nil {
		return nil, explain(n, name, typ, types, locate(n, err, both.Type()))
	}
	s.Common = both.Field(0).Interface().(Common)
	reflect.ValueOf(s.Spec).Elem().Set(both.Field(1))

	if s.Name == "" {
		return nil, fmt.Errorf("line %d: source has no name", n.Line)
	}
	if !validName.MatchString(s.Name) {
		return nil, at("invalid name: use letters, digits, '_', '.', '-'")
	}
	if err := s.Spec.Validate(yamltext.NewLines(n)); err != nil {
		if line, msg, ok := yamltext.LineOf(err); ok {
			return nil, fmt.Errorf("line %d: source %q: %s", line, s.Name, msg)
		}
		return nil, at("%s", err)
	}
	if d, ok := s.Spec.(source.DefaultScheduler); ok && s.Schedule == "" {
		s.Schedule = d.DefaultSchedule()
	}
	if s.Schedule != "" {
		sched, err := ScheduleParser.Parse(s.Schedule)
		if err != nil {
			return nil, at("invalid schedule %q: %s", s.Schedule, err)
		}
		s.Parsed = sched
	}
	if s.Timeout <= 0 {
		return nil, at("timeout must be positive")
	}
	if s.MaxBytes <= 0 {
		return nil, at("max_bytes must be positive")
	}
	for _, l := range []struct {
		key string
		v   int
	}{{"label_limit", s.LabelLimit}, {"label_name_length_limit", s.LabelNameLengthLimit}, {"label_value_length_limit", s.LabelValueLengthLimit}, {"sample_limit", s.SampleLimit}} {
		if l.v < 0 {
			return nil, at("%s must not be negative (0: no limit)", l.key)
		}
	}
	return s, nil
}

func list(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// locate gives an error from a field's own unmarshaler (durations, sizes),
// which carries no line, the line of the key that caused it.
func locate(n *yaml.Node, err error, target reflect.Type) error {
	if lineRe.MatchString(err.Error()) || n.Kind != yaml.MappingNode {
		return err
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		one := &yaml.Node{Kind: yaml.MappingNode, Content: n.Content[i : i+2]}
		if e := one.Decode(reflect.New(target).Interface()); e != nil {
			return fmt.Errorf("line %d: %s: %w", n.Content[i].Line, n.Content[i].Value, e)
		}
	}
	return fmt.Errorf("line %d: %w", n.Line, err)
}

// explain says, of an unknown key that another type takes, which type.
func explain(n *yaml.Node, name, typ string, types source.Types, err error) error {
	m := unknownKeyRe.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	var owners []string
	for _, other := range types.Names() {
		if slices.Contains(keysOf(reflect.TypeOf(types[other]()).Elem()), m[2]) {
			owners = append(owners, other)
		}
	}
	if len(owners) == 0 {
		return err
	}
	return fmt.Errorf("line %s: source %q: %s is for %s sources only, not %s", m[1], name, m[2], list(owners), typ)
}

// keysOf lists a struct's yaml keys.
func keysOf(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if tag != "" && tag != "-" {
			keys = append(keys, tag)
		}
	}
	return keys
}

var (
	lineRe       = regexp.MustCompile(`line (\d+)`)
	fieldRe      = regexp.MustCompile(`field (\S+) not found in type [^\n]*`)
	unknownKeyRe = regexp.MustCompile(`line (\d+): field (\S+) not found in type`)
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
func Default(types source.Types) (*Config, error) {
	return Parse([]byte("sources: [{name: report, type: embedded}]"), types)
}

// Load reads and validates a configuration file; types are the source
// types it may use.
func Load(path string, types source.Types) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := Parse(data, types)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// Parse reads and validates configuration YAML.
func Parse(data []byte, types source.Types) (*Config, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	c := &Config{types: types}
	if err := dec.Decode(c); err != nil {
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
	return c, nil
}
