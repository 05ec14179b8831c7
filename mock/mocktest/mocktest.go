// Package mocktest runs the mock IllumiDesk server for one test: on a loopback httptest
// server, shut down by t.Cleanup, with facade clients logged in as staff or as any seeded
// user. Every answer the server sends to those clients is checked against the API's spec,
// and a mismatch fails the test.
//
// A project that uses the library tests its own code without the real API:
//
//	func TestSync(t *testing.T) {
//		env := mocktest.Start(t)
//		me, err := env.Client.Users.Me(t.Context()) // the staff account
//		...
//		ada := env.ClientAs("ada") // a demo user
//		err = mySync(t.Context(), ada)
//		...
//		snap := env.Server.Snapshot() // what the store holds now
//	}
//
// Start takes mock options, such as mock.WithEmptyStore or mock.WithClock. Code that does
// not use the facade can send requests with Env.HTTPClient to Env.URL.
package mocktest

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/illumidesk/illumidesk-go/facade"
	"github.com/illumidesk/illumidesk-go/mock"
	"github.com/illumidesk/illumidesk-go/mock/internal/conform"
)

// Env is a mock server running for one test.
type Env struct {
	// URL is the server's base URL, such as "http://127.0.0.1:40123".
	URL string
	// Server is the mock: mint tokens, take snapshots of its store.
	Server *mock.Server
	// StaffToken is a token of the staff account, mock.StaffUsername.
	StaffToken string
	// HTTPClient sends requests to the server and checks every answer against the spec.
	// It does not follow redirects, so that a test sees the server's 301s.
	HTTPClient *http.Client
	// Client is a facade client logged in as staff.
	Client *facade.Client

	t testing.TB
}

// Start serves a new mock server made with opts on 127.0.0.1 until the test ends. Unless
// opts say otherwise (mock.WithSSHKeyType(mock.SSHKeyRSA)), its SSH keys are Ed25519:
// RSA keys, what the real server made, take long to generate under the race detector.
func Start(tb testing.TB, opts ...mock.Option) *Env {
	tb.Helper()
	opts = append([]mock.Option{mock.WithSSHKeyType(mock.SSHKeyEd25519)}, opts...)
	srv, err := mock.New(opts...)
	if err != nil {
		tb.Fatalf("mocktest: %v", err)
	}
	checker, err := conform.NewChecker()
	if err != nil {
		tb.Fatalf("mocktest: loading the spec: %v", err)
	}
	ts := httptest.NewServer(srv)
	tb.Cleanup(ts.Close)

	e := &Env{
		URL:    ts.URL,
		Server: srv,
		HTTPClient: &http.Client{
			Transport: &conform.Transport{Base: ts.Client().Transport, Checker: checker, Report: tb.Errorf},
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
		},
		t: tb,
	}
	e.StaffToken = e.TokenFor(mock.StaffUsername)
	e.Client = e.NewClient(facade.WithToken(e.StaffToken))
	return e
}

// TokenFor mints a token for an active user, failing the test if there is none.
func (e *Env) TokenFor(username string) string {
	e.t.Helper()
	tok, err := e.Server.TokenFor(username)
	if err != nil {
		e.t.Fatalf("mocktest: %v", err)
	}
	return tok
}

// ClientAs returns a facade client logged in as the active user with that username, such
// as one of e.Server.DemoUsernames(); opts may add facade options.
func (e *Env) ClientAs(username string, opts ...facade.Option) *facade.Client {
	e.t.Helper()
	return e.NewClient(append([]facade.Option{facade.WithToken(e.TokenFor(username))}, opts...)...)
}

// NewClient returns a facade client of the server with only the given options: without a
// token unless they set one, as for testing a login.
func (e *Env) NewClient(opts ...facade.Option) *facade.Client {
	e.t.Helper()
	c, err := facade.New(e.URL, append([]facade.Option{facade.WithHTTPClient(e.HTTPClient)}, opts...)...)
	if err != nil {
		e.t.Fatalf("mocktest: %v", err)
	}
	e.t.Cleanup(c.CloseIdleConnections)
	return c
}

// Password answers the password of every seeded account (see mock.WithPassword).
func (e *Env) Password() string { return e.Server.Password() }
