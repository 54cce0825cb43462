package fixturetest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/internal/buildtool"
)

// WideCSV is a CSV data file with n label columns and one row: the shape of
// issue 21's crash (65,536 columns, 578 KB, far under max_bytes).
func WideCSV(n int) string {
	var b strings.Builder
	b.WriteString("metric,unit,value")
	for i := range n {
		fmt.Fprintf(&b, ",l%d", i)
	}
	b.WriteString("\nkorea_ict_w_won,won,1")
	b.WriteString(strings.Repeat(",v", n))
	b.WriteString("\n")
	return b.String()
}

// DocCSVExample is the CSV example of docs/data-format.md, which the docs
// promise loads as it says.
func DocCSVExample(t *testing.T) string {
	t.Helper()
	doc := buildtool.ReadFile(t, "docs", "data-format.md")
	_, example, ok := strings.Cut(string(doc), "```csv\n")
	example, _, ok2 := strings.Cut(example, "```")
	if !ok || !ok2 {
		t.Fatal("docs/data-format.md has no csv example")
	}
	return example
}
