package facade_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/illumidesk/illumidesk-go/facade"
	"github.com/illumidesk/illumidesk-go/gen"
)

// The test server mounts the API under apiPrefix, so a client that drops the base URL's
// path (as a client that builds "/v1/..." from the host alone would) hits the catch-all and
// fails the test.
const apiPrefix = "/api-prefix"

// Fake credentials. They are secrets as far as the tests go: no test prints them, and
// failure messages show them as "[secret]".
const (
	testToken    = "test-token.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl"
	testPassword = "correct-horse-battery-staple"
	newPassword  = "another-long-secret-phrase"
	testAPIKey   = "api-key.eyJzdWIiOiJhcGkifQ.a2V5c2lnbmF0dXJl"
)

var secrets = []string{testToken, testPassword, newPassword, testAPIKey}

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// checkLeaks fails t if a goroutine started during the test outlives it. Call it first, so
// that its cleanup runs last, after the servers and transports are closed.
func checkLeaks(t *testing.T) {
	t.Helper()
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, ignore) })
}

// redact replaces the known secrets in s, so that a failure message can show s.
func redact(s string, more ...string) string {
	for _, sec := range append(slices.Clone(secrets), more...) {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, "[secret]")
		}
	}
	return s
}

// recorded is one request as the server saw it.
type recorded struct {
	Method   string
	Path     string // decoded, with the prefix
	RawPath  string // r.URL.RawPath: set only when the path needed escaping
	RawQuery string
	Query    url.Values
	Header   http.Header
	Body     []byte
}

// testServer is an httptest server with the API under apiPrefix. It records every request
// that reaches it (body included) and counts them all, the stray ones too.
type testServer struct {
	*httptest.Server
	Base string // the base URL to give facade.New: the server's URL and the prefix

	mu    sync.Mutex
	reqs  []recorded
	count atomic.Int64
}

type serverOption func(*serverConfig)

type serverConfig struct{ streaming bool }

// streaming leaves request bodies unread for the handler, which then sees the body as it
// arrives; such requests are recorded without their bodies.
func streaming() serverOption { return func(c *serverConfig) { c.streaming = true } }

// newServer starts a server whose handler h sees paths with the prefix stripped
// ("/v1/me/"). It is closed when the test ends.
func newServer(t *testing.T, h http.Handler, opts ...serverOption) *testServer {
	t.Helper()
	var cfg serverConfig
	for _, o := range opts {
		o(&cfg)
	}
	s := &testServer{}
	api := http.StripPrefix(apiPrefix, h)
	outer := http.NewServeMux()
	outer.HandleFunc(apiPrefix+"/", func(w http.ResponseWriter, r *http.Request) {
		s.count.Add(1)
		var body []byte
		if !cfg.streaming {
			body, _ = io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		s.mu.Lock()
		s.reqs = append(s.reqs, recorded{
			Method: r.Method, Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery,
			Query: r.URL.Query(), Header: r.Header.Clone(), Body: body,
		})
		s.mu.Unlock()
		api.ServeHTTP(w, r)
	})
	outer.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.count.Add(1)
		t.Errorf("%s %s reached the server outside %s/: the client dropped the base URL's path", r.Method, r.URL.Path, apiPrefix)
		http.Error(w, "outside the API prefix", http.StatusMisdirectedRequest)
	})
	s.Server = httptest.NewServer(outer)
	t.Cleanup(s.Close)
	s.Base = s.URL + apiPrefix + "/"
	return s
}

// requests returns what the server has recorded so far.
func (s *testServer) requests() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reqs)
}

// fastRetries keeps the retry tests quick: waits of a few milliseconds at most.
var fastRetries = facade.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 4 * time.Millisecond, MaxRetryAfter: 3 * time.Second}

// client returns a facade client for s with the test token, fast retries and a transport
// of the test's own, whose connections are closed when the test ends. opts come after
// those defaults and so can replace them.
func (s *testServer) client(t *testing.T, opts ...facade.Option) *facade.Client {
	t.Helper()
	return newClient(t, s.Base, opts...)
}

func newClient(t *testing.T, base string, opts ...facade.Option) *facade.Client {
	t.Helper()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	all := append([]facade.Option{
		facade.WithToken(testToken),
		facade.WithHTTPClient(&http.Client{Transport: tr}),
		facade.WithRetryPolicy(fastRetries),
	}, opts...)
	c, err := facade.New(base, all...)
	require.NoError(t, err)
	return c
}

// logBuffer collects a client's log lines; safe for concurrent use.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// lines decodes the JSON log lines.
func (b *logBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	for line := range strings.SplitSeq(strings.TrimSpace(b.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &m), "log line is not JSON: %s", redact(line))
		out = append(out, m)
	}
	return out
}

