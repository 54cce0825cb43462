package yamltext

import (
	"errors"
	"fmt"

	"gopkg.in/yaml.v3"
)

// Lines finds the lines of a mapping's keys (a configuration block's) in
// the file it was decoded from, for errors.
type Lines struct{ n *yaml.Node }

// NewLines returns the lines of a mapping node.
func NewLines(n *yaml.Node) Lines { return Lines{n} }

// Start is the line where the mapping starts.
func (l Lines) Start() int { return l.n.Line }

// Key is the line of a key, or of the mapping when the key is absent.
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

// Errorf is an error at a line of the mapping (see LineError).
func (l Lines) Errorf(line int, format string, args ...any) error {
	return &LineError{Line: line, Msg: fmt.Sprintf(format, args...)}
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

// LineError is a mistake in a mapping's content, at a line of its file.
type LineError struct {
	Line int
	Msg  string
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// LineOf returns an error's line and message, if it is a *LineError.
func LineOf(err error) (int, string, bool) {
	var e *LineError
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
