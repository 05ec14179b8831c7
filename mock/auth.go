package mock

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/illumidesk/illumidesk-go/gen/server"
)

// tokenLifetime is how long a token is valid, as on the real server.
const tokenLifetime = 30 * 24 * time.Hour

// claims are those of the real server's tokens, plus the standard subject.
type claims struct {
	UserID   string `json:"user_id"`
	Username string `json:"username"`
	jwt.RegisteredClaims
}

// mint signs a fresh token for u. Called with s.mu held or not: it reads only u's id and name.
func (s *Server) mint(id, username string) (string, error) {
	now := s.cfg.now()
	c := claims{
		UserID:   id,
		Username: username,
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   id,
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(tokenLifetime)),
		},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(s.cfg.secret)
}

// verified is what a token that passed verification says: whose it is and the span of
// time in which it is valid (nbf is zero when the token has none).
type verified struct {
	id       string
	nbf, exp time.Time
}

// validAt reports whether the token is valid at now, by the same rules the parser applies:
// not at or after its expiry, not before its not-before time. No leeway, as in parse.
func (v verified) validAt(now time.Time) bool {
	return now.Before(v.exp) && (v.nbf.IsZero() || !now.Before(v.nbf))
}

// parse checks a token's signature and expiry and answers the user id it was issued for.
func (s *Server) parse(token string) (string, error) {
	v, err := s.verify(token)
	return v.id, err
}

// verify checks a token's signature, algorithm and times against the server's clock, and
// answers what it says.
func (s *Server) verify(token string) (verified, error) {
	var c claims
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return s.cfg.secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithTimeFunc(s.cfg.now),
		jwt.WithExpirationRequired(),
	)
	if err != nil {
		return verified{}, err
	}
	if c.Subject == "" {
		return verified{}, errors.New("token without subject")
	}
	v := verified{id: c.Subject, exp: c.ExpiresAt.Time}
	if c.NotBefore != nil {
		v.nbf = c.NotBefore.Time
	}
	return v, nil
}

// tokenCacheSize bounds the cache of verified tokens. Only tokens that verified enter it,
// so a client sending garbage cannot fill it; past the bound an arbitrary entry makes room.
const tokenCacheSize = 10_000

// authenticate answers the id of the active user whose token the request carries as
// "Authorization: JWT <token>".
//
// A token that verified is remembered (s.tokens, by its exact text), so that a client
// sending the same token again costs a map lookup instead of base64, JSON and HMAC. The
// remembered entry is used only while the token's times still hold by the server's clock,
// read afresh on each request; the user must be active on every request either way, which
// is what revokes a deleted user's tokens. Nothing else revokes a token: changing a
// password does not, on the real server either.
func (s *Server) authenticate(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "JWT") || token == "" || strings.Contains(token, " ") {
		return "", false
	}
	now := s.cfg.now()
	s.mu.Lock()
	if v, hit := s.tokens[token]; hit {
		if v.validAt(now) {
			active := s.userByID(v.id) != nil
			if !active {
				delete(s.tokens, token)
			}
			s.mu.Unlock()
			return v.id, active
		}
		// Expired (or not yet valid, if the clock went back): verify it again below,
		// which refuses it or, for a clock set back, may accept it.
		delete(s.tokens, token)
	}
	s.mu.Unlock()

	v, err := s.verify(token)
	if err != nil {
		return "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.userByID(v.id) == nil {
		return "", false
	}
	s.remember(token, v)
	return v.id, true
}

// remember adds a verified token to the cache, making room first if it is full. It needs
// s.mu held.
func (s *Server) remember(token string, v verified) {
	if s.tokens == nil {
		s.tokens = make(map[string]verified)
	}
	if _, ok := s.tokens[token]; !ok && len(s.tokens) >= tokenCacheSize {
		for k := range s.tokens {
			delete(s.tokens, k)
			break
		}
	}
	s.tokens[token] = v
}

// TokenFor mints a token for the active user with the given username, as logging in would.
func (s *Server) TokenFor(username string) (string, error) {
	s.mu.Lock()
	u := s.byUsername(username)
	var id string
	if u != nil {
		id = u.id
	}
	s.mu.Unlock()
	if u == nil {
		return "", fmt.Errorf("mock: no active user %q", username)
	}
	return s.mint(id, username)
}

func (h handlers) JWTTokenAuth(_ context.Context, req server.JWTTokenAuthRequestObject) (server.JWTTokenAuthResponseObject, error) {
	s := h.s
	var password string
	if req.Body.Password != nil {
		password = *req.Body.Password
	}
	s.mu.Lock()
	u := s.byUsername(req.Body.Username)
	if u != nil && !u.checkPassword(password) {
		u = nil
	}
	var id, name string
	if u != nil {
		id, name = u.id, u.username
	}
	s.mu.Unlock()
	if u == nil {
		return badRequest(newFieldErrors().nonField(msgBadLogin)), nil
	}
	token, err := s.mint(id, name)
	if err != nil {
		return nil, err
	}
	return server.JWTTokenAuth201JSONResponse{TokenResponseJSONResponse: server.TokenResponseJSONResponse{Token: token}}, nil
}

// checkToken answers the active user a token was issued for, or the 400 to answer.
func (s *Server) checkToken(token string) (id, username string, fail *reply) {
	id, err := s.parse(token)
	if err != nil {
		msg := msgTokenInvalid
		if errors.Is(err, jwt.ErrTokenExpired) {
			msg = msgTokenExpired
		}
		r := badRequest(newFieldErrors().nonField(msg))
		return "", "", &r
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.userByID(id)
	if u == nil {
		r := badRequest(newFieldErrors().nonField(msgTokenNoUser))
		return "", "", &r
	}
	return u.id, u.username, nil
}

func (h handlers) JWTTokenRefresh(_ context.Context, req server.JWTTokenRefreshRequestObject) (server.JWTTokenRefreshResponseObject, error) {
	id, name, fail := h.s.checkToken(req.Body.Token)
	if fail != nil {
		return *fail, nil
	}
	token, err := h.s.mint(id, name)
	if err != nil {
		return nil, err
	}
	return server.JWTTokenRefresh201JSONResponse{TokenResponseJSONResponse: server.TokenResponseJSONResponse{Token: token}}, nil
}

func (h handlers) JWTTokenVerify(_ context.Context, req server.JWTTokenVerifyRequestObject) (server.JWTTokenVerifyResponseObject, error) {
	if _, _, fail := h.s.checkToken(req.Body.Token); fail != nil {
		return *fail, nil
	}
	return server.JWTTokenVerify201JSONResponse{TokenResponseJSONResponse: server.TokenResponseJSONResponse{Token: req.Body.Token}}, nil
}
