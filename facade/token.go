package facade

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"sync"
	"time"
)

// TokenSource gives the token to authenticate a request with. It is asked once per
// request, from many goroutines at once.
type TokenSource interface {
	Token(ctx context.Context) (string, error)
}

// Refresher is a [TokenSource] that can replace a token the server refused. The client
// calls Refresh once when an idempotent request is answered 401, then sends it again.
type Refresher interface {
	TokenSource
	// Refresh returns a token to use instead of rejected.
	Refresh(ctx context.Context, rejected string) (string, error)
}

// StaticToken is a [TokenSource] that always gives the same token.
type StaticToken string

// Token returns the token.
func (t StaticToken) Token(context.Context) (string, error) { return string(t), nil }

// String hides the token, so that printing the source is safe.
func (t StaticToken) String() string { return "StaticToken([redacted])" }

// GoString hides the token from %#v too.
func (t StaticToken) GoString() string { return t.String() }

// DefaultRefreshBefore is how long before its expiry a [RefreshingTokenSource] replaces
// a token.
const DefaultRefreshBefore = time.Hour

// RefreshingTokenSource is a [Refresher] that keeps a JSON Web Token fresh: when the
// token is within RefreshBefore of the expiry in its "exp" claim, or when the server
// refuses it, the source exchanges it for a new one. Concurrent callers share one
// exchange. A client made with [WithRefreshingToken] uses one wired to its own
// refresh endpoint.
type RefreshingTokenSource struct {
	refresh func(ctx context.Context, token string) (string, error)
	before  time.Duration
	now     func() time.Time

	mu       sync.Mutex
	token    string
	exp      time.Time
	inflight chan struct{} // closed when the exchange under way ends
}

// NewRefreshingTokenSource returns a source that starts with token and gets new ones from
// refresh, such as [AuthService.Refresh].
func NewRefreshingTokenSource(token string, refresh func(ctx context.Context, token string) (string, error)) *RefreshingTokenSource {
	return &RefreshingTokenSource{refresh: refresh, before: DefaultRefreshBefore, now: time.Now, token: token, exp: jwtExpiry(token)}
}

// Token returns the current token, first exchanging it if it is about to expire. If the
// exchange fails while the old token is still valid, the old token is used.
func (s *RefreshingTokenSource) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	tok, exp := s.token, s.exp
	s.mu.Unlock()
	if exp.IsZero() || s.now().Before(exp.Add(-s.before)) {
		return tok, nil
	}
	fresh, err := s.Refresh(ctx, tok)
	if err != nil && s.now().Before(exp) {
		return tok, nil
	}
	return fresh, err
}

// Refresh exchanges rejected for a new token. If another caller has already replaced
// rejected, its replacement is returned without a second exchange.
func (s *RefreshingTokenSource) Refresh(ctx context.Context, rejected string) (string, error) {
	s.mu.Lock()
	for s.inflight != nil {
		wait := s.inflight
		s.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return "", ctx.Err()
		}
		s.mu.Lock()
	}
	if s.token != rejected {
		tok := s.token
		s.mu.Unlock()
		return tok, nil
	}
	done := make(chan struct{})
	s.inflight = done
	s.mu.Unlock()

	fresh, err := s.refresh(ctx, rejected)

	s.mu.Lock()
	defer s.mu.Unlock()
	s.inflight = nil
	close(done)
	if err != nil {
		return "", err
	}
	s.token, s.exp = fresh, jwtExpiry(fresh)
	return fresh, nil
}

// String hides the token, so that printing the source is safe.
func (s *RefreshingTokenSource) String() string { return "RefreshingTokenSource([redacted])" }

// GoString hides the token from %#v too.
func (s *RefreshingTokenSource) GoString() string { return s.String() }

// jwtExpiry reads the "exp" claim of a JSON Web Token without verifying it (the client
// cannot: the key is the server's). It returns the zero time when there is none.
func jwtExpiry(tok string) time.Time {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return time.Time{}
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return time.Time{}
	}
	var claims struct {
		Exp *float64 `json:"exp"`
	}
	if json.Unmarshal(payload, &claims) != nil || claims.Exp == nil {
		return time.Time{}
	}
	return time.Unix(int64(*claims.Exp), 0)
}