// withLog logs at debug level, as JSON, into buf.
func withLog(buf *logBuffer) facade.Option {
	return facade.WithLogger(slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
}

// reply answers every request with status and body (as JSON unless the body is empty).
func reply(status int, body string) http.HandlerFunc {
	return replyType(status, "application/json", body)
}

func replyType(status int, contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		switch {
		case body == "":
		case contentType == "":
			w.Header()["Content-Type"] = nil // and no sniffing either
		default:
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// assertAuth checks the Authorization header without printing the token: absent when want
// is "", else sent exactly once with the value want.
func assertAuth(t *testing.T, h http.Header, want string) {
	t.Helper()
	got := h.Values("Authorization")
	switch {
	case want == "" && len(got) != 0:
		t.Errorf("Authorization sent (%d values: %s), want none", len(got), redact(strings.Join(got, " | "), want))
	case want != "" && (len(got) != 1 || got[0] != want):
		t.Errorf("Authorization: got %d values (%s), want exactly one: %s", len(got), redact(strings.Join(got, " | "), want), redact(want))
	}
}

// assertJSONEq compares JSON bodies, showing secrets redacted if they differ.
func assertJSONEq(t *testing.T, want, got string) {
	t.Helper()
	assert.JSONEq(t, redact(want), redact(got))
}

// collect drains an iterator, stopping at its first error.
func collect[T any](seq func(func(T, error) bool)) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Fixtures: what the API answers for Ada and her address.
const (
	adaID     = "3f2c1a9e-5b7d-4c8e-9f10-2a3b4c5d6e7f"
	graceID   = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
	emailID   = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"
	adaJSON   = `{"id":"` + adaID + `","username":"ada","email":"ada@example.com","first_name":"Ada","last_name":"Lovelace","profile":{"avatar":null,"bio":"Analyst of engines.","company":null,"config":{"theme":"dark"},"location":"London","timezone":"Europe/London","url":null}}`
	graceJSON = `{"id":"` + graceID + `","username":"grace","email":"grace@example.com","first_name":"","last_name":"","profile":{"avatar":"https://api.example.com/media/grace.png","bio":null,"company":"Navy","config":{},"location":null,"timezone":null,"url":"https://example.com/grace"}}`
	emailJSON = `{"id":"` + emailID + `","user":"` + adaID + `","address":"ada@example.com","public":false,"unsubscribed":true}`
)

var (
	adaUser = facade.User{
		ID: adaID, Username: "ada", Email: "ada@example.com", FirstName: "Ada", LastName: "Lovelace",
		Profile: facade.Profile{Bio: "Analyst of engines.", Location: "London", Timezone: "Europe/London", Config: map[string]any{"theme": "dark"}},
	}
	graceUser = facade.User{
		ID: graceID, Username: "grace", Email: "grace@example.com",
		Profile: facade.Profile{Avatar: "https://api.example.com/media/grace.png", Company: "Navy", URL: "https://example.com/grace", Config: map[string]any{}},
	}
	adaEmail = facade.Email{ID: emailID, User: adaID, Address: "ada@example.com", Unsubscribed: true}
)

// callCase is one facade call against a server that answers it once, and what the server
// must have seen.
type callCase struct {
	name string
	call func(ctx context.Context, c *facade.Client) (any, error)

	// The server's answer; the content type is JSON when the body is not empty.
	status int
	reply  string

	// The request the client must send. path is below the prefix; query nil means none;
	// body "" means none, else the JSON expected; noAuth means no Authorization header.
	method string
	path   string
	query  url.Values
	body   string
	noAuth bool
	// tmpl is the path the log line shows.
	tmpl string

	want any
}

// runCallCases runs each case against a fresh server and client, and checks the request
// sent, the result and the log line.
func runCallCases(t *testing.T, cases []callCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t, reply(tc.status, tc.reply))
			var logs logBuffer
			c := s.client(t, withLog(&logs))

			got, err := tc.call(t.Context(), c)
			require.NoError(t, err)
			if str, ok := got.(string); ok {
				assert.Equal(t, redact(tc.want.(string)), redact(str))
			} else {
				assert.Equal(t, tc.want, got)
			}

			reqs := s.requests()
			require.Len(t, reqs, 1, "requests the server saw")
			r := reqs[0]
			assert.Equal(t, tc.method, r.Method)
			assert.Equal(t, apiPrefix+tc.path, r.Path)
			if tc.query == nil {
				assert.Empty(t, r.RawQuery, "query")
			} else {
				assert.Equal(t, tc.query, r.Query)
			}
			if tc.noAuth {
				assertAuth(t, r.Header, "")
			} else {
				assertAuth(t, r.Header, "JWT "+testToken)
			}
			assert.Equal(t, []string{"application/json"}, r.Header.Values("Accept"))
			assert.Equal(t, []string{"illumidesk-go/" + facade.Version + " (+https://github.com/illumidesk/illumidesk-go)"}, r.Header.Values("User-Agent"))
			if tc.body == "" {
				assert.Empty(t, r.Body, "request body")
				assert.Empty(t, r.Header.Values("Content-Type"), "Content-Type of a request without body")
			} else {
				assert.Equal(t, []string{"application/json"}, r.Header.Values("Content-Type"))
				assertJSONEq(t, tc.body, string(r.Body))
			}

			lines := logs.lines(t)
			require.Len(t, lines, 1, "log lines")
			l := lines[0]
			assert.Equal(t, "DEBUG", l["level"])
			assert.Equal(t, tc.method, l["method"])
			assert.Equal(t, tc.tmpl, l["path"])
			assert.InDelta(t, tc.status, l["status"], 0)
			assert.InDelta(t, 1, l["attempt"], 0)
			assert.Contains(t, l, "duration")
		})
	}
}

