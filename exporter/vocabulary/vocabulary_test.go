package vocabulary

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/data"
	"github.com/korea-ict-exporter/korea-ict-exporter/internal/fixturetest"
)

func parseFixture(t *testing.T, name string) (*Vocabulary, error) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return Parse(name, b)
}

// The shipped file must parse: Shipped falls back to an empty vocabulary
// rather than panic, and only this test stands between a broken file and a
// release.
func TestShippedParses(t *testing.T) {
	v, err := Parse(ShippedFile, data.Vocabulary)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Labels) == 0 || len(Shipped().Labels) != len(v.Labels) {
		t.Fatalf("Shipped() has %d labels, the file %d", len(Shipped().Labels), len(v.Labels))
	}
	for _, l := range v.Labels {
		if l.Title == "" || l.Title == l.Name {
			t.Errorf("%s:%d: label %q needs a human title", ShippedFile, l.Line, l.Name)
		}
	}
}

func TestLookups(t *testing.T) {
	v, err := parseFixture(t, "good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ got, want string }{
		{v.Display("authority", "kftc"), "KFTC"},
		{v.Label("authority").Value("kftc").Description, "Korea Financial Telecommunications & Clearings Institute."},
		{v.Display("authority", "nobody"), "nobody"},
		{v.Display("nolabel", "x"), "x"},
		{v.Display("year", "2003"), "2003"},
		{v.LabelTitle("size"), "Firm size"},
		{v.LabelTitle("nolabel"), "nolabel"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	if v.Label("nolabel") != nil {
		t.Error("Label of an unknown name is not nil")
	}
	size := v.Label("size")
	if !size.Ordered || v.Label("authority").Ordered {
		t.Error("ordered flags not read")
	}
	for value, want := range map[string]int{"total": 0, "1-4": 1, "large": 3, "huge": -1} {
		if got := size.Rank(value); got != want {
			t.Errorf("Rank(%q) = %d, want %d", value, got, want)
		}
	}
	var nilLabel *Label
	if nilLabel.Rank("x") != -1 || nilLabel.Documents("x") {
		t.Error("a nil label documents nothing")
	}
}

func TestUndocumented(t *testing.T) {
	v, err := parseFixture(t, "good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ label, value, want string }{
		{"size", "sme", ""},
		{"year", "2003", ""},
		{"year", "1997-2000", `value "1997-2000" of label "year" is not in the vocabulary`},
		{"year", "x2003", `value "x2003" of label "year" is not in the vocabulary`},
		{"size", "huge", `value "huge" of label "size" is not in the vocabulary`},
		{"colour", "red", `label "colour" is not in the vocabulary`},
	} {
		err := v.Undocumented(tc.label, tc.value)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("Check(%s, %s) = %q, want %q", tc.label, tc.value, got, tc.want)
		}
	}
}

func TestLess(t *testing.T) {
	v, err := parseFixture(t, "good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		label string
		in    []string
		want  []string
	}{
		{"size", []string{"large", "zeta", "sme", "alpha", "total", "1-4"}, []string{"total", "1-4", "sme", "large", "alpha", "zeta"}},
		{"year", []string{"2003", "1997-2000", "1996", "2010"}, []string{"1996", "1997-2000", "2003", "2010"}},
		{"nolabel", []string{"10", "9", "b", "a"}, []string{"9", "10", "a", "b"}},
	} {
		got := slices.Clone(tc.in)
		l := v.Label(tc.label)
		sort.Slice(got, func(i, j int) bool { return l.Less(got[i], got[j]) })
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: sorted %v, want %v", tc.label, got, tc.want)
		}
	}
}

func TestMerge(t *testing.T) {
	a, err := parseFixture(t, "good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse("own.yaml", []byte("labels:\n  - name: size\n    title: Other title\n    values:\n      - {value: sme, name: Not this}\n      - {value: huge, name: Huge firms}\n  - name: colour\n    title: Colour\n    values:\n      - {value: red, name: Red}\n"))
	if err != nil {
		t.Fatal(err)
	}
	m := Merge(a, nil, b)
	for _, tc := range []struct{ got, want string }{
		{m.Display("size", "sme"), "SMEs"},
		{m.Display("size", "huge"), "Huge firms"},
		{m.LabelTitle("size"), "Firm size"},
		{m.Display("colour", "red"), "Red"},
		{m.Display("year", "2003"), "2003"},
		{a.Display("size", "huge"), "huge"}, // the inputs are not changed
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	if got := m.Label("size").Rank("huge"); got != 4 {
		t.Errorf("a merged value comes after the first file's: rank %d, want 4", got)
	}
	if len(a.Label("size").Values) != 4 {
		t.Error("Merge changed its input")
	}
}

// Every bad file has its fixture and the exact message a user sees.
func TestBadInput(t *testing.T) {
	fixturetest.Errors(t, "testdata/bad", ".yaml", map[string]string{
		"unknown-key":     `bad/unknown-key.yaml:5: unknown key "colour" in value (allowed: value, name, description)`,
		"duplicate-value": `bad/duplicate-value.yaml:6: value "a" of label "size" is also documented at line 5`,
		"duplicate-label": `bad/duplicate-label.yaml:6: label "size" is also documented at line 2`,
		"missing-names":   "bad/missing-names.yaml:2: missing key \"title\"\nbad/missing-names.yaml:4: missing key \"name\"",
		"no-values":       `bad/no-values.yaml:2: label "size" documents no value: give "values" or a "pattern"`,
		"bad-ordered":     `bad/bad-ordered.yaml:4: "ordered" must be true or false`,
		"bad-pattern":     "bad/bad-pattern.yaml:4: invalid pattern: error parsing regexp: missing closing ]: `[0-9)$`",
		"bad-label-name":  `bad/bad-label-name.yaml:2: invalid label name "Firm Size": use lower snake_case`,
		"malformed":       `bad/malformed.yaml:5: malformed YAML: did not find expected ',' or '}'`,
		"wrong-root":      "bad/wrong-root.yaml:1: unknown key \"label\" in vocabulary file (allowed: labels)\nbad/wrong-root.yaml:1: missing key \"labels\"",
		"duplicate-key":   "bad/duplicate-key.yaml:6: duplicate key \"value\" in value\nbad/duplicate-key.yaml:6: value \"a\" of label \"size\" is also documented at line 5",
	}, func(t *testing.T, name string) error {
		_, err := parseFixture(t, "bad/"+name+".yaml")
		return err
	})
}
