package embedded

import (
	"io/fs"

	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/datafile"
)

// Read reads every data file (YAML or CSV) at the root of fsys, sorted by
// name.
func Read(fsys fs.FS) ([]datafile.File, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var files []datafile.File
	for _, e := range entries {
		if e.IsDir() || !datafile.Match(e.Name()) {
			continue
		}
		data, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, err
		}
		files = append(files, datafile.File{Name: e.Name(), Data: data})
	}
	return files, nil
}
