package mock

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"

	"github.com/illumidesk/illumidesk-go/gen/server"
)

// The messages of the real server's error answers.
const (
	msgNotFound      = "Not found."
	msgUnauthorized  = "Authentication credentials were not provided."
	msgForbidden     = "You do not have permission to perform this action."
	msgUsernameFixed = "Username cannot be changed after creation."
	msgRequired      = "This field is required."
	msgBadImage      = "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
	msgBadLogin      = "Unable to log in with provided credentials."
	msgTokenExpired  = "Signature has expired."
	msgTokenInvalid  = "Error decoding signature."
	msgTokenNoUser   = "User doesn't exist."
)

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"detail":"Internal server error."}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

func writeDetail(w http.ResponseWriter, status int, detail string) {
	writeJSON(w, status, server.Error{Detail: detail})
}

func writeUnauthorized(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `JWT realm="api"`)
	writeDetail(w, http.StatusUnauthorized, msgUnauthorized)
}

func writeFields(w http.ResponseWriter, f *fieldErrors) {
	writeJSON(w, http.StatusBadRequest, f)
}

// fieldErrors is the body of a 400 answer: each field at fault mapped to its messages, one
// level of nesting for objects such as profile, and the messages about the whole request.
type fieldErrors struct {
	top     map[string][]string
	nested  map[string]map[string][]string
	general []string
	message string
}

func newFieldErrors() *fieldErrors {
	return &fieldErrors{top: map[string][]string{}, nested: map[string]map[string][]string{}}
}

// add files msg under the field at path: no path is the whole request, and a path deeper
// than two is filed under its first two names, the depth the spec's error shape allows.
func (f *fieldErrors) add(path []string, msg string) *fieldErrors {
	if len(path) == 0 {
		return f.nonField(msg)
	}
	field, rest := path[0], path[1:]
	if len(rest) == 0 {
		f.top[field] = appendNew(f.top[field], msg)
		return f
	}
	inner := f.nested[field]
	if inner == nil {
		inner = map[string][]string{}
		f.nested[field] = inner
	}
	inner[rest[0]] = appendNew(inner[rest[0]], msg)
	return f
}

func (f *fieldErrors) nonField(msg string) *fieldErrors {
	f.general = appendNew(f.general, msg)
	return f
}

func (f *fieldErrors) empty() bool {
	return len(f.top) == 0 && len(f.nested) == 0 && len(f.general) == 0 && f.message == ""
}

func appendNew(msgs []string, msg string) []string {
	if slices.Contains(msgs, msg) {
		return msgs
	}
	return append(msgs, msg)
}

// MarshalJSON writes the spec's ValidationError shape.
func (f *fieldErrors) MarshalJSON() ([]byte, error) {
	out := map[string]any{}
	for k, v := range f.nested {
		out[k] = v
	}
	for k, v := range f.top {
		if inner, ok := f.nested[k]; ok {
			// A field cannot be both a list and an object: fold the nested messages in.
			for name, msgs := range inner {
				for _, m := range msgs {
					v = appendNew(v, name+": "+m)
				}
			}
		}
		out[k] = v
	}
	if len(f.general) > 0 {
		out["non_field_errors"] = f.general
	}
	if f.message != "" {
		out["message"] = f.message
	}
	return json.Marshal(out)
}

// reply is an operation's answer with any status and a JSON body or none. It implements
// the response interface of every operation, because the generated 400 types cannot carry
// a field map: they redeclare ValidationError without its MarshalJSON, which drops every
// field but message and non_field_errors. Successes use the generated types.
type reply struct {
	status int
	body   any
}

func (r reply) write(w http.ResponseWriter) error {
	if r.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `JWT realm="api"`)
	}
	if r.body == nil {
		w.WriteHeader(r.status)
		return nil
	}
	writeJSON(w, r.status, r.body)
	return nil
}

func notFound() reply  { return reply{http.StatusNotFound, server.Error{Detail: msgNotFound}} }
func forbidden() reply { return reply{http.StatusForbidden, server.Error{Detail: msgForbidden}} }
func unauthorized() reply {
	return reply{http.StatusUnauthorized, server.Error{Detail: msgUnauthorized}}
}
func tooLarge(detail string) reply {
	return reply{http.StatusRequestEntityTooLarge, server.Error{Detail: detail}}
}
func badRequest(f *fieldErrors) reply { return reply{http.StatusBadRequest, f} }
func fieldError(field, msg string) reply {
	return badRequest(newFieldErrors().add([]string{field}, msg))
}

func (r reply) VisitJWTTokenAuthResponse(w http.ResponseWriter) error     { return r.write(w) }
func (r reply) VisitJWTTokenRefreshResponse(w http.ResponseWriter) error  { return r.write(w) }
func (r reply) VisitJWTTokenVerifyResponse(w http.ResponseWriter) error   { return r.write(w) }
func (r reply) VisitMeResponse(w http.ResponseWriter) error               { return r.write(w) }
func (r reply) VisitUsersListResponse(w http.ResponseWriter) error        { return r.write(w) }
func (r reply) VisitUsersCreateResponse(w http.ResponseWriter) error      { return r.write(w) }
func (r reply) VisitUsersDeleteResponse(w http.ResponseWriter) error      { return r.write(w) }
func (r reply) VisitUsersReadResponse(w http.ResponseWriter) error        { return r.write(w) }
func (r reply) VisitUsersUpdateResponse(w http.ResponseWriter) error      { return r.write(w) }
func (r reply) VisitUsersAPIKeyListResponse(w http.ResponseWriter) error  { return r.write(w) }
func (r reply) VisitUserAvatarDeleteResponse(w http.ResponseWriter) error { return r.write(w) }
func (r reply) VisitUserAvatarGetResponse(w http.ResponseWriter) error    { return r.write(w) }
func (r reply) VisitUserAvatarUpdateResponse(w http.ResponseWriter) error { return r.write(w) }
func (r reply) VisitUserAvatarSetResponse(w http.ResponseWriter) error    { return r.write(w) }
func (r reply) VisitUsersEmailsListResponse(w http.ResponseWriter) error  { return r.write(w) }
func (r reply) VisitUsersEmailsCreateResponse(w http.ResponseWriter) error {
	return r.write(w)
}
func (r reply) VisitUsersEmailsDeleteResponse(w http.ResponseWriter) error { return r.write(w) }
func (r reply) VisitUsersEmailsReadResponse(w http.ResponseWriter) error   { return r.write(w) }
func (r reply) VisitUsersEmailsUpdateResponse(w http.ResponseWriter) error { return r.write(w) }
func (r reply) VisitUsersEmailsReplaceResponse(w http.ResponseWriter) error {
	return r.write(w)
}
func (r reply) VisitUsersSSHKeyListResponse(w http.ResponseWriter) error  { return r.write(w) }
func (r reply) VisitUsersSSHKeyResetResponse(w http.ResponseWriter) error { return r.write(w) }
