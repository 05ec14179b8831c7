package facade

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/illumidesk/illumidesk-go/gen"
)

// Client talks to one IllumiDesk server. Its services group the API's operations; all of
// them are safe for concurrent use. Create it with [New].
type Client struct {
	// Users reads, creates, changes and deletes user accounts.
	Users *UsersService
	// Emails manages the e-mail addresses of a user.
	Emails *EmailsService
	// Avatars downloads, sets and removes a user's profile image.
	Avatars *AvatarsService
	// Keys gives a user's API key and SSH public key.
	Keys *KeysService
	// Auth exchanges credentials for tokens.
	Auth *AuthService

	api     *gen.Client
	http    *http.Client
	baseURL *url.URL
	// cfg is behind a pointer so that fmt, printing a Client or a service with a verb
	// that skips String (%d, say), shows an address rather than the token inside.
	cfg     *config
	buffers sync.Pool // of *bodyBuffer, for reading bodies

	// Header values that never change, built once rather than per request. Requests only
	// ever replace these slices (Header.Set), never write into them, so sharing is safe.
	accept, userAgent []string
}

// New returns a client for the server at baseURL (such as "https://api.illumidesk.com";
// a path prefix is kept). It fails if baseURL or an option is unusable, or if tokens and
// passwords would travel over plain http:// to a host other than loopback (see
// [WithInsecureHTTP]).
func New(baseURL string, opts ...Option) (*Client, error) {
	cfg := defaultConfig()
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	u, err := parseBaseURL(baseURL)
	if err != nil {
		return nil, err
	}
	if u.Scheme == "http" && !cfg.allowPlainHTTP && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("%w: refusing to send tokens and passwords over plain http to %s; use https, or WithInsecureHTTP", ErrInsecureTransport, u.Host)
	}

	c := &Client{baseURL: u, cfg: &cfg, accept: []string{"application/json"}, userAgent: []string{cfg.userAgent}}
	if tok, ok := cfg.tokens.(StaticToken); ok {
		c.cfg.staticAuth = []string{cfg.authPrefix + " " + string(tok)}
		c.cfg.staticToken = string(tok)
	}
	c.http = c.newHTTPClient()
	api, err := gen.NewClient(u.String(), gen.WithHTTPClient(doer{c}))
	if err != nil {
		return nil, fmt.Errorf("illumidesk: %w", err)
	}
	c.api = api
	c.Users = &UsersService{c}
	c.Emails = &EmailsService{c}
	c.Avatars = &AvatarsService{c}
	c.Keys = &KeysService{c}
	c.Auth = &AuthService{c}
	if cfg.refreshToken != "" {
		c.cfg.tokens = NewRefreshingTokenSource(cfg.refreshToken, c.Auth.Refresh)
	}
	return c, nil
}

// CloseIdleConnections closes the connections kept open for reuse; calls after it open
// new ones. Use it when a client is done with, so no connection outlives it.
func (c *Client) CloseIdleConnections() { c.http.CloseIdleConnections() }

// BaseURL returns the server's base URL as given to [New], with a trailing slash.
func (c *Client) BaseURL() string { return c.baseURL.String() }

// String names the client by its base URL. The fields it would otherwise print include
// the token, which must never show up in a log line like log.Printf("%v", client).
func (c *Client) String() string { return "illumidesk.Client(" + c.baseURL.Redacted() + ")" }

// GoString is String, for %#v.
func (c *Client) GoString() string { return c.String() }

func parseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("illumidesk: base URL: %w", err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("illumidesk: base URL %q: scheme must be http or https", u.Redacted())
	case u.Host == "":
		return nil, fmt.Errorf("illumidesk: base URL %q has no host", u.Redacted())
	case u.User != nil:
		return nil, fmt.Errorf("illumidesk: base URL %q must not carry credentials; use WithToken", u.Redacted())
	case u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("illumidesk: base URL %q must not have a query or fragment", u.Redacted())
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
		u.RawPath = ""
	}
	return u, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// newHTTPClient returns the client that carries every attempt: the caller's (copied) or
