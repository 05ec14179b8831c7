package mock

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math/big"
)

// authorizedKey encodes a public key as one line of OpenSSH's authorized_keys format:
// "<type> <base64 of the wire encoding>", the wire encoding being RFC 4253's for ssh-rsa
// and RFC 8709's for ssh-ed25519. The standard library does this in a few lines, where
// golang.org/x/crypto/ssh would bring a module whose fixed releases need a newer Go.
func authorizedKey(pub crypto.PublicKey) (string, error) {
	var typ string
	var blob []byte
	switch k := pub.(type) {
	case *rsa.PublicKey:
		typ = "ssh-rsa"
		blob = sshString(blob, []byte(typ))
		blob = sshMPInt(blob, big.NewInt(int64(k.E)))
		blob = sshMPInt(blob, k.N)
	case ed25519.PublicKey:
		typ = "ssh-ed25519"
		blob = sshString(blob, []byte(typ))
		blob = sshString(blob, k)
	default:
		return "", fmt.Errorf("mock: no SSH encoding for a %T", pub)
	}
	return typ + " " + base64.StdEncoding.EncodeToString(blob), nil
}

// sshString appends an SSH "string": a 32-bit big-endian length, then the bytes.
func sshString(b, s []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s))) //nolint:gosec // key parts are a few hundred bytes, far below 4 GiB
	return append(b, s...)
}

// sshMPInt appends an SSH "mpint" of a non-negative integer: big-endian two's complement,
// so a leading zero byte when the top bit is set, and no bytes at all for zero.
func sshMPInt(b []byte, n *big.Int) []byte {
	v := n.Bytes()
	if len(v) > 0 && v[0]&0x80 != 0 {
		v = append([]byte{0}, v...)
	}
	return sshString(b, v)
}
