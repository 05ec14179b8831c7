package mock_test

import (
	"encoding/base64"
	"encoding/binary"
	"math/big"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	typ, fields, comment := parseAuthorizedKey(t, key)
	assert.Equal(t, "ssh-ed25519", typ)
	require.Len(t, fields, 1)
	assert.Len(t, fields[0], 32, "an Ed25519 public key")
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
	typ, fields, _ := parseAuthorizedKey(t, key)
	require.Equal(t, "ssh-rsa", typ)
	require.Len(t, fields, 2, "exponent and modulus")
	assert.Equal(t, 65537, int(new(big.Int).SetBytes(fields[0]).Int64()))
	assert.Equal(t, 2048, new(big.Int).SetBytes(fields[1]).BitLen())
	assert.Equal(t, key, e.srv.Snapshot().Users[3].SSHKey)
}

// parseAuthorizedKey reads an authorized_keys line as OpenSSH lays it out (RFC 4253): the
// type, then base64 of a blob of length-prefixed fields (the type again, then the key's
// numbers or bytes), then a comment.
func parseAuthorizedKey(t *testing.T, line string) (typ string, fields [][]byte, comment string) {
	t.Helper()
	parts := strings.Fields(line)
	require.Len(t, parts, 3, "type, key and comment")
	blob, err := base64.StdEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	for len(blob) > 0 {
		require.GreaterOrEqual(t, len(blob), 4)
		n := binary.BigEndian.Uint32(blob)
		require.LessOrEqual(t, int(n), len(blob)-4)
		fields = append(fields, blob[4:4+n])
		blob = blob[4+n:]
	}
	require.NotEmpty(t, fields)
	require.Equal(t, parts[0], string(fields[0]), "the blob names the same type")
	return parts[0], fields[1:], parts[2]
}
