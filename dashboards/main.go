// Command dashboards writes the project's Grafana dashboards as JSON.
//
//go:generate go run . -out .
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/prometheus/prometheus/promql/parser"

	"github.com/korea-ict-exporter/korea-ict-exporter/dashboards/internal/boards"
)

func main() {
	out := flag.String("out", "dashboards", "directory to write the dashboards' JSON files into")
	matchers := flag.String("matchers", "", "label matchers, without braces, added to every selector of the report boards (e.g. job=\"ict\"); default: none, every job serving the figures")
	flag.Parse()
	if *matchers != "" {
		e, err := parser.NewParser(parser.Options{}).ParseExpr("{" + *matchers + "}")
		if _, ok := e.(*parser.VectorSelector); err == nil && !ok {
			err = fmt.Errorf("not a list of label matchers")
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "dashboards: matchers %q: %v\n", *matchers, err)
			os.Exit(1)
		}
	}
	boards.SetMatchers(*matchers)
	for _, b := range boards.All() {
		data, err := b.Render()
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", b.File(), err)
			os.Exit(1)
		}
		if err := os.WriteFile(filepath.Join(*out, b.File()), data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
