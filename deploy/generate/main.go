// Command generate rewrites the generated files of the Kubernetes base
// (deploy/kubernetes) from the repository's alerts, dashboards and
// configuration; `make generate` runs it.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/korea-ict-exporter/korea-ict-exporter/deploy"
)

func main() {
	files, err := deploy.Generate("..")
	for name, b := range files {
		if err != nil {
			break
		}
		err = os.WriteFile(filepath.Join(deploy.Base, name), b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "generate:", err)
		os.Exit(1)
	}
}
