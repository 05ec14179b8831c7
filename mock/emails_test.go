package mock_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/mock"
)

func addresses(t *testing.T, a answer) []string {
	t.Helper()
	require.Equal(t, http.StatusOK, a.status, "body: %s", a.safe())
	var out []string
	for _, em := range a.list(t) {
		out = append(out, asString(t, em["address"]))
	}
	return out
}

// Visibility: all of one's own addresses, and only the public ones of anybody else, except
// for staff, who see all; a hidden one answers 404 like a missing one.
func TestEmailsVisibility(t *testing.T) {
	e := start(t)
	private := e.emailID("ada@example.com")
	public := e.emailID("ada@engines.example.org")
	grace := e.emailID("grace@example.com")

	tests := []struct {
		caller string
		want   []string
	}{
		{"ada", []string{"ada@example.com", "ada@engines.example.org"}},
		{"grace", []string{"ada@engines.example.org"}},
		{mock.StaffUsername, []string{"ada@example.com", "ada@engines.example.org"}},
	}
	for _, tt := range tests {
		t.Run(tt.caller, func(t *testing.T) {
			assert.Equal(t, tt.want, addresses(t, e.call(http.MethodGet, "/v1/users/ada/emails/", tt.caller, nil)))
		})
	}

	read := func(user, id, caller string) answer {
		return e.call(http.MethodGet, "/v1/users/"+user+"/emails/"+id+"/", caller, nil)
	}
	a := read("ada", private, "ada")
	require.Equal(t, http.StatusOK, a.status)
	assert.Equal(t, map[string]any{
		"id": private, "user": e.userID("ada"), "address": "ada@example.com", "public": false, "unsubscribed": true,
	}, a.object(t))
	assert.Equal(t, http.StatusOK, read("ada", public, "grace").status)
	assertDetail(t, read("ada", private, "grace"), http.StatusNotFound, notFound)
	assert.Equal(t, http.StatusOK, read("ada", private, mock.StaffUsername).status)
	// An address of another user is not found under this one.
	assertDetail(t, read("ada", grace, mock.StaffUsername), http.StatusNotFound, notFound)
	assertDetail(t, read("ada", "00000000-0000-4000-8000-000000000000", "ada"), http.StatusNotFound, notFound)
	assertDetail(t, read("nobody", private, "ada"), http.StatusNotFound, notFound)
	assertDetail(t, e.call(http.MethodGet, "/v1/users/nobody/emails/", "ada", nil), http.StatusNotFound, notFound)

	// By user id as well as by username.
	assert.Equal(t, http.StatusOK, read(e.userID("ada"), private, "ada").status)
}

func TestEmailsListOrderingAndPaging(t *testing.T) {
	e := start(t)
	for _, addr := range []string{"c@example.org", "b@example.org"} {
		a := e.call(http.MethodPost, "/v1/users/ada/emails/", "ada", map[string]any{"address": addr, "public": true})
		require.Equal(t, http.StatusCreated, a.status)
	}
	list := func(q string) []string {
		return addresses(t, e.call(http.MethodGet, "/v1/users/ada/emails/"+q, "ada", nil))
	}
	assert.Equal(t, []string{"ada@example.com", "ada@engines.example.org", "c@example.org", "b@example.org"}, list(""))
	assert.Equal(t, []string{"ada@engines.example.org", "ada@example.com", "b@example.org", "c@example.org"}, list("?ordering=address"))
	assert.Equal(t, []string{"ada@engines.example.org", "c@example.org", "b@example.org", "ada@example.com"}, list("?ordering=-public"))
	assert.Equal(t, []string{"ada@engines.example.org", "c@example.org", "b@example.org", "ada@example.com"},
		list("?ordering=unsubscribed,-address"))
	assert.Equal(t, []string{"ada@engines.example.org", "c@example.org"}, list("?limit=2&offset=1"))
}

func TestEmailsCreate(t *testing.T) {
	e := start(t)
	path := "/v1/users/grace/emails/"

	t.Run("defaults", func(t *testing.T) {
		a := e.call(http.MethodPost, path, "grace", map[string]any{"address": "not even an address"})
		require.Equal(t, http.StatusCreated, a.status, "body: %s", a.safe())
		m := a.object(t)
		assert.Equal(t, "not even an address", m["address"], "addresses are not format-checked")
		assert.Equal(t, false, m["public"])
		assert.Equal(t, true, m["unsubscribed"])
		assert.Equal(t, e.userID("grace"), m["user"])
	})
	t.Run("staff, for somebody else", func(t *testing.T) {
		a := e.call(http.MethodPost, path, mock.StaffUsername,
			map[string]any{"address": "gh@example.org", "public": true, "unsubscribed": false, "user": e.userID("ada")})
		require.Equal(t, http.StatusCreated, a.status, "body: %s", a.safe())
		m := a.object(t)
		assert.Equal(t, e.userID("grace"), m["user"], "the address goes to the user in the path; user in the body is read-only")
		assert.Equal(t, true, m["public"])
		assert.Equal(t, false, m["unsubscribed"])
	})
	t.Run("another user may not", func(t *testing.T) {
		before := e.srv.Snapshot()
		assertDetail(t, e.call(http.MethodPost, path, "ada", map[string]any{"address": "x@example.org"}), http.StatusForbidden, forbidden)
		assert.Equal(t, before, e.srv.Snapshot())
	})
	t.Run("taken addresses", func(t *testing.T) {
		before := e.srv.Snapshot()
		// Another user's private address, another user's primary e-mail, one's own.
		for _, addr := range []string{"ada@example.com", "alan@example.com", "gh@example.org", "grace@example.com"} {
			a := e.call(http.MethodPost, path, "grace", map[string]any{"address": addr})
			assert.Equal(t, []any{addr + " is already taken."}, assertFields(t, a, "address")["address"])
		}
		assert.Equal(t, before, e.srv.Snapshot())
	})
}