func TestNewBaseURLPathKept(t *testing.T) {
	for _, withSlash := range []bool{true, false} {
		t.Run(map[bool]string{true: "with slash", false: "without slash"}[withSlash], func(t *testing.T) {
			s := newServer(t, reply(http.StatusOK, adaJSON))
			base := s.Base
			if !withSlash {
				base = strings.TrimSuffix(base, "/")
			}
			c := newClient(t, base)
			assert.Equal(t, s.Base, c.BaseURL())
			_, err := c.Users.Me(t.Context())
			require.NoError(t, err)
			reqs := s.requests()
			require.Len(t, reqs, 1)
			assert.Equal(t, apiPrefix+"/v1/me/", reqs[0].Path)
		})
	}
}

func TestNewOptionErrors(t *testing.T) {
	badPolicies := map[string]facade.RetryPolicy{
		"zero attempts":      {},
		"negative attempts":  {MaxAttempts: -1},
		"negative base":      {MaxAttempts: 3, BaseDelay: -time.Second, MaxDelay: time.Second},
		"negative max":       {MaxAttempts: 3, MaxDelay: -time.Second},
		"negative retry cap": {MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Second, MaxRetryAfter: -1},
		"max below base":     {MaxAttempts: 3, BaseDelay: time.Second, MaxDelay: time.Millisecond},
	}
	cases := []struct {
		name    string
		base    string
		opts    []facade.Option
		wantErr string // part of the message
		wantIs  error
	}{
		{name: "empty token", opts: []facade.Option{facade.WithToken("")}, wantErr: "empty token"},
		{name: "token with space", opts: []facade.Option{facade.WithToken("JWT " + testToken)}, wantErr: "white space"},
		{name: "token with newline", opts: []facade.Option{facade.WithToken(testToken + "\n")}, wantErr: "white space"},
		{name: "empty refreshing token", opts: []facade.Option{facade.WithRefreshingToken("")}, wantErr: "empty token"},
		{name: "refreshing token with tab", opts: []facade.Option{facade.WithRefreshingToken("a\tb")}, wantErr: "white space"},
		{name: "nil token source", opts: []facade.Option{facade.WithTokenSource(nil)}, wantErr: "nil TokenSource"},
		{name: "nil http client", opts: []facade.Option{facade.WithHTTPClient(nil)}, wantErr: "nil *http.Client"},
		{name: "empty user agent", opts: []facade.Option{facade.WithUserAgent("")}, wantErr: "WithUserAgent"},
		{name: "user agent with CRLF", opts: []facade.Option{facade.WithUserAgent("app/1\r\nX-Evil: 1")}, wantErr: "WithUserAgent"},
		{name: "negative timeout", opts: []facade.Option{facade.WithTimeout(-time.Second)}, wantErr: "negative duration"},
		{name: "empty auth prefix", opts: []facade.Option{facade.WithAuthPrefix("")}, wantErr: "WithAuthPrefix"},
		{name: "auth prefix of two words", opts: []facade.Option{facade.WithAuthPrefix("JWT Bearer")}, wantErr: "WithAuthPrefix"},
		{name: "zero max response", opts: []facade.Option{facade.WithMaxResponseBytes(0)}, wantErr: "WithMaxResponseBytes"},
		{name: "negative max upload", opts: []facade.Option{facade.WithMaxUploadBytes(-1)}, wantErr: "WithMaxUploadBytes"},
		{name: "empty base URL", base: "", wantErr: "scheme"},
		{name: "ftp base URL", base: "ftp://x", wantErr: "scheme"},
		{name: "base URL without host", base: "http://", wantErr: "no host"},
		{name: "base URL with credentials", base: "https://user:pw@host", wantErr: "credentials"},
		{name: "base URL with query", base: "https://h/?q=1", wantErr: "query"},
		{name: "base URL with fragment", base: "https://h/#top", wantErr: "fragment"},
		{name: "unparsable base URL", base: "https://h/%zz", wantErr: "base URL"},
		{name: "plain http to another host", base: "http://api.example.com", wantIs: facade.ErrInsecureTransport},
		{name: "plain http to a private address", base: "http://10.0.0.1:8080", wantIs: facade.ErrInsecureTransport},
	}
	for name, p := range badPolicies {
		cases = append(cases, struct {
			name    string
			base    string
			opts    []facade.Option
			wantErr string
			wantIs  error
		}{name: "retry policy: " + name, opts: []facade.Option{facade.WithRetryPolicy(p)}, wantErr: "RetryPolicy"})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			base := tc.base
			if base == "" && tc.wantErr != "scheme" {
				base = "https://api.example.com"
			}
			c, err := facade.New(base, tc.opts...)
			require.Error(t, err)
			assert.Nil(t, c)
			msg := err.Error()
			if tc.wantIs != nil {
				require.ErrorIs(t, err, tc.wantIs)
			} else {
				assert.Contains(t, redact(msg), tc.wantErr)
			}
			assert.Equal(t, redact(msg), msg, "the error shows a secret")
			assert.NotContains(t, msg, ":pw@", "the error shows the base URL's password")
		})
	}
}

