// Package embedded is the source type of the dataset compiled into the
// binary (exporter/data): the report and the article, whose labels the
// shipped vocabulary documents.
package embedded

import (
	"context"
	"io/fs"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/data"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/vocabulary"
)

// Spec is an embedded source's block: it has no keys of its own.
type Spec struct{}

// New returns an embedded source's block.
func New() source.Spec { return &Spec{} }

func (*Spec) Validate(source.Lines) error { return nil }
func (*Spec) Remote() bool                { return false }
func (*Spec) Where() []string             { return nil }

func (*Spec) Fetcher(s source.Settings) (source.Fetcher, error) { return fetcher{s.Embedded}, nil }

type fetcher struct{ fsys fs.FS }

// Fetch holds the dataset compiled into the binary (package data's FS) to the
// shipped vocabulary and conventions (dataset.Input.Vocabulary); a test's own
// small stand-in for it is not.
func (f fetcher) Fetch(context.Context) (dataset.Input, error) {
	files, err := Read(f.fsys)
	in := dataset.Input{Files: files}
	if f.fsys == fs.FS(data.FS) {
		in.Vocabulary = vocabulary.Shipped()
	}
	return in, err
}
