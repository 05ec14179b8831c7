package facade_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/illumidesk/illumidesk-go/facade"
)

const sshKey = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 illumidesk"

func TestKeys(t *testing.T) {
	runCallCases(t, []callCase{
		{
			name:   "APIKey",
			call:   func(ctx context.Context, c *facade.Client) (any, error) { return c.Keys.APIKey(ctx, "ada") },
			status: http.StatusOK, reply: `{"token":"` + testAPIKey + `"}`,
			method: http.MethodGet, path: "/v1/users/ada/api-key/", tmpl: "/v1/users/{user}/api-key/",
			want: testAPIKey,
		},
		{
			name:   "SSH",
			call:   func(ctx context.Context, c *facade.Client) (any, error) { return c.Keys.SSH(ctx, adaID) },
			status: http.StatusOK, reply: `{"key":"` + sshKey + `"}`,
			method: http.MethodGet, path: "/v1/users/" + adaID + "/ssh-key/", tmpl: "/v1/users/{user}/ssh-key/",
			want: sshKey,
		},
		{
			name:   "SSH when there is none",
			call:   func(ctx context.Context, c *facade.Client) (any, error) { return c.Keys.SSH(ctx, "ada") },
			status: http.StatusOK, reply: `{"key":""}`,
			method: http.MethodGet, path: "/v1/users/ada/ssh-key/", tmpl: "/v1/users/{user}/ssh-key/",
			want: "",
		},
		{
			name:   "ResetSSH",
			call:   func(ctx context.Context, c *facade.Client) (any, error) { return c.Keys.ResetSSH(ctx, "ada") },
			status: http.StatusOK, reply: `{"key":"` + sshKey + `"}`,
			method: http.MethodPost, path: "/v1/users/ada/ssh-key/reset/", tmpl: "/v1/users/{user}/ssh-key/reset/",
			want: sshKey,
		},
	})
}
