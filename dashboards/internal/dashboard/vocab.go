package dashboard

import "github.com/korea-ict-exporter/korea-ict-exporter/exporter/vocabulary"

// vocab is the project's vocabulary (exporter/data/vocabulary): the one
// source of the names a person reads on a panel.
var vocab = vocabulary.Shipped()

func display(label, value string) string { return vocab.Display(label, value) }

func labelTitle(label string) string { return vocab.LabelTitle(label) }

// labelValues are a label's known values in the vocabulary's order (the
// natural order of an ordered label).
func labelValues(label string) []string {
	l := vocab.Label(label)
	if l == nil {
		return nil
	}
	out := make([]string, len(l.Values))
	for i, v := range l.Values {
		out[i] = v.Value
	}
	return out
}
