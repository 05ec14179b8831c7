package facade_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/facade"
)

// userCalls are every facade method that takes a {user}, called with user.
func userCalls() map[string]func(ctx context.Context, c *facade.Client, user string) error {
	return map[string]func(ctx context.Context, c *facade.Client, user string) error{
		"Users.Get": func(ctx context.Context, c *facade.Client, u string) error { _, err := c.Users.Get(ctx, u); return err },
		"Users.Update": func(ctx context.Context, c *facade.Client, u string) error {
			_, err := c.Users.Update(ctx, u, facade.UserUpdate{})
			return err
		},
		"Users.Delete": func(ctx context.Context, c *facade.Client, u string) error { return c.Users.Delete(ctx, u) },
		"Emails.List": func(ctx context.Context, c *facade.Client, u string) error {
			_, err := c.Emails.List(ctx, u, nil)
			return err
		},
		"Emails.All": func(ctx context.Context, c *facade.Client, u string) error {
			_, err := collect(c.Emails.All(ctx, u, nil, 0))
			return err
		},
		"Emails.Get": func(ctx context.Context, c *facade.Client, u string) error {
			_, err := c.Emails.Get(ctx, u, emailID)
			return err
		},
		"Emails.Create": func(ctx context.Context, c *facade.Client, u string) error {
			_, err := c.Emails.Create(ctx, u, facade.EmailInput{Address: "a@example.com"})
			return err
		},
		"Emails.Replace": func(ctx context.Context, c *facade.Client, u string) error {
			_, err := c.Emails.Replace(ctx, u, emailID, facade.EmailInput{Address: "a@example.com"})
			return err
		},
		"Emails.Update": func(ctx context.Context, c *facade.Client, u string) error {
			_, err := c.Emails.Update(ctx, u, emailID, facade.EmailUpdate{})
			return err
		},
		"Emails.Delete": func(ctx context.Context, c *facade.Client, u string) error { return c.Emails.Delete(ctx, u, emailID) },
		"Avatars.Get": func(ctx context.Context, c *facade.Client, u string) error {
			a, err := c.Avatars.Get(ctx, u)
			if err == nil {
				_ = a.Body.Close()
			}
			return err
		},
		"Avatars.Set": func(ctx context.Context, c *facade.Client, u string) error {
			_, err := c.Avatars.Set(ctx, u, bytes.NewReader(pngImage()))
			return err
		},
		"Avatars.Update": func(ctx context.Context, c *facade.Client, u string) error {
			_, err := c.Avatars.Update(ctx, u, bytes.NewReader(pngImage()))
			return err
		},
		"Avatars.Delete": func(ctx context.Context, c *facade.Client, u string) error { return c.Avatars.Delete(ctx, u) },
		"Keys.APIKey": func(ctx context.Context, c *facade.Client, u string) error {
			_, err := c.Keys.APIKey(ctx, u)
			return err
		},
		"Keys.SSH": func(ctx context.Context, c *facade.Client, u string) error { _, err := c.Keys.SSH(ctx, u); return err },
		"Keys.ResetSSH": func(ctx context.Context, c *facade.Client, u string) error {
			_, err := c.Keys.ResetSSH(ctx, u)
			return err
		},
	}
}

// badUsers are refused as a {user}: the generated client would send "." and ".." to
// another endpoint, and the rest are neither usernames nor ids.
var badUsers = []string{
	"", ".", "..", "a/b", "a b", "%2e", "%2E%2E", "a%2Fb", "../ada", "ada/", "/ada", `a\b`,
	"ada?x=1", "ada#top", "ada;x", "a.b", "ada@example.com", "ada\n", "ada\x00", "\xff", "ad\xc3",
	"😀", "\u200bada", "ada\u00a0", "\ufffd", strings.Repeat("a", 151), strings.Repeat("é", 151),
	strings.Repeat("a", 100) + "/", "a" + strings.Repeat("é", 70) + ".", strings.Repeat("x", 10000) + " ",
}

func TestInvalidUserSendsNothing(t *testing.T) {
	s := newServer(t, reply(http.StatusOK, adaJSON))
	c := s.client(t)
	for name, call := range userCalls() {
		for _, user := range badUsers {
			err := call(t.Context(), c, user)
			require.ErrorIs(t, err, facade.ErrInvalidArgument, "%s(%q)", name, user)
			assert.Less(t, len(err.Error()), 300, "%s(%q): error message length", name, user)
		}
	}
	assert.Zero(t, s.count.Load(), "requests the server saw")
}