// one of our own with a transport tuned for concurrent use, and in both cases a redirect
// policy that never lets the token leave the original host.
func (c *Client) newHTTPClient() *http.Client {
	var hc http.Client
	if c.cfg.httpClient != nil {
		hc = *c.cfg.httpClient
		if hc.Timeout == 0 || c.cfg.timeoutSet {
			hc.Timeout = c.cfg.timeout
		}
	} else {
		hc = http.Client{Transport: newTransport(), Timeout: c.cfg.timeout}
	}
	next := hc.CheckRedirect
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.URL.Host != via[0].URL.Host || (req.URL.Scheme == "http" && via[0].URL.Scheme == "https") {
			req.Header.Del("Authorization")
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &hc
}

// maxConnsPerHost bounds the connections the client's own transport keeps to the server.
const maxConnsPerHost = 64

// newTransport is Go's default transport (the same settings, spelled out rather than cloned
// from a global that any package may have replaced) tuned for many goroutines sharing one
// client. Go keeps only 2 idle connections per host, so concurrent callers would open and close
// connections all the time; here as many stay open as may be in use. Without a bound, a
// burst of callers finding no idle connection would each dial one more than needed; with
// it, callers past the bound wait for a connection instead of opening another.
func newTransport() *http.Transport {
	t := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: 1 * time.Second,
	}
	t.MaxIdleConns = 2 * maxConnsPerHost
	t.MaxIdleConnsPerHost = maxConnsPerHost
	t.MaxConnsPerHost = maxConnsPerHost
	return t
}

// doer is the generated client's HTTP doer: every request the generated code builds goes
// through Client.send, which adds headers and authentication and owns the retry loop.
type doer struct{ c *Client }

func (d doer) Do(req *http.Request) (*http.Response, error) { return d.c.send(req) }

type ctxKey int

const noAuthKey ctxKey = 0

// withoutAuth marks a call that must not carry the caller's token (the token endpoints).
func withoutAuth(ctx context.Context) context.Context {
	return context.WithValue(ctx, noAuthKey, true)
}

func (c *Client) authorize(ctx context.Context, req *http.Request) (string, error) {
	if c.cfg.tokens == nil || ctx.Value(noAuthKey) != nil {
		req.Header.Del("Authorization")
		return "", nil
	}
	if c.cfg.staticAuth != nil {
		req.Header["Authorization"] = c.cfg.staticAuth
		return c.cfg.staticToken, nil
	}
	tok, err := c.cfg.tokens.Token(ctx)
	if err != nil {
		return "", fmt.Errorf("illumidesk: getting a token: %w", err)
	}
	req.Header.Set("Authorization", c.cfg.authPrefix+" "+tok)
	return tok, nil
}

func (c *Client) logAttempt(req *http.Request, attempt int, start time.Time, resp *http.Response, err error) {
	l := c.cfg.logger
	if l == nil {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", req.Method),
		slog.String("path", pathTemplate(strings.TrimPrefix(req.URL.Path, c.baseURL.Path))),
		slog.Int("attempt", attempt),
		slog.Duration("duration", time.Since(start)),
	}
	level := slog.LevelDebug
	if err != nil {
		level = slog.LevelWarn
		attrs = append(attrs, slog.String("error", redactURLError(err)))
	} else {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
		if resp.StatusCode >= 500 {
			level = slog.LevelWarn
		}
	}
	l.LogAttrs(req.Context(), level, "illumidesk request", attrs...)
}

func (c *Client) logRetry(req *http.Request, attempt int, wait time.Duration, resp *http.Response, err error) {
	l := c.cfg.logger
	if l == nil {
		return
	}
	reason := ""
	if err != nil {
		reason = redactURLError(err)
	} else {
		reason = resp.Status
	}
	l.LogAttrs(req.Context(), slog.LevelInfo, "illumidesk retry",
		slog.String("method", req.Method),
		slog.String("path", pathTemplate(strings.TrimPrefix(req.URL.Path, c.baseURL.Path))),
		slog.Int("attempt", attempt),
		slog.Duration("wait", wait),
		slog.String("reason", reason))
}

// redactURLError drops the URL from a transport error: it holds ids and filters that are
// not secret, but the path template already says which call failed.
func redactURLError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// pathTemplate turns "v1/users/ada/emails/<uuid>/" into "/v1/users/{user}/emails/{email_id}/".
func pathTemplate(p string) string {
	seg := strings.Split(strings.Trim(p, "/"), "/")
	if len(seg) >= 3 && seg[0] == "v1" && seg[1] == "users" {
		switch {
		case seg[2] == "profiles" && len(seg) >= 4:
			seg[3] = "{user}"
		case seg[2] != "profiles":
			seg[2] = "{user}"
			if len(seg) >= 5 && seg[3] == "emails" {
				seg[4] = "{email_id}"
			}
		}
	}
	return "/" + strings.Join(seg, "/") + "/"
}
