package api_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/api"
)

func load(t *testing.T) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(api.OpenAPI())
	require.NoError(t, err)
	return doc
}

// The spec must be valid OpenAPI 3, including every example against its schema.
func TestSpecIsValid(t *testing.T) {
	doc := load(t)
	require.NoError(t, doc.Validate(context.Background(), openapi3.EnableExamplesValidation()))
}

// Every operation of the seed is present under its seed operationId, with the method and the
// slash-terminated path the real server used, plus the token endpoints.
func TestSpecOperations(t *testing.T) {
	doc := load(t)
	want := map[string]string{
		"me":                 "GET /v1/me/",
		"userAvatarDelete":   "DELETE /v1/users/{user}/avatar/",
		"userAvatarGet":      "GET /v1/users/{user}/avatar/",
		"userAvatarSet":      "POST /v1/users/{user}/avatar/",
		"userAvatarUpdate":   "PATCH /v1/users/{user}/avatar/",
		"usersApiKeyList":    "GET /v1/users/{user}/api-key/",
		"usersCreate":        "POST /v1/users/profiles/",
		"usersDelete":        "DELETE /v1/users/profiles/{user}/",
		"usersEmailsCreate":  "POST /v1/users/{user}/emails/",
		"usersEmailsDelete":  "DELETE /v1/users/{user}/emails/{email_id}/",
		"usersEmailsList":    "GET /v1/users/{user}/emails/",
		"usersEmailsRead":    "GET /v1/users/{user}/emails/{email_id}/",
		"usersEmailsReplace": "PUT /v1/users/{user}/emails/{email_id}/",
		"usersEmailsUpdate":  "PATCH /v1/users/{user}/emails/{email_id}/",
		"usersList":          "GET /v1/users/profiles/",
		"usersRead":          "GET /v1/users/profiles/{user}/",
		"usersSshKeyList":    "GET /v1/users/{user}/ssh-key/",
		"usersSshKeyReset":   "POST /v1/users/{user}/ssh-key/reset/",
		"usersUpdate":        "PATCH /v1/users/profiles/{user}/",
		"jwtTokenAuth":       "POST /auth/jwt-token-auth/",
		"jwtTokenRefresh":    "POST /auth/jwt-token-refresh/",
		"jwtTokenVerify":     "POST /auth/jwt-token-verify/",
	}
	got := map[string]string{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			got[op.OperationID] = method + " " + path
			assert.NotEmpty(t, op.Description, "%s has no description", op.OperationID)
			assert.NotEmpty(t, op.Tags, "%s has no tag", op.OperationID)
		}
	}
	assert.Equal(t, want, got)
}

// Every request and response body that carries JSON has an example, so docs and mocks can
// show one; the validation test above checks each against its schema.
func TestSpecExamples(t *testing.T) {
	doc := load(t)
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if rb := op.RequestBody; rb != nil {
				for ct, mt := range rb.Value.Content {
					if ct == "application/json" {
						assert.True(t, mt.Example != nil || len(mt.Examples) > 0, "%s %s request %s has no example", method, path, ct)
					}
				}
			}
			for code, resp := range op.Responses.Map() {
				for ct, mt := range resp.Value.Content {
					if ct == "application/json" {
						assert.True(t, mt.Example != nil || len(mt.Examples) > 0, "%s %s %s %s has no example", method, path, code, ct)
					}
				}
			}
		}
	}
}

// Authenticated operations document 401, and those with a {user} in the path 404, so clients
// generated from the spec know the error shapes they will see.
func TestSpecErrorResponses(t *testing.T) {
	doc := load(t)
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			codes := slices.Collect(func(yield func(string) bool) {
				for code := range op.Responses.Map() {
					if !yield(code) {
						return
					}
				}
			})
			public := op.Security != nil && len(*op.Security) == 0
			if !public {
				assert.Contains(t, codes, "401", "%s %s", method, path)
			}
			if len(item.Parameters) > 0 {
				assert.Contains(t, codes, "404", "%s %s", method, path)
				assert.Contains(t, codes, "400", "%s %s", method, path)
			}
		}
	}
}

// The embedded HTML reference is a whole page built from this spec: it names the API and
// every operation's summary. (`make check-docs` checks it is exactly what the spec builds.)
func TestDocsHTML(t *testing.T) {
	page := string(api.DocsHTML())
	require.True(t, strings.HasPrefix(page, "<!DOCTYPE html>"), "not an HTML page")
	doc := load(t)
	assert.Contains(t, page, "<title>"+doc.Info.Title+"</title>")
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			summary, err := json.Marshal(op.Summary)
			require.NoError(t, err)
			assert.Contains(t, page, `"summary":`+string(summary), "%s %s", method, path)
		}
	}
}
