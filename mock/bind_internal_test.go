package mock

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/gen/server"
)

// listRecorder records what a UsersList binder hands on; it implements nothing else.
type listRecorder struct {
	server.ServerInterface
	params *server.UsersListParams
}

func (l *listRecorder) UsersList(_ http.ResponseWriter, _ *http.Request, p server.UsersListParams) {
	l.params = &p
}

// bound answers what a binder made of a query: the parameters or the error.
func bound(h func(server.ServerInterface, func(http.ResponseWriter, *http.Request, error)) http.HandlerFunc, query string) (*server.UsersListParams, string) {
	rec := &listRecorder{}
	var failed string
	fail := func(_ http.ResponseWriter, _ *http.Request, err error) { failed = fmt.Sprintf("%T %v", err, err) }
	r := httptest.NewRequest(http.MethodGet, "/v1/users/profiles/?"+query, nil)
	h(rec, fail)(httptest.NewRecorder(), r)
	return rec.params, failed
}

func generatedUsersList(si server.ServerInterface, fail func(http.ResponseWriter, *http.Request, error)) http.HandlerFunc {
	mux := opMux{}
	server.HandlerWithOptions(si, server.StdHTTPServerOptions{BaseRouter: mux, ErrorHandlerFunc: fail})
	return mux["GET /v1/users/profiles/"]
}

func TestBindUsersList(t *testing.T) {
	item := loadSpec(t).Paths.Value("/v1/users/profiles/")
	require.NotNil(t, item)
	require.NotNil(t, item.Get)
	// Every parameter the spec gives the operation, alone and all together, so that one
	// added to the spec and not to bindUsersList fails here.
	all := url.Values{}
	queries := []string{"", "limit=abc", "limit=1&limit=2", "offset=", "offset=-3", "username=a%20b&email=a%2Bb@c.d",
		"ordering=-id,username", "limit=99999999999999999999", "unknown=1"}
	for _, ref := range item.Get.Parameters {
		p := ref.Value
		require.Equal(t, "query", p.In, "%s", p.Name)
		value := "x"
		if p.Schema != nil && p.Schema.Value != nil && p.Schema.Value.Type.Is("integer") {
			value = "7"
		}
		all.Set(p.Name, value)
		queries = append(queries, url.Values{p.Name: {value}}.Encode())
	}
	queries = append(queries, all.Encode())
	for _, q := range queries {
		wantParams, wantErr := bound(generatedUsersList, q)
		gotParams, gotErr := bound(bindUsersList, q)
		assert.Equal(t, wantErr, gotErr, "query %q", q)
		assert.Equal(t, wantParams, gotParams, "query %q", q)
	}
	got, _ := bound(bindUsersList, all.Encode())
	require.NotNil(t, got)
	assert.NotNil(t, got.Limit, "the parameters are bound at all")
}
