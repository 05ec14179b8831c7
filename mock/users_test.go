package mock_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/mock"
)

func usernames(t *testing.T, a answer) []string {
	t.Helper()
	require.Equal(t, http.StatusOK, a.status, "body: %s", a.safe())
	var names []string
	for _, u := range a.list(t) {
		names = append(names, asString(t, u["username"]))
	}
	return names
}

func TestMe(t *testing.T) {
	e := start(t)
	a := e.call(http.MethodGet, "/v1/me/", "ada", nil)
	require.Equal(t, http.StatusOK, a.status)
	me := a.object(t)
	assert.Equal(t, "ada", me["username"])
	assert.Equal(t, "ada@example.com", me["email"])
	assert.NotContains(t, me, "password")
	profile := asMap(t, me["profile"])
	assert.Equal(t, "Analyst of engines.", profile["bio"])
	assert.Equal(t, map[string]any{"theme": "dark"}, profile["config"])
	assert.Equal(t, e.url+"/v1/users/"+asString(t, me["id"])+"/avatar/", profile["avatar"])

	assertDetail(t, e.call(http.MethodGet, "/v1/me/", "", nil), http.StatusUnauthorized, unauthorized)
}

func TestUsersList(t *testing.T) {
	e := start(t)
	all := []string{"admin", "ada", "grace", "alan"}
	tests := []struct {
		query string
		want  []string
	}{
		{"", all},
		{"?username=grace", []string{"grace"}},
		{"?username=gra", nil},
		{"?email=alan@example.com", []string{"alan"}},
		{"?email=ALAN@example.com", nil},
		{"?ordering=username", []string{"ada", "admin", "alan", "grace"}},
		{"?ordering=-username", []string{"grace", "alan", "admin", "ada"}},
		{"?ordering=last_name,-username", []string{"admin", "grace", "ada", "alan"}},
		{"?limit=2", []string{"admin", "ada"}},
		{"?limit=2&offset=1", []string{"ada", "grace"}},
		{"?offset=3", []string{"alan"}},
		{"?offset=10", nil},
		{"?ordering=username&limit=1&offset=1", []string{"admin"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			a := e.call(http.MethodGet, "/v1/users/profiles/"+tt.query, "grace", nil)
			assert.Equal(t, tt.want, usernames(t, a))
			assert.Equal(t, byte('['), a.body[0], "a list is a plain JSON array")
		})
	}
}

func TestUsersRead(t *testing.T) {
	e := start(t)
	id := e.userID("grace")
	tests := []struct {
		name, ref string
		status    int
	}{
		{"by username", "grace", http.StatusOK},
		{"by id", id, http.StatusOK},
		{"unknown username", "nobody", http.StatusNotFound},
		{"unknown id", "00000000-0000-4000-8000-000000000000", http.StatusNotFound},
		// An upper-case UUID is not canonical, so it is taken for a username, which nobody has.
		{"upper-case id", "ABCDEF00-0000-4000-8000-000000000000", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := e.call(http.MethodGet, "/v1/users/profiles/"+tt.ref+"/", "alan", nil)
			if tt.status == http.StatusOK {
				require.Equal(t, http.StatusOK, a.status)
				assert.Equal(t, "grace", a.object(t)["username"])
				assert.Nil(t, asMap(t, a.object(t)["profile"])["avatar"])
				return
			}
			assertDetail(t, a, tt.status, notFound)
		})
	}
}

