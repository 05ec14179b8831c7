package mock_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/api"
	"github.com/illumidesk/illumidesk-go/mock"
)

func TestRouting(t *testing.T) {
	e := start(t)
	t.Run("unknown path", func(t *testing.T) {
		for _, path := range []string{"/", "/v1/", "/v1/users/", "/v1/users/ada/", "/v1/users/ada/avatar/extra/", "/v2/me/"} {
			assertDetail(t, e.call(http.MethodGet, path, "ada", nil), http.StatusNotFound, notFound)
		}
	})
	t.Run("wrong method", func(t *testing.T) {
		a := e.call(http.MethodPut, "/v1/users/profiles/ada/", "ada", map[string]any{})
		assertDetail(t, a, http.StatusMethodNotAllowed, `Method "PUT" not allowed.`)
		assert.Equal(t, "GET, PATCH, DELETE", a.header.Get("Allow"))
		assertDetail(t, e.call(http.MethodDelete, "/v1/me/", "ada", nil), http.StatusMethodNotAllowed, "")
	})
	t.Run("GET without the trailing slash", func(t *testing.T) {
		a := e.call(http.MethodGet, "/v1/users/profiles/ada?x=1", "ada", nil)
		assert.Equal(t, http.StatusMovedPermanently, a.status)
		assert.Equal(t, "/v1/users/profiles/ada/?x=1", a.header.Get("Location"))
		a = e.call(http.MethodGet, "/v1/me", "", nil)
		assert.Equal(t, http.StatusMovedPermanently, a.status, "the redirect comes before authentication")
		assert.Equal(t, "/v1/me/", a.header.Get("Location"))
	})
	t.Run("other methods without the trailing slash", func(t *testing.T) {
		assertDetail(t, e.call(http.MethodPost, "/v1/users/profiles", mock.StaffUsername, map[string]any{}), http.StatusNotFound, notFound)
	})
	t.Run("the spec", func(t *testing.T) {
		a := e.call(http.MethodGet, "/openapi.yaml", "", nil)
		require.Equal(t, http.StatusOK, a.status)
		assert.Equal(t, "application/yaml", a.header.Get("Content-Type"))
		assert.Equal(t, api.OpenAPI(), a.body)
		assert.Equal(t, http.StatusMethodNotAllowed, e.raw(http.MethodPost, "/openapi.yaml", nil, nil).status)
	})
	t.Run("the HTML reference", func(t *testing.T) {
		a := e.call(http.MethodGet, "/docs", "", nil)
		require.Equal(t, http.StatusMovedPermanently, a.status)
		assert.Equal(t, "/docs/", a.header.Get("Location"))
		a = e.call(http.MethodGet, "/docs/", "", nil)
		require.Equal(t, http.StatusOK, a.status)
		assert.Equal(t, "text/html; charset=utf-8", a.header.Get("Content-Type"))
		assert.Equal(t, api.DocsHTML(), a.body)
	})
	t.Run("a user named like a path segment", func(t *testing.T) {
		a := e.call(http.MethodPost, "/v1/users/profiles/", mock.StaffUsername,
			map[string]any{"username": "profiles", "email": "p@example.com", "password": "x"})
		require.Equal(t, http.StatusCreated, a.status)
		// /v1/users/profiles/avatar/ reads the profile of a user named avatar, as on the
		// real server; the avatar of "profiles" is reached by its id.
		assertDetail(t, e.call(http.MethodGet, "/v1/users/profiles/avatar/", "ada", nil), http.StatusNotFound, notFound)
		id := e.userID("profiles")
		assert.Equal(t, http.StatusCreated, e.upload(http.MethodPost, "/v1/users/"+id+"/avatar/", "profiles", "image", "image/png", pngBytes(t)).status)
		// POST has one reading only.
		assert.Equal(t, http.StatusCreated, e.upload(http.MethodPost, "/v1/users/profiles/avatar/", "profiles", "image", "image/png", pngBytes(t)).status)
	})
}

func TestOptions(t *testing.T) {
	bad := []mock.Option{
		mock.WithClock(nil),
		mock.WithSecret(nil),
		mock.WithBaseURL("ftp://example.com"),
		mock.WithBaseURL("/relative"),
		mock.WithBaseURL("https://example.com/?q=1"),
		mock.WithAvatarLimit(0),
		mock.WithJSONLimit(-1),
		mock.WithPassword(""),
		mock.WithPassword(strings.Repeat("p", 129)),
		mock.WithSSHKeyType(mock.SSHKeyType(7)),
	}
	for i, opt := range bad {
		_, err := mock.New(opt)
		require.Error(t, err, "option %d", i)
	}
	assert.Equal(t, "ssh-rsa", mock.SSHKeyRSA.String())
	assert.Equal(t, "ssh-ed25519", mock.SSHKeyEd25519.String())
	assert.Equal(t, "SSHKeyType(7)", mock.SSHKeyType(7).String())

	srv, err := mock.New(mock.WithEmptyStore(), nil)
	require.NoError(t, err)
	snap := srv.Snapshot()
	require.Len(t, snap.Users, 1)
	assert.Equal(t, mock.StaffUsername, snap.Users[0].Username)
	assert.True(t, snap.Users[0].Staff)
	assert.Len(t, snap.Emails, 1)
	assert.Empty(t, srv.DemoUsernames())

	// Two servers share nothing: not their secret, not their password.
	other, err := mock.New()
	require.NoError(t, err)
	assert.NotEqual(t, srv.Password(), other.Password())
	tok, err := srv.TokenFor(mock.StaffUsername)
	require.NoError(t, err)
	h := http.Header{"Authorization": {"JWT " + tok}}
	e := start(t)
	assert.Equal(t, http.StatusUnauthorized, e.raw(http.MethodGet, "/v1/me/", h, nil).status)
}