func TestNewAccepts(t *testing.T) {
	cases := []struct {
		name string
		base string
		opts []facade.Option
	}{
		{name: "https", base: "https://api.example.com"},
		{name: "https with path", base: "https://example.com/illumidesk/api"},
		{name: "plain http to 127.0.0.1", base: "http://127.0.0.1:8080"},
		{name: "plain http to localhost", base: "http://localhost:8080/api"},
		{name: "plain http to ::1", base: "http://[::1]:8080"},
		{name: "plain http to another 127/8 address", base: "http://127.0.0.2"},
		{name: "plain http allowed explicitly", base: "http://api.example.com", opts: []facade.Option{facade.WithInsecureHTTP()}},
		{name: "nil option skipped", base: "https://api.example.com", opts: []facade.Option{nil, facade.WithToken(testToken)}},
		{name: "no retries", base: "https://api.example.com", opts: []facade.Option{facade.WithRetryPolicy(facade.NoRetries())}},
		{name: "zero timeout", base: "https://api.example.com", opts: []facade.Option{facade.WithTimeout(0)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := facade.New(tc.base, tc.opts...)
			require.NoError(t, err)
			assert.True(t, strings.HasSuffix(c.BaseURL(), "/"), "BaseURL %q ends in a slash", c.BaseURL())
		})
	}
}

func TestOptionsApplied(t *testing.T) {
	checkLeaks(t)
	s := newServer(t, reply(http.StatusOK, adaJSON))
	c := s.client(t, facade.WithUserAgent("my-app/2.0"), facade.WithAuthPrefix("Bearer"))
	_, err := c.Users.Me(t.Context())
	require.NoError(t, err)
	reqs := s.requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, []string{"my-app/2.0"}, reqs[0].Header.Values("User-Agent"))
	assertAuth(t, reqs[0].Header, "Bearer "+testToken)
}

func TestWithHTTPClientNotChanged(t *testing.T) {
	checkLeaks(t)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	hc := &http.Client{Transport: tr}
	s := newServer(t, reply(http.StatusOK, adaJSON))
	c, err := facade.New(s.Base, facade.WithHTTPClient(hc), facade.WithToken(testToken))
	require.NoError(t, err)
	_, err = c.Users.Me(t.Context())
	require.NoError(t, err)
	assert.Nil(t, hc.CheckRedirect, "the caller's client got a redirect policy")
	assert.Zero(t, hc.Timeout, "the caller's client got a timeout")
}

func TestTimeout(t *testing.T) {
	checkLeaks(t)
	s := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	c := s.client(t, facade.WithTimeout(50*time.Millisecond), facade.WithRetryPolicy(facade.NoRetries()))
	start := time.Now()
	_, err := c.Users.Me(t.Context())
	require.Error(t, err)
	var ne interface{ Timeout() bool }
	require.ErrorAs(t, err, &ne)
	assert.True(t, ne.Timeout(), "error is a timeout: %v", err)
	assert.Less(t, time.Since(start), 3*time.Second)
}

