package mock

import (
	"errors"
	"net/http"

	"github.com/oapi-codegen/runtime"

	"github.com/illumidesk/illumidesk-go/gen/server"
)

// bindUsersList does what the generated ServerInterfaceWrapper.UsersList does, with the
// query parsed once instead of once for each of its five parameters (a tenth of the
// server's CPU for a list): the same binding calls, in the same order, with the same
// options and errors. TestBindUsersList holds it to the generated one for every parameter
// the spec gives the operation.
func bindUsersList(si server.ServerInterface, fail func(http.ResponseWriter, *http.Request, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		query := r.URL.Query()
		var params server.UsersListParams
		for _, p := range [...]struct {
			name, typ string
			dst       any
		}{
			{"limit", "integer", &params.Limit},
			{"offset", "integer", &params.Offset},
			{"username", "string", &params.Username},
			{"email", "string", &params.Email},
			{"ordering", "string", &params.Ordering},
		} {
			err := runtime.BindQueryParameterWithOptions("form", true, false, p.name, query, p.dst,
				runtime.BindQueryParameterOptions{Type: p.typ})
			if err != nil {
				var required *runtime.RequiredParameterError
				if errors.As(err, &required) {
					fail(w, r, &server.RequiredParamError{ParamName: p.name})
				} else {
					fail(w, r, &server.InvalidParamFormatError{ParamName: p.name, Err: err})
				}
				return
			}
		}
		si.UsersList(w, r, params)
	}
}
