package mock

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The cache of verified tokens (see authenticate) must answer exactly what verifying each
// time would: these tests look inside it, which the black-box tests cannot.

// testClock is a settable clock for WithClock.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

var testSecret = []byte("a-fixed-secret-for-the-tests-only")

func newCacheServer(t *testing.T, opts ...Option) *Server {
	t.Helper()
	s, err := New(append([]Option{WithSSHKeyType(SSHKeyEd25519), WithSecret(testSecret)}, opts...)...)
	require.NoError(t, err)
	return s
}

// status serves one request in-process and answers its status code.
func status(s *Server, method, path, token string) int {
	r := httptest.NewRequest(method, "http://mock.test"+path, nil)
	if token != "" {
		r.Header.Set("Authorization", "JWT "+token)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w.Code
}

func (s *Server) cachedTokens() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.tokens)
}

func (s *Server) isCached(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.tokens[token]
	return ok
}

func mustToken(t *testing.T, s *Server, username string) string {
	t.Helper()
	token, err := s.TokenFor(username)
	require.NoError(t, err)
	return token
}

// signed makes an HS256 token with the given claims and key.
func signed(t *testing.T, key []byte, c jwt.Claims) string {
	t.Helper()
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(key)
	require.NoError(t, err)
	return token
}

func TestTokenCacheDeletedUser(t *testing.T) {
	s := newCacheServer(t)
	ada, staff := mustToken(t, s, "ada"), mustToken(t, s, StaffUsername)

	require.Equal(t, http.StatusOK, status(s, http.MethodGet, "/v1/me/", ada))
	require.True(t, s.isCached(ada), "a token that verified is remembered")

	require.Equal(t, http.StatusNoContent, status(s, http.MethodDelete, "/v1/users/profiles/ada/", staff))
	assert.Equal(t, http.StatusUnauthorized, status(s, http.MethodGet, "/v1/me/", ada),
		"a deleted user's token is refused, cached or not")
	assert.False(t, s.isCached(ada), "and forgotten")
	assert.Equal(t, http.StatusUnauthorized, status(s, http.MethodGet, "/v1/me/", ada), "and stays refused")
	assert.False(t, s.isCached(ada), "a token of an inactive user never enters the cache")
	assert.Equal(t, http.StatusOK, status(s, http.MethodGet, "/v1/me/", staff))
}

func TestTokenCacheExpiry(t *testing.T) {
	issued := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	c := &testClock{now: issued}
	s := newCacheServer(t, WithClock(c.Now))
	ada := mustToken(t, s, "ada")

	require.Equal(t, http.StatusOK, status(s, http.MethodGet, "/v1/me/", ada))
	require.True(t, s.isCached(ada))

	c.Set(issued.Add(tokenLifetime - time.Second))
	require.Equal(t, http.StatusOK, status(s, http.MethodGet, "/v1/me/", ada), "valid until its last second")
	c.Set(issued.Add(tokenLifetime))
	assert.Equal(t, http.StatusUnauthorized, status(s, http.MethodGet, "/v1/me/", ada),
		"expired at its exp, as the parser has it, even though cached")
	assert.False(t, s.isCached(ada), "an expired token is forgotten")
	assert.Equal(t, http.StatusUnauthorized, status(s, http.MethodGet, "/v1/me/", ada))
	assert.False(t, s.isCached(ada), "and not remembered again")

	// A clock set back makes it valid again, exactly as verifying it would.
	c.Set(issued.Add(time.Hour))
	assert.Equal(t, http.StatusOK, status(s, http.MethodGet, "/v1/me/", ada))
}

func TestTokenCacheNotBefore(t *testing.T) {
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	c := &testClock{now: start}
	s := newCacheServer(t, WithClock(c.Now))
	id := s.Snapshot().Users[0].ID
	later := signed(t, testSecret, jwt.RegisteredClaims{
		Subject:   id,
		NotBefore: jwt.NewNumericDate(start.Add(time.Hour)),
		ExpiresAt: jwt.NewNumericDate(start.Add(2 * time.Hour)),
	})

	assert.Equal(t, http.StatusUnauthorized, status(s, http.MethodGet, "/v1/me/", later), "not valid yet")
	assert.False(t, s.isCached(later))
	c.Set(start.Add(time.Hour))
	require.Equal(t, http.StatusOK, status(s, http.MethodGet, "/v1/me/", later), "valid from its nbf")
	require.True(t, s.isCached(later))
	c.Set(start.Add(time.Hour - time.Second))
	assert.Equal(t, http.StatusUnauthorized, status(s, http.MethodGet, "/v1/me/", later),
		"before its nbf again (the clock went back), though cached")
}