// TestConcurrentUse shares one client, with its own transport, among 64 goroutines: no
// race, and connections are reused rather than opened per request (Go's default of 2 idle
// connections per host would make the server see hundreds).
func TestConcurrentUse(t *testing.T) {
	if testing.Short() {
		t.Skip("a second of load")
	}
	checkLeaks(t)
	var opened atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/users/profiles/ada/", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, adaJSON)
	})
	mux.HandleFunc("GET /v1/users/ada/emails/", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, "["+emailJSON+"]")
	})
	srv := httptest.NewUnstartedServer(mux)
	srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c, err := facade.New(srv.URL, facade.WithToken(testToken))
	require.NoError(t, err)

	const workers = 64
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	var wg sync.WaitGroup
	var calls, failures atomic.Int64
	for i := range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				var err error
				if i%2 == 0 {
					_, err = c.Users.Get(ctx, "ada")
				} else {
					_, err = c.Emails.List(ctx, "ada", nil)
				}
				if err != nil && ctx.Err() == nil {
					failures.Add(1)
				}
				calls.Add(1)
			}
		})
	}
	wg.Wait()
	c.CloseIdleConnections()
	t.Logf("%d calls over %d connections", calls.Load(), opened.Load())
	assert.Zero(t, failures.Load(), "failed calls")
	assert.Greater(t, calls.Load(), int64(workers))
	// A few more than one per worker get dialled when a request gives up waiting for an
	// idle connection just before one is freed; Go's default pool of 2 per host opens
	// several hundred here.
	assert.LessOrEqual(t, opened.Load(), int64(workers*5/2), "connections opened for %d calls", calls.Load())
}

// TestTypesMatchSpec holds the facade's types to the generated ones: a field added to or
// renamed in the spec must show up here.
func TestTypesMatchSpec(t *testing.T) {
	cases := []struct {
		name   string
		facade any
		gen    any
		// equal: same field names; else the facade's are a subset of the spec's and the
		// spec's others are exactly omitted.
		equal   bool
		omitted []string
	}{
		{name: "User", facade: facade.User{}, gen: gen.User{}, equal: true},
		{name: "Profile", facade: facade.Profile{}, gen: gen.UserProfile{}, equal: true},
		{name: "Email", facade: facade.Email{}, gen: gen.Email{}, equal: true},
		{name: "NewUser", facade: facade.NewUser{}, gen: gen.UserData{}},
		// A username cannot change after creation, so an update does not offer it.
		{name: "UserUpdate", facade: facade.UserUpdate{}, gen: gen.PatchedUserData{}, omitted: []string{"username"}},
		{name: "ProfileUpdate", facade: facade.ProfileUpdate{}, gen: gen.ProfileData{}},
		{name: "EmailInput", facade: facade.EmailInput{}, gen: gen.EmailData{}, equal: true},
		{name: "EmailUpdate", facade: facade.EmailUpdate{}, gen: gen.PatchedEmailData{}, equal: true},
		{name: "Credentials", facade: struct {
			Username string `json:"username"`
			Password string `json:"password"`
		}{}, gen: gen.Credentials{}, equal: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, g := jsonFields(reflect.TypeOf(tc.facade)), jsonFields(reflect.TypeOf(tc.gen))
			if tc.equal {
				assert.ElementsMatch(t, g, f)
				return
			}
			assert.Subset(t, g, f, "facade fields that the spec does not have")
			var missing []string
			for _, name := range g {
				if !slices.Contains(f, name) {
					missing = append(missing, name)
				}
			}
			assert.ElementsMatch(t, tc.omitted, missing, "spec fields the facade does not offer")
		})
	}
}

// jsonFields lists the JSON names of a struct's fields.
func jsonFields(typ reflect.Type) []string {
	var names []string
	for i := range typ.NumField() {
		f := typ.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		names = append(names, name)
	}
	return names
}

// matchedSentinels lists which of the sentinels err matches.
func matchedSentinels(err error) []error {
	var out []error
	for _, s := range allSentinels {
		if errors.Is(err, s) {
			out = append(out, s)
		}
	}
	return out
}

var allSentinels = []error{
	facade.ErrNotFound, facade.ErrUnauthorized, facade.ErrForbidden, facade.ErrValidation,
	facade.ErrConflict, facade.ErrTooLarge, facade.ErrRateLimited, facade.ErrServer,
	facade.ErrInvalidArgument, facade.ErrUnexpectedResponse, facade.ErrResponseTooLarge,
	facade.ErrPaginationStalled, facade.ErrInsecureTransport,
}
