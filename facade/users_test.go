package facade_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/facade"
)

func TestUsers(t *testing.T) {
	runCallCases(t, []callCase{
		{
			name:   "Me",
			call:   func(ctx context.Context, c *facade.Client) (any, error) { return c.Users.Me(ctx) },
			status: http.StatusOK, reply: adaJSON,
			method: http.MethodGet, path: "/v1/me/", tmpl: "/v1/me/",
			want: &adaUser,
		},
		{
			name:   "Get by username",
			call:   func(ctx context.Context, c *facade.Client) (any, error) { return c.Users.Get(ctx, "ada") },
			status: http.StatusOK, reply: adaJSON,
			method: http.MethodGet, path: "/v1/users/profiles/ada/", tmpl: "/v1/users/profiles/{user}/",
			want: &adaUser,
		},
		{
			name:   "Get by id",
			call:   func(ctx context.Context, c *facade.Client) (any, error) { return c.Users.Get(ctx, adaID) },
			status: http.StatusOK, reply: adaJSON,
			method: http.MethodGet, path: "/v1/users/profiles/" + adaID + "/", tmpl: "/v1/users/profiles/{user}/",
			want: &adaUser,
		},
		{
			name:   "List without options",
			call:   func(ctx context.Context, c *facade.Client) (any, error) { return c.Users.List(ctx, nil) },
			status: http.StatusOK, reply: "[" + adaJSON + "," + graceJSON + "]",
			method: http.MethodGet, path: "/v1/users/profiles/", tmpl: "/v1/users/profiles/",
			want: []facade.User{adaUser, graceUser},
		},
		{
			name: "List with zero options",
			call: func(ctx context.Context, c *facade.Client) (any, error) {
				return c.Users.List(ctx, &facade.ListUsersOptions{})
			},
			status: http.StatusOK, reply: "[]",
			method: http.MethodGet, path: "/v1/users/profiles/", tmpl: "/v1/users/profiles/",
			want: []facade.User{},
		},
		{
			name: "List with every option",
			call: func(ctx context.Context, c *facade.Client) (any, error) {
				return c.Users.List(ctx, &facade.ListUsersOptions{
					Limit: 10, Offset: 20, Username: "ada", Email: "ada+list@example.com", Ordering: "-last_name,username",
				})
			},
			status: http.StatusOK, reply: "[" + adaJSON + "]",
			method: http.MethodGet, path: "/v1/users/profiles/", tmpl: "/v1/users/profiles/",
			query: url.Values{
				"limit": {"10"}, "offset": {"20"}, "username": {"ada"},
				"email": {"ada+list@example.com"}, "ordering": {"-last_name,username"},
			},
			want: []facade.User{adaUser},
		},
		{
			name: "All in one short page",
			call: func(ctx context.Context, c *facade.Client) (any, error) {
				return collect(c.Users.All(ctx, &facade.ListUsersOptions{Ordering: "username", Limit: 7}, 0))
			},
			status: http.StatusOK, reply: "[" + adaJSON + "," + graceJSON + "]",
			method: http.MethodGet, path: "/v1/users/profiles/", tmpl: "/v1/users/profiles/",
			query: url.Values{"limit": {"100"}, "ordering": {"username"}},
			want:  []facade.User{adaUser, graceUser},
		},
		{
			name: "Create",
			call: func(ctx context.Context, c *facade.Client) (any, error) {
				return c.Users.Create(ctx, facade.NewUser{
					Username: "grace", Email: "grace@example.com", Password: testPassword,
					Profile: &facade.ProfileUpdate{Company: facade.Value("Navy")},
				})
			},
			status: http.StatusCreated, reply: graceJSON,
			method: http.MethodPost, path: "/v1/users/profiles/", tmpl: "/v1/users/profiles/",
			body: `{"username":"grace","email":"grace@example.com","password":"` + testPassword + `","profile":{"company":"Navy"}}`,
			want: &graceUser,
		},
		{
			name: "Create with names",
			call: func(ctx context.Context, c *facade.Client) (any, error) {
				return c.Users.Create(ctx, facade.NewUser{
					Username: "grace", Email: "grace@example.com", Password: testPassword, FirstName: "Grace", LastName: "Hopper",
				})
			},
			status: http.StatusCreated, reply: graceJSON,
			method: http.MethodPost, path: "/v1/users/profiles/", tmpl: "/v1/users/profiles/",
			body: `{"username":"grace","email":"grace@example.com","password":"` + testPassword + `","first_name":"Grace","last_name":"Hopper"}`,
			want: &graceUser,
		},
		{
			name: "Update",
			call: func(ctx context.Context, c *facade.Client) (any, error) {
				return c.Users.Update(ctx, "ada", facade.UserUpdate{LastName: facade.Ptr("King")})
			},
			status: http.StatusOK, reply: adaJSON,
			method: http.MethodPatch, path: "/v1/users/profiles/ada/", tmpl: "/v1/users/profiles/{user}/",
			body: `{"last_name":"King"}`,
			want: &adaUser,
		},
		{
			name:   "Delete",
			call:   func(ctx context.Context, c *facade.Client) (any, error) { return nil, c.Users.Delete(ctx, "ada") },
			status: http.StatusNoContent,
			method: http.MethodDelete, path: "/v1/users/profiles/ada/", tmpl: "/v1/users/profiles/{user}/",
		},
	})
}

