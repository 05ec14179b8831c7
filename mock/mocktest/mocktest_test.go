package mocktest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/illumidesk/illumidesk-go/facade"
	"github.com/illumidesk/illumidesk-go/mock"
	"github.com/illumidesk/illumidesk-go/mock/mocktest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestStart(t *testing.T) {
	env := mocktest.Start(t)
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, env.URL)

	me, err := env.Client.Users.Me(t.Context())
	require.NoError(t, err)
	assert.Equal(t, mock.StaffUsername, me.Username)

	ada := env.ClientAs("ada")
	me, err = ada.Users.Me(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "ada", me.Username)
	_, err = ada.Keys.APIKey(t.Context(), "grace")
	require.ErrorIs(t, err, facade.ErrForbidden)

	anon := env.NewClient()
	tok, err := anon.Auth.Login(t.Context(), "grace", env.Password())
	require.NoError(t, err)
	assert.NotEmpty(t, tok)
	_, err = anon.Users.Me(t.Context())
	require.ErrorIs(t, err, facade.ErrUnauthorized)

	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, env.URL+"/v1/me", nil)
	require.NoError(t, err)
	resp, err := env.HTTPClient.Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, http.StatusMovedPermanently, resp.StatusCode)
}

func TestStartOptions(t *testing.T) {
	env := mocktest.Start(t, mock.WithEmptyStore(), mock.WithSSHKeyType(mock.SSHKeyRSA))
	users, err := env.Client.Users.List(t.Context(), nil)
	require.NoError(t, err)
	require.Len(t, users, 1)
	_, err = env.Client.Users.Get(t.Context(), "ada")
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusNotFound, apiErr.StatusCode)
	assert.Equal(t, "Not found.", apiErr.Detail)
}
