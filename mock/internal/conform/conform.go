// Package conform checks the mock's answers against the spec: an http.RoundTripper that
// validates every response it carries with kin-openapi, for the mock's own tests and for
// package mocktest.
package conform

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/illumidesk/illumidesk-go/api"
)

// Checker validates responses against the spec.
type Checker struct {
	router routers.Router
	opts   *openapi3filter.Options
}

// NewChecker loads the spec.
func NewChecker() (*Checker, error) {
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI())
	if err != nil {
		return nil, err
	}
	// The mock is served on loopback, not on the spec's production host.
	doc.Servers = nil
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	return &Checker{
		router: router,
		opts: &openapi3filter.Options{
			IncludeResponseStatus: true,
			MultiError:            true,
			SchemaValidationOptions: []openapi3.SchemaValidationOption{
				openapi3.WithStringFormatValidator("email",
					openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail)),
				openapi3.WithStringFormatValidator("uuid",
					openapi3.NewRegexpFormatValidator(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)),
				openapi3.WithStringFormatValidator("uri", uriValidator{}),
				// Bodies may hold tokens: keep values out of failure messages.
				openapi3.DisableSchemaErrorDetails(),
			},
		},
	}, nil
}

type uriValidator struct{}

func (uriValidator) Validate(v string) error {
	u, err := url.Parse(v)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return errors.New("not an absolute URI")
	}
	return nil
}

// staticFile gives the content type of what the mock serves beside the API: the spec and
// its HTML reference.
func staticFile(path string) (string, bool) {
	switch path {
	case "/openapi.yaml":
		return "application/yaml", true
	case "/docs/":
		return "text/html", true
	}
	return "", false
}

// Check validates one response to req. Answers the spec does not describe are allowed only
// where the mock documents them: the spec and its HTML reference, a redirect to the slashed
// path, 404 and 405 for paths and methods that are not in the spec, and 413 with an Error
// body for an oversize JSON body.
func (c *Checker) Check(req *http.Request, status int, header http.Header, body []byte) error {
	if contentType, ok := staticFile(req.URL.Path); ok {
		if status == http.StatusMethodNotAllowed && req.Method != http.MethodGet {
			return checkDetail(header, body)
		}
		if status != http.StatusOK || !strings.HasPrefix(header.Get("Content-Type"), contentType) {
			return fmt.Errorf("%s answered %d %q", req.URL.Path, status, header.Get("Content-Type"))
		}
		return nil
	}
	if req.URL.Path == "/docs" {
		if status != http.StatusMovedPermanently || header.Get("Location") != "/docs/" {
			return fmt.Errorf("/docs answered %d, not a redirect to /docs/", status)
		}
		return nil
	}
	route, params, err := c.router.FindRoute(req)
	// The router forgives a missing trailing slash; the API does not.
	if err == nil && strings.HasSuffix(route.Path, "/") != strings.HasSuffix(req.URL.Path, "/") {
		err = routers.ErrPathNotFound
	}
	if err != nil {
		switch status {
		case http.StatusMovedPermanently:
			if loc := header.Get("Location"); !strings.HasSuffix(strings.SplitN(loc, "?", 2)[0], "/") {
				return fmt.Errorf("redirect to %q, not to a slashed path", loc)
			}
			return nil
		case http.StatusNotFound, http.StatusMethodNotAllowed:
			return checkDetail(header, body)
		}
		return fmt.Errorf("status %d for a request that matches no operation", status)
	}
	if status == http.StatusNoContent && len(body) > 0 {
		return errors.New("a 204 answer with a body")
	}
	if status == http.StatusRequestEntityTooLarge && route.Operation.Responses.Status(status) == nil {
		return checkDetail(header, body)
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request:    req,
			PathParams: params,
			Route:      route,
		},
		Status:  status,
		Header:  header,
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: c.opts,
	}
	return openapi3filter.ValidateResponse(context.Background(), input)
}

// checkDetail checks an answer outside the spec for the spec's Error shape.
func checkDetail(header http.Header, body []byte) error {
	if ct := header.Get("Content-Type"); ct != "application/json" {
		return fmt.Errorf("content type %q, want application/json", ct)
	}
	var e struct {
		Detail *string `json:"detail"`
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Detail == nil || *e.Detail == "" {
		return errors.New(`the body is not {"detail": "..."}`)
	}
	return nil
}

// Transport validates every response it carries with a Checker, and reports each one that
// does not conform to Report (a testing.TB's Errorf, say). It buffers response bodies.
type Transport struct {
	Base    http.RoundTripper
	Checker *Checker
	Report  func(format string, args ...any)
}

// RoundTrip sends req with Base and checks the response.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err := t.Checker.Check(req, resp.StatusCode, resp.Header, body); err != nil {
		t.Report("%s %s answered %d, which does not conform to the spec: %v",
			req.Method, req.URL.Path, resp.StatusCode, err)
	}
	return resp, nil
}
