// Command alerts writes the exporter's Prometheus alerting rules.
//
// The committed alerts.yml selects the demo stack's job; for another scrape
// job, generate your own copy:
//
//	go run ./alerts -selector 'job="ict",env="prod"' > korea-ict-exporter.rules.yml
//
//go:generate go run . -out alerts.yml
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	c := Default
	flag.StringVar(&c.Selector, "selector", c.Selector, "label matchers selecting the exporter's scrape job, without braces")
	flag.StringVar(&c.RunbookURL, "runbook-url", c.RunbookURL, "where docs/runbook.md is published; each alert links to its section")
	out := flag.String("out", "", "file to write the rules to (default: standard output)")
	flag.Parse()
	b, err := Render(c)
	if err == nil {
		if *out == "" {
			_, err = os.Stdout.Write(b)
		} else {
			err = os.WriteFile(*out, b, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "alerts:", err)
		os.Exit(1)
	}
}
