package mock_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/mock"
)

// The server remembers each user's encoded JSON for reads. After every kind of change a
// read must show the change, byte for byte as the answer to the change (encoded afresh)
// shows it. The check that compares remembered and fresh JSON in test binaries is turned
// off here, so that these tests catch a forgotten invalidation on their own.
func TestReadsShowChanges(t *testing.T) {
	e := start(t, mock.WithEncodedCheck(false))
	const path = "/v1/users/profiles/grace/"

	// reads answers grace as a read, as /v1/me/ and as the one element of a filtered list.
	reads := func() (read, me, listed []byte) {
		t.Helper()
		r := e.call(http.MethodGet, path, mock.StaffUsername, nil)
		require.Equal(t, http.StatusOK, r.status)
		m := e.call(http.MethodGet, "/v1/me/", "grace", nil)
		require.Equal(t, http.StatusOK, m.status)
		l := e.call(http.MethodGet, "/v1/users/profiles/?username=grace", mock.StaffUsername, nil)
		require.Equal(t, http.StatusOK, l.status)
		return r.body, m.body, l.body
	}
	compare := func(step string, want, read, me, listed []byte) {
		t.Helper()
		assert.Equal(t, string(want), string(read), "%s: read", step)
		assert.Equal(t, string(want), string(me), "%s: me", step)
		wantList := append(append([]byte{'['}, bytes.TrimSuffix(want, []byte("\n"))...), "]\n"...)
		assert.Equal(t, string(wantList), string(listed), "%s: list", step)
	}
	same := func(step string, want []byte) {
		t.Helper()
		read, me, listed := reads()
		compare(step, want, read, me, listed)
	}
	patch := func(body any) []byte {
		t.Helper()
		a := e.call(http.MethodPatch, path, mock.StaffUsername, body)
		require.Equal(t, http.StatusOK, a.status, "body: %s", a.safe())
		return a.body
	}

	reads() // remembered from here on
	same("nothing", patch(map[string]any{}))
	same("names", patch(map[string]any{"first_name": "Amazing", "last_name": "Grace"}))
	same("e-mail", patch(map[string]any{"email": "grace@navy.example"}))
	same("profile", patch(map[string]any{"profile": map[string]any{
		"bio": "<b>Compilers</b> & \u2028 more", "company": nil, "config": map[string]any{"theme": "light", "n": 2},
	}}))
	same("password", patch(map[string]any{"password": "a-new-password"}))

	up := e.upload(http.MethodPost, "/v1/users/grace/avatar/", mock.StaffUsername, "image", "image/png", pngBytes(t))
	require.Equal(t, http.StatusCreated, up.status, "body: %s", up.safe())
	same("avatar set", up.body)
	require.Equal(t, http.StatusNoContent, e.call(http.MethodDelete, "/v1/users/grace/avatar/", mock.StaffUsername, nil).status)
	// Read before the PATCH that answers the fresh JSON: it changes nothing, but would
	// itself make the server forget what it remembered.
	read, me, listed := reads()
	compare("avatar deleted", patch(map[string]any{}), read, me, listed)

	require.Equal(t, http.StatusNoContent, e.call(http.MethodDelete, path, mock.StaffUsername, nil).status)
	assert.Equal(t, http.StatusNotFound, e.call(http.MethodGet, path, mock.StaffUsername, nil).status)
	l := e.call(http.MethodGet, "/v1/users/profiles/?username=grace", mock.StaffUsername, nil)
	assert.Equal(t, "[]\n", string(l.body), "a deleted user is listed no more")
}

// A user's avatar link starts with the scheme and host of each request: JSON remembered
// for one host is not answered to another.
func TestReadsFollowHost(t *testing.T) {
	srv, err := mock.New(mock.WithSSHKeyType(mock.SSHKeyEd25519))
	require.NoError(t, err)
	token, err := srv.TokenFor(mock.StaffUsername)
	require.NoError(t, err)
	get := func(base, path string) string {
		t.Helper()
		r := httptest.NewRequest(http.MethodGet, base+path, nil)
		r.Header.Set("Authorization", "JWT "+token)
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		require.Equal(t, http.StatusOK, w.Code, "body: %s", w.Body)
		return w.Body.String()
	}
	for _, path := range []string{"/v1/users/profiles/ada/", "/v1/users/profiles/?username=ada"} {
		for range 2 {
			for _, base := range []string{"http://one.example", "https://two.example:8443"} {
				assert.Contains(t, get(base, path), `"avatar":"`+base+`/v1/users/`, "%s from %s", path, base)
			}
		}
	}
}
