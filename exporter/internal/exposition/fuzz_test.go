package exposition

import (
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/data"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/datafile"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/vocabulary"
)

// FuzzExposition: whatever data file passes validation is served as an
// exposition that Prometheus' text parser reads back whole, with every
// series, however odd its labels, help text or values.
func FuzzExposition(f *testing.F) {
	seeds, _ := fs.Glob(data.FS, "*.yaml")
	for _, name := range seeds {
		b, err := fs.ReadFile(data.FS, name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	good, _ := filepath.Glob("../dataset/testdata/good/*.yaml")
	for _, p := range good {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ds, err := datafile.Build([]datafile.File{{Name: "fuzz.yaml", Data: b}})
		if err != nil {
			return
		}
		want := 1 // the generation
		for _, fam := range ds.Families() {
			want += len(fam.Series)
		}
		if len(ds.Tables) > 0 && len(ds.Tables[0].Metrics) > 0 {
			want++ // korea_ict_table_info
		}
		// korea_ict_label_info: one per distinct label value (status
		// among them) that the vocabulary lists.
		voc := ds.Vocabulary(vocabulary.Shipped())
		listed := map[string]bool{}
		for _, fam := range ds.Families() {
			for _, s := range fam.Series {
				for _, l := range append(s.Labels(), dataset.Label{Name: dataset.LabelStatus, Value: s.Status()}) {
					if voc.Label(l.Name).Value(l.Value) != nil {
						listed[l.Name+"\xff"+l.Value] = true
					}
				}
			}
		}
		want += len(listed)
		snap := NewSnapshot(ds, 1)
		body := serve(Handler(func() *Snapshot { return snap }, slog.New(slog.DiscardHandler), prometheus.NewRegistry()), acceptText, "").Body.String()
		p := expfmt.NewTextParser(model.LegacyValidation)
		fams, err := p.TextToMetricFamilies(strings.NewReader(body))
		if err != nil {
			t.Fatalf("the exposition does not parse: %v\n%s", err, body)
		}
		got := 0
		for _, mf := range fams {
			got += len(mf.GetMetric())
		}
		if got != want {
			t.Fatalf("%d series read back, want %d\n%s", got, want, body)
		}
	})
}