func TestEmailsChange(t *testing.T) {
	e := start(t)
	id := e.emailID("ada@engines.example.org")
	path := "/v1/users/ada/emails/" + id + "/"

	t.Run("PATCH changes what is sent", func(t *testing.T) {
		a := e.call(http.MethodPatch, path, "ada", map[string]any{"unsubscribed": true})
		require.Equal(t, http.StatusOK, a.status, "body: %s", a.safe())
		m := a.object(t)
		assert.Equal(t, true, m["unsubscribed"])
		assert.Equal(t, true, m["public"])
		assert.Equal(t, "ada@engines.example.org", m["address"])
	})
	t.Run("PUT replaces all, defaults for what is left out", func(t *testing.T) {
		a := e.call(http.MethodPut, path, "ada", map[string]any{"address": "ada@analytical.example.org"})
		require.Equal(t, http.StatusOK, a.status, "body: %s", a.safe())
		m := a.object(t)
		assert.Equal(t, "ada@analytical.example.org", m["address"])
		assert.Equal(t, false, m["public"])
		assert.Equal(t, true, m["unsubscribed"])
		assert.Equal(t, id, m["id"])
	})
	t.Run("staff may change a public one of somebody else", func(t *testing.T) {
		require.Equal(t, http.StatusOK, e.call(http.MethodPatch, path, "ada", map[string]any{"public": true}).status)
		a := e.call(http.MethodPatch, path, mock.StaffUsername, map[string]any{"unsubscribed": false})
		assert.Equal(t, http.StatusOK, a.status, "body: %s", a.safe())
	})
	t.Run("another user sees it but may not change it", func(t *testing.T) {
		before := e.srv.Snapshot()
		assertDetail(t, e.call(http.MethodPatch, path, "grace", map[string]any{"public": false}), http.StatusForbidden, forbidden)
		assertDetail(t, e.call(http.MethodPut, path, "grace", map[string]any{"address": "z@example.org"}), http.StatusForbidden, forbidden)
		assertDetail(t, e.call(http.MethodDelete, path, "grace", nil), http.StatusForbidden, forbidden)
		assert.Equal(t, before, e.srv.Snapshot())
	})
	t.Run("a hidden one is not found", func(t *testing.T) {
		hidden := "/v1/users/ada/emails/" + e.emailID("ada@example.com") + "/"
		before := e.srv.Snapshot()
		assertDetail(t, e.call(http.MethodPatch, hidden, "grace", map[string]any{"public": true}), http.StatusNotFound, notFound)
		assertDetail(t, e.call(http.MethodPut, hidden, "grace", map[string]any{"address": "z@example.org"}), http.StatusNotFound, notFound)
		assertDetail(t, e.call(http.MethodDelete, hidden, "grace", nil), http.StatusNotFound, notFound)
		assert.Equal(t, before, e.srv.Snapshot())
	})
	t.Run("staff see and change a private one", func(t *testing.T) {
		private := "/v1/users/grace/emails/" + e.emailID("grace@example.com") + "/"
		a := e.call(http.MethodPatch, private, mock.StaffUsername, map[string]any{"unsubscribed": false})
		require.Equal(t, http.StatusOK, a.status)
		assert.Equal(t, false, a.object(t)["unsubscribed"])
	})
	t.Run("an address taken elsewhere", func(t *testing.T) {
		before := e.srv.Snapshot()
		for _, method := range []string{http.MethodPatch, http.MethodPut} {
			a := e.call(method, path, "ada", map[string]any{"address": "grace@navy.example.mil"})
			assertFields(t, a, "address")
			a = e.call(method, path, "ada", map[string]any{"address": "ada@example.com"})
			assertFields(t, a, "address")
		}
		assert.Equal(t, before, e.srv.Snapshot())
		// Its own address again is no conflict.
		a := e.call(http.MethodPatch, path, "ada", map[string]any{"address": "ada@analytical.example.org"})
		assert.Equal(t, http.StatusOK, a.status)
	})
	t.Run("DELETE", func(t *testing.T) {
		a := e.call(http.MethodDelete, path, "ada", nil)
		assert.Equal(t, http.StatusNoContent, a.status)
		assert.Empty(t, a.body)
		assertDetail(t, e.call(http.MethodGet, path, "ada", nil), http.StatusNotFound, notFound)
		assertDetail(t, e.call(http.MethodDelete, path, "ada", nil), http.StatusNotFound, notFound)
		// The address is free again.
		a = e.call(http.MethodPost, "/v1/users/grace/emails/", "grace", map[string]any{"address": "ada@analytical.example.org"})
		assert.Equal(t, http.StatusCreated, a.status)
	})
}
