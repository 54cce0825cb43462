// Package architecture holds no code: its tests keep the code map
// (docs/architecture.md) listing every package, and the import graph
// free of the sideways imports the map's rules forbid.
package architecture
