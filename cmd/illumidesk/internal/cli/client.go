package cli

import (
	"errors"
	"net/http"
	"net/http/httptest"

	"github.com/illumidesk/illumidesk-go/facade"
	"github.com/illumidesk/illumidesk-go/mock"
)

// mockBaseURL is where --mock's in-process server seems to live. Nothing listens there:
// requests go straight to the handler (see handlerTransport). The .invalid name can
// never resolve, so an avatar link printed from the mock cannot reach a real host.
const mockBaseURL = "http://mock.invalid"

var userAgent = "illumidesk-cli/" + facade.Version

// serverURL is the API to talk to: --server, else ILLUMIDESK_URL, else the public API.
func (a *app) serverURL() string {
	if a.server != "" {
		return a.server
	}
	if s := a.env("ILLUMIDESK_URL"); s != "" {
		return s
	}
	return defaultServer
}

// tokenFor is the token to send to server: --token, else ILLUMIDESK_TOKEN, else the
// login stored for that server.
func (a *app) tokenFor(server string) (string, error) {
	if a.token != "" {
		return a.token, nil
	}
	if t := a.env("ILLUMIDESK_TOKEN"); t != "" {
		return t, nil
	}
	path, err := a.configPath()
	if err != nil {
		return "", err
	}
	h, err := loadHosts(path)
	if err != nil {
		return "", err
	}
	if l, ok := h.Hosts[hostKey(server)]; ok && l.Token != "" {
		return l.Token, nil
	}
	return "", notLoggedInError{server}
}

// api returns the client for this run, made on first use: authenticated against the
// chosen server, or against a fresh in-process mock with --mock.
func (a *app) api() (*facade.Client, error) {
	if a.client != nil {
		return a.client, nil
	}
	var c *facade.Client
	var err error
	if a.useMock {
		c, err = a.mockClient()
	} else {
		server := a.serverURL()
		// A server URL that cannot work is the first thing to say, before "not logged in".
		if _, err := newClient(server); err != nil {
			return nil, err
		}
		var tok string
		if tok, err = a.tokenFor(server); err != nil {
			return nil, err
		}
		c, err = newClient(server, facade.WithToken(tok))
	}
	if err != nil {
		return nil, err
	}
	a.client = c
	return c, nil
}

// anonymous returns a client without a token, for logging in.
func (a *app) anonymous(server string) (*facade.Client, error) {
	return newClient(server)
}

// newClient makes a client for server. What makes it fail (a server URL that is not
// one, plain http to another host, a malformed token) is the user's to fix: a usage error.
func newClient(server string, opts ...facade.Option) (*facade.Client, error) {
	c, err := facade.New(server, append(opts, facade.WithUserAgent(userAgent))...)
	switch {
	case errors.Is(err, facade.ErrInsecureTransport):
		return nil, usagef("refusing to send a token or password over plain http to %s: use https (plain http is only for loopback addresses)", hostKey(server))
	case err != nil:
		return nil, usageError{err}
	}
	return c, nil
}

// mockClient starts an in-process mock with its demo data and returns a client logged
// in as its staff user. No port is opened: the client's transport calls the handler.
func (a *app) mockClient() (*facade.Client, error) {
	srv, err := a.newMock(mock.WithBaseURL(mockBaseURL))
	if err != nil {
		return nil, err
	}
	tok, err := srv.TokenFor(mock.StaffUsername)
	if err != nil {
		return nil, err
	}
	hc := &http.Client{Transport: handlerTransport{srv}}
	return facade.New(mockBaseURL,
		facade.WithToken(tok),
		facade.WithHTTPClient(hc),
		facade.WithInsecureHTTP(), // nothing leaves the process
		facade.WithRetryPolicy(facade.NoRetries()),
		facade.WithUserAgent(userAgent))
}

// handlerTransport serves each request with an http.Handler in the calling goroutine, as
// if it had crossed a network.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, err
	}
	in := req.Clone(req.Context())
	in.RequestURI = req.URL.RequestURI()
	in.RemoteAddr = "127.0.0.1:0"
	if in.Host == "" {
		in.Host = req.URL.Host
	}
	if in.Body == nil {
		in.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, in)
	if req.Body != nil {
		_ = req.Body.Close()
	}
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}
