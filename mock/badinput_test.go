package mock_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/mock"
)

// Every bad request answers 4xx with a message that says what was wrong, names the field
// when there is one, and leaves the store as it was.
func TestBadInput(t *testing.T) {
	e := start(t, mock.WithJSONLimit(4096))
	emailPath := "/v1/users/ada/emails/" + e.emailID("ada@engines.example.org") + "/"
	long := strings.Repeat("x", 401)

	tests := []struct {
		name, method, path string
		body               any
		status             int
		// where the message is: a field, "profile.bio" for a nested one, or
		// non_field_errors, detail or message
		at   string
		want string // a part of the message
	}{
		{"malformed JSON", http.MethodPost, "/v1/users/profiles/", `{"username": "neo",`, 400, "non_field_errors", "JSON parse error"},
		{"not an object", http.MethodPost, "/v1/users/profiles/", `["neo"]`, 400, "non_field_errors", "expected a JSON object"},
		{"no body", http.MethodPost, "/v1/users/profiles/", nil, 400, "non_field_errors", "required"},
		{"missing fields", http.MethodPost, "/v1/users/profiles/", `{"username": "neo"}`, 400, "email", "This field is required."},
		{"wrong type", http.MethodPost, "/v1/users/profiles/", `{"username": 7, "email": "n@example.com", "password": "x"}`, 400, "username", "Not a valid string."},
		{"null where none is allowed", http.MethodPatch, "/v1/users/profiles/ada/", `{"first_name": null}`, 400, "first_name", "may not be null"},
		{"username pattern", http.MethodPost, "/v1/users/profiles/", `{"username": "neo smith", "email": "n@example.com", "password": "x"}`, 400, "username", "only letters, digits"},
		{"username too long", http.MethodPost, "/v1/users/profiles/", `{"username": "` + strings.Repeat("n", 151) + `", "email": "n@example.com", "password": "x"}`, 400, "username", "no more than 150 characters"},
		{"blank password", http.MethodPost, "/v1/users/profiles/", `{"username": "neo", "email": "n@example.com", "password": ""}`, 400, "password", "may not be blank"},
		{"bad e-mail", http.MethodPost, "/v1/users/profiles/", `{"username": "neo", "email": "no-at-sign", "password": "x"}`, 400, "email", "valid email"},
		{"duplicate username", http.MethodPost, "/v1/users/profiles/", `{"username": "ada", "email": "n@example.com", "password": "x"}`, 400, "username", "ada is already taken."},
		{"nested profile field", http.MethodPatch, "/v1/users/profiles/ada/", `{"profile": {"bio": "` + long + `"}}`, 400, "profile.bio", "no more than 400 characters"},
		{"profile null", http.MethodPatch, "/v1/users/profiles/ada/", `{"profile": null}`, 400, "profile", "may not be null"},
		{"config not an object", http.MethodPatch, "/v1/users/profiles/ada/", `{"profile": {"config": [1]}}`, 400, "profile.config", "Expected a JSON object."},
		{"username change", http.MethodPatch, "/v1/users/profiles/ada/", `{"username": "lovelace"}`, 400, "message", "Username cannot be changed after creation."},
		{"wrong content type", http.MethodPatch, "/v1/users/profiles/ada/", "first_name=X", 400, "non_field_errors", "Unsupported media type"},
		{"oversize JSON", http.MethodPatch, "/v1/users/profiles/ada/", `{"first_name": "` + strings.Repeat("x", 5000) + `"}`, 413, "detail", "larger than 4096 bytes"},
		{"address wrong type", http.MethodPatch, emailPath, `{"public": "yes"}`, 400, "public", "valid boolean"},
		{"address blank", http.MethodPut, emailPath, `{"address": ""}`, 400, "address", "may not be blank"},
		{"unknown ordering field", http.MethodGet, "/v1/users/profiles/?ordering=password", nil, 400, "ordering", "Order by id, username, email, first_name, last_name"},
		{"ordering with a space", http.MethodGet, "/v1/users/ada/emails/?ordering=address,%20public", nil, 400, "ordering", "Order by id, address, public, unsubscribed"},
		{"limit not a number", http.MethodGet, "/v1/users/profiles/?limit=ten", nil, 400, "limit", "A valid integer is required."},
		{"limit zero", http.MethodGet, "/v1/users/profiles/?limit=0", nil, 400, "limit", "greater than or equal to 1"},
		{"limit too large", http.MethodGet, "/v1/users/profiles/?limit=1001", nil, 400, "limit", "less than or equal to 1000"},
		{"negative offset", http.MethodGet, "/v1/users/ada/emails/?offset=-1", nil, 400, "offset", "greater than or equal to 0"},
		{"invalid user id", http.MethodGet, "/v1/users/profiles/ada.lovelace/", nil, 400, "user", "only letters, digits"},
		{"dot as user", http.MethodDelete, "/v1/users/profiles/./", nil, 400, "user", "only letters, digits"},
		{"invalid e-mail id", http.MethodDelete, "/v1/users/ada/emails/42/", nil, 400, "email_id", "UUID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.srv.Snapshot()
			caller := "ada"
			if tt.method == http.MethodPost && tt.path == "/v1/users/profiles/" {
				caller = mock.StaffUsername
			}
			var a answer
			if s, ok := tt.body.(string); ok && tt.name == "wrong content type" {
				h := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Authorization": {"JWT " + e.token(caller)}}
				a = e.raw(tt.method, tt.path, h, strings.NewReader(s))
			} else {
				a = e.call(tt.method, tt.path, caller, tt.body)
			}
			require.Equal(t, tt.status, a.status, "body: %s", a.safe())
			assert.Equal(t, "application/json", a.header.Get("Content-Type"))
			m := a.object(t)
			var msg any
			if top, nested, ok := strings.Cut(tt.at, "."); ok {
				msg = asMap(t, m[top])[nested]
			} else {
				msg = m[tt.at]
			}
			require.NotNil(t, msg, "no %s in %s", tt.at, a.safe())
			assert.Contains(t, toString(msg), tt.want)
			assert.Equal(t, before, e.srv.Snapshot(), "the store changed")
		})
	}

	t.Run("upper-case e-mail id", func(t *testing.T) {
		id := strings.ToUpper(e.emailID("ada@engines.example.org"))
		a := e.call(http.MethodDelete, "/v1/users/ada/emails/"+id+"/", "ada", nil)
		assert.Equal(t, []any{"Must be a lowercase canonical UUID."}, assertFields(t, a, "email_id")["email_id"])
	})
	t.Run("several fields at once", func(t *testing.T) {
		a := e.call(http.MethodPost, "/v1/users/profiles/", mock.StaffUsername,
			`{"username": "", "email": 5, "first_name": "`+strings.Repeat("f", 31)+`", "profile": {"url": 3, "timezone": "`+strings.Repeat("z", 21)+`"}}`)
		m := assertFields(t, a, "username", "email", "password", "first_name", "profile")
		assert.Equal(t, map[string]any{
			"url":      []any{"Not a valid string."},
			"timezone": []any{"Ensure this field has no more than 20 characters."},
		}, m["profile"])
	})
	t.Run("messages never repeat a password", func(t *testing.T) {
		secret := strings.Repeat("s3cr3t", 30) // too long
		a := e.call(http.MethodPost, "/v1/users/profiles/", mock.StaffUsername,
			map[string]any{"username": "neo", "email": "n@example.com", "password": secret})
		assertFields(t, a, "password")
		assert.False(t, bytes.Contains(a.body, []byte("s3cr3t")))
	})
	t.Run("unknown fields are ignored, case-sensitively", func(t *testing.T) {
		a := e.call(http.MethodPatch, "/v1/users/profiles/ada/", "ada", `{"First_Name": "X", "color": "red"}`)
		require.Equal(t, http.StatusOK, a.status)
		assert.Equal(t, "Ada", a.object(t)["first_name"])
	})
}

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []any:
		var parts []string
		for _, p := range x {
			parts = append(parts, toString(p))
		}
		return strings.Join(parts, " ")
	}
	return ""
}
