package mock_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/mock"
)

// clock is a settable clock for WithClock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestLogin(t *testing.T) {
	e := start(t, mock.WithPassword("correct-horse"))
	tests := []struct {
		name     string
		body     any
		status   int
		field    string
		username string
	}{
		{"staff", map[string]string{"username": mock.StaffUsername, "password": "correct-horse"}, http.StatusCreated, "", mock.StaffUsername},
		{"demo user", map[string]string{"username": "grace", "password": "correct-horse"}, http.StatusCreated, "", "grace"},
		{"wrong password", map[string]string{"username": "grace", "password": "wrong"}, http.StatusBadRequest, "non_field_errors", ""},
		{"unknown user", map[string]string{"username": "nobody", "password": "correct-horse"}, http.StatusBadRequest, "non_field_errors", ""},
		{"a user id is no username", map[string]string{"username": e.userID("grace"), "password": "correct-horse"}, http.StatusBadRequest, "non_field_errors", ""},
		{"no password", map[string]string{"username": "grace"}, http.StatusBadRequest, "password", ""},
		{"blank password", map[string]string{"username": "grace", "password": ""}, http.StatusBadRequest, "password", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := e.call(http.MethodPost, "/auth/jwt-token-auth/", "", tt.body)
			require.Equal(t, tt.status, a.status, "body: %s", a.safe())
			if tt.field != "" {
				m := assertFields(t, a, tt.field)
				if tt.field == "non_field_errors" {
					assert.Equal(t, []any{"Unable to log in with provided credentials."}, m[tt.field])
				}
				return
			}
			token := asString(t, a.object(t)["token"])
			me := e.raw(http.MethodGet, "/v1/me/", http.Header{"Authorization": {"JWT " + token}}, nil)
			require.Equal(t, http.StatusOK, me.status)
			assert.Equal(t, tt.username, me.object(t)["username"])
		})
	}
}

func TestTokens(t *testing.T) {
	c := &clock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	secret := []byte("a-fixed-secret-for-the-tests-only")
	e := start(t, mock.WithClock(c.Now), mock.WithSecret(secret))
	token := e.token("ada")

	// A real HS256 JWT: the user id as subject, expiring in 30 days.
	var claims jwt.RegisteredClaims
	_, err := jwt.ParseWithClaims(token, &claims, func(*jwt.Token) (any, error) { return secret, nil },
		jwt.WithTimeFunc(c.Now), jwt.WithValidMethods([]string{"HS256"}))
	require.NoError(t, err)
	assert.Equal(t, e.userID("ada"), claims.Subject)
	assert.True(t, c.Now().Add(30*24*time.Hour).Equal(claims.ExpiresAt.Time), "expires %v", claims.ExpiresAt)

	// With a fixed clock and secret, tokens are reproducible.
	again, err := e.srv.TokenFor("ada")
	require.NoError(t, err)
	assert.Equal(t, fingerprint(token), fingerprint(again))

	verify := e.call(http.MethodPost, "/auth/jwt-token-verify/", "", map[string]string{"token": token})
	require.Equal(t, http.StatusCreated, verify.status)
	assert.Equal(t, fingerprint(token), fingerprint(asString(t, verify.object(t)["token"])))

	c.Advance(24 * time.Hour)
	refresh := e.call(http.MethodPost, "/auth/jwt-token-refresh/", "", map[string]string{"token": token})
	require.Equal(t, http.StatusCreated, refresh.status)
	refreshed := asString(t, refresh.object(t)["token"])
	assert.NotEqual(t, fingerprint(token), fingerprint(refreshed), "a refreshed token expires later")

	// 29 days later the first token has expired; the refreshed one still works.
	c.Advance(29*24*time.Hour + time.Second)
	h := func(tok string) http.Header { return http.Header{"Authorization": {"JWT " + tok}} }
	assertDetail(t, e.raw(http.MethodGet, "/v1/me/", h(token), nil), http.StatusUnauthorized, unauthorized)
	assert.Equal(t, http.StatusOK, e.raw(http.MethodGet, "/v1/me/", h(refreshed), nil).status)
	for _, endpoint := range []string{"/auth/jwt-token-verify/", "/auth/jwt-token-refresh/"} {
		a := e.call(http.MethodPost, endpoint, "", map[string]string{"token": token})
		assert.Equal(t, []any{"Signature has expired."}, assertFields(t, a, "non_field_errors")["non_field_errors"])
	}

	// A token for a user that has been deactivated.
	require.Equal(t, http.StatusNoContent, e.call(http.MethodDelete, "/v1/users/profiles/ada/", mock.StaffUsername, nil).status)
	for _, endpoint := range []string{"/auth/jwt-token-verify/", "/auth/jwt-token-refresh/"} {
		a := e.call(http.MethodPost, endpoint, "", map[string]string{"token": refreshed})
		assert.Equal(t, []any{"User doesn't exist."}, assertFields(t, a, "non_field_errors")["non_field_errors"])
	}
}

func TestAuthentication(t *testing.T) {
	e := start(t)
	good := e.token("ada")
	other, err := mock.New(mock.WithSSHKeyType(mock.SSHKeyEd25519))
	require.NoError(t, err)
	foreign, err := other.TokenFor("ada") // signed with another server's secret
	require.NoError(t, err)
	parts := strings.Split(good, ".")
	none := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{"sub": e.userID("ada"), "exp": time.Now().Add(time.Hour).Unix()})
	unsigned, err := none.SignedString(jwt.UnsafeAllowNoneSignatureType)
	require.NoError(t, err)

	tests := []struct {
		name, header string
		status       int
	}{
		{"JWT prefix", "JWT " + good, http.StatusOK},
		{"lower-case prefix", "jwt " + good, http.StatusOK},
		{"no header", "", http.StatusUnauthorized},
		{"Bearer prefix", "Bearer " + good, http.StatusUnauthorized},
		{"no prefix", good, http.StatusUnauthorized},
		{"prefix only", "JWT ", http.StatusUnauthorized},
		{"garbage", "JWT not-a-token", http.StatusUnauthorized},
		{"forged signature", "JWT " + parts[0] + "." + parts[1] + ".c2lnbmF0dXJl", http.StatusUnauthorized},
		{"another server's secret", "JWT " + foreign, http.StatusUnauthorized},
		{"alg none", "JWT " + unsigned, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.header != "" {
				h.Set("Authorization", tt.header)
			}
			a := e.raw(http.MethodGet, "/v1/users/profiles/", h, nil)
			if tt.status == http.StatusOK {
				assert.Equal(t, http.StatusOK, a.status)
				return
			}
			assertDetail(t, a, http.StatusUnauthorized, unauthorized)
			assert.Equal(t, `JWT realm="api"`, a.header.Get("WWW-Authenticate"))
		})
	}

	for _, endpoint := range []string{"/auth/jwt-token-verify/", "/auth/jwt-token-refresh/"} {
		for _, tok := range []string{"not-a-token", foreign, unsigned} {
			a := e.call(http.MethodPost, endpoint, "", map[string]string{"token": tok})
			assert.Equal(t, []any{"Error decoding signature."}, assertFields(t, a, "non_field_errors")["non_field_errors"])
		}
	}
}

func TestTokenFor(t *testing.T) {
	e := start(t)
	_, err := e.srv.TokenFor("nobody")
	require.Error(t, err)
	require.Equal(t, http.StatusNoContent, e.call(http.MethodDelete, "/v1/users/profiles/alan/", "alan", nil).status)
	_, err = e.srv.TokenFor("alan")
	assert.Error(t, err, "no token for a deactivated user")
}
