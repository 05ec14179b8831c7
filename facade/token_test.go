package facade_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/facade"
)

// makeJWT builds a token as the server would, by hand: header.payload.signature, each
// base64url without padding. Nothing verifies the signature on the client side.
func makeJWT(sub string, exp time.Time) string {
	enc := base64.RawURLEncoding
	header := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	payload := enc.EncodeToString(fmt.Appendf(nil, `{"user_id":%q,"username":%q,"exp":%d}`, adaID, sub, exp.Unix()))
	return header + "." + payload + "." + enc.EncodeToString([]byte("signature of "+sub))
}

// jwtAPI is a server whose API accepts one token at a time, and whose refresh endpoint
// exchanges the token from for next, which the API accepts from then on.
type jwtAPI struct {
	*testServer
	mu           sync.Mutex
	accept       string // the token the API accepts; "" for none
	from, next   string
	delay        time.Duration
	failWith     int  // answer refreshes with this status instead
	keepRefusing bool // the API accepts nothing, even after an exchange
	refreshes    atomic.Int64
	rejected     atomic.Int64 // requests answered 401
}

func newJWTAPI(t *testing.T, accept, from, next string) *jwtAPI {
	t.Helper()
	a := &jwtAPI{accept: accept, from: from, next: next}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /auth/jwt-token-refresh/", func(w http.ResponseWriter, r *http.Request) {
		a.refreshes.Add(1)
		if len(r.Header.Values("Authorization")) != 0 {
			t.Error("the refresh request carries an Authorization header")
		}
		time.Sleep(a.delay)
		var body struct {
			Token string `json:"token"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		a.mu.Lock()
		defer a.mu.Unlock()
		switch {
		case a.failWith != 0:
			reply(a.failWith, `{"detail":"refresh failed"}`)(w, r)
		case body.Token != a.from:
			reply(http.StatusBadRequest, `{"non_field_errors":["Signature has expired."]}`)(w, r)
		default:
			a.accept = a.next
			reply(http.StatusCreated, `{"token":"`+a.next+`"}`)(w, r)
		}
	})
	api := func(status int, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			a.mu.Lock()
			ok := !a.keepRefusing && a.accept != "" && r.Header.Get("Authorization") == "JWT "+a.accept
			a.mu.Unlock()
			if !ok {
				a.rejected.Add(1)
				reply(http.StatusUnauthorized, `{"detail":"Signature has expired."}`)(w, r)
				return
			}
			reply(status, body)(w, r)
		}
	}
	mux.HandleFunc("GET /v1/me/", api(http.StatusOK, adaJSON))
	mux.HandleFunc("POST /v1/users/profiles/", api(http.StatusCreated, graceJSON))
	mux.HandleFunc("PUT /v1/users/ada/emails/"+emailID+"/", api(http.StatusOK, emailJSON))
	a.testServer = newServer(t, mux)
	return a
}

// authsOn lists the tokens (after "JWT ") that requests to path carried.
func (a *jwtAPI) authsOn(path string) []string {
	var out []string
	for _, r := range a.requests() {
		if r.Path == apiPrefix+path {
			out = append(out, strings.TrimPrefix(r.Header.Get("Authorization"), "JWT "))
		}
	}
	return out
}

// sameSecret compares two tokens without printing them.
func sameSecret(t *testing.T, want, got, what string) {
	t.Helper()
	if want != got {
		t.Errorf("%s: not the expected token (%d characters, want %d)", what, len(got), len(want))
	}
}

// sameTokens compares lists of tokens without printing them.
func sameTokens(t *testing.T, want, got []string, what string) {
	t.Helper()
	if len(want) != len(got) {
		t.Errorf("%s: %d tokens, want %d", what, len(got), len(want))
		return
	}
	for i := range want {
		if want[i] != got[i] {
			t.Errorf("%s: token %d is not the expected one", what, i)
		}
	}
}

// TestRefreshBeforeExpiry: a token close to its exp is exchanged before it is used, once,
// however many callers need it at the same moment.
func TestRefreshBeforeExpiry(t *testing.T) {
	checkLeaks(t)
	old := makeJWT("ada", time.Now().Add(5*time.Minute))
	fresh := makeJWT("ada", time.Now().Add(30*24*time.Hour))
	a := newJWTAPI(t, fresh, old, fresh)
	a.delay = 50 * time.Millisecond // so that the callers pile up behind one exchange
	c := a.client(t, facade.WithRefreshingToken(old))

	const callers = 32
	start := make(chan struct{})
	var wg sync.WaitGroup
	errs := make([]error, callers)
	for i := range callers {
		wg.Go(func() {
			<-start
			_, errs[i] = c.Users.Me(t.Context())
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "caller %d", i)
	}
	assert.Equal(t, int64(1), a.refreshes.Load(), "exchanges")
	assert.Zero(t, a.rejected.Load(), "requests sent with the old token")
	me := a.authsOn("/v1/me/")
	sameTokens(t, slicesRepeat(fresh, callers), me, "tokens sent to /v1/me/")

	// The fresh token is far from its expiry: no more exchanges.
	for range 5 {
		_, err := c.Users.Me(t.Context())
		require.NoError(t, err)
	}
	assert.Equal(t, int64(1), a.refreshes.Load(), "exchanges")
}

func slicesRepeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// TestRefreshOn401: a 401 to an idempotent request makes the client exchange its token
// once and send the request once more; a POST is never sent twice.
func TestRefreshOn401(t *testing.T) {
	old := makeJWT("ada", time.Now().Add(10*24*time.Hour)) // far from expiry: no early refresh
	fresh := makeJWT("ada", time.Now().Add(30*24*time.Hour))

	t.Run("GET", func(t *testing.T) {
		checkLeaks(t)
		// The API no longer takes old, though its exp is far (revoked, say); the refresh
		// endpoint still exchanges it.
		a := newJWTAPI(t, "", old, fresh)
		c := a.client(t, facade.WithRefreshingToken(old))
		u, err := c.Users.Me(t.Context())
		require.NoError(t, err)
		assert.Equal(t, &adaUser, u)
		assert.Equal(t, int64(1), a.refreshes.Load(), "exchanges")
		sameTokens(t, []string{old, fresh}, a.authsOn("/v1/me/"), "tokens sent to /v1/me/")

		_, err = c.Users.Me(t.Context())
		require.NoError(t, err)
		assert.Equal(t, int64(1), a.refreshes.Load(), "exchanges")
		sameTokens(t, []string{old, fresh, fresh}, a.authsOn("/v1/me/"), "tokens sent to /v1/me/")
	})

	t.Run("PUT replays its body", func(t *testing.T) {
		checkLeaks(t)
		a := newJWTAPI(t, "", old, fresh)
		c := a.client(t, facade.WithRefreshingToken(old))
		_, err := c.Emails.Replace(t.Context(), "ada", emailID, facade.EmailInput{Address: "ada@example.com", Unsubscribed: facade.Ptr(false)})
		require.NoError(t, err)
		assert.Equal(t, int64(1), a.refreshes.Load(), "exchanges")
		var bodies []string
		for _, r := range a.requests() {
			if r.Method == http.MethodPut {
				bodies = append(bodies, string(r.Body))
			}
		}
		require.Len(t, bodies, 2)
		for _, b := range bodies {
			assert.JSONEq(t, `{"address":"ada@example.com","unsubscribed":false}`, b)
		}
	})

	t.Run("still refused after the exchange", func(t *testing.T) {
		checkLeaks(t)
		a := newJWTAPI(t, "", old, fresh)
		a.keepRefusing = true
		_, err := a.client(t, facade.WithRefreshingToken(old)).Users.Me(t.Context())
		require.ErrorIs(t, err, facade.ErrUnauthorized)
		assert.Equal(t, int64(1), a.refreshes.Load(), "exchanges")
		assert.Len(t, a.authsOn("/v1/me/"), 2, "requests to /v1/me/: one, and one replay")
	})

	t.Run("POST is not replayed", func(t *testing.T) {
		checkLeaks(t)
		a := newJWTAPI(t, "", old, fresh)
		err := createGrace(t.Context(), a.client(t, facade.WithRefreshingToken(old)))
		require.ErrorIs(t, err, facade.ErrUnauthorized)
		assert.Zero(t, a.refreshes.Load(), "exchanges")
		assert.Len(t, a.authsOn("/v1/users/profiles/"), 1, "POSTs")
	})

	t.Run("static token is not refreshed", func(t *testing.T) {
		checkLeaks(t)
		a := newJWTAPI(t, "", old, fresh)
		_, err := a.client(t, facade.WithTokenSource(facade.StaticToken(old))).Users.Me(t.Context())
		require.ErrorIs(t, err, facade.ErrUnauthorized)
		assert.Zero(t, a.refreshes.Load(), "exchanges")
		assert.Equal(t, int64(1), a.count.Load(), "requests the server saw")
	})
}

// TestRefreshFailure: a failed exchange keeps a token that is still valid, and fails the
// call when the token has expired.
func TestRefreshFailure(t *testing.T) {
	t.Run("token still valid", func(t *testing.T) {
		checkLeaks(t)
		soon := makeJWT("ada", time.Now().Add(10*time.Minute))
		a := newJWTAPI(t, soon, soon, "")
		a.failWith = http.StatusServiceUnavailable
		_, err := a.client(t, facade.WithRefreshingToken(soon)).Users.Me(t.Context())
		require.NoError(t, err)
		assert.Equal(t, int64(1), a.refreshes.Load(), "exchanges")
		sameTokens(t, []string{soon}, a.authsOn("/v1/me/"), "tokens sent to /v1/me/")
	})
	t.Run("token expired", func(t *testing.T) {
		checkLeaks(t)
		expired := makeJWT("ada", time.Now().Add(-time.Minute))
		a := newJWTAPI(t, "", "", "")
		a.failWith = http.StatusBadRequest
		_, err := a.client(t, facade.WithRefreshingToken(expired)).Users.Me(t.Context())
		require.ErrorIs(t, err, facade.ErrValidation)
		assert.Contains(t, err.Error(), "getting a token")
		assert.NotContains(t, err.Error(), expired)
		assert.Empty(t, a.authsOn("/v1/me/"), "requests to /v1/me/")
	})
}

// countingRefresher is a caller's own Refresher.
type countingRefresher struct {
	mu       sync.Mutex
	token    string
	next     string
	rejected []string
}

func (r *countingRefresher) Token(context.Context) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.token, nil
}

func (r *countingRefresher) Refresh(_ context.Context, rejected string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rejected = append(r.rejected, rejected)
	r.token = r.next
	return r.token, nil
}

func TestTokenSourceOption(t *testing.T) {
	t.Run("a Refresher of the caller's own", func(t *testing.T) {
		checkLeaks(t)
		old, fresh := makeJWT("ada", time.Now().Add(time.Hour)), makeJWT("ada", time.Now().Add(48*time.Hour))
		a := newJWTAPI(t, fresh, "", "")
		src := &countingRefresher{token: old, next: fresh}
		_, err := a.client(t, facade.WithTokenSource(src)).Users.Me(t.Context())
		require.NoError(t, err)
		sameTokens(t, []string{old}, src.rejected, "tokens handed to Refresh")
		sameTokens(t, []string{old, fresh}, a.authsOn("/v1/me/"), "tokens sent to /v1/me/")
		assert.Zero(t, a.refreshes.Load(), "the refresh endpoint is the source's business")
	})
	t.Run("a source that fails", func(t *testing.T) {
		checkLeaks(t)
		s := newServer(t, reply(http.StatusOK, adaJSON))
		boom := errors.New("vault unreachable")
		_, err := s.client(t, facade.WithTokenSource(failingSource{boom})).Users.Me(t.Context())
		require.ErrorIs(t, err, boom)
		assert.Zero(t, s.count.Load(), "requests the server saw")
	})
}

type failingSource struct{ err error }

func (f failingSource) Token(context.Context) (string, error) { return "", f.err }

// TestRefreshingTokenSource exercises the source on its own, with a refresh function in
// place of the endpoint.
func TestRefreshingTokenSource(t *testing.T) {
	soon := makeJWT("ada", time.Now().Add(time.Minute))
	fresh := makeJWT("ada", time.Now().Add(24*time.Hour))

	t.Run("one exchange for many callers", func(t *testing.T) {
		var calls atomic.Int64
		src := facade.NewRefreshingTokenSource(soon, func(_ context.Context, tok string) (string, error) {
			calls.Add(1)
			time.Sleep(20 * time.Millisecond)
			if tok != soon {
				return "", errors.New("refreshing the wrong token")
			}
			return fresh, nil
		})
		var wg sync.WaitGroup
		var wrong atomic.Int64
		for range 32 {
			wg.Go(func() {
				tok, err := src.Token(t.Context())
				if err != nil || tok != fresh {
					wrong.Add(1)
				}
			})
		}
		wg.Wait()
		assert.Equal(t, int64(1), calls.Load(), "exchanges")
		assert.Zero(t, wrong.Load(), "callers without the fresh token")

		// A caller that saw the old token rejected gets the replacement without a second exchange.
		tok, err := src.Refresh(t.Context(), soon)
		require.NoError(t, err)
		sameSecret(t, fresh, tok, "Refresh of a replaced token")
		assert.Equal(t, int64(1), calls.Load(), "exchanges")
	})

	t.Run("token without a usable exp is used as is", func(t *testing.T) {
		b64 := base64.RawURLEncoding.EncodeToString
		for name, tok := range map[string]string{
			"not a JWT":        testToken,
			"two parts":        "a.b",
			"bad base64":       "a.!!!.c",
			"payload not JSON": "a." + b64([]byte("not json")) + ".c",
			"exp not a number": "a." + b64([]byte(`{"exp":"soon"}`)) + ".c",
			"no exp":           "a." + b64([]byte(`{"sub":"ada"}`)) + ".c",
			"padded, no exp":   "a." + base64.URLEncoding.EncodeToString([]byte(`{"sub":"ad"}`)) + ".c",
		} {
			src := facade.NewRefreshingTokenSource(tok, func(context.Context, string) (string, error) {
				return "", errors.New("must not be called")
			})
			got, err := src.Token(t.Context())
			require.NoError(t, err, name)
			sameSecret(t, tok, got, name)
		}
	})

	t.Run("padded payload with a near exp", func(t *testing.T) {
		parts := strings.Split(soon, ".")
		payload, err := base64.RawURLEncoding.DecodeString(parts[1])
		require.NoError(t, err)
		padded := parts[0] + "." + base64.URLEncoding.EncodeToString(payload) + "." + parts[2]
		var calls atomic.Int64
		src := facade.NewRefreshingTokenSource(padded, func(context.Context, string) (string, error) {
			calls.Add(1)
			return fresh, nil
		})
		got, err := src.Token(t.Context())
		require.NoError(t, err)
		sameSecret(t, fresh, got, "the near expiry was not seen")
		assert.Equal(t, int64(1), calls.Load())
	})

	t.Run("a waiting caller gives up with its context", func(t *testing.T) {
		checkLeaks(t)
		release := make(chan struct{})
		src := facade.NewRefreshingTokenSource(soon, func(context.Context, string) (string, error) {
			<-release
			return fresh, nil
		})
		done := make(chan struct{})
		go func() {
			defer close(done)
			_, _ = src.Refresh(context.Background(), soon)
		}()
		time.Sleep(20 * time.Millisecond) // the first caller is exchanging
		ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
		defer cancel()
		_, err := src.Refresh(ctx, soon)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		close(release)
		<-done
	})
}

func TestStaticToken(t *testing.T) {
	tok, err := facade.StaticToken(testToken).Token(t.Context())
	require.NoError(t, err)
	sameSecret(t, testToken, tok, "StaticToken.Token")
}

// TestTokensNeverPrinted: what holds a token prints without it.
func TestTokensNeverPrinted(t *testing.T) {
	c, err := facade.New("https://api.example.com/base", facade.WithToken(testToken))
	require.NoError(t, err)
	rc, err := facade.New("https://api.example.com", facade.WithRefreshingToken(testToken))
	require.NoError(t, err)
	src := facade.NewRefreshingTokenSource(testToken, nil)
	things := []any{c, rc, facade.StaticToken(testToken), src, c.Users, c.Emails, c.Avatars, c.Keys, c.Auth}
	for _, v := range things {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
			if verb == "%d" && (v == any(facade.StaticToken(testToken)) || v == any(src)) {
				// A verb that does not fit makes fmt print the raw value without calling
				// any method: a token source cannot hide its token from that.
				continue
			}
			out := fmt.Sprintf(verb, v)
			if red := redact(out); red != out {
				t.Errorf("%s of a %T shows the token: %s", verb, v, red)
			}
		}
	}
	assert.Equal(t, "illumidesk.Client(https://api.example.com/base/)", fmt.Sprint(c))
}

// TestRedirectKeepsToken: a redirect to another host (here, another port) does not carry
// the Authorization header; one on the same server does.
func TestRedirectKeepsToken(t *testing.T) {
	checkLeaks(t)
	var otherAuth []string
	var otherHits atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
		otherAuth = append(otherAuth, r.Header.Values("Authorization")...)
		reply(http.StatusOK, adaJSON)(w, r)
	}))
	t.Cleanup(other.Close)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/me/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/v1/me/", http.StatusFound)
	})
	mux.HandleFunc("GET /v1/users/profiles/ada/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, apiPrefix+"/v1/users/profiles/"+adaID+"/", http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /v1/users/profiles/"+adaID+"/", reply(http.StatusOK, adaJSON))
	s := newServer(t, mux)
	// The caller's own redirect policy is still asked, after the token is dropped.
	var policyAsked atomic.Int64
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	c := s.client(t, facade.WithHTTPClient(&http.Client{Transport: tr, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		policyAsked.Add(1)
		if req.Header.Get("Authorization") != "" && req.URL.Host == strings.TrimPrefix(other.URL, "http://") {
			t.Error("the caller's redirect policy sees the token on its way to another host")
		}
		return nil
	}}))

	_, err := c.Users.Me(t.Context())
	require.NoError(t, err)
	assert.Equal(t, int64(1), otherHits.Load())
	assert.Equal(t, int64(1), policyAsked.Load(), "the caller's redirect policy was asked")
	if len(otherAuth) != 0 {
		t.Errorf("the other host got %d Authorization headers", len(otherAuth))
	}

	_, err = c.Users.Get(t.Context(), "ada")
	require.NoError(t, err)
	reqs := s.requests()
	require.Len(t, reqs, 3)
	assertAuth(t, reqs[0].Header, "JWT "+testToken)
	assert.Equal(t, apiPrefix+"/v1/users/profiles/"+adaID+"/", reqs[2].Path)
	assertAuth(t, reqs[2].Header, "JWT "+testToken)
}

// TestSecretsNeverLogged runs calls that succeed, fail, retry and refresh with a debug
// logger, and scans every log line and error for the tokens and passwords involved.
func TestSecretsNeverLogged(t *testing.T) {
	checkLeaks(t)
	tok := makeJWT("ada", time.Now().Add(10*24*time.Hour))
	fresh := makeJWT("ada", time.Now().Add(30*24*time.Hour))
	mine := []string{tok, fresh}

	var meCalls atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("POST /auth/jwt-token-auth/", reply(http.StatusCreated, `{"token":"`+issuedToken+`"}`))
	mux.HandleFunc("POST /auth/jwt-token-refresh/", reply(http.StatusCreated, `{"token":"`+fresh+`"}`))
	mux.HandleFunc("POST /auth/jwt-token-verify/", reply(http.StatusBadRequest, `{"non_field_errors":["Error decoding signature."]}`))
	mux.HandleFunc("GET /v1/me/", func(w http.ResponseWriter, r *http.Request) {
		if meCalls.Add(1) == 1 {
			reply(http.StatusServiceUnavailable, `{"detail":"busy"}`)(w, r)
			return
		}
		reply(http.StatusOK, adaJSON)(w, r)
	})
	mux.HandleFunc("GET /v1/users/profiles/ghost/", reply(http.StatusNotFound, `{"detail":"Not found."}`))
	mux.HandleFunc("POST /v1/users/profiles/", reply(http.StatusBadRequest, `{"password":["This password is too common."]}`))
	mux.HandleFunc("PATCH /v1/users/profiles/ada/", reply(http.StatusOK, adaJSON))
	mux.HandleFunc("GET /v1/users/ada/api-key/", reply(http.StatusOK, `{"token":"`+testAPIKey+`"}`))
	mux.HandleFunc("GET /v1/users/ada/ssh-key/", func(w http.ResponseWriter, _ *http.Request) { resetConn(t, w) })
	mux.HandleFunc("GET /v1/users/ada/emails/", reply(http.StatusUnauthorized, `{"detail":"Signature has expired."}`))
	mux.HandleFunc("GET /v1/users/ada/avatar/", replyType(http.StatusOK, "text/html", "<html>login</html>"))
	s := newServer(t, mux)
	var logs logBuffer
	c := s.client(t, facade.WithRefreshingToken(tok), withLog(&logs))
	ctx := t.Context()

	var errs []error
	keep := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	got, err := c.Auth.Login(ctx, "ada", testPassword)
	keep(err)
	sameSecret(t, issuedToken, got, "Login")
	keep(second(c.Users.Me(ctx)))
	keep(second(c.Users.Get(ctx, "ghost")))
	keep(createGrace(ctx, c))
	keep(second(c.Users.Update(ctx, "ada", facade.UserUpdate{Password: facade.Ptr(newPassword)})))
	keep(second(c.Keys.APIKey(ctx, "ada")))
	keep(second(c.Keys.SSH(ctx, "ada")))
	keep(second(c.Emails.List(ctx, "ada", nil)))
	keep(second(c.Avatars.Get(ctx, "ada")))
	keep(c.Auth.Verify(ctx, tok))
	keep(second(c.Auth.Login(ctx, "ada", "")))
	require.Len(t, errs, 7, "failures among the calls")

	for _, err := range errs {
		for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
			assert.Equal(t, redact(text, mine...), text, "an error shows a secret")
		}
	}

	lines := logs.lines(t)
	assert.GreaterOrEqual(t, len(lines), 14, "log lines")
	text := logs.String()
	for i, line := range strings.Split(text, "\n") {
		if red := redact(line, mine...); red != line {
			t.Errorf("log line %d shows a secret: %s", i+1, red)
		}
	}
	for _, l := range lines {
		assert.Contains(t, l, "method")
		assert.Contains(t, l, "attempt")
		p, _ := l["path"].(string)
		assert.True(t, strings.HasPrefix(p, "/v1/") || strings.HasPrefix(p, "/auth/"), "path template %q", p)
		assert.NotContains(t, p, "ghost", "the path template names the user")
		if l["msg"] == "illumidesk request" {
			assert.Contains(t, l, "duration")
			_, hasStatus := l["status"]
			_, hasErr := l["error"]
			assert.True(t, hasStatus || hasErr, "a request line says how it ended: %v", l)
		}
	}
}
