//go:build tools

// Package tools pins the generator and the table printer this module runs with `go run`,
// so that `make bench` on a fresh machine fetches exactly these versions.
package tools

import (
	_ "github.com/ogen-go/ogen/cmd/ogen"
	_ "golang.org/x/perf/cmd/benchstat"
)
