// Package datafile turns a source's data files into a dataset: each file's
// format (by its name or HTTP Content-Type), the parse of every file in its
// format (yamlfile, csvfile) on all cores but one, then dataset.Build over
// their tables and any built in Go.
package datafile

import (
	"fmt"
	"mime"
	"path"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/datafile/csvfile"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/datafile/yamlfile"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/panics"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/vocabulary"
)

// File is a data file's name (for messages) and content.
type File struct {
	Name string
	Data []byte
	// Format is FormatYAML or FormatCSV; empty: by the name's extension.
	Format string
}

// Data file formats. A file's format is its File.Format, or else what its
// name's extension says (FormatOf).
const (
	FormatYAML = "yaml"
	FormatCSV  = "csv"
)

// FormatOf is the format a file name implies: CSV for *.csv, YAML otherwise.
// A URL's query and fragment are ignored.
func FormatOf(name string) string {
	if i := strings.IndexAny(name, "?#"); i >= 0 {
		name = name[:i]
	}
	if strings.EqualFold(path.Ext(name), ".csv") {
		return FormatCSV
	}
	return FormatYAML
}

// FormatOfContentType is the format an HTTP Content-Type names, or "" when
// it names neither (text/plain, application/octet-stream...: the URL's
// extension decides).
func FormatOfContentType(contentType string) string {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	switch mt {
	case "text/csv", "application/csv":
		return FormatCSV
	case "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml":
		return FormatYAML
	}
	return ""
}

// Match reports whether a directory entry is a data file, in any format.
func Match(name string) bool {
	switch path.Ext(name) {
	case ".yaml", ".yml", ".csv":
		return true
	}
	return false
}

// Patterns names Match's files in messages.
const Patterns = "*.yaml, *.yml or *.csv"

// parse reads one data file in its format within a source's limits: a YAML
// file is one table, a CSV file one or more.
func parse(f File, limits dataset.Limits) ([]*dataset.Table, error) {
	format := f.Format
	if format == "" {
		format = FormatOf(f.Name)
	}
	if format == FormatCSV {
		return csvfile.Parse(f.Name, f.Data, limits)
	}
	t, err := yamlfile.Parse(f.Name, f.Data, limits)
	if err != nil {
		return nil, err
	}
	return []*dataset.Table{t}, nil
}

// Build parses, validates and checks a set of data files as one dataset. It
// reports every problem it finds, each with its file and line. It drops each
// file's bytes once parsed, as Input.Build does.
func Build(files []File) (*dataset.Dataset, error) {
	return Input{Files: files}.Build()
}

// Input is what a source fetches: data files to parse, tables built in Go,
// or both.
type Input struct {
	Files  []File
	Tables []*dataset.Table
	// Vocabulary, when set, must document every label name and value, and
	// the data must follow the shipped dataset's conventions
	// (dataset.Options.Vocabulary).
	Vocabulary *vocabulary.Vocabulary
	// Limits are the source's; nil: dataset.DefaultLimits.
	Limits *dataset.Limits
}

// Build parses the input's files and validates and checks them together with
// its tables as one dataset, reporting every problem with its file and line.
// It drops each file's bytes once parsed (in.Files keep their names): a large
// refresh then holds its files and its new data only while it parses.
func (in Input) Build() (*dataset.Dataset, error) {
	return in.build(false)
}

// BuildPart is Build for one part of a dataset that dataset.Merge combines
// with the others (dataset.Options.Part).
func (in Input) BuildPart() (*dataset.Dataset, error) {
	return in.build(true)
}

func (in Input) build(part bool) (*dataset.Dataset, error) {
	limits := dataset.DefaultLimits
	if in.Limits != nil {
		limits = *in.Limits
	}
	var errs dataset.Errors
	var tables []*dataset.Table
	for _, p := range parseAll(in.Files, limits) {
		if es, ok := p.err.(dataset.Errors); ok {
			errs = append(errs, es...)
			continue
		}
		if p.err != nil {
			return nil, p.err // a recovered panic
		}
		tables = append(tables, p.tables...)
	}
	return dataset.Build(append(tables, in.Tables...), dataset.Options{
		Vocabulary: in.Vocabulary, Limits: limits, Part: part, ParseErrors: errs,
	})
}

type parsed struct {
	tables []*dataset.Table
	err    error
}

// parseAll parses files on all cores but one: parsing is most of a large
// refresh's time and files are independent, and the core left free keeps
// scrapes from queueing behind a refresh (docs/performance.md: on 2 CPUs at
// 100k series, scrape p99 during a refresh 1.9x idle instead of 6x, for a
// refresh of 1.3 s instead of 0.9 s). Results keep the files' order, so
// errors are reported in the same order however the work was spread.
func parseAll(files []File, limits dataset.Limits) []parsed {
	out := make([]parsed, len(files))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(max(1, runtime.GOMAXPROCS(0)-1), len(files)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(files); i = int(next.Add(1) - 1) {
				// A bug the file reaches fails the load, not the process.
				out[i].err = panics.Catch(func() (err error) {
					out[i].tables, err = parse(files[i], limits)
					return err
				})
				if _, ok := out[i].err.(dataset.Errors); !ok && out[i].err != nil {
					out[i].err = fmt.Errorf("%s: %w", files[i].Name, out[i].err)
				}
				files[i].Data = nil
			}
		})
	}
	wg.Wait()
	return out
}