// A user named "profiles" is fine on the /v1/users/profiles/{user}/ routes, but under
// /v1/users/{user}/ the API would read it as another route ("profiles/avatar/" is the
// profile of a user named "avatar"), so those methods refuse it and want the id.
func TestUserNamedProfiles(t *testing.T) {
	s := newServer(t, reply(http.StatusOK, adaJSON))
	c := s.client(t)
	for name, call := range userCalls() {
		err := call(t.Context(), c, "profiles")
		if strings.HasPrefix(name, "Users.") {
			assert.NotErrorIs(t, err, facade.ErrInvalidArgument, name)
			continue
		}
		require.ErrorIs(t, err, facade.ErrInvalidArgument, name)
		assert.Contains(t, err.Error(), "id", name)
	}
	assert.EqualValues(t, 3, s.count.Load(), "only the Users calls were sent")
}

// badEmailIDs are refused as an {email_id}: only a lowercase canonical UUID is an id.
var badEmailIDs = []string{
	"", ".", "..", "ada",
	strings.ToUpper(emailID),
	"0b1c2d3e-4f5a-4b6c-8d7e-9F0a1b2c3d4e",
	"0b1c2d3e4f5a4b6c8d7e9f0a1b2c3d4e",
	"{" + emailID + "}",
	"urn:uuid:" + emailID,
	emailID[:35],
	emailID + "0",
	emailID[:35] + "g",
	strings.Replace(emailID, "-", "_", 1),
	" " + emailID,
	emailID + "/",
	"../" + emailID[3:],
}

func TestInvalidEmailIDSendsNothing(t *testing.T) {
	s := newServer(t, reply(http.StatusOK, emailJSON))
	c := s.client(t)
	calls := map[string]func(id string) error{
		"Get": func(id string) error { _, err := c.Emails.Get(t.Context(), "ada", id); return err },
		"Replace": func(id string) error {
			_, err := c.Emails.Replace(t.Context(), "ada", id, facade.EmailInput{Address: "a@b"})
			return err
		},
		"Update": func(id string) error {
			_, err := c.Emails.Update(t.Context(), "ada", id, facade.EmailUpdate{})
			return err
		},
		"Delete": func(id string) error { return c.Emails.Delete(t.Context(), "ada", id) },
	}
	for name, call := range calls {
		for _, id := range badEmailIDs {
			require.ErrorIs(t, call(id), facade.ErrInvalidArgument, "Emails.%s(%q)", name, id)
		}
	}
	assert.Zero(t, s.count.Load(), "requests the server saw")
}

func TestInvalidListOptionsSendNothing(t *testing.T) {
	s := newServer(t, reply(http.StatusOK, "[]"))
	c := s.client(t)
	ctx := t.Context()
	for name, err := range map[string]error{
		"users negative limit":  second(c.Users.List(ctx, &facade.ListUsersOptions{Limit: -1})),
		"users huge limit":      second(c.Users.List(ctx, &facade.ListUsersOptions{Limit: 1001})),
		"users negative offset": second(c.Users.List(ctx, &facade.ListUsersOptions{Offset: -1})),
		"emails negative limit": second(c.Emails.List(ctx, "ada", &facade.ListEmailsOptions{Limit: -5})),
		"emails huge limit":     second(c.Emails.List(ctx, "ada", &facade.ListEmailsOptions{Limit: 5000})),
		"emails neg. offset":    second(c.Emails.List(ctx, "ada", &facade.ListEmailsOptions{Offset: -1})),
		"users page size -1":    second(collect(c.Users.All(ctx, nil, -1))),
		"users page size 1001":  second(collect(c.Users.All(ctx, nil, 1001))),
		"users All neg. offset": second(collect(c.Users.All(ctx, &facade.ListUsersOptions{Offset: -3}, 10))),
		"emails page size -1":   second(collect(c.Emails.All(ctx, "ada", nil, -1))),
	} {
		require.ErrorIs(t, err, facade.ErrInvalidArgument, name)
	}
	assert.Zero(t, s.count.Load(), "requests the server saw")
}

func second[T any](_ T, err error) error { return err }

// TestValidUserReachesServer: an accepted {user} arrives as exactly one path segment
// with exactly its value.
func TestValidUserReachesServer(t *testing.T) {
	for _, user := range []string{
		"ada", "ADA", "ada_lovelace-1", "_", "-", "--", "Zoë", "日本語", "Ünïcödé", "e\u0301", "١٢٣", "ⅷ",
		strings.Repeat("a", 150), strings.Repeat("é", 150), adaID,
	} {
		s := newServer(t, reply(http.StatusOK, adaJSON))
		_, err := s.client(t).Users.Get(t.Context(), user)
		require.NoError(t, err, "%q", user)
		reqs := s.requests()
		require.Len(t, reqs, 1)
		assert.Equal(t, apiPrefix+"/v1/users/profiles/"+user+"/", reqs[0].Path, "%q", user)
		segs := strings.Split(strings.TrimPrefix(reqs[0].Path, apiPrefix+"/v1/users/profiles/"), "/")
		assert.Equal(t, []string{user, ""}, segs, "%q", user)
	}
}
