// Package embedded is the source type of the dataset compiled into the
// binary (exporter/data): the report and the article, whose labels the
// shipped vocabulary documents.
package embedded

import (
	"context"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/data"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/datafile"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/yamltext"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/vocabulary"
)

// Spec is an embedded source's block: it has no keys of its own.
type Spec struct{}

// New returns an embedded source's block.
func New() source.Spec { return &Spec{} }

func (*Spec) Validate(yamltext.Lines) error { return nil }
func (*Spec) Remote() bool                  { return false }
func (*Spec) Where() []string               { return nil }
func (*Spec) Reads() []string               { return nil }

func (*Spec) Fetcher(s source.Settings) (source.Fetcher, error) { return fetcher(s.Embedded), nil }

// Shipped is the dataset compiled into the binary (package data), held to
// the shipped vocabulary and conventions (datafile.Input.Vocabulary).
func Shipped() source.Embedded {
	return source.Embedded{FS: data.FS, Vocabulary: vocabulary.Shipped()}
}

type fetcher source.Embedded

func (f fetcher) Fetch(context.Context) (datafile.Input, error) {
	files, err := Read(f.FS)
	return datafile.Input{Files: files, Vocabulary: f.Vocabulary}, err
}
