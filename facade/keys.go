package facade

import (
	"context"
	"errors"
	"net/http"
)

// KeysService gives a user's API key and SSH public key. Only staff or the user itself
// may ask for them.
type KeysService struct{ c *Client }

type sshKey struct {
	Key *string `json:"key"`
}

func (k *sshKey) check() error {
	if k.Key == nil {
		return errors.New(`no "key" field`)
	}
	return nil
}

// APIKey returns a fresh API key for the user: a JSON Web Token valid for 30 days.
func (s *KeysService) APIKey(ctx context.Context, user string) (string, error) {
	if err := checkUserPath(user); err != nil {
		return "", err
	}
	resp, err := s.c.api.UsersAPIKeyList(ctx, user)
	var t token
	if err := s.c.decodeInto(resp, err, &t); err != nil {
		return "", err
	}
	return t.Token, nil
}

// SSH returns the public half of the user's SSH key pair in OpenSSH authorized_keys
// format, or "" when the user has none.
func (s *KeysService) SSH(ctx context.Context, user string) (string, error) {
	if err := checkUserPath(user); err != nil {
		return "", err
	}
	resp, err := s.c.api.UsersSSHKeyList(ctx, user)
	return s.sshKey(resp, err)
}

// ResetSSH replaces the user's SSH key pair with a new one and returns its public half.
func (s *KeysService) ResetSSH(ctx context.Context, user string) (string, error) {
	if err := checkUserPath(user); err != nil {
		return "", err
	}
	resp, err := s.c.api.UsersSSHKeyReset(ctx, user)
	return s.sshKey(resp, err)
}

func (s *KeysService) sshKey(resp *http.Response, err error) (string, error) {
	var k sshKey
	if err := s.c.decodeInto(resp, err, &k); err != nil {
		return "", err
	}
	return *k.Key, nil
}