// TestUserUpdatePatch checks the exact JSON of a PATCH: a field left out is absent, a
// field set is sent (even when empty), and a nullable field set to Null is sent as null.
func TestUserUpdatePatch(t *testing.T) {
	cases := []struct {
		name string
		upd  facade.UserUpdate
		want string
	}{
		{name: "nothing", upd: facade.UserUpdate{}, want: `{}`},
		{name: "one field", upd: facade.UserUpdate{FirstName: facade.Ptr("Augusta")}, want: `{"first_name":"Augusta"}`},
		{name: "a field set to empty", upd: facade.UserUpdate{LastName: facade.Ptr("")}, want: `{"last_name":""}`},
		{
			name: "every plain field",
			upd: facade.UserUpdate{
				Email: facade.Ptr("ada@work.example"), FirstName: facade.Ptr("A"), LastName: facade.Ptr("L"), Password: facade.Ptr(newPassword),
			},
			want: `{"email":"ada@work.example","first_name":"A","last_name":"L","password":"` + newPassword + `"}`,
		},
		{name: "empty profile", upd: facade.UserUpdate{Profile: &facade.ProfileUpdate{}}, want: `{"profile":{}}`},
		{
			name: "profile: value, null, left out",
			upd:  facade.UserUpdate{Profile: &facade.ProfileUpdate{Location: facade.Value("London"), Company: facade.Null[string]()}},
			want: `{"profile":{"location":"London","company":null}}`,
		},
		{
			name: "profile: empty string is a value",
			upd:  facade.UserUpdate{Profile: &facade.ProfileUpdate{Bio: facade.Value("")}},
			want: `{"profile":{"bio":""}}`,
		},
		{
			name: "profile: every field null",
			upd: facade.UserUpdate{Profile: &facade.ProfileUpdate{
				Bio: facade.Null[string](), URL: facade.Null[string](), Location: facade.Null[string](),
				Company: facade.Null[string](), Timezone: facade.Null[string](),
			}},
			want: `{"profile":{"bio":null,"url":null,"location":null,"company":null,"timezone":null}}`,
		},
		{
			name: "profile: config replaced",
			upd:  facade.UserUpdate{Profile: &facade.ProfileUpdate{Timezone: facade.Value("UTC"), Config: map[string]any{"theme": "light", "n": 2}}},
			want: `{"profile":{"timezone":"UTC","config":{"theme":"light","n":2}}}`,
		},
		{
			name: "profile: empty config is left out",
			upd:  facade.UserUpdate{Profile: &facade.ProfileUpdate{Config: map[string]any{}}},
			want: `{"profile":{}}`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t, reply(http.StatusOK, adaJSON))
			_, err := s.client(t).Users.Update(t.Context(), "ada", tc.upd)
			require.NoError(t, err)
			reqs := s.requests()
			require.Len(t, reqs, 1)
			assert.Equal(t, http.MethodPatch, reqs[0].Method)
			assertJSONEq(t, tc.want, string(reqs[0].Body))
		})
	}
}

