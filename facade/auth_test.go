package facade_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/facade"
)

const issuedToken = "issued.eyJzdWIiOiJhZGEifQ.bmV3c2ln"

func init() { secrets = append(secrets, issuedToken) }

func TestAuth(t *testing.T) {
	runCallCases(t, []callCase{
		{
			name: "Login",
			call: func(ctx context.Context, c *facade.Client) (any, error) {
				return c.Auth.Login(ctx, "ada", testPassword)
			},
			status: http.StatusCreated, reply: `{"token":"` + issuedToken + `"}`,
			method: http.MethodPost, path: "/auth/jwt-token-auth/", tmpl: "/auth/jwt-token-auth/", noAuth: true,
			body: `{"username":"ada","password":"` + testPassword + `"}`,
			want: issuedToken,
		},
		{
			name: "Refresh",
			call: func(ctx context.Context, c *facade.Client) (any, error) {
				return c.Auth.Refresh(ctx, testToken)
			},
			status: http.StatusCreated, reply: `{"token":"` + issuedToken + `"}`,
			method: http.MethodPost, path: "/auth/jwt-token-refresh/", tmpl: "/auth/jwt-token-refresh/", noAuth: true,
			body: `{"token":"` + testToken + `"}`,
			want: issuedToken,
		},
		{
			name: "Verify",
			call: func(ctx context.Context, c *facade.Client) (any, error) {
				return nil, c.Auth.Verify(ctx, issuedToken)
			},
			status: http.StatusCreated, reply: `{"token":"` + issuedToken + `"}`,
			method: http.MethodPost, path: "/auth/jwt-token-verify/", tmpl: "/auth/jwt-token-verify/", noAuth: true,
			body: `{"token":"` + issuedToken + `"}`,
		},
	})
}

// TestAuthWithoutClientToken: a client made without a token can log in, and sends no
// Authorization header anywhere.
func TestAuthWithoutClientToken(t *testing.T) {
	checkLeaks(t)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /auth/jwt-token-auth/", reply(http.StatusCreated, `{"token":"`+issuedToken+`"}`))
	mux.HandleFunc("GET /v1/me/", reply(http.StatusUnauthorized, `{"detail":"Authentication credentials were not provided."}`))
	s := newServer(t, mux)
	c, err := facade.New(s.Base)
	require.NoError(t, err)

	tok, err := c.Auth.Login(t.Context(), "ada", testPassword)
	require.NoError(t, err)
	assert.Equal(t, redact(issuedToken), redact(tok))
	_, err = c.Users.Me(t.Context())
	require.ErrorIs(t, err, facade.ErrUnauthorized)

	reqs := s.requests()
	require.Len(t, reqs, 2)
	for _, r := range reqs {
		assertAuth(t, r.Header, "")
	}
}

func TestAuthErrors(t *testing.T) {
	cases := []struct {
		name       string
		status     int
		reply      string
		call       func(ctx context.Context, c *facade.Client) error
		wantIs     error
		wantFields map[string][]string
		requests   int
	}{
		{
			name: "Login with bad credentials", status: http.StatusBadRequest,
			reply: `{"non_field_errors":["Unable to log in with provided credentials."]}`,
			call: func(ctx context.Context, c *facade.Client) error {
				_, err := c.Auth.Login(ctx, "ada", "wrong")
				return err
			},
			wantIs: facade.ErrValidation, requests: 1,
			wantFields: map[string][]string{"non_field_errors": {"Unable to log in with provided credentials."}},
		},
		{
			name: "Verify of a bad token", status: http.StatusBadRequest,
			reply:  `{"non_field_errors":["Signature has expired."]}`,
			call:   func(ctx context.Context, c *facade.Client) error { return c.Auth.Verify(ctx, testToken) },
			wantIs: facade.ErrValidation, requests: 1,
			wantFields: map[string][]string{"non_field_errors": {"Signature has expired."}},
		},
		{
			name: "Login answered without a token", status: http.StatusCreated, reply: `{}`,
			call: func(ctx context.Context, c *facade.Client) error {
				_, err := c.Auth.Login(ctx, "ada", testPassword)
				return err
			},
			wantIs: facade.ErrUnexpectedResponse, requests: 1,
		},
		{
			name: "Refresh answered with a null token", status: http.StatusCreated, reply: `{"token":null}`,
			call: func(ctx context.Context, c *facade.Client) error {
				_, err := c.Auth.Refresh(ctx, testToken)
				return err
			},
			wantIs: facade.ErrUnexpectedResponse, requests: 1,
		},
		{
			name: "Login without username",
			call: func(ctx context.Context, c *facade.Client) error {
				_, err := c.Auth.Login(ctx, "", testPassword)
				return err
			},
			wantIs: facade.ErrInvalidArgument,
		},
		{
			name: "Login without password",
			call: func(ctx context.Context, c *facade.Client) error {
				_, err := c.Auth.Login(ctx, "ada", "")
				return err
			},
			wantIs: facade.ErrInvalidArgument,
		},
		{
			name: "Refresh of an empty token",
			call: func(ctx context.Context, c *facade.Client) error {
				_, err := c.Auth.Refresh(ctx, "")
				return err
			},
			wantIs: facade.ErrInvalidArgument,
		},
		{
			name:   "Verify of a token with a space",
			call:   func(ctx context.Context, c *facade.Client) error { return c.Auth.Verify(ctx, "JWT "+testToken) },
			wantIs: facade.ErrInvalidArgument,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t, reply(tc.status, tc.reply))
			err := tc.call(t.Context(), s.client(t))
			require.ErrorIs(t, err, tc.wantIs)
			assert.Equal(t, redact(err.Error()), err.Error(), "the error shows a secret")
			assert.Equal(t, int64(tc.requests), s.count.Load(), "requests the server saw")
			if tc.wantFields != nil {
				var ae *facade.APIError
				require.ErrorAs(t, err, &ae)
				assert.Equal(t, tc.wantFields, ae.Fields)
			}
		})
	}
}
