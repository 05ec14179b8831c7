package mock

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/illumidesk/illumidesk-go/api"
	"github.com/illumidesk/illumidesk-go/gen/server"
)

// multipartOverhead is what a multipart body may carry on top of the image: boundaries and
// part headers. A body larger than the image limit plus this cannot hold an acceptable image.
const multipartOverhead = 64 << 10

// drainLimit bounds how much of a refused, oversize body is read and thrown away so that
// the client, still sending, gets the 413 instead of a reset connection.
const drainLimit = 8 << 20

// Server is the mock IllumiDesk API: an http.Handler over an in-memory store. Make one with
// New; it is safe for concurrent use.
type Server struct {
	cfg     config
	spec    []byte
	router  routers.Router
	ops     map[*openapi3.Operation]operation
	valOpts *openapi3filter.Options
	docs    func() []byte // the HTML reference, loaded on the first GET /docs/

	mu     sync.Mutex
	users  []*user             // in creation order, deactivated ones included
	emails []*email            // in creation order
	tokens map[string]verified // tokens that verified, by their text (see authenticate)
}

// New makes a Server with the seeded accounts (see WithEmptyStore), configured by opts.
func New(opts ...Option) (*Server, error) {
	cfg := config{
		now:         time.Now,
		avatarLimit: DefaultAvatarLimit,
		jsonLimit:   DefaultJSONLimit,
		demo:        true,
		sshKeyType:  SSHKeyRSA,
	}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.secret == nil {
		cfg.secret = make([]byte, 32)
		_, _ = rand.Read(cfg.secret)
	}
	if cfg.password == "" {
		b := make([]byte, 12)
		_, _ = rand.Read(b)
		cfg.password = base64.RawURLEncoding.EncodeToString(b)
	}

	spec := api.OpenAPI()
	doc, err := openapi3.NewLoader().LoadFromData(spec)
	if err != nil {
		return nil, fmt.Errorf("mock: loading the spec: %w", err)
	}
	// Route on the path alone: the mock answers on whatever host and port it is served.
	doc.Servers = nil
	auth, err := takeSecurity(doc)
	if err != nil {
		return nil, err
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("mock: routing the spec: %w", err)
	}

	s := &Server{
		cfg:    cfg,
		spec:   spec,
		docs:   sync.OnceValue(api.DocsHTML),
		router: router,
		valOpts: &openapi3filter.Options{
			MultiError: true,
			// Authentication is ours (see authenticate) and has run before validation;
			// takeSecurity has left kin-openapi no security requirement to check, and
			// this would accept any.
			AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
			// The handlers then bind exactly the value that was validated, defaults
			// included, instead of decoding the body again with looser rules.
			KeepValidatedValue: true,
			SchemaValidationOptions: []openapi3.SchemaValidationOption{
				// One map for every validation (WithStringFormatValidator would make
				// one per schema validated); kin-openapi only reads it.
				openapi3.WithStringFormatValidators(map[string]openapi3.StringFormatValidator{
					"email": openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail),
				}),
				openapi3.DisableSchemaErrorDetails(),
			},
		},
	}
	strict := server.NewStrictHandlerWithOptions(handlers{s}, nil, server.StrictHTTPServerOptions{
		RequestErrorHandlerFunc:  s.requestError,
		ResponseErrorHandlerFunc: s.responseError,
	})
	ops := opMux{}
	server.HandlerWithOptions(strict, server.StdHTTPServerOptions{
		BaseRouter:       ops,
		ErrorHandlerFunc: s.paramError,
	})
	s.ops = operations(doc, ops, auth)
	if item := doc.Paths.Value("/v1/users/profiles/"); item != nil && item.Get != nil {
		list := s.ops[item.Get]
		list.handler = bindUsersList(strict, s.paramError)
		s.ops[item.Get] = list
	}
	if err := s.seed(); err != nil {
		return nil, err
	}
	return s, nil
}

// Handler returns the server as an http.Handler, for symmetry with servers that are not one.
func (s *Server) Handler() http.Handler { return s }

// ctxKey keys the requestInfo in a request's context.
type ctxKey struct{}

// requestInfo is what the handlers learn from the request beyond the operation's inputs.
type requestInfo struct {
	caller string // the authenticated user's id; empty on the token endpoints
	base   string // the scheme and host that avatar links start with
}

func infoFrom(ctx context.Context) requestInfo {
	info, _ := ctx.Value(ctxKey{}).(requestInfo)
	return info
}

