// Package file is the source type of data files and directories on disk.
package file

import (
	"context"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/datafile"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/source"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/yamltext"
)

// Spec is a file source's block.
type Spec struct {
	// Paths are data files (YAML or CSV) and directories of them.
	Paths []string `yaml:"paths"`
}

// New returns a file source's block.
func New() source.Spec { return &Spec{} }

func (s *Spec) Validate(at yamltext.Lines) error {
	if len(s.Paths) == 0 {
		return at.Errorf(at.Start(), "a file source needs paths")
	}
	return nil
}

func (s *Spec) Remote() bool    { return false }
func (s *Spec) Where() []string { return s.Paths }
func (s *Spec) Reads() []string { return s.Paths }

func (s *Spec) Fetcher(set source.Settings) (source.Fetcher, error) {
	return fetcher{paths: s.Paths, max: set.MaxBytes}, nil
}

type fetcher struct {
	paths []string
	max   int64
}

func (f fetcher) Fetch(ctx context.Context) (datafile.Input, error) {
	// Named relative to their configured paths: the names are shown on
	// pages (the catalogue, the landing page's errors) that need no login.
	files, err := read(f.paths, f.max, relativeName)
	if err != nil {
		return datafile.Input{}, err
	}
	return datafile.Input{Files: files}, ctx.Err()
}
