// Package api holds the OpenAPI 3 description of the IllumiDesk Users API: the single source
// of truth from which the client (package gen), the server interface (package gen/server) and
// the mock's request validation are all derived.
package api

import (
	"bytes"
	_ "embed"
)

//go:embed openapi.yaml
var spec []byte

// OpenAPI returns the spec as YAML. Each call returns a fresh copy the caller may change.
func OpenAPI() []byte { return bytes.Clone(spec) }
