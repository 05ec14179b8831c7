package facade_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/facade"
)

func getGhost(ctx context.Context, c *facade.Client) error {
	_, err := c.Users.Get(ctx, "ghost")
	return err
}

func createGrace(ctx context.Context, c *facade.Client) error {
	_, err := c.Users.Create(ctx, facade.NewUser{Username: "grace", Email: "grace@example.com", Password: testPassword})
	return err
}

// TestAPIErrors: every answer that is not a 2xx is an *APIError that says which request
// failed and what the server said, and matches exactly the sentinels for its status.
func TestAPIErrors(t *testing.T) {
	const ghost = apiPrefix + "/v1/users/profiles/ghost/"
	const profiles = apiPrefix + "/v1/users/profiles/"
	cases := []struct {
		name        string
		call        func(ctx context.Context, c *facade.Client) error
		status      int
		header      map[string]string
		contentType string // JSON unless set
		body        string
		want        facade.APIError
		wantIs      []error
		wantInError []string // parts of err.Error()
	}{
		{
			name: "404", call: getGhost, status: http.StatusNotFound, body: `{"detail":"Not found."}`,
			want:        facade.APIError{Method: http.MethodGet, Path: ghost, StatusCode: 404, Detail: "Not found."},
			wantIs:      []error{facade.ErrNotFound},
			wantInError: []string{"GET " + ghost + ": 404 Not Found: Not found."},
		},
		{
			name: "404 on a delete", status: http.StatusNotFound, body: `{"detail":"Not found."}`,
			call: func(ctx context.Context, c *facade.Client) error { return c.Emails.Delete(ctx, "ada", emailID) },
			want: facade.APIError{
				Method: http.MethodDelete, Path: apiPrefix + "/v1/users/ada/emails/" + emailID + "/", StatusCode: 404, Detail: "Not found.",
			},
			wantIs: []error{facade.ErrNotFound},
		},
		{
			name: "400 with nested field errors", call: createGrace, status: http.StatusBadRequest,
			body: `{"username":["taken"],"profile":{"bio":["too long"]},"non_field_errors":["x"]}`,
			want: facade.APIError{Method: http.MethodPost, Path: profiles, StatusCode: 400, Fields: map[string][]string{
				"username": {"taken"}, "profile.bio": {"too long"}, "non_field_errors": {"x"},
			}},
			wantIs:      []error{facade.ErrValidation},
			wantInError: []string{"POST " + profiles + ": 400 Bad Request", "; non_field_errors: x; profile.bio: too long; username: taken"},
		},
		{
			name: "400 with several messages and deeper nesting", call: createGrace, status: http.StatusBadRequest,
			body: `{"email":["Enter a valid email address.","Already taken."],"profile":{"config":{"theme":["unknown"]},"url":"one string"}}`,
			want: facade.APIError{Method: http.MethodPost, Path: profiles, StatusCode: 400, Fields: map[string][]string{
				"email": {"Enter a valid email address.", "Already taken."}, "profile.config.theme": {"unknown"}, "profile.url": {"one string"},
			}},
			wantIs: []error{facade.ErrValidation},
		},
		{
			name: "400 with a message", status: http.StatusBadRequest,
			body: `{"message":"Username cannot be changed after creation."}`,
			call: func(ctx context.Context, c *facade.Client) error {
				_, err := c.Users.Update(ctx, "ada", facade.UserUpdate{FirstName: facade.Ptr("A")})
				return err
			},
			want: facade.APIError{
				Method: http.MethodPatch, Path: apiPrefix + "/v1/users/profiles/ada/", StatusCode: 400,
				Message: "Username cannot be changed after creation.",
			},
			wantIs:      []error{facade.ErrValidation},
			wantInError: []string{"Username cannot be changed after creation."},
		},
		{
			name: "401", call: getGhost, status: http.StatusUnauthorized,
			body:   `{"detail":"Authentication credentials were not provided."}`,
			want:   facade.APIError{Method: http.MethodGet, Path: ghost, StatusCode: 401, Detail: "Authentication credentials were not provided."},
			wantIs: []error{facade.ErrUnauthorized},
		},
		{
			name: "403", call: createGrace, status: http.StatusForbidden,
			body:   `{"detail":"You do not have permission to perform this action."}`,
			want:   facade.APIError{Method: http.MethodPost, Path: profiles, StatusCode: 403, Detail: "You do not have permission to perform this action."},
			wantIs: []error{facade.ErrForbidden},
		},
		{
			name: "409", call: createGrace, status: http.StatusConflict, body: `{"detail":"Conflict."}`,
			want:   facade.APIError{Method: http.MethodPost, Path: profiles, StatusCode: 409, Detail: "Conflict."},
			wantIs: []error{facade.ErrConflict},
		},
		{
			name: "413", call: createGrace, status: http.StatusRequestEntityTooLarge, body: `{"detail":"Image too large."}`,
			want:   facade.APIError{Method: http.MethodPost, Path: profiles, StatusCode: 413, Detail: "Image too large."},
			wantIs: []error{facade.ErrTooLarge},
		},
		{
			name: "422", call: createGrace, status: http.StatusUnprocessableEntity, body: `{"email":["bad"]}`,
			want:   facade.APIError{Method: http.MethodPost, Path: profiles, StatusCode: 422, Fields: map[string][]string{"email": {"bad"}}},
			wantIs: []error{facade.ErrValidation},
		},
		{
			name: "429 with Retry-After on a POST", call: createGrace, status: http.StatusTooManyRequests,
			header: map[string]string{"Retry-After": "120"}, body: `{"detail":"Request was throttled."}`,
			want: facade.APIError{
				Method: http.MethodPost, Path: profiles, StatusCode: 429, Detail: "Request was throttled.", RetryAfter: 2 * time.Minute,
			},
			wantIs:      []error{facade.ErrRateLimited},
			wantInError: []string{"(retry after 2m0s)"},
		},
		{
			name: "500", call: getGhost, status: http.StatusInternalServerError, body: `{"detail":"Server error."}`,
			want:   facade.APIError{Method: http.MethodGet, Path: ghost, StatusCode: 500, Detail: "Server error."},
			wantIs: []error{facade.ErrServer},
		},
		{
			name: "503 with an HTML page", call: createGrace, status: http.StatusServiceUnavailable,
			contentType: "text/html; charset=utf-8", body: "<html><body>Down for maintenance</body></html>",
			want:   facade.APIError{Method: http.MethodPost, Path: profiles, StatusCode: 503},
			wantIs: []error{facade.ErrServer},
		},
		{
			name: "404 with JSON labelled as text", call: getGhost, status: http.StatusNotFound,
			contentType: "text/plain", body: `{"detail":"Not found."}`,
			want:   facade.APIError{Method: http.MethodGet, Path: ghost, StatusCode: 404, Detail: "Not found."},
			wantIs: []error{facade.ErrNotFound},
		},
		{
			name: "404 without a body", call: getGhost, status: http.StatusNotFound,
			want:   facade.APIError{Method: http.MethodGet, Path: ghost, StatusCode: 404},
			wantIs: []error{facade.ErrNotFound},
		},
		{
			name: "400 with an array", call: createGrace, status: http.StatusBadRequest, body: `["something"]`,
			want:   facade.APIError{Method: http.MethodPost, Path: profiles, StatusCode: 400},
			wantIs: []error{facade.ErrValidation},
		},
		{
			name: "400 with a detail of the wrong type", call: createGrace, status: http.StatusBadRequest, body: `{"detail":5,"message":{"a":1}}`,
			want:   facade.APIError{Method: http.MethodPost, Path: profiles, StatusCode: 400},
			wantIs: []error{facade.ErrValidation},
		},
		{
			// The error body is read up to a cap: past it the JSON is cut short and not parsed,
			// and the call still ends.
			name: "400 with an error body of 2 MiB", call: createGrace, status: http.StatusBadRequest,
			body:   `{"detail":"` + strings.Repeat("x", 2<<20) + `"}`,
			want:   facade.APIError{Method: http.MethodPost, Path: profiles, StatusCode: 400},
			wantIs: []error{facade.ErrValidation},
		},
		{
			name: "418, a status without a sentinel", call: getGhost, status: http.StatusTeapot, body: `{"detail":"I'm a teapot"}`,
			want: facade.APIError{Method: http.MethodGet, Path: ghost, StatusCode: 418, Detail: "I'm a teapot"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ct := tc.contentType
			if ct == "" {
				ct = "application/json"
			}
			s := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tc.header {
					w.Header().Set(k, v)
				}
				replyType(tc.status, ct, tc.body)(w, r)
			}))
			err := tc.call(t.Context(), s.client(t))
			require.Error(t, err)
			var ae *facade.APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tc.want, *ae)
			assert.ElementsMatch(t, tc.wantIs, matchedSentinels(err), "sentinels matched")
			for _, part := range tc.wantInError {
				assert.Contains(t, err.Error(), part)
			}
			assert.Equal(t, redact(err.Error()), err.Error(), "the error shows a secret")
			assert.Less(t, len(err.Error()), 1000+len(tc.body), "error message length")
			assert.Equal(t, int64(1), s.count.Load(), "requests the server saw")
		})
	}
}