// ServeHTTP routes, authenticates and validates the request, then runs its operation.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(v) // net/http's way to abort a response: re-raised for it
			}
			// Nothing from the request is logged: it is the client's, and may hold secrets.
			log.Printf("mock: panic: %v\n%s", v, debug.Stack())
			writeDetail(w, http.StatusInternalServerError, "Internal server error.")
		}
	}()

	switch r.URL.Path {
	case "/openapi.yaml":
		serveFile(w, r, "application/yaml", s.spec)
		return
	case "/docs/":
		serveFile(w, r, "text/html; charset=utf-8", s.docs())
		return
	case "/docs":
		http.Redirect(w, r, "/docs/", http.StatusMovedPermanently)
		return
	}
	route, pathParams, ok := s.routeOf(r)
	if !ok {
		s.noRoute(w, r)
		return
	}
	op, ok := s.ops[route.Operation]
	if !ok {
		// Never: every route is an operation of the spec. Refused rather than served
		// without knowing whether it needs a token.
		s.responseError(w, r, fmt.Errorf("no operation for %s %s", route.Method, route.Path))
		return
	}

	info := requestInfo{base: s.baseURL(r)}
	if op.auth {
		id, ok := s.authenticate(r)
		if !ok {
			writeUnauthorized(w)
			return
		}
		info.caller = id
	}

	limit := s.cfg.jsonLimit
	if op.multipart {
		limit = s.cfg.avatarLimit + multipartOverhead
	}
	body, err := readBody(r.Body, limit)
	if err != nil {
		if errors.Is(err, errTooBig) {
			_, _ = io.CopyN(io.Discard, r.Body, drainLimit)
			tooBig := fmt.Sprintf("The request body is larger than %d bytes.", s.cfg.jsonLimit)
			if op.multipart {
				tooBig = s.imageTooBig()
			}
			writeDetail(w, http.StatusRequestEntityTooLarge, tooBig)
			return
		}
		writeFields(w, newFieldErrors().nonField("The request body could not be read."))
		return
	}
	if len(body) == 0 {
		// Most requests (every GET) have none: nothing to wrap.
		r.Body, r.GetBody = http.NoBody, noBody
	} else {
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	r.ContentLength = int64(len(body))

	input := &openapi3filter.RequestValidationInput{
		Request:    r,
		PathParams: pathParams,
		Route:      route,
		Options:    s.valOpts,
	}
	if err := openapi3filter.ValidateRequest(r.Context(), input); err != nil {
		writeFields(w, requestErrors(err))
		return
	}
	r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, info))
	for name, value := range pathParams {
		r.SetPathValue(name, value)
	}
	if op.handler == nil {
		s.responseError(w, r, fmt.Errorf("no handler for %s %s", route.Method, route.Path))
		return
	}
	op.handler(w, r)
}

func noBody() (io.ReadCloser, error) { return http.NoBody, nil }

// operation is what ServeHTTP needs to know of an operation of the spec, looked up once.
type operation struct {
	auth      bool // the spec asks for a token
	multipart bool // the body is a multipart form: the avatar limit applies
	handler   http.HandlerFunc
}

// takeSecurity answers which operations the spec asks a token for, and takes the security
// requirements out of doc. Authentication is the server's own (authenticate, before
// validation); with them in, kin-openapi would check each request against them only to
// call a no-op authentication function, after reading the body into memory once more.
// What it would check besides, that the requirements name declared schemes, holds for
// every request or none: it is checked here once.
func takeSecurity(doc *openapi3.T) (map[*openapi3.Operation]bool, error) {
	var schemes openapi3.SecuritySchemes
	if doc.Components != nil {
		schemes = doc.Components.SecuritySchemes
	}
	auth := map[*openapi3.Operation]bool{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			security := op.Security
			if security == nil {
				security = &doc.Security
			}
			for _, req := range *security {
				for name := range req {
					if ref := schemes[name]; ref == nil || ref.Value == nil {
						return nil, fmt.Errorf("mock: %s %s: security scheme %q is not declared", method, path, name)
					}
				}
			}
			auth[op] = len(*security) > 0
			op.Security = &openapi3.SecurityRequirements{}
		}
	}
	doc.Security = nil
	return auth, nil
}

// operations pairs each operation of doc with its handler from the generated router and
// with what takeSecurity found.
func operations(doc *openapi3.T, byPattern opMux, auth map[*openapi3.Operation]bool) map[*openapi3.Operation]operation {
	out := map[*openapi3.Operation]operation{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			out[op] = operation{
				auth:      auth[op],
				multipart: isMultipart(op),
				handler:   byPattern[strings.ToUpper(method)+" "+path],
			}
		}
	}
	return out
}

