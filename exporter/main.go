package main

import (
	"fmt"
	"os"

	"github.com/alecthomas/kingpin/v2"
	"github.com/korea-ict-exporter/korea-ict-exporter/exporter/internal/dataset"
)

func main() {
	app := kingpin.New("korea-ict-exporter", "")
	check := app.Command("check", "")
	paths := check.Arg("path", "").Strings()
	switch kingpin.MustParse(app.Parse(os.Args[1:])) {
	case check.FullCommand():
		files, err := dataset.ReadPaths(*paths, 0)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if _, _, err := dataset.Build(files); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println("ok")
	}
}
