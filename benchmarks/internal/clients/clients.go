// Package clients builds the four clients the benchmarks compare, each with its own
// transport made by the same function, so that every client has the same connection
// pool (the facade's defaults: 64 connections per host, all of which may stay idle) and
// the same 30 s timeout.
package clients

import (
	"context"
	"net/http"
	"time"

	"github.com/illumidesk/illumidesk-go/benchmarks/internal/handwritten"
	"github.com/illumidesk/illumidesk-go/benchmarks/ogen"
	"github.com/illumidesk/illumidesk-go/facade"
	"github.com/illumidesk/illumidesk-go/gen"
)

// Token is what every client sends; the benchmark servers do not check it.
const Token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiZW5jaCJ9.c2lnbmF0dXJl"

// Timeout is the per-request timeout every client gets.
const Timeout = 30 * time.Second

// Transport is Go's default transport with the facade's pool sizes.
func Transport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 128
	t.MaxIdleConnsPerHost = 64
	t.MaxConnsPerHost = 64
	return t
}

// HTTPClient is a client with a fresh Transport and the timeout.
func HTTPClient(rt http.RoundTripper) *http.Client {
	if rt == nil {
		rt = Transport()
	}
	return &http.Client{Transport: rt, Timeout: Timeout}
}

// Facade is our client with its defaults (retries included) but the shared HTTP settings.
func Facade(base string, hc *http.Client) (*facade.Client, error) {
	if hc == nil {
		hc = HTTPClient(nil)
	}
	return facade.New(base, facade.WithToken(Token), facade.WithHTTPClient(hc))
}

// Gen is the oapi-codegen client used raw, as someone would without the facade: the
// token and Accept header added by a request editor.
func Gen(base string) (*gen.ClientWithResponses, error) {
	auth := "JWT " + Token
	return gen.NewClientWithResponses(base, gen.WithHTTPClient(HTTPClient(nil)),
		gen.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
			req.Header.Set("Authorization", auth)
			req.Header.Set("Accept", "application/json")
			return nil
		}))
}

type ogenToken struct{}

func (ogenToken) Jwt(context.Context, ogen.OperationName) (ogen.Jwt, error) {
	return ogen.Jwt{APIKey: "JWT " + Token}, nil
}

// Ogen is the client ogen generates from the same spec.
func Ogen(base string) (*ogen.Client, error) {
	return ogen.NewClient(base, ogenToken{}, ogen.WithClient(HTTPClient(nil)))
}

// Handwritten is the net/http + encoding/json baseline.
func Handwritten(base string) *handwritten.Client {
	return handwritten.New(base, Token, HTTPClient(nil))
}
