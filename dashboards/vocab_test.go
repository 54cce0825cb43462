package main

import "github.com/korea-ict-exporter/korea-ict-exporter/exporter/vocabulary"

// shippedNames is the project's vocabulary, the one the dashboards are
// generated from.
func shippedNames() names { return vocabNames{vocabulary.Shipped()} }

type vocabNames struct{ v *vocabulary.Vocabulary }

func (n vocabNames) Display(label, value string) string { return n.v.Display(label, value) }

func (n vocabNames) Rank(label, value string) (int, bool) {
	l := n.v.Label(label)
	if l == nil || !l.Ordered {
		return -1, false
	}
	return l.Rank(value), true
}
