package mock

import (
	"net/http"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/api"
)

func loadSpec(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI())
	require.NoError(t, err)
	return doc
}

// takeSecurity must record exactly the operations the spec asks a token for, the global
// requirement included, before it takes the requirements out for kin-openapi.
func TestTakeSecurity(t *testing.T) {
	want := map[string]bool{}
	for path, item := range loadSpec(t).Paths.Map() {
		for method, op := range item.Operations() {
			security := op.Security
			if security == nil {
				security = &loadSpec(t).Security
			}
			want[method+" "+path] = len(*security) > 0
		}
	}
	require.True(t, want[http.MethodGet+" /v1/users/profiles/{user}/"], "the spec secures reads")
	require.False(t, want[http.MethodPost+" /auth/jwt-token-auth/"], "and not logging in")

	doc := loadSpec(t)
	auth, err := takeSecurity(doc)
	require.NoError(t, err)
	assert.Empty(t, doc.Security)
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			assert.Equal(t, want[method+" "+path], auth[op], "%s %s", method, path)
			require.NotNil(t, op.Security)
			assert.Empty(t, *op.Security, "%s %s", method, path)
		}
	}
}

func TestTakeSecurityUndeclaredScheme(t *testing.T) {
	doc := loadSpec(t)
	doc.Components.SecuritySchemes = nil
	_, err := takeSecurity(doc)
	assert.ErrorContains(t, err, "is not declared")
}