// TestUnexpectedResponses: a success status whose body is not what the API declares is an
// error too, never a zero value passed off as the answer.
func TestUnexpectedResponses(t *testing.T) {
	me := func(ctx context.Context, c *facade.Client) error { _, err := c.Users.Me(ctx); return err }
	list := func(ctx context.Context, c *facade.Client) error { _, err := c.Users.List(ctx, nil); return err }
	email := func(ctx context.Context, c *facade.Client) error {
		_, err := c.Emails.Get(ctx, "ada", emailID)
		return err
	}
	emails := func(ctx context.Context, c *facade.Client) error {
		_, err := c.Emails.List(ctx, "ada", nil)
		return err
	}
	ssh := func(ctx context.Context, c *facade.Client) error { _, err := c.Keys.SSH(ctx, "ada"); return err }
	apiKey := func(ctx context.Context, c *facade.Client) error { _, err := c.Keys.APIKey(ctx, "ada"); return err }
	del := func(ctx context.Context, c *facade.Client) error { return c.Users.Delete(ctx, "ada") }

	cases := []struct {
		name        string
		call        func(ctx context.Context, c *facade.Client) error
		status      int
		contentType string
		body        string
	}{
		{name: "HTML with 200", call: me, contentType: "text/html; charset=utf-8", body: "<html><body>Please log in</body></html>"},
		{name: "JSON without a content type", call: me, contentType: "", body: adaJSON},
		{name: "JSON as text/plain", call: me, contentType: "text/plain", body: adaJSON},
		{name: "garbage labelled JSON", call: me, body: "garbage{"},
		{name: "truncated JSON", call: me, body: adaJSON[:60]},
		{name: "empty object for a user", call: me, body: `{}`},
		{name: "null for a user", call: me, body: `null`},
		{name: "array for a user", call: me, body: "[" + adaJSON + "]"},
		{name: "user without username", call: me, body: `{"id":"` + adaID + `"}`},
		{name: "user with a numeric id", call: me, body: `{"id":5,"username":"ada"}`},
		{name: "user with a list for a username", call: me, body: `{"id":"x","username":["ada"]}`},
		{name: "user with a list for config", call: me, body: `{"id":"x","username":"ada","profile":{"config":[]}}`},
		{name: "user with trailing garbage", call: me, body: adaJSON + "}"},
		{name: "page object for a list", call: list, body: `{"count":1,"results":[` + adaJSON + `]}`},
		{name: "list of numbers", call: list, body: `[1,2]`},
		{name: "list with an empty user", call: list, body: `[{}]`},
		{name: "list with a user without username", call: list, body: "[" + adaJSON + `,{"id":"x"}]`},
		{name: "empty object for an e-mail", call: email, body: `{}`},
		{name: "e-mail with a string for a bool", call: email, body: `{"id":"x","address":"a@example.com","public":"yes"}`},
		{name: "list with an empty e-mail", call: emails, body: `[{}]`},
		{name: "SSH key without key", call: ssh, body: `{}`},
		{name: "SSH key of null", call: ssh, body: `{"key":null}`},
		{name: "SSH key of the wrong type", call: ssh, body: `{"key":1}`},
		{name: "API key empty", call: apiKey, body: `{"token":""}`},
		{name: "delete answered 200 with a page", call: del, contentType: "text/html", body: "<html>Sign in</html>"},
		{name: "201 with HTML", call: createGrace, status: http.StatusCreated, contentType: "text/html", body: "<html></html>"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status := tc.status
			if status == 0 {
				status = http.StatusOK
			}
			ct := tc.contentType
			if ct == "" && !strings.HasPrefix(tc.name, "JSON without") {
				ct = "application/json"
			}
			s := newServer(t, replyType(status, ct, tc.body))
			err := tc.call(t.Context(), s.client(t))
			require.ErrorIs(t, err, facade.ErrUnexpectedResponse)
			assert.ElementsMatch(t, []error{facade.ErrUnexpectedResponse}, matchedSentinels(err))
			var ue *facade.UnexpectedResponseError
			require.ErrorAs(t, err, &ue)
			assert.Equal(t, status, ue.StatusCode)
			assert.Equal(t, ct, ue.ContentType)
			assert.NotEmpty(t, ue.Method)
			assert.True(t, strings.HasPrefix(ue.Path, apiPrefix+"/v1/"), "path %q", ue.Path)
			assert.Contains(t, err.Error(), ue.Method+" "+ue.Path+": "+strconv.Itoa(status))
			assert.Equal(t, int64(1), s.count.Load(), "requests the server saw: a bad body is not retried")
		})
	}
}

