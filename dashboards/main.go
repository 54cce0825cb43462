// Command dashboards writes the project's Grafana dashboards as JSON.
//
//go:generate go run . -out .
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/korea-ict-exporter/korea-ict-exporter/dashboards/internal/boards"
)

func main() {
	out := flag.String("out", "dashboards", "directory to write the dashboards' JSON files into")
	flag.Parse()
	for _, b := range boards.All() {
		data, err := b.Render()
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", b.File, err)
			os.Exit(1)
		}
		if err := os.WriteFile(filepath.Join(*out, b.File), data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
