package conform_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/mock/internal/conform"
)

// The checker must fail answers that break the spec, or the mock's conformance tests
// would prove nothing.
func TestChecker(t *testing.T) {
	c, err := conform.NewChecker()
	require.NoError(t, err)
	json := http.Header{"Content-Type": {"application/json"}}
	user := `{"id":"3f2c1a9e-5b7d-4c8e-9f10-2a3b4c5d6e7f","username":"ada","email":"ada@example.com",
		"first_name":"Ada","last_name":"L","profile":{"bio":null,"url":null,"location":null,"company":null,
		"timezone":null,"avatar":null,"config":{}}}`

	tests := []struct {
		name, method, path string
		status             int
		header             http.Header
		body               string
		ok                 bool
	}{
		{"a user", http.MethodGet, "/v1/me/", 200, json, user, true},
		{"a user without profile", http.MethodGet, "/v1/me/", 200, json, `{"id":"3f2c1a9e-5b7d-4c8e-9f10-2a3b4c5d6e7f","username":"ada","email":"a@b","first_name":"","last_name":""}`, false},
		{"an upper-case id", http.MethodGet, "/v1/me/", 200, json, `{"id":"3F2C1A9E-5B7D-4C8E-9F10-2A3B4C5D6E7F","username":"ada","email":"a@b","first_name":"","last_name":"","profile":{"bio":null,"url":null,"location":null,"company":null,"timezone":null,"avatar":null,"config":{}}}`, false},
		{"a relative avatar", http.MethodGet, "/v1/me/", 200, json, `{"id":"3f2c1a9e-5b7d-4c8e-9f10-2a3b4c5d6e7f","username":"ada","email":"a@b","first_name":"","last_name":"","profile":{"bio":null,"url":null,"location":null,"company":null,"timezone":null,"avatar":"/a.png","config":{}}}`, false},
		{"an undeclared status", http.MethodGet, "/v1/me/", 404, json, `{"detail":"Not found."}`, false},
		{"text/plain", http.MethodGet, "/v1/users/profiles/", 400, http.Header{"Content-Type": {"text/plain"}}, "bad", false},
		{"a field map", http.MethodGet, "/v1/users/profiles/", 400, json, `{"limit":["A valid integer is required."]}`, true},
		{"a nested field map", http.MethodPost, "/v1/users/profiles/", 400, json, `{"profile":{"bio":["Too long."]}}`, true},
		{"a field with a string", http.MethodGet, "/v1/users/profiles/", 400, json, `{"limit":"bad"}`, false},
		{"a paginated list", http.MethodGet, "/v1/users/profiles/", 200, json, `{"count":0,"results":[]}`, false},
		{"a 204 with a body", http.MethodDelete, "/v1/users/profiles/ada/", 204, nil, `{}`, false},
		{"an image", http.MethodGet, "/v1/users/ada/avatar/", 200, http.Header{"Content-Type": {"image/png"}}, "\x89PNG", true},
		{"an unknown path", http.MethodGet, "/v1/nope/", 404, json, `{"detail":"Not found."}`, true},
		{"an unknown path, text", http.MethodGet, "/v1/nope/", 404, http.Header{"Content-Type": {"text/plain"}}, "404 page not found", false},
		{"a redirect", http.MethodGet, "/v1/me", 301, http.Header{"Location": {"/v1/me/"}}, "", true},
		{"a 200 without the slash", http.MethodGet, "/v1/me", 200, json, user, false},
		{"an oversize JSON body", http.MethodPatch, "/v1/users/profiles/ada/", 413, json, `{"detail":"Too large."}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequestWithContext(t.Context(), tt.method, "http://127.0.0.1"+tt.path, nil)
			err := c.Check(req, tt.status, tt.header, []byte(tt.body))
			if tt.ok {
				assert.NoError(t, err)
			} else {
				assert.Error(t, err)
			}
		})
	}
}