// TestAcceptedBodies: what the API may also send and is still a success.
func TestAcceptedBodies(t *testing.T) {
	cases := []struct {
		name        string
		contentType string
		body        string
	}{
		{name: "charset parameter", contentType: "application/json; charset=utf-8", body: adaJSON},
		{name: "upper case", contentType: "Application/JSON", body: adaJSON},
		{name: "a +json type", contentType: "application/vnd.illumidesk+json", body: adaJSON},
		{name: "unknown fields", contentType: "application/json", body: `{"is_staff":true,` + adaJSON[1:]},
		{name: "white space", contentType: "application/json", body: "\n  " + adaJSON + "\n\n"},
		{name: "escapes", contentType: "application/json", body: strings.Replace(adaJSON, `"ada"`, `"\u0061da"`, 1)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t, replyType(http.StatusOK, tc.contentType, tc.body))
			u, err := s.client(t).Users.Me(t.Context())
			require.NoError(t, err)
			assert.Equal(t, &adaUser, u)
		})
	}
	t.Run("delete answered 200 without a body", func(t *testing.T) {
		s := newServer(t, reply(http.StatusOK, ""))
		require.NoError(t, s.client(t).Users.Delete(t.Context(), "ada"))
	})
}

// TestResponseSizeLimit: a success body past WithMaxResponseBytes fails with
// ErrResponseTooLarge, whether the server said its length or not; one at the limit is fine.
func TestResponseSizeLimit(t *testing.T) {
	padded := adaJSON + strings.Repeat(" ", 4000)
	cases := []struct {
		name    string
		limit   int64
		body    string
		chunked bool
		tooBig  bool
	}{
		{name: "over, with Content-Length", limit: 1024, body: padded, tooBig: true},
		{name: "over, chunked", limit: 1024, body: padded, chunked: true, tooBig: true},
		{name: "at the limit, with Content-Length", limit: int64(len(adaJSON)), body: adaJSON},
		{name: "at the limit, chunked", limit: int64(len(adaJSON)), body: adaJSON, chunked: true},
		{name: "one over, with Content-Length", limit: int64(len(adaJSON)) - 1, body: adaJSON, tooBig: true},
		{name: "one over, chunked", limit: int64(len(adaJSON)) - 1, body: adaJSON, chunked: true, tooBig: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkLeaks(t)
			s := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				if !tc.chunked {
					w.Header().Set("Content-Length", strconv.Itoa(len(tc.body)))
					_, _ = w.Write([]byte(tc.body))
					return
				}
				for i := 0; i < len(tc.body); i += 100 {
					_, _ = w.Write([]byte(tc.body[i:min(i+100, len(tc.body))]))
					w.(http.Flusher).Flush()
				}
			}))
			u, err := s.client(t, facade.WithMaxResponseBytes(tc.limit)).Users.Me(t.Context())
			if !tc.tooBig {
				require.NoError(t, err)
				assert.Equal(t, &adaUser, u)
				return
			}
			require.ErrorIs(t, err, facade.ErrResponseTooLarge)
			require.ErrorIs(t, err, facade.ErrUnexpectedResponse)
			assert.Nil(t, u)
		})
	}
}