// opMux collects the generated router's handlers by operation, "METHOD /path/{param}/".
// The generated router cannot be used itself: http.ServeMux refuses the spec's paths, since
// /v1/users/profiles/{user}/ and /v1/users/{user}/avatar/ both match
// /v1/users/profiles/avatar/. Requests are dispatched on the route kin-openapi found instead,
// whose path parameters are set on the request for the generated code to read.
type opMux map[string]http.HandlerFunc

// HandleFunc records a handler under its pattern, less the ServeMux-only "{$}".
func (m opMux) HandleFunc(pattern string, handler func(http.ResponseWriter, *http.Request)) {
	m[strings.TrimSuffix(pattern, "{$}")] = handler
}

// ServeHTTP is never called: Server.ServeHTTP dispatches. It is here to satisfy the
// generated server.ServeMux interface.
func (m opMux) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	writeDetail(w, http.StatusNotFound, msgNotFound)
}

// serveFile answers GET and HEAD with body, for the spec and its HTML reference.
func serveFile(w http.ResponseWriter, r *http.Request, contentType string, body []byte) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeDetail(w, http.StatusMethodNotAllowed, fmt.Sprintf("Method %q not allowed.", r.Method))
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		_, _ = w.Write(body)
	}
}

var methods = []string{
	http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete,
}

// noRoute answers a request that matches no operation: a redirect when only the trailing
// slash is missing from a GET, 405 when the path has other methods, 404 otherwise.
func (s *Server) noRoute(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if (r.Method == http.MethodGet || r.Method == http.MethodHead) && !strings.HasSuffix(path, "/") {
		if _, _, ok := s.findRoute(http.MethodGet, path+"/"); ok {
			loc := r.URL.EscapedPath() + "/"
			if r.URL.RawQuery != "" {
				loc += "?" + r.URL.RawQuery
			}
			w.Header().Set("Location", loc)
			w.WriteHeader(http.StatusMovedPermanently)
			return
		}
	}
	var allowed []string
	for _, m := range methods {
		if _, _, ok := s.findRoute(m, path); ok {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		writeDetail(w, http.StatusMethodNotAllowed, fmt.Sprintf("Method %q not allowed.", r.Method))
		return
	}
	writeDetail(w, http.StatusNotFound, msgNotFound)
}

// findRoute finds the operation for a method and path (see routeOf).
func (s *Server) findRoute(method, path string) (*routers.Route, map[string]string, bool) {
	return s.routeOf(&http.Request{Method: method, URL: &url.URL{Path: path}})
}

// routeOf finds the operation for a request's method and path; the router reads nothing
// else of it. The router forgives a missing trailing slash; the API does not, every path
// ends in one.
func (s *Server) routeOf(r *http.Request) (*routers.Route, map[string]string, bool) {
	route, params, err := s.router.FindRoute(r)
	if err != nil || strings.HasSuffix(route.Path, "/") != strings.HasSuffix(r.URL.Path, "/") {
		return nil, nil, false
	}
	return route, params, true
}

func isMultipart(op *openapi3.Operation) bool {
	rb := op.RequestBody
	return rb != nil && rb.Value != nil && rb.Value.Content.Get("multipart/form-data") != nil
}

func (s *Server) baseURL(r *http.Request) string {
	if s.cfg.baseURL != "" {
		return s.cfg.baseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Server) imageTooBig() string {
	return fmt.Sprintf("The image is larger than %d bytes.", s.cfg.avatarLimit)
}

var errTooBig = errors.New("body too large")

// readBody reads all of body unless it holds more than limit bytes.
func readBody(body io.Reader, limit int64) ([]byte, error) {
	if body == nil || body == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, errTooBig
	}
	return b, nil
}

// requestError answers a body the generated handler could not bind, which validation
// should have refused already.
func (s *Server) requestError(w http.ResponseWriter, _ *http.Request, err error) {
	writeFields(w, newFieldErrors().nonField(err.Error()))
}

// paramError answers a parameter the generated router could not bind.
func (s *Server) paramError(w http.ResponseWriter, _ *http.Request, err error) {
	var name string
	var invalid *server.InvalidParamFormatError
	var missing *server.RequiredParamError
	switch {
	case errors.As(err, &invalid):
		name = invalid.ParamName
	case errors.As(err, &missing):
		name = missing.ParamName
	}
	f := newFieldErrors()
	if name == "" {
		f.nonField(err.Error())
	} else {
		f.add([]string{name}, "Invalid value.")
	}
	writeFields(w, f)
}

// responseError answers an operation that failed: a bug in the mock.
func (s *Server) responseError(w http.ResponseWriter, _ *http.Request, err error) {
	log.Printf("mock: an operation failed: %v", err)
	writeDetail(w, http.StatusInternalServerError, "Internal server error.")
}
