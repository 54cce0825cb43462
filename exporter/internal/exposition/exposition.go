// Package exposition turns a dataset into the bytes a scrape sends. Each
// snapshot of the data renders each wire format at most once, with the
// client_golang/common encoders, and every scrape of that snapshot sends the
// same bytes: scrape cost does not grow with the encoder's cost per series.
package exposition

import (
	"fmt"
	"sort"
	"strconv"

	dto "github.com/prometheus/client_model/go"
	"google.golang.org/protobuf/proto"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/vocabulary"
)

// Reserved names published with the data.
const (
	// TableInfo is the provenance metric: one series per table.
	TableInfo = "korea_ict_table_info"
	// LabelInfo is the vocabulary of the values served: one series per
	// label value the data has and the vocabulary lists.
	LabelInfo = "korea_ict_label_info"
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
			mf.Metric = metrics(f.Series)
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
	if labels := labelInfo(ds); len(labels.Metric) > 0 {
		out = append(out, family{LabelInfo, func() *dto.MetricFamily { return labels }})
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

// labelInfo is korea_ict_label_info: for each value of a label that the
// data has and the vocabulary lists, its human name and its rank in the
// label's order (zero-padded, so that it sorts as text), as
// {label="size", size="300+", size_name="300 and more", size_rank="05"}.
// The value sits in a label named after its label, so that a query joins
// the names to its series with one on(size) group_left(size_name); the
// name and rank labels carry the label's name too, so that one series can
// take the names of two labels.
func labelInfo(ds *dataset.Dataset) *dto.MetricFamily {
	mf := &dto.MetricFamily{
		Name: proto.String(LabelInfo),
		Help: proto.String("Human name and natural rank of each label value served, from the vocabulary. Always 1; join on the label: * on(size) group_left(size_name, size_rank) korea_ict_label_info{label=\"size\"}."),
		Type: dto.MetricType_GAUGE.Enum(),
	}
	voc := ds.Vocabulary(vocabulary.Shipped())
	seen := map[dataset.Label]bool{}
	add := func(name, value string) {
		vl := voc.Label(name)
		l := dataset.Label{Name: name, Value: value}
		if vl == nil || seen[l] {
			return
		}
		seen[l] = true
		if vl.Value(value) == nil {
			return
		}
		mf.Metric = append(mf.Metric, &dto.Metric{
			Label: []*dto.LabelPair{
				pair("label", name),
				pair(name, value),
				pair(name+"_name", vl.Value(value).Name),
				pair(name+"_rank", fmt.Sprintf("%0*d", len(strconv.Itoa(len(vl.Values)-1)), vl.Rank(value))),
			},
			Gauge: &dto.Gauge{Value: proto.Float64(1)},
		})
	}
	for _, f := range ds.Families() {
		for _, s := range f.Series {
			for i := range s.NumLabels() {
				l := s.Label(i)
				add(l.Name, l.Value)
			}
			add(dataset.LabelStatus, s.Status())
		}
	}
	for _, m := range mf.Metric {
		sort.Slice(m.Label, func(i, j int) bool { return m.Label[i].GetName() < m.Label[j].GetName() })
	}
	sortMetrics(mf.Metric)
	return mf
}

// metrics builds the dto form of series in a few large allocations rather
// than a dozen per series: a family is built for each render, and one of a
// large dataset has tens of thousands of series.
func metrics(series []*dataset.Series) []*dto.Metric {
	n := 0
	for _, s := range series {
		n += s.NumLabels() + 2
	}
	var (
		out    = make([]*dto.Metric, len(series))
		ms     = make([]dto.Metric, len(series))
		gauges = make([]dto.Gauge, len(series))
		values = make([]float64, len(series))
		pairs  = make([]dto.LabelPair, n)
		ptrs   = make([]*dto.LabelPair, n)
		strs   = make([]string, 0, 2*n)
		names  = map[string]*string{}
	)
	str := func(s string) *string {
		strs = append(strs, s)
		return &strs[len(strs)-1]
	}
	name := func(s string) *string {
		if p := names[s]; p != nil {
			return p
		}
		names[s] = str(s)
		return names[s]
	}
	for i, s := range series {
		labels := ptrs[: s.NumLabels()+2 : s.NumLabels()+2]
		ptrs = ptrs[len(labels):]
		for j := range labels {
			labels[j] = &pairs[j]
		}
		pairs = pairs[len(labels):]
		// Sorted by name: the series' own labels with status and table
		// among them.
		k := 0
		reserved := []struct{ name, value string }{{dataset.LabelStatus, s.Status()}, {dataset.LabelTable, s.Metric.Table.ID}}
		for j := range s.NumLabels() {
			l := s.Label(j)
			for len(reserved) > 0 && reserved[0].name < l.Name {
				labels[k].Name, labels[k].Value = name(reserved[0].name), str(reserved[0].value)
				reserved, k = reserved[1:], k+1
			}
			labels[k].Name, labels[k].Value = name(l.Name), str(l.Value)
			k++
		}
		for _, r := range reserved {
			labels[k].Name, labels[k].Value = name(r.name), str(r.value)
			k++
		}
		values[i] = s.Value
		gauges[i].Value = &values[i]
		ms[i].Label, ms[i].Gauge = labels, &gauges[i]
		out[i] = &ms[i]
	}
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