func TestUsersCreate(t *testing.T) {
	e := start(t)
	body := map[string]any{
		"username": "Zoë_k-1", "email": "zoe@example.com", "password": "a-long-secret-phrase",
		"first_name": "Zoë", "profile": map[string]any{"bio": "Hi.", "config": map[string]any{"a": []any{1.0, "b"}}},
		// Read-only fields are ignored, as the real server did.
		"id": "00000000-0000-4000-8000-000000000000",
	}

	assertDetail(t, e.call(http.MethodPost, "/v1/users/profiles/", "ada", body), http.StatusForbidden, forbidden)
	assertDetail(t, e.call(http.MethodPost, "/v1/users/profiles/", "", body), http.StatusUnauthorized, unauthorized)

	a := e.call(http.MethodPost, "/v1/users/profiles/", mock.StaffUsername, body)
	require.Equal(t, http.StatusCreated, a.status, "body: %s", a.safe())
	u := a.object(t)
	assert.Equal(t, "Zoë_k-1", u["username"])
	assert.NotEqual(t, "00000000-0000-4000-8000-000000000000", u["id"])
	assert.Empty(t, u["last_name"])
	assert.Equal(t, map[string]any{
		"bio": "Hi.", "url": nil, "location": nil, "company": nil, "timezone": nil, "avatar": nil,
		"config": map[string]any{"a": []any{1.0, "b"}},
	}, u["profile"])
	assert.NotContains(t, u, "password")

	// The e-mail is also one of the user's addresses, private and unsubscribed.
	emails := e.call(http.MethodGet, "/v1/users/Zoë_k-1/emails/", "Zoë_k-1", nil).list(t)
	require.Len(t, emails, 1)
	assert.Equal(t, "zoe@example.com", emails[0]["address"])
	assert.Equal(t, false, emails[0]["public"])
	assert.Equal(t, true, emails[0]["unsubscribed"])
	assert.Equal(t, u["id"], emails[0]["user"])

	// The new user can log in.
	login := e.call(http.MethodPost, "/auth/jwt-token-auth/", "",
		map[string]string{"username": "Zoë_k-1", "password": "a-long-secret-phrase"})
	assert.Equal(t, http.StatusCreated, login.status)

	// Usernames and addresses are unique: among users, and among e-mail addresses.
	dup := e.call(http.MethodPost, "/v1/users/profiles/", mock.StaffUsername, map[string]any{
		"username": "Zoë_k-1", "email": "ada@engines.example.org", "password": "x",
	})
	m := assertFields(t, dup, "username", "email")
	assert.Equal(t, []any{"Zoë_k-1 is already taken."}, m["username"])
	assert.Equal(t, []any{"ada@engines.example.org is already taken."}, m["email"])
}

func TestUsersUpdate(t *testing.T) {
	e := start(t)
	path := "/v1/users/profiles/ada/"

	t.Run("self, with null clearing a field", func(t *testing.T) {
		a := e.call(http.MethodPatch, path, "ada", map[string]any{
			"last_name": "King",
			"profile":   map[string]any{"bio": nil, "location": "Marylebone"},
		})
		require.Equal(t, http.StatusOK, a.status, "body: %s", a.safe())
		u := a.object(t)
		assert.Equal(t, "King", u["last_name"])
		assert.Equal(t, "Ada", u["first_name"], "a field left out is left alone")
		p := asMap(t, u["profile"])
		assert.Nil(t, p["bio"])
		assert.Equal(t, "Marylebone", p["location"])
		assert.Equal(t, "Analytical Engines Ltd", p["company"], "a profile field left out is left alone")
		assert.Equal(t, map[string]any{"theme": "dark"}, p["config"])
		assert.NotNil(t, p["avatar"])
	})
	t.Run("staff, replacing config", func(t *testing.T) {
		a := e.call(http.MethodPatch, path, mock.StaffUsername, map[string]any{
			"profile": map[string]any{"config": map[string]any{"lang": "en"}},
		})
		require.Equal(t, http.StatusOK, a.status, "body: %s", a.safe())
		assert.Equal(t, map[string]any{"lang": "en"}, asMap(t, a.object(t)["profile"])["config"])
	})
	t.Run("the same username is accepted", func(t *testing.T) {
		a := e.call(http.MethodPatch, path, "ada", map[string]any{"username": "ada"})
		assert.Equal(t, http.StatusOK, a.status)
	})
	t.Run("another username is refused", func(t *testing.T) {
		before := e.srv.Snapshot()
		a := e.call(http.MethodPatch, path, "ada", map[string]any{"username": "countess", "last_name": "X"})
		require.Equal(t, http.StatusBadRequest, a.status)
		assert.Equal(t, map[string]any{"message": "Username cannot be changed after creation."}, a.object(t))
		assert.Equal(t, before, e.srv.Snapshot())
	})
	t.Run("another user may not", func(t *testing.T) {
		before := e.srv.Snapshot()
		assertDetail(t, e.call(http.MethodPatch, path, "grace", map[string]any{"last_name": "X"}), http.StatusForbidden, forbidden)
		assert.Equal(t, before, e.srv.Snapshot())
	})
	t.Run("unknown user", func(t *testing.T) {
		assertDetail(t, e.call(http.MethodPatch, "/v1/users/profiles/nobody/", mock.StaffUsername, map[string]any{}), http.StatusNotFound, notFound)
	})
	t.Run("password", func(t *testing.T) {
		a := e.call(http.MethodPatch, path, "ada", map[string]any{"password": "new-secret"})
		require.Equal(t, http.StatusOK, a.status)
		login := e.call(http.MethodPost, "/auth/jwt-token-auth/", "", map[string]string{"username": "ada", "password": "new-secret"})
		assert.Equal(t, http.StatusCreated, login.status)
		old := e.call(http.MethodPost, "/auth/jwt-token-auth/", "", map[string]string{"username": "ada", "password": e.srv.Password()})
		assert.Equal(t, http.StatusBadRequest, old.status)
	})
}

