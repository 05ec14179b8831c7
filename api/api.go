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

//go:embed docs/index.html
var docsHTML []byte

// DocsHTML returns the HTML reference of the API, built from the spec by `make docs` (Redoc,
// with its scripts, styles and the spec inlined: the page loads nothing from elsewhere).
// Its navigation lives in the URL fragment, so it can be served at any path, such as /docs/,
// as text/html; charset=utf-8. Each call returns a fresh copy the caller may change.
func DocsHTML() []byte { return bytes.Clone(docsHTML) }
