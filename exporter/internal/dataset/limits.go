package dataset

import "fmt"

// Limits bound what one source's data may hold, as Prometheus's scrape
// limits bound a target's (label_limit, label_name_length_limit,
// label_value_length_limit, sample_limit): a file or remote that goes past
// one fails its source's refresh, with an error naming the file and line,
// instead of growing the exporter's memory and every scrape. 0 is no limit.
type Limits struct {
	// Labels is the most labels a series may have, besides table and
	// status (label_limit); never more than MaxLabels.
	Labels int
	// LabelNameLength and LabelValueLength bound a label's name and value,
	// in bytes (label_name_length_limit, label_value_length_limit).
	LabelNameLength, LabelValueLength int
	// Samples is the most series the source's data may hold, absent cells
	// included (sample_limit).
	Samples int
}

// DefaultLimits are each source's limits unless configured: far above
// anything the report or a spreadsheet holds (the shipped dataset's series
// have at most 6 labels besides table and status, and its longest label
// value is 39 bytes), and 2 million series is twice the 1 M that
// docs/performance.md measures (peak RSS 405-441 MB, scraped by Prometheus
// and curl at once).
var DefaultLimits = Limits{Labels: 64, LabelNameLength: 128, LabelValueLength: 2048, Samples: 2_000_000}

// MaxLabels is the most labels a series may have under l.
func (l Limits) MaxLabels() int {
	if l.Labels <= 0 || l.Labels > MaxLabels {
		return MaxLabels
	}
	return l.Labels
}

// TooManyLabels is the error of a series, or a CSV header, with n labels,
// over l.MaxLabels.
func (l Limits) TooManyLabels(n int) error {
	if l.MaxLabels() == MaxLabels {
		return fmt.Errorf("%d labels: a series has at most %d", n, MaxLabels)
	}
	return fmt.Errorf("%d labels, over the source's label_limit of %d", n, l.Labels)
}

// ValidateLabelName is validateLabelName within the name length limit.
func (l Limits) ValidateLabelName(name string) error {
	if n := l.LabelNameLength; n > 0 && len(name) > n {
		return fmt.Errorf("label name %q is %d bytes, over the source's label_name_length_limit of %d", Excerpt(name, 64), len(name), n)
	}
	return validateLabelName(name)
}

// ValidateLabel is validateLabel within the length limits.
func (l Limits) ValidateLabel(name, value string) error {
	if err := l.ValidateLabelName(name); err != nil {
		return err
	}
	if n := l.LabelValueLength; n > 0 && len(value) > n {
		return fmt.Errorf("label %q has a value of %d bytes (%q), over the source's label_value_length_limit of %d", name, len(value), Excerpt(value, 64), n)
	}
	return validateLabel(name, value)
}

// validateSamples reports the first series past the sample limit, if any.
func (l Limits) validateSamples(tables []*Table, errs *Errors) {
	if l.Samples <= 0 {
		return
	}
	n := 0
	for _, t := range tables {
		for _, m := range t.Metrics {
			if n+len(m.Series) > l.Samples {
				s := m.Series[l.Samples-n]
				errs.Add(t.File, int(s.Line), "more than the source's sample_limit of %d series from here on", l.Samples)
				return
			}
			n += len(m.Series)
		}
	}
}
