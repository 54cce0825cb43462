// Package readme holds no code: its tests run the README's set-up commands
// and every PromQL block of the README and of docs/ (the cookbook's among
// them) as written, against the real exporter, so that the documentation
// cannot silently stop working.
package readme
