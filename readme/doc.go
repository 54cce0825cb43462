// Package readme holds no code: its tests run the README's set-up commands
// and its PromQL cookbook as written, against the real exporter, so that
// the README cannot silently stop working.
package readme
