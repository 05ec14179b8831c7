package mock

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"

	"github.com/illumidesk/illumidesk-go/gen/server"
)

// rsaBits is the size of the RSA keys made with SSHKeyRSA.
const rsaBits = 2048

// newSSHKey makes a key pair and answers its public half in authorized_keys form. It is slow
// for RSA, so callers run it without holding s.mu.
func (s *Server) newSSHKey(username string) (string, crypto.PrivateKey, error) {
	var pub crypto.PublicKey
	var priv crypto.PrivateKey
	switch s.cfg.sshKeyType {
	case SSHKeyEd25519:
		p, k, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return "", nil, err
		}
		pub, priv = p, k
	default:
		k, err := rsa.GenerateKey(rand.Reader, rsaBits)
		if err != nil {
			return "", nil, err
		}
		pub, priv = &k.PublicKey, k
	}
	line, err := authorizedKey(pub)
	if err != nil {
		return "", nil, err
	}
	return line + " " + username + "@illumidesk", priv, nil
}

// keyTarget resolves the caller and the user in the path, and checks that the caller may
// see that user's keys. It needs s.mu held.
func (s *Server) keyTarget(ctx context.Context, ref string) (*user, *reply) {
	me := s.caller(ctx)
	if me == nil {
		r := unauthorized()
		return nil, &r
	}
	u := s.lookup(ref)
	if u == nil {
		r := notFound()
		return nil, &r
	}
	if !canManage(me, u) {
		r := forbidden()
		return nil, &r
	}
	return u, nil
}

func (h handlers) UsersAPIKeyList(ctx context.Context, req server.UsersAPIKeyListRequestObject) (server.UsersAPIKeyListResponseObject, error) {
	s := h.s
	s.mu.Lock()
	u, fail := s.keyTarget(ctx, req.User)
	var id, name string
	if u != nil {
		id, name = u.id, u.username
	}
	s.mu.Unlock()
	if fail != nil {
		return *fail, nil
	}
	token, err := s.mint(id, name)
	if err != nil {
		return nil, err
	}
	return server.UsersAPIKeyList200JSONResponse{TokenResponseJSONResponse: server.TokenResponseJSONResponse{Token: token}}, nil
}

func sshReply(key string) server.SSHKeyResponseJSONResponse {
	return server.SSHKeyResponseJSONResponse{Key: key}
}

func (h handlers) UsersSSHKeyList(ctx context.Context, req server.UsersSSHKeyListRequestObject) (server.UsersSSHKeyListResponseObject, error) {
	s := h.s
	s.mu.Lock()
	u, fail := s.keyTarget(ctx, req.User)
	if fail != nil {
		s.mu.Unlock()
		return *fail, nil
	}
	if u.ssh.none || u.ssh.public != "" {
		key := u.ssh.public
		s.mu.Unlock()
		return server.UsersSSHKeyList200JSONResponse{SSHKeyResponseJSONResponse: sshReply(key)}, nil
	}
	// A user's key pair is made on its first request for it, so that creating users
	// stays fast; to the client it has had the key all along.
	id, name := u.id, u.username
	s.mu.Unlock()

	pub, priv, err := s.newSSHKey(name)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if u = s.userByID(id); u == nil {
		return notFound(), nil
	}
	if !u.ssh.none && u.ssh.public == "" {
		u.ssh = sshKey{public: pub, private: priv}
	}
	return server.UsersSSHKeyList200JSONResponse{SSHKeyResponseJSONResponse: sshReply(u.ssh.public)}, nil
}

func (h handlers) UsersSSHKeyReset(ctx context.Context, req server.UsersSSHKeyResetRequestObject) (server.UsersSSHKeyResetResponseObject, error) {
	s := h.s
	s.mu.Lock()
	u, fail := s.keyTarget(ctx, req.User)
	var id, name string
	if u != nil {
		id, name = u.id, u.username
	}
	s.mu.Unlock()
	if fail != nil {
		return *fail, nil
	}

	pub, priv, err := s.newSSHKey(name)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if u = s.userByID(id); u == nil {
		return notFound(), nil
	}
	u.ssh = sshKey{public: pub, private: priv}
	return server.UsersSSHKeyReset200JSONResponse{SSHKeyResponseJSONResponse: sshReply(pub)}, nil
}
