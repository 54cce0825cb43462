// Package backfill writes a dataset as OpenMetrics with real timestamps, for
// `promtool tsdb create-blocks-from openmetrics`: the report's history on a
// time axis, which the live gauges (period as a label) cannot give.
package backfill

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"google.golang.org/protobuf/proto"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
)

// GranularityLabel replaces the period labels: an annual and a quarterly
// figure of the same metric and labels are different series, not one series
// with samples of different meanings.
const GranularityLabel = "granularity"

// Timestamp places a series in time: at the start of its period (1 January
// of its year, the first day of its quarter, half or month), in UTC. It
// returns false for undated series and for spans such as "1997-2000".
func Timestamp(s *dataset.Series) (time.Time, string, bool) {
	y, ok := s.Get("year")
	if !ok || !yearRe.MatchString(y) {
		return time.Time{}, "", false
	}
	year, _ := strconv.Atoi(y)
	month, granularity := 1, "year"
	if q, ok := s.Get("quarter"); ok {
		n, err := strconv.Atoi(q[len(q)-1:])
		if len(q) != 2 || q[0] != 'Q' || err != nil || n < 1 || n > 4 {
			return time.Time{}, "", false
		}
		month, granularity = 3*(n-1)+1, "quarter"
	}
	if h, ok := s.Get("half"); ok {
		switch h {
		case "H1":
		case "H2":
			month = 7
		default:
			return time.Time{}, "", false
		}
		granularity = "half"
	}
	if m, ok := s.Get("month"); ok {
		n, err := strconv.Atoi(m)
		if err != nil || n < 1 || n > 12 {
			return time.Time{}, "", false
		}
		month, granularity = n, "month"
	}
	return time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC), granularity, true
}

var yearRe = regexp.MustCompile(`^[12][0-9]{3}$`)

// Write writes every dated series of ds as OpenMetrics, sorted by metric,
// series and time, terminated by "# EOF". It returns the series it left out
// (undated, or spanning several years) as "file:line metric{labels}".
func Write(w io.Writer, ds *dataset.Dataset) (skipped []string, err error) {
	gauge := dto.MetricType_GAUGE.Enum()
	for _, f := range ds.Families() {
		mf := &dto.MetricFamily{Name: proto.String(f.Name), Help: proto.String(f.HelpText()), Type: gauge}
		for _, s := range f.Series {
			at, granularity, ok := Timestamp(s)
			if !ok {
				skipped = append(skipped, fmt.Sprintf("%s %s%s", s.Where(), f.Name, labelText(s)))
				continue
			}
			labels := []*dto.LabelPair{pair(GranularityLabel, granularity), pair(dataset.LabelStatus, s.Status()), pair(dataset.LabelTable, s.Metric.Table.ID)}
			for _, l := range s.Labels() {
				if !slices.Contains(dataset.CalendarLabels, l.Name) {
					labels = append(labels, pair(l.Name, l.Value))
				}
			}
			sort.Slice(labels, func(i, j int) bool { return labels[i].GetName() < labels[j].GetName() })
			mf.Metric = append(mf.Metric, &dto.Metric{Label: labels, Gauge: &dto.Gauge{Value: proto.Float64(s.Value)}, TimestampMs: proto.Int64(at.UnixMilli())})
		}
		if len(mf.Metric) == 0 {
			continue
		}
		sort.SliceStable(mf.Metric, func(i, j int) bool {
			a, b := key(mf.Metric[i]), key(mf.Metric[j])
			if a != b {
				return a < b
			}
			return mf.Metric[i].GetTimestampMs() < mf.Metric[j].GetTimestampMs()
		})
		if _, err := expfmt.MetricFamilyToOpenMetrics(w, mf); err != nil {
			return skipped, err
		}
	}
	_, err = expfmt.FinalizeOpenMetrics(w)
	return skipped, err
}

func pair(name, value string) *dto.LabelPair {
	return &dto.LabelPair{Name: proto.String(name), Value: proto.String(value)}
}

func key(m *dto.Metric) string {
	var b []byte
	for _, l := range m.Label {
		b = append(b, l.GetName()...)
		b = append(b, 0)
		b = append(b, l.GetValue()...)
		b = append(b, 1)
	}
	return string(b)
}

func labelText(s *dataset.Series) string {
	out := "{table=\"" + s.Metric.Table.ID + "\""
	for _, l := range s.Labels() {
		out += fmt.Sprintf(",%s=%q", l.Name, l.Value)
	}
	return out + "}"
}
