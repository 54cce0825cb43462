// Package source is what a type of data source provides: its configuration
// block (decoded strictly beside the keys every source has), its validation,
// its fetcher and what the landing page shows about it. Each type is a
// package under source/; sourcetypes.All registers them, and the config
// package decodes a source's block with the type its `type` key names,
// knowing none of them itself (as blackbox_exporter's prober map).
package source

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"

	"gopkg.in/yaml.v3"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
)

// Types are the source types by name: a configuration's `type` values.
type Types map[string]func() Spec

// Names lists the types, sorted, for messages.
func (ts Types) Names() []string {
	names := make([]string, 0, len(ts))
	for n := range ts {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Spec is a source's own configuration block: a pointer to a struct whose
// yaml tags are the keys sources of its type take besides name, type,
// schedule, timeout and max_bytes, holding its defaults before decoding.
type Spec interface {
	// Validate checks the decoded block and applies the defaults that
	// depend on it. at gives the lines of its keys for errors.
	Validate(at Lines) error
	// Fetcher returns the fetcher of a source with this block.
	Fetcher(Settings) (Fetcher, error)
	// Remote reports whether fetching takes the network: `check` leaves
	// such sources out unless asked.
	Remote() bool
	// Where is what the landing page lists under the source's type: its
	// paths or URLs, passwords redacted.
	Where() []string
}

// DefaultScheduler is a Spec whose sources refresh on a schedule of their
// own unless configured otherwise (a politeness to public APIs).
type DefaultScheduler interface {
	DefaultSchedule() string
}

// Settings are the common settings a fetcher takes.
type Settings struct {
	// Name is the source's name (for HTTP clients' names).
	Name string
	// MaxBytes limits each file or HTTP body.
	MaxBytes int64
	// Embedded is the dataset compiled into the binary.
	Embedded fs.FS
}

// Fetcher returns the current data of a source: data files to parse, or
// tables built in Go; dataset.Input.Build validates either the same way.
// A fetcher may also implement Commit, CloseIdleConnections (see Commit).
type Fetcher interface {
	// Fetch returns the data, or ErrNotModified when it is unchanged since
	// the data last committed.
	Fetch(ctx context.Context) (dataset.Input, error)
}

// Committer is a Fetcher that keeps what identifies the data it fetched
// (HTTP validators): Commit is called once that data is published, so that
// later fetches ask whether it changed.
type Committer interface {
	Commit()
}

// ErrNotModified is a fetch that found the data unchanged since the data
// last committed: the refresh keeps it, unparsed, and counts as a success.
var ErrNotModified = errors.New("not modified since the last refresh")

// Lines finds the lines of a source's keys in the configuration file.
type Lines struct{ n *yaml.Node }

// NewLines returns the lines of a source's mapping node.
func NewLines(n *yaml.Node) Lines { return Lines{n} }

// Start is the line where the source starts.
func (l Lines) Start() int { return l.n.Line }

// Key is the line of a key, or of the source when the key is absent.
func (l Lines) Key(key string) int {
	if v := l.keyNode(key); v != nil {
		return v.Line
	}
	return l.n.Line
}

// Item is the line of the i-th item of a list under key.
func (l Lines) Item(key string, i int) int {
	v := l.value(key)
	if v == nil || v.Kind != yaml.SequenceNode || i >= len(v.Content) {
		return l.Key(key)
	}
	return v.Content[i].Line
}

// Errorf is an error at a line of the source (see Error).
func (l Lines) Errorf(line int, format string, args ...any) error {
	return &Error{Line: line, Msg: fmt.Sprintf(format, args...)}
}

func (l Lines) keyNode(key string) *yaml.Node {
	if l.n == nil || l.n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(l.n.Content); i += 2 {
		if l.n.Content[i].Value == key {
			return l.n.Content[i]
		}
	}
	return nil
}

func (l Lines) value(key string) *yaml.Node {
	if l.n == nil || l.n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(l.n.Content); i += 2 {
		if l.n.Content[i].Value == key {
			return l.n.Content[i+1]
		}
	}
	return nil
}

// Error is a mistake in a source's block, at a line of the configuration.
type Error struct {
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// LineOf returns an error's line, if it is an *Error.
func LineOf(err error) (int, string, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e.Line, e.Msg, true
	}
	return 0, "", false
}

// Node is the node an UnmarshalYAML(unmarshal func(any) error) decodes,
// for its lines and kind. Unmarshalers take that function rather than a
// node so that the configuration file's decoder does the decoding: unknown
// keys are rejected (Node.Decode does not), and aliases may refer to
// anchors anywhere in the file.
func Node(unmarshal func(any) error) (*yaml.Node, error) {
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
