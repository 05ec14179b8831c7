package mock

import (
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The vectors come from OpenSSH itself: ssh-keygen made the key pairs, printed their
// authorized_keys lines, and (for RSA) openssl printed the same public key as PKIX DER.
func TestAuthorizedKeyMatchesOpenSSH(t *testing.T) {
	t.Run("ssh-rsa", func(t *testing.T) {
		der, err := base64.StdEncoding.DecodeString("MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC+gasipEbC8vXuEx3hJmPhN4Zz/DfgWa584BMx+1FbC/05jdBCPnVDXNxbiDqxoctmzPV/I5plj2l1r03eOAk/Lpf2OZwqvz9tDSuSxHaHmCcHVK4nA0RkermY33E1rIR55qb//Q3c938yeMvb0afMPyHjlk+kkLoQ7zASHbax4QIDAQAB")
		require.NoError(t, err)
		pub, err := x509.ParsePKIXPublicKey(der)
		require.NoError(t, err)
		got, err := authorizedKey(pub.(*rsa.PublicKey))
		require.NoError(t, err)
		assert.Equal(t, "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC+gasipEbC8vXuEx3hJmPhN4Zz/DfgWa584BMx+1FbC/05jdBCPnVDXNxbiDqxoctmzPV/I5plj2l1r03eOAk/Lpf2OZwqvz9tDSuSxHaHmCcHVK4nA0RkermY33E1rIR55qb//Q3c938yeMvb0afMPyHjlk+kkLoQ7zASHbax4Q==", got)
	})
	t.Run("ssh-ed25519", func(t *testing.T) {
		const line = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH5eZb907NCnRBf3dqxYkPyaL6UZSLqje2TxuoxfH4WJ"
		blob, err := base64.StdEncoding.DecodeString(line[len("ssh-ed25519 "):])
		require.NoError(t, err)
		raw := blob[len(blob)-ed25519.PublicKeySize:] // the key is the blob's last 32 bytes
		got, err := authorizedKey(ed25519.PublicKey(raw))
		require.NoError(t, err)
		assert.Equal(t, line, got)
	})
	t.Run("other key types are refused", func(t *testing.T) {
		_, err := authorizedKey("not a key")
		require.Error(t, err)
	})
}