func TestSeed(t *testing.T) {
	e := start(t)
	assert.Equal(t, []string{"ada", "grace", "alan"}, e.srv.DemoUsernames())
	snap := e.srv.Snapshot()
	require.Len(t, snap.Users, 4)
	var staff, avatars int
	for _, u := range snap.Users {
		if u.Staff {
			staff++
		}
		if u.Avatar != nil {
			avatars++
			assert.Equal(t, "image/png", u.Avatar.ContentType)
		}
		assert.True(t, u.Active)
	}
	assert.Equal(t, 1, staff)
	assert.Equal(t, 1, avatars)
	var public, private int
	for _, em := range snap.Emails {
		if em.Public {
			public++
		} else {
			private++
		}
	}
	assert.Positive(t, public)
	assert.Positive(t, private)

	// The output holds secrets: it is checked, never shown.
	var buf bytes.Buffer
	require.NoError(t, e.srv.PrintCredentials(&buf))
	out := buf.String()
	assert.True(t, holds(out, "staff username: admin\n"), "the staff username is printed")
	assert.True(t, holds(out, "ada, grace, alan"), "the demo users are printed")
	assert.True(t, holds(out, e.srv.Password()), "the password is printed")
	tok, err := e.srv.TokenFor(mock.StaffUsername)
	require.NoError(t, err)
	assert.True(t, holds(out, "staff token:    "+tok), "a staff token is printed")
	login := e.call(http.MethodPost, "/auth/jwt-token-auth/", "",
		map[string]string{"username": mock.StaffUsername, "password": e.srv.Password()})
	assert.Equal(t, http.StatusCreated, login.status)
}

// The snapshot is a copy: changing it changes nothing in the server.
func TestSnapshotIsACopy(t *testing.T) {
	e := start(t)
	snap := e.srv.Snapshot()
	for i := range snap.Users {
		if snap.Users[i].Username == "ada" {
			snap.Users[i].Config["theme"] = "light"
			*snap.Users[i].Bio = "changed"
		}
	}
	p := asMap(t, e.call(http.MethodGet, "/v1/me/", "ada", nil).object(t)["profile"])
	assert.Equal(t, "Analyst of engines.", p["bio"])
	assert.Equal(t, map[string]any{"theme": "dark"}, p["config"])
}

// A bounded number of goroutines hitting one server at once: the race detector watches,
// and the invariants hold afterwards.
func TestConcurrency(t *testing.T) {
	e := start(t)
	const workers, rounds = 8, 12
	var wg sync.WaitGroup
	errs := make(chan error, workers*rounds)
	start := time.Now()
	avatar := pngBytes(t) // made here: require may only fail the test from its own goroutine
	for w := range workers {
		wg.Go(func() {
			for r := range rounds {
				// Two workers race for each username, so some creates must fail.
				name := fmt.Sprintf("user%d_%d", w/2, r)
				a := e.call(http.MethodPost, "/v1/users/profiles/", mock.StaffUsername,
					map[string]any{"username": name, "email": name + "@example.org", "password": "pw"})
				if a.status != http.StatusCreated && a.status != http.StatusBadRequest {
					errs <- fmt.Errorf("create %s: %d", name, a.status)
					continue
				}
				steps := []answer{
					e.call(http.MethodGet, "/v1/users/profiles/?ordering=-username&limit=5", "ada", nil),
					e.call(http.MethodPatch, "/v1/users/profiles/ada/", "ada", map[string]any{"profile": map[string]any{"bio": name}}),
					e.call(http.MethodPost, "/v1/users/grace/emails/", "grace", map[string]any{"address": name + "@grace.example.org"}),
					e.call(http.MethodGet, "/v1/users/ada/emails/", "grace", nil),
					e.upload(http.MethodPatch, "/v1/users/alan/avatar/", "alan", "image", "image/png", avatar),
					e.call(http.MethodGet, "/v1/users/alan/avatar/", "ada", nil),
					e.call(http.MethodPost, "/v1/users/alan/ssh-key/reset/", "alan", nil),
				}
				for i, s := range steps {
					if s.status >= 300 && !(i == 2 && s.status == http.StatusBadRequest) {
						errs <- fmt.Errorf("step %d: %d %s", i, s.status, s.safe())
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	t.Logf("%d requests in %v", workers*rounds*8, time.Since(start))

	snap := e.srv.Snapshot()
	names := map[string]bool{}
	addresses := map[string]bool{}
	for _, u := range snap.Users {
		assert.False(t, names[u.Username], "username %s twice", u.Username)
		names[u.Username] = true
	}
	for _, em := range snap.Emails {
		assert.False(t, addresses[em.Address], "address %s twice", em.Address)
		addresses[em.Address] = true
	}
	assert.Len(t, names, 4+workers/2*rounds)
}

// holds reports whether s contains sub: assert.Contains would print s, which holds
// credentials, when it fails.
func holds(s, sub string) bool { return strings.Contains(s, sub) }
