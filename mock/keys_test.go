package mock_test

import (
	"crypto/rsa"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/ssh"

	"github.com/illumidesk/illumidesk-go/mock"
)

func TestAPIKey(t *testing.T) {
	e := start(t)
	for _, caller := range []string{"ada", mock.StaffUsername} {
		t.Run(caller, func(t *testing.T) {
			a := e.call(http.MethodGet, "/v1/users/ada/api-key/", caller, nil)
			require.Equal(t, http.StatusOK, a.status)
			token := asString(t, a.object(t)["token"])
			// The key is a token for ada, whoever asked for it.
			me := e.raw(http.MethodGet, "/v1/me/", http.Header{"Authorization": {"JWT " + token}}, nil)
			require.Equal(t, http.StatusOK, me.status)
			assert.Equal(t, "ada", me.object(t)["username"])
		})
	}
	assertDetail(t, e.call(http.MethodGet, "/v1/users/ada/api-key/", "grace", nil), http.StatusForbidden, forbidden)
	assertDetail(t, e.call(http.MethodGet, "/v1/users/nobody/api-key/", mock.StaffUsername, nil), http.StatusNotFound, notFound)
	assertDetail(t, e.call(http.MethodGet, "/v1/users/ada/api-key/", "", nil), http.StatusUnauthorized, unauthorized)
}

func sshKey(t *testing.T, a answer) string {
	t.Helper()
	require.Equal(t, http.StatusOK, a.status, "body: %s", a.safe())
	return asString(t, a.object(t)["key"])
}

func TestSSHKey(t *testing.T) {
	e := start(t)
	get := func(user, caller string) answer {
		return e.call(http.MethodGet, "/v1/users/"+user+"/ssh-key/", caller, nil)
	}
	reset := func(user, caller string) answer {
		return e.call(http.MethodPost, "/v1/users/"+user+"/ssh-key/reset/", caller, nil)
	}

	key := sshKey(t, get("ada", "ada"))
	pub, comment, _, _, err := ssh.ParseAuthorizedKey([]byte(key))
	require.NoError(t, err)
	assert.Equal(t, ssh.KeyAlgoED25519, pub.Type())
	assert.Equal(t, "ada@illumidesk", comment)
	assert.NotContains(t, key, "PRIVATE")
	assert.Equal(t, key, sshKey(t, get("ada", mock.StaffUsername)), "the same key on every read")

	fresh := sshKey(t, reset("ada", "ada"))
	assert.NotEqual(t, key, fresh)
	assert.Equal(t, fresh, sshKey(t, get("ada", "ada")))
	assert.NotEqual(t, fresh, sshKey(t, reset("ada", mock.StaffUsername)))

	// grace has no key pair until a reset makes one.
	assert.Empty(t, sshKey(t, get("grace", "grace")))
	made := sshKey(t, reset("grace", "grace"))
	assert.True(t, strings.HasPrefix(made, "ssh-ed25519 "), made)
	assert.Equal(t, made, sshKey(t, get("grace", "grace")))

	before := e.srv.Snapshot()
	assertDetail(t, get("ada", "grace"), http.StatusForbidden, forbidden)
	assertDetail(t, reset("ada", "grace"), http.StatusForbidden, forbidden)
	assertDetail(t, get("nobody", "grace"), http.StatusNotFound, notFound)
	assertDetail(t, reset("nobody", mock.StaffUsername), http.StatusNotFound, notFound)
	assertDetail(t, reset("ada", ""), http.StatusUnauthorized, unauthorized)
	assert.Equal(t, before, e.srv.Snapshot())
}

// RSA, as the real server made: one key, since each takes a while to make.
func TestSSHKeyRSA(t *testing.T) {
	e := start(t, mock.WithSSHKeyType(mock.SSHKeyRSA))
	key := sshKey(t, e.call(http.MethodGet, "/v1/users/alan/ssh-key/", "alan", nil))
	pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(key))
	require.NoError(t, err)
	require.Equal(t, ssh.KeyAlgoRSA, pub.Type())
	crypto, ok := pub.(ssh.CryptoPublicKey)
	require.True(t, ok)
	rsaKey, ok := crypto.CryptoPublicKey().(*rsa.PublicKey)
	require.True(t, ok)
	assert.Equal(t, 2048, rsaKey.N.BitLen())
	assert.Equal(t, key, e.srv.Snapshot().Users[3].SSHKey)
}