func TestNullable(t *testing.T) {
	var left facade.Nullable[string]
	assert.True(t, left.IsZero())
	assert.False(t, left.IsNull())
	_, ok := left.Get()
	assert.False(t, ok)

	null := facade.Null[string]()
	assert.False(t, null.IsZero())
	assert.True(t, null.IsNull())
	_, ok = null.Get()
	assert.False(t, ok)

	val := facade.Value("x")
	assert.False(t, val.IsZero())
	assert.False(t, val.IsNull())
	v, ok := val.Get()
	assert.True(t, ok)
	assert.Equal(t, "x", v)

	for _, tc := range []struct {
		in   string
		want facade.Nullable[string]
	}{
		{in: `null`, want: facade.Null[string]()},
		{in: `"London"`, want: facade.Value("London")},
		{in: `""`, want: facade.Value("")},
	} {
		var got facade.Nullable[string]
		require.NoError(t, json.Unmarshal([]byte(tc.in), &got))
		assert.Equal(t, tc.want, got, tc.in)
		out, err := json.Marshal(got)
		require.NoError(t, err)
		assert.JSONEq(t, tc.in, string(out), "round trip")
	}
	var bad facade.Nullable[int]
	require.Error(t, json.Unmarshal([]byte(`"one"`), &bad))
}

// TestRequestTypesHidePasswords: printing or logging what a caller passes to Create and
// Update never shows the password.
func TestRequestTypesHidePasswords(t *testing.T) {
	nu := facade.NewUser{Username: "grace", Email: "grace@example.com", Password: testPassword}
	upd := facade.UserUpdate{Email: facade.Ptr("a@example.com"), Password: facade.Ptr(newPassword), Profile: &facade.ProfileUpdate{}}
	var logs logBuffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	logger.Info("create", "user", nu)
	logger.Info("update", "update", upd)
	logger.Info("create pointer", "user", &nu)

	for _, s := range []string{
		fmt.Sprint(nu), fmt.Sprintf("%v", nu), fmt.Sprintf("%+v", nu), fmt.Sprintf("user %s", nu),
		fmt.Sprint(upd), fmt.Sprintf("%+v", upd), fmt.Sprint(&upd),
		logs.String(),
	} {
		assert.Equal(t, redact(s), s, "a password shows")
	}
	assert.Contains(t, fmt.Sprint(nu), "grace")
	assert.Contains(t, fmt.Sprint(upd), "a@example.com")
	assert.Contains(t, fmt.Sprint(upd), "Password:[redacted]")
	assert.Contains(t, logs.String(), "grace@example.com")
	assert.Equal(t, "UserUpdate{}", fmt.Sprint(facade.UserUpdate{}))
	assert.NotContains(t, fmt.Sprint(facade.UserUpdate{}), "Password")
}

// TestUnencodableBody: a body that cannot be encoded fails the call before anything is sent.
func TestUnencodableBody(t *testing.T) {
	s := newServer(t, reply(http.StatusOK, adaJSON))
	c := s.client(t)
	bad := &facade.ProfileUpdate{Config: map[string]any{"callback": func() {}}}
	_, err := c.Users.Create(t.Context(), facade.NewUser{Username: "grace", Email: "g@example.com", Password: testPassword, Profile: bad})
	require.ErrorContains(t, err, "encoding request")
	_, err = c.Users.Update(t.Context(), "ada", facade.UserUpdate{Profile: bad})
	require.ErrorContains(t, err, "encoding request")
	assert.Zero(t, s.count.Load(), "requests the server saw")
}