func TestUsersUpdateEmail(t *testing.T) {
	e := start(t)
	path := "/v1/users/profiles/ada/"
	addresses := func() []string {
		var out []string
		for _, em := range e.call(http.MethodGet, "/v1/users/ada/emails/?ordering=address", "ada", nil).list(t) {
			out = append(out, asString(t, em["address"]))
		}
		return out
	}

	// Another user's address is taken, public or not.
	for _, taken := range []string{"grace@example.com", "grace@navy.example.mil"} {
		a := e.call(http.MethodPatch, path, "ada", map[string]any{"email": taken})
		assert.Equal(t, []any{taken + " is already taken."}, assertFields(t, a, "email")["email"])
	}

	// A new address renames the primary one's row.
	a := e.call(http.MethodPatch, path, "ada", map[string]any{"email": "countess@example.com"})
	require.Equal(t, http.StatusOK, a.status, "body: %s", a.safe())
	assert.Equal(t, "countess@example.com", a.object(t)["email"])
	assert.Equal(t, []string{"ada@engines.example.org", "countess@example.com"}, addresses())

	// One of the user's own addresses becomes the primary one.
	a = e.call(http.MethodPatch, path, "ada", map[string]any{"email": "ada@engines.example.org"})
	require.Equal(t, http.StatusOK, a.status, "body: %s", a.safe())
	assert.Equal(t, []string{"ada@engines.example.org", "countess@example.com"}, addresses())

	// The freed address can be used by someone else.
	a = e.call(http.MethodPatch, "/v1/users/profiles/alan/", "alan", map[string]any{"email": "ada@example.com"})
	assert.Equal(t, http.StatusOK, a.status, "body: %s", a.safe())
}

func TestUsersDelete(t *testing.T) {
	e := start(t)
	graceToken := e.token("grace")

	assertDetail(t, e.call(http.MethodDelete, "/v1/users/profiles/grace/", "ada", nil), http.StatusForbidden, forbidden)
	assertDetail(t, e.call(http.MethodDelete, "/v1/users/profiles/nobody/", "ada", nil), http.StatusNotFound, notFound)

	a := e.call(http.MethodDelete, "/v1/users/profiles/grace/", "grace", nil)
	assert.Equal(t, http.StatusNoContent, a.status)
	assert.Empty(t, a.body)

	assertDetail(t, e.call(http.MethodGet, "/v1/users/profiles/grace/", "ada", nil), http.StatusNotFound, notFound)
	assert.NotContains(t, usernames(t, e.call(http.MethodGet, "/v1/users/profiles/", "ada", nil)), "grace")

	// Its token no longer works, and it cannot log in.
	h := http.Header{"Authorization": {"JWT " + graceToken}}
	assertDetail(t, e.raw(http.MethodGet, "/v1/me/", h, nil), http.StatusUnauthorized, unauthorized)
	login := e.call(http.MethodPost, "/auth/jwt-token-auth/", "", map[string]string{"username": "grace", "password": e.srv.Password()})
	assert.Equal(t, http.StatusBadRequest, login.status)

	// A soft delete: the row stays, inactive, and the username and address are free again.
	var found bool
	for _, u := range e.srv.Snapshot().Users {
		if u.Username == "grace" {
			found = true
			assert.False(t, u.Active)
		}
	}
	assert.True(t, found)
	a = e.call(http.MethodPost, "/v1/users/profiles/", mock.StaffUsername, map[string]any{
		"username": "grace", "email": "grace@navy.example.mil", "password": "x",
	})
	assert.Equal(t, http.StatusCreated, a.status, "body: %s", a.safe())

	// Staff may delete anybody.
	assert.Equal(t, http.StatusNoContent, e.call(http.MethodDelete, "/v1/users/profiles/alan/", mock.StaffUsername, nil).status)
}
