package yamltext

import (
	"testing"

	"gopkg.in/yaml.v3"
)

func TestCheckEncoding(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		want       string // "" for no error
	}{
		{"valid", "a: 1\nb: ÄÖ 한국\n", ""},
		{"tab and CRLF", "a:\t1\r\nb: 2\r\n", ""},
		{"byte order mark at the start", "\uFEFFa: 1\n", ""},
		{"invalid leading byte", "a: 1\nb: x\xffy\n", "line 2, column 5: invalid UTF-8 (byte 0xFF): save the file as UTF-8"},
		{"truncated sequence", "a: 1\nb: 한\xed\x95\n", "line 2, column 5: invalid UTF-8 (byte 0xED): save the file as UTF-8"},
		{"surrogate", "a: \xed\xa0\x80\n", "line 1, column 4: invalid UTF-8 (byte 0xED): save the file as UTF-8"},
		{"NUL after CRLF lines", "a: 1\r\nb: 2\r\nc: \x00\n", "line 3, column 4: character U+0000 is not allowed in YAML (a control character?)"},
		{"escape after a lone CR", "a: 1\rb: \x1b[0m\n", "line 2, column 4: character U+001B is not allowed in YAML (a control character?)"},
		{"DEL", "a: \x7f\n", "line 1, column 4: character U+007F is not allowed in YAML (a control character?)"},
		{"byte order mark later", "a: \uFEFF\n", ""},
		{"non-character", "a: \uFFFF\n", "line 1, column 4: character U+FFFF is not allowed in YAML (a control character?)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ""
			if err := checkEncoding([]byte(tc.data)); err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("Check = %q, want %q", got, tc.want)
			}
			// Check agrees with yaml.v3 on what is an encoding error.
			var n yaml.Node
			yerr := yaml.Unmarshal([]byte(tc.data), &n)
			if (yerr != nil) != (tc.want != "") {
				t.Errorf("yaml.v3 says %v", yerr)
			}
		})
	}
}

func TestLocateUnknownAnchor(t *testing.T) {
	for _, tc := range []struct{ name, data, want string }{
		{"block", "a: &common 1\nb:\n  c: *commons\n", "line 3, column 6: alias *commons refers to no anchor &commons before it"},
		{"flow, after a prefix", "a: &x 1\nb: [*x, *xy]\n", "line 2, column 9: alias *xy refers to no anchor &xy before it"},
		{"at the end", "a: 1\r\nb: *z", "line 2, column 4: alias *z refers to no anchor &z before it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var n yaml.Node
			yerr := yaml.Unmarshal([]byte(tc.data), &n)
			if yerr == nil {
				t.Fatal("yaml.v3 accepted it")
			}
			got := ""
			if err := Locate([]byte(tc.data), yerr); err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("Locate(%v) = %q, want %q", yerr, got, tc.want)
			}
		})
	}
}

// SyntaxLine gives the line where the construct that fails starts, or the
// problem is, counted from 1, whichever of yaml.v3's parser and scanner
// reports it.
func TestSyntaxLine(t *testing.T) {
	for _, tc := range []struct {
		data string
		line int
	}{
		{"a: 1\nb: 2\nc: {x: 1\n", 3},            // parser: the unclosed flow mapping
		{"a: [1", 1},                             // parser, on line 1
		{"a:\n  - 1\n  - 2\n c: 3\n", 4},         // parser: the key out of place
		{"a: 1\nb: 2\nc: \"x\n", 3},              // scanner
		{"a: 1\nb: 2\n  c: 3\n", 3},              // scanner
		{"\"", 0},                                // scanner, on line 1: no line
		{"a: 1\n- b\n", 2},                       // parser
		{"%YAML 1.1\n%YAML 1.1\n---\na: 1\n", 2}, // parser: directive
	} {
		var n yaml.Node
		err := yaml.Unmarshal([]byte(tc.data), &n)
		if err == nil {
			t.Errorf("%q: yaml.v3 accepted it", tc.data)
			continue
		}
		if line, _ := SyntaxLine([]byte(tc.data), err.Error()); line != tc.line {
			t.Errorf("%q: %v: line %d, want %d", tc.data, err, line, tc.line)
		}
	}
	if line, rest := SyntaxLine(nil, "line 3: source \"a\": unknown type"); line != 0 || rest != "line 3: source \"a\": unknown type" {
		t.Errorf("not a yaml.v3 message: line %d, rest %q", line, rest)
	}
}

func TestCountLines(t *testing.T) {
	for data, want := range map[string]int{"": 1, "a": 1, "a\n": 1, "a\nb": 2, "a\r\nb\r\n": 2, "a\rb\r": 2, "\n\n": 2} {
		if got := CountLines([]byte(data)); got != want {
			t.Errorf("CountLines(%q) = %d, want %d", data, got, want)
		}
	}
}
