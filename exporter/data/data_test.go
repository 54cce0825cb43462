package data_test

import (
	"flag"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset/datasettest"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source/worldbank"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/vocabulary"
)

var update = flag.Bool("update", false, "rewrite docs/metrics.md and docs/discrepancies.md")

// Numeric cells per table, counted by hand from the printed report (rows ×
// columns, less the cells printed as "-"), independently of the data files.
// Tables 46 and 51 hold only text; table 45 is text but for one figure in a
// cell ("Designates 40 ECRCs nationwide").
var reportCells = map[int]struct{ numbers, dashes int }{
	1: {16, 0}, 2: {21, 0}, 3: {18, 0}, 4: {15, 0}, 5: {25, 0}, 6: {25, 0}, 7: {50, 0}, 8: {50, 0},
	9: {60, 12}, 10: {8, 0}, 11: {5, 0}, 12: {16, 0}, 13: {10, 0}, 14: {14, 0}, 15: {18, 0}, 16: {12, 0},
	17: {30, 0}, 18: {12, 0}, 19: {48, 0}, 20: {18, 0}, 21: {42, 0}, 22: {12, 0}, 23: {16, 0}, 24: {24, 0},
	25: {15, 0}, 26: {52, 0}, 27: {16, 0}, 28: {18, 0}, 29: {30, 0}, 30: {30, 0}, 31: {108, 0}, 32: {39, 0},
	33: {16, 0}, 34: {32, 0}, 35: {9, 0}, 36: {15, 0}, 37: {6, 0}, 38: {48, 0}, 39: {48, 0}, 40: {54, 0},
	41: {48, 0}, 42: {48, 0}, 43: {6, 0}, 44: {12, 0}, 45: {1, 0}, 46: {0, 0}, 47: {24, 0}, 48: {19, 1},
	49: {4, 0}, 50: {15, 0}, 51: {0, 0}, 52: {16, 5}, 53: {4, 0}, 54: {6, 0},
}

func TestEveryTableCellIsPublished(t *testing.T) {
	ds := datasettest.Shipped(t)
	got := map[int][2]int{}
	for _, tb := range ds.Tables {
		if n, err := strconv.Atoi(tb.ID); err == nil {
			p, a := tb.Count()
			got[n] = [2]int{p, a}
		}
	}
	total := 0
	for n := 1; n <= 54; n++ {
		want := reportCells[n]
		total += want.numbers
		if g := got[n]; g[0] != want.numbers || g[1] != want.dashes {
			t.Errorf("table %d: %d published cells and %d dashes, want %d and %d", n, g[0], g[1], want.numbers, want.dashes)
		}
	}
	for n := range got {
		if n < 1 || n > 54 {
			t.Errorf("table %d is not in the report", n)
		}
	}
	t.Logf("%d table cells published", total)
}

func TestDocsAreFresh(t *testing.T) {
	ds := datasettest.Shipped(t)
	for _, doc := range []struct{ path, content string }{
		{"../../docs/metrics.md", metricsDoc(ds, ds.Vocabulary(vocabulary.Shipped()))},
		{"../../docs/discrepancies.md", discrepanciesDoc(ds, ds.Excused)},
	} {
		if *update {
			if err := os.WriteFile(doc.path, []byte(doc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		b, err := os.ReadFile(doc.path)
		if err != nil || string(b) != doc.content {
			t.Errorf("%s is stale: run go test ./exporter/data -update", doc.path)
		}
	}
}

// The vocabulary documents the dataset, not more: a value no series uses is
// left over from a rename. Calendar labels list their whole calendar.
func TestVocabularyHasNoUnusedValues(t *testing.T) {
	ds := datasettest.Shipped(t)
	used := map[[2]string]bool{}
	for _, tb := range ds.Tables {
		used[[2]string{dataset.LabelTable, ""}] = true
		for _, m := range tb.Metrics {
			for _, s := range m.Series {
				used[[2]string{dataset.LabelStatus, ""}] = true
				used[[2]string{dataset.LabelStatus, s.Status()}] = true
				for _, l := range s.Labels() {
					used[[2]string{l.Name, l.Value}] = true
					used[[2]string{l.Name, ""}] = true
				}
			}
		}
	}
	for _, l := range vocabulary.Shipped().Labels {
		if !used[[2]string{l.Name, ""}] {
			t.Errorf("%s:%d: label %q is used by no series", vocabulary.ShippedFile, l.Line, l.Name)
		}
		if slices.Contains([]string{"quarter", "half", "month"}, l.Name) {
			continue
		}
		for _, v := range l.Values {
			if !used[[2]string{l.Name, v.Value}] {
				t.Errorf("%s:%d: %s=%q is used by no series", vocabulary.ShippedFile, v.Line, l.Name, v.Value)
			}
		}
	}
}

// Look-alike metrics say how they differ, and every metric a HELP text names
// exists (in the dataset or among the World Bank's built-in indicators).
func TestLookAlikesNameEachOther(t *testing.T) {
	ds := datasettest.Shipped(t)
	help := map[string]string{}
	for _, f := range ds.Families() {
		help[f.Name] = f.Help
	}
	for _, ind := range worldbank.Builtin {
		help[ind.Metric] = ind.Help
	}
	for _, group := range [][]string{
		{"korea_ict_g2b_purchases_share_ratio", "korea_ict_g2b_transactions_share_ratio", "korea_ict_g2b_construction_contracts_share_ratio"},
		{"korea_ict_sme_wage_relative_to_large_ratio", "korea_ict_wage_per_month_won"},
		{"korea_ict_ebusiness_manpower", "korea_ict_it_skilled_workers"},
		{"korea_ict_ecommerce_rate_ratio", "korea_ict_ecommerce_transactions_share_ratio"},
	} {
		for _, a := range group {
			for _, b := range group {
				if a != b && !strings.Contains(help[a], b) {
					t.Errorf("the help of %s does not tell it from %s: %q", a, b, help[a])
				}
			}
		}
	}
	named := regexp.MustCompile(`korea_ict_[a-z0-9_]+[a-z0-9]`)
	for name, h := range help {
		for _, m := range named.FindAllString(h, -1) {
			if _, ok := help[m]; !ok {
				t.Errorf("the help of %s names %s, which is no metric", name, m)
			}
		}
	}
}
