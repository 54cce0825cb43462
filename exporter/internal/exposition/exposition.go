// Package exposition turns a dataset into the bytes a scrape sends. Each
// snapshot of the data renders each wire format at most once, with the
// client_golang/common encoders, and every scrape of that snapshot sends the
// same bytes: scrape cost does not grow with the encoder's cost per series.
package exposition

import (
	"sort"

	dto "github.com/prometheus/client_model/go"
	"google.golang.org/protobuf/proto"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
)

// Reserved names published with the data.
const (
	// TableInfo is the provenance metric: one series per table.
	TableInfo = "korea_ict_table_info"
	// Generation identifies the snapshot a scrape's data comes from.
	Generation = "korea_ict_exporter_data_generation"
)

// family is one metric family of a snapshot, built into dto form only while
// it is being encoded so that a large dataset is never held twice.
type family struct {
	name  string
	build func() *dto.MetricFamily
}

// families lists the snapshot's families, sorted by name: the data, one
// korea_ict_table_info series per table, and the generation.
func families(ds *dataset.Dataset, generation uint64) []family {
	gauge := dto.MetricType_GAUGE.Enum()
	var out []family
	for _, f := range ds.Families() {
		out = append(out, family{f.Name, func() *dto.MetricFamily {
			mf := &dto.MetricFamily{Name: proto.String(f.Name), Help: proto.String(f.HelpText()), Type: gauge}
			mf.Metric = make([]*dto.Metric, 0, len(f.Series))
			for _, s := range f.Series {
				mf.Metric = append(mf.Metric, &dto.Metric{Label: labels(s), Gauge: &dto.Gauge{Value: proto.Float64(s.Value)}})
			}
			sortMetrics(mf.Metric)
			return mf
		}})
	}
	info := &dto.MetricFamily{
		Name: proto.String(TableInfo),
		Help: proto.String("Provenance of each table: its title and source line as printed. Always 1; join on the table label."),
		Type: gauge,
	}
	seen := map[string]bool{}
	for _, t := range ds.Tables {
		if seen[t.ID] || len(t.Metrics) == 0 {
			continue
		}
		seen[t.ID] = true
		info.Metric = append(info.Metric, &dto.Metric{
			Label: []*dto.LabelPair{pair("source", t.SourceLine), pair("table", t.ID), pair("title", t.Title)},
			Gauge: &dto.Gauge{Value: proto.Float64(1)},
		})
	}
	if len(info.Metric) > 0 {
		sortMetrics(info.Metric)
		out = append(out, family{TableInfo, func() *dto.MetricFamily { return info }})
	}
	gen := &dto.MetricFamily{
		Name:   proto.String(Generation),
		Help:   proto.String("Increases by one each time new data is swapped in; every series of one scrape comes from the same generation."),
		Type:   gauge,
		Metric: []*dto.Metric{{Gauge: &dto.Gauge{Value: proto.Float64(float64(generation))}}},
	}
	out = append(out, family{Generation, func() *dto.MetricFamily { return gen }})
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

func labels(s *dataset.Series) []*dto.LabelPair {
	out := make([]*dto.LabelPair, 0, len(s.Labels)+2)
	for _, l := range s.Labels {
		out = append(out, pair(l.Name, l.Value))
	}
	out = append(out, pair(dataset.LabelStatus, s.Status), pair(dataset.LabelTable, s.Metric.Table.ID))
	sort.Slice(out, func(i, j int) bool { return out[i].GetName() < out[j].GetName() })
	return out
}

func pair(name, value string) *dto.LabelPair {
	return &dto.LabelPair{Name: proto.String(name), Value: proto.String(value)}
}

// sortMetrics orders series by their label values, as the text format's
// readers (and golden files) expect a stable order.
func sortMetrics(ms []*dto.Metric) {
	sort.Slice(ms, func(i, j int) bool {
		a, b := ms[i].Label, ms[j].Label
		for k := 0; k < len(a) && k < len(b); k++ {
			if a[k].GetName() != b[k].GetName() {
				return a[k].GetName() < b[k].GetName()
			}
			if a[k].GetValue() != b[k].GetValue() {
				return a[k].GetValue() < b[k].GetValue()
			}
		}
		return len(a) < len(b)
	})
}
