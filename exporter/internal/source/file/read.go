package file

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/datafile"
)

// Read reads data files and directories (their YAML and CSV files) from
// disk. maxBytes limits each file's size (0: no limit).
func Read(paths []string, maxBytes int64) ([]datafile.File, error) {
	return read(paths, maxBytes, func(_, name string) string { return name })
}

// read is Read with the files named by shown(the configured path, the
// file's path).
func read(paths []string, maxBytes int64, shown func(root, name string) string) ([]datafile.File, error) {
	var files []datafile.File
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		names := []string{p}
		if st.IsDir() {
			entries, err := os.ReadDir(p)
			if err != nil {
				return nil, err
			}
			names = names[:0]
			for _, e := range entries {
				if !e.IsDir() && datafile.Match(e.Name()) {
					names = append(names, filepath.Join(p, e.Name()))
				}
			}
			if len(names) == 0 {
				return nil, fmt.Errorf("%s: no data files (%s)", p, datafile.Patterns)
			}
		}
		for _, n := range names {
			data, err := readLimited(n, maxBytes)
			if err != nil {
				return nil, err
			}
			files = append(files, datafile.File{Name: shown(p, n), Data: data})
		}
	}
	return files, nil
}

func readLimited(name string, maxBytes int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if maxBytes > 0 && st.Size() > maxBytes {
		return nil, fmt.Errorf("%s: file is %d bytes, over the size limit of %d", name, st.Size(), maxBytes)
	}
	// Into a buffer of the file's size: a large file read into a growing
	// buffer would allocate several times its size.
	var buf bytes.Buffer
	buf.Grow(int(st.Size()) + bytes.MinRead)
	r := io.Reader(f)
	if maxBytes > 0 {
		// The file may grow between stat and read: one byte more than the
		// limit shows it did.
		r = io.LimitReader(f, maxBytes+1)
	}
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if maxBytes > 0 && int64(buf.Len()) > maxBytes {
		return nil, fmt.Errorf("%s: over the size limit of %d bytes", name, maxBytes)
	}
	return buf.Bytes(), nil
}

// relativeName is how pages and messages name a file read from root (a
// configured path): relative to root's directory, so that the server's
// layout is not shown: t.yaml for a root /etc/k/t.yaml, data/t.yaml for a
// root /etc/k/data.
func relativeName(root, name string) string {
	rel, err := filepath.Rel(filepath.Dir(filepath.Clean(root)), name)
	if err != nil {
		return filepath.Base(name)
	}
	return filepath.ToSlash(rel)
}
