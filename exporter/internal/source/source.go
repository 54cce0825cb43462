// Package source is what a type of data source provides: its configuration
// block (decoded strictly beside the keys every source has), its validation,
// its fetcher and what the landing page shows about it. Each type is a
// package under source/; sourcetypes.All registers them, and the config
// package decodes a source's block with the type its `type` key names,
// knowing none of them itself (as blackbox_exporter's prober map).
package source

import (
	"context"
	"errors"
	"io/fs"
	"slices"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/datafile"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/yamltext"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/vocabulary"
)

// Types are the source types by name: a configuration's `type` values.
type Types map[string]func() Spec

// Names lists the types, sorted, for messages.
func (ts Types) Names() []string {
	names := make([]string, 0, len(ts))
	for n := range ts {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Spec is a source's own configuration block: a pointer to a struct whose
// yaml tags are the keys sources of its type take besides those every
// source takes (config.Common: name, type, schedule, timeout, max_bytes and
// the limits), holding its defaults before decoding.
type Spec interface {
	// Validate checks the decoded block and applies the defaults that
	// depend on it. at gives the lines of its keys for errors.
	Validate(at yamltext.Lines) error
	// Fetcher returns the fetcher of a source with this block.
	Fetcher(Settings) (Fetcher, error)
	// Remote reports whether fetching takes the network: `check` leaves
	// such sources out unless asked.
	Remote() bool
	// Where is what the landing page lists under the source's type: its
	// paths or URLs, passwords redacted.
	Where() []string
	// Reads names what a fetch reads: its paths or URLs as configured,
	// passwords included (never shown). A source's read waits for an
	// abandoned read of the same to return, not for one of others.
	Reads() []string
}

// DefaultScheduler is a Spec whose sources refresh on a schedule of their
// own unless configured otherwise (a politeness to public APIs).
type DefaultScheduler interface {
	DefaultSchedule() string
}

// Settings are the common settings a fetcher takes.
type Settings struct {
	// Name is the source's name (for HTTP clients' names).
	Name string
	// MaxBytes limits each file or HTTP body.
	MaxBytes int64
	// Embedded is the dataset compiled into the binary.
	Embedded Embedded
}

// Embedded is the data an embedded source reads.
type Embedded struct {
	FS fs.FS
	// Vocabulary, when set, is what the data is held to (see
	// datafile.Input.Vocabulary): embedded.Shipped holds the shipped dataset
	// to the shipped vocabulary; a test's small stand-in is held to none.
	Vocabulary *vocabulary.Vocabulary
}

// Fetcher returns the current data of a source: data files to parse, or
// tables built in Go; datafile.Input.Build validates either the same way.
// A fetcher may also implement Commit, CloseIdleConnections (see Commit).
type Fetcher interface {
	// Fetch returns the data, or ErrNotModified when it is unchanged since
	// the data last committed.
	Fetch(ctx context.Context) (datafile.Input, error)
}

// Committer is a Fetcher that keeps what identifies the data it fetched
// (HTTP validators): Commit is called once that data is published, so that
// later fetches ask whether it changed.
type Committer interface {
	Commit()
}

// ErrNotModified is a fetch that found the data unchanged since the data
// last committed: the refresh keeps it, unparsed, and counts as a success.
var ErrNotModified = errors.New("not modified since the last refresh")
