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

// parse checks a token's signature and expiry and answers the user id it was issued for.
func (s *Server) parse(token string) (string, error) {
	var c claims
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return s.cfg.secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithTimeFunc(s.cfg.now),
		jwt.WithExpirationRequired(),
	)
	if err != nil {
		return "", err
	}
	if c.Subject == "" {
		return "", errors.New("token without subject")
	}
	return c.Subject, nil
}

// authenticate answers the id of the active user whose token the request carries as
// "Authorization: JWT <token>".
func (s *Server) authenticate(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "JWT") || token == "" || strings.Contains(token, " ") {
		return "", false
	}
	id, err := s.parse(token)
	if err != nil {
		return "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return id, s.userByID(id) != nil
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
