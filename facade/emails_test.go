package facade_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/facade"
)

const workEmailJSON = `{"id":"1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f","user":"` + adaID + `","address":"ada@work.example","public":true,"unsubscribed":false}`

var workEmail = facade.Email{ID: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", User: adaID, Address: "ada@work.example", Public: true}

func TestEmails(t *testing.T) {
	const one = "/v1/users/ada/emails/" + emailID + "/"
	runCallCases(t, []callCase{
		{
			name:   "List without options",
			call:   func(ctx context.Context, c *facade.Client) (any, error) { return c.Emails.List(ctx, "ada", nil) },
			status: http.StatusOK, reply: "[" + emailJSON + "," + workEmailJSON + "]",
			method: http.MethodGet, path: "/v1/users/ada/emails/", tmpl: "/v1/users/{user}/emails/",
			want: []facade.Email{adaEmail, workEmail},
		},
		{
			name: "List by user id with options",
			call: func(ctx context.Context, c *facade.Client) (any, error) {
				return c.Emails.List(ctx, adaID, &facade.ListEmailsOptions{Limit: 5, Offset: 15, Ordering: "-public,address"})
			},
			status: http.StatusOK, reply: "[]",
			method: http.MethodGet, path: "/v1/users/" + adaID + "/emails/", tmpl: "/v1/users/{user}/emails/",
			query: url.Values{"limit": {"5"}, "offset": {"15"}, "ordering": {"-public,address"}},
			want:  []facade.Email{},
		},
		{
			name: "All in one short page",
			call: func(ctx context.Context, c *facade.Client) (any, error) {
				return collect(c.Emails.All(ctx, "ada", nil, 50))
			},
			status: http.StatusOK, reply: "[" + emailJSON + "]",
			method: http.MethodGet, path: "/v1/users/ada/emails/", tmpl: "/v1/users/{user}/emails/",
			query: url.Values{"limit": {"50"}},
			want:  []facade.Email{adaEmail},
		},
		{
			name:   "Get",
			call:   func(ctx context.Context, c *facade.Client) (any, error) { return c.Emails.Get(ctx, "ada", emailID) },
			status: http.StatusOK, reply: emailJSON,
			method: http.MethodGet, path: one, tmpl: "/v1/users/{user}/emails/{email_id}/",
			want: &adaEmail,
		},
		{
			name: "Create with defaults",
			call: func(ctx context.Context, c *facade.Client) (any, error) {
				return c.Emails.Create(ctx, "ada", facade.EmailInput{Address: "ada@example.com"})
			},
			status: http.StatusCreated, reply: emailJSON,
			method: http.MethodPost, path: "/v1/users/ada/emails/", tmpl: "/v1/users/{user}/emails/",
			body: `{"address":"ada@example.com"}`,
			want: &adaEmail,
		},
		{
			name: "Create with every field",
			call: func(ctx context.Context, c *facade.Client) (any, error) {
				return c.Emails.Create(ctx, "ada", facade.EmailInput{Address: "ada@work.example", Public: facade.Ptr(true), Unsubscribed: facade.Ptr(false)})
			},
			status: http.StatusCreated, reply: workEmailJSON,
			method: http.MethodPost, path: "/v1/users/ada/emails/", tmpl: "/v1/users/{user}/emails/",
			body: `{"address":"ada@work.example","public":true,"unsubscribed":false}`,
			want: &workEmail,
		},
		{
			name: "Replace",
			call: func(ctx context.Context, c *facade.Client) (any, error) {
				return c.Emails.Replace(ctx, "ada", emailID, facade.EmailInput{Address: "ada@example.com", Public: facade.Ptr(false)})
			},
			status: http.StatusOK, reply: emailJSON,
			method: http.MethodPut, path: one, tmpl: "/v1/users/{user}/emails/{email_id}/",
			body: `{"address":"ada@example.com","public":false}`,
			want: &adaEmail,
		},
		{
			name: "Update",
			call: func(ctx context.Context, c *facade.Client) (any, error) {
				return c.Emails.Update(ctx, "ada", emailID, facade.EmailUpdate{Unsubscribed: facade.Ptr(true)})
			},
			status: http.StatusOK, reply: emailJSON,
			method: http.MethodPatch, path: one, tmpl: "/v1/users/{user}/emails/{email_id}/",
			body: `{"unsubscribed":true}`,
			want: &adaEmail,
		},
		{
			name: "Delete",
			call: func(ctx context.Context, c *facade.Client) (any, error) {
				return nil, c.Emails.Delete(ctx, "ada", emailID)
			},
			status: http.StatusNoContent,
			method: http.MethodDelete, path: one, tmpl: "/v1/users/{user}/emails/{email_id}/",
		},
	})
}

// TestEmailUpdatePatch: a field left nil is absent, false and "" are sent.
func TestEmailUpdatePatch(t *testing.T) {
	cases := []struct {
		name string
		upd  facade.EmailUpdate
		want string
	}{
		{name: "nothing", upd: facade.EmailUpdate{}, want: `{}`},
		{name: "false is sent", upd: facade.EmailUpdate{Public: facade.Ptr(false)}, want: `{"public":false}`},
		{name: "empty address is sent", upd: facade.EmailUpdate{Address: facade.Ptr("")}, want: `{"address":""}`},
		{
			name: "every field",
			upd:  facade.EmailUpdate{Address: facade.Ptr("a@example.com"), Public: facade.Ptr(true), Unsubscribed: facade.Ptr(false)},
			want: `{"address":"a@example.com","public":true,"unsubscribed":false}`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t, reply(http.StatusOK, emailJSON))
			_, err := s.client(t).Emails.Update(t.Context(), "ada", emailID, tc.upd)
			require.NoError(t, err)
			reqs := s.requests()
			require.Len(t, reqs, 1)
			assert.JSONEq(t, tc.want, string(reqs[0].Body))
		})
	}
}
