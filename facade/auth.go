package facade

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// AuthService exchanges credentials for JSON Web Tokens. Its calls never send the
// client's own token.
type AuthService struct{ c *Client }

type credentials struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type token struct {
	Token string `json:"token"`
}

func (t *token) check() error {
	if t.Token == "" {
		return errors.New(`no "token" field`)
	}
	return nil
}

// Login exchanges an active user's username and password for a token valid for 30 days.
// Wrong credentials fail with [ErrValidation], as the server answers them with 400.
func (s *AuthService) Login(ctx context.Context, username, password string) (string, error) {
	if username == "" || password == "" {
		return "", fmt.Errorf("%w: username and password are both required", ErrInvalidArgument)
	}
	body, err := encode(credentials{username, password})
	if err != nil {
		return "", err
	}
	resp, err := s.c.api.JWTTokenAuthWithBody(withoutAuth(ctx), jsonType, body)
	return s.token(resp, err)
}

// Refresh exchanges a valid, unexpired token for a new one valid for another 30 days.
func (s *AuthService) Refresh(ctx context.Context, tok string) (string, error) {
	if err := checkToken(tok); err != nil {
		return "", fmt.Errorf("%w: %w", ErrInvalidArgument, err)
	}
	body, err := encode(token{tok})
	if err != nil {
		return "", err
	}
	resp, err := s.c.api.JWTTokenRefreshWithBody(withoutAuth(ctx), jsonType, body)
	return s.token(resp, err)
}

// Verify checks that a token is valid and unexpired; a bad one fails with [ErrValidation].
func (s *AuthService) Verify(ctx context.Context, tok string) error {
	if err := checkToken(tok); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidArgument, err)
	}
	body, err := encode(token{tok})
	if err != nil {
		return err
	}
	resp, err := s.c.api.JWTTokenVerifyWithBody(withoutAuth(ctx), jsonType, body)
	_, err = s.token(resp, err)
	return err
}

func (s *AuthService) token(resp *http.Response, err error) (string, error) {
	var t token
	if err := s.c.decodeInto(resp, err, &t); err != nil {
		return "", err
	}
	return t.Token, nil
}