func TestTokenCacheOnlyVerified(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	c := &testClock{now: now}
	s := newCacheServer(t, WithClock(c.Now))
	good := mustToken(t, s, "ada")
	id := s.Snapshot().Users[1].ID
	parts := strings.Split(good, ".")
	none, err := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.RegisteredClaims{
		Subject: id, ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour)),
	}).SignedString(jwt.UnsafeAllowNoneSignatureType)
	require.NoError(t, err)
	hs384, err := jwt.NewWithClaims(jwt.SigningMethodHS384, jwt.RegisteredClaims{
		Subject: id, ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour)),
	}).SignedString(testSecret)
	require.NoError(t, err)

	bad := map[string]string{
		"garbage":          "not-a-token",
		"forged signature": parts[0] + "." + parts[1] + ".c2lnbmF0dXJl",
		// The cached token's payload with another user's id, under its signature.
		"payload swapped": parts[0] + "." + base64.RawURLEncoding.EncodeToString(
			fmt.Appendf(nil, `{"sub":%q,"exp":%d}`, id, now.Add(time.Hour).Unix())) + "." + parts[2],
		"another key":  signed(t, []byte("another-secret"), jwt.RegisteredClaims{Subject: id, ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour))}),
		"alg none":     none,
		"HS384":        hs384,
		"expired":      signed(t, testSecret, jwt.RegisteredClaims{Subject: id, ExpiresAt: jwt.NewNumericDate(now.Add(-time.Second))}),
		"no expiry":    signed(t, testSecret, jwt.RegisteredClaims{Subject: id}),
		"no subject":   signed(t, testSecret, jwt.RegisteredClaims{ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour))}),
		"unknown user": signed(t, testSecret, jwt.RegisteredClaims{Subject: "00000000-0000-0000-0000-000000000000", ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour))}),
	}
	// The genuine token first, so that a forgery of it would find it cached.
	require.Equal(t, http.StatusOK, status(s, http.MethodGet, "/v1/me/", good))
	for name, token := range bad {
		for range 2 {
			assert.Equal(t, http.StatusUnauthorized, status(s, http.MethodGet, "/v1/me/", token), name)
			assert.False(t, s.isCached(token), "%s: only tokens that verified are cached", name)
		}
	}
	assert.Equal(t, 1, s.cachedTokens())
}

func TestTokenCacheBounded(t *testing.T) {
	c := &testClock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	s := newCacheServer(t, WithClock(c.Now))
	id := s.Snapshot().Users[0].ID
	var last string
	for i := range tokenCacheSize + 10 {
		// A different issue time makes a different token.
		c.Set(c.Now().Add(time.Second))
		token, err := s.mint(id, StaffUsername)
		require.NoError(t, err)
		r := httptest.NewRequest(http.MethodGet, "/v1/me/", nil)
		r.Header.Set("Authorization", "JWT "+token)
		_, ok := s.authenticate(r)
		require.True(t, ok, "token %d", i)
		last = token
	}
	assert.Equal(t, tokenCacheSize, s.cachedTokens())
	assert.True(t, s.isCached(last), "the newest token is the one kept")
}

func TestTokenCacheConcurrent(t *testing.T) {
	s := newCacheServer(t)
	staff := mustToken(t, s, StaffUsername)
	tokens := map[string]string{}
	for _, name := range s.DemoUsernames() {
		tokens[name] = mustToken(t, s, name)
	}

	var wg sync.WaitGroup
	deleted := make(chan struct{})
	errs := make(chan error, 64)
	for name, token := range tokens {
		for range 4 {
			wg.Go(func() {
				for i := range 50 {
					gone := false
					select {
					case <-deleted:
						gone = name == "grace"
					default:
					}
					got := status(s, http.MethodGet, "/v1/users/profiles/", token)
					switch {
					case gone && got != http.StatusUnauthorized:
						errs <- fmt.Errorf("%s, deleted, request %d: %d", name, i, got)
						return
					case name != "grace" && got != http.StatusOK:
						errs <- fmt.Errorf("%s request %d: %d", name, i, got)
						return
					}
				}
			})
		}
	}
	wg.Go(func() {
		time.Sleep(time.Millisecond)
		if got := status(s, http.MethodDelete, "/v1/users/profiles/grace/", staff); got != http.StatusNoContent {
			errs <- fmt.Errorf("deleting grace: %d", got)
		}
		close(deleted)
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.Equal(t, http.StatusUnauthorized, status(s, http.MethodGet, "/v1/me/", tokens["grace"]))
	assert.Equal(t, http.StatusOK, status(s, http.MethodGet, "/v1/me/", tokens["ada"]))
}
