package facade

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"time"
)

// RetryPolicy says how often and how patiently the client retries. Only idempotent
// requests (GET, HEAD, PUT, DELETE) are retried after they may have reached the server;
// any request is retried when the connection could not be made at all.
type RetryPolicy struct {
	// MaxAttempts is the most times a request is sent, the first time included; 1 means
	// no retries.
	MaxAttempts int
	// BaseDelay is the ceiling of the first wait; each retry doubles it, and the wait is
	// drawn uniformly below the ceiling ("full jitter").
	BaseDelay time.Duration
	// MaxDelay caps the ceiling.
	MaxDelay time.Duration
	// MaxRetryAfter is the longest Retry-After the client waits for. A server asking for
	// longer gets no retry: the call fails with an [*APIError] whose RetryAfter says when
	// to try again.
	MaxRetryAfter time.Duration
}

// DefaultRetryPolicy is the policy a client uses unless told otherwise: up to 3 attempts,
// waits starting below 200ms and capped at 5s, and Retry-After honoured up to 30s.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: 3, BaseDelay: 200 * time.Millisecond, MaxDelay: 5 * time.Second, MaxRetryAfter: 30 * time.Second}
}

// NoRetries is a policy that sends every request once.
func NoRetries() RetryPolicy { return RetryPolicy{MaxAttempts: 1} }

func (p RetryPolicy) validate() error {
	switch {
	case p.MaxAttempts < 1:
		return fmt.Errorf("illumidesk: RetryPolicy.MaxAttempts must be at least 1, got %d", p.MaxAttempts)
	case p.BaseDelay < 0 || p.MaxDelay < 0 || p.MaxRetryAfter < 0:
		return errors.New("illumidesk: RetryPolicy durations must not be negative")
	case p.MaxAttempts > 1 && p.MaxDelay < p.BaseDelay:
		return fmt.Errorf("illumidesk: RetryPolicy.MaxDelay %v is below BaseDelay %v", p.MaxDelay, p.BaseDelay)
	}
	return nil
}

// backoff is the wait before retry number n (1 for the first retry).
func (p RetryPolicy) backoff(n int) time.Duration {
	ceiling := p.BaseDelay
	for i := 1; i < n && ceiling < p.MaxDelay; i++ {
		ceiling *= 2
	}
	ceiling = min(ceiling, p.MaxDelay)
	if ceiling <= 0 {
		return 0
	}
	return rand.N(ceiling + 1)
}

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

func retryableStatus(code int) bool {
	switch code {
	case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// send is the one loop that owns authentication, retries and waiting. Every request the
// generated client builds comes through here.
func (c *Client) send(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if _, ok := req.Header["Accept"]; !ok {
		req.Header["Accept"] = c.accept
	}
	req.Header["User-Agent"] = c.userAgent
	canReplay := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	refreshed := false

	sent := false
	for attempt := 1; ; attempt++ {
		if sent {
			var err error
			if req, err = rewind(req); err != nil {
				return nil, err
			}
		}
		sent = true
		token, err := c.authorize(ctx, req)
		if err != nil {
			return nil, err
		}
		start := time.Now()
		resp, err := c.http.Do(req)
		c.logAttempt(req, attempt, start, resp, err)

		if err == nil && resp.StatusCode == http.StatusUnauthorized && !refreshed && token != "" &&
			idempotent(req.Method) && canReplay {
			if r, ok := c.cfg.tokens.(Refresher); ok {
				refreshed = true
				if _, rerr := r.Refresh(ctx, token); rerr == nil {
					drain(resp.Body)
					attempt-- // a replay after a refresh is not a retry
					continue
				}
			}
		}

		wait, retry := c.retryDecision(req, attempt, canReplay, resp, err)
		if !retry {
			return resp, err
		}
		if resp != nil {
			drain(resp.Body)
		}
		c.logRetry(req, attempt, wait, resp, err)
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// retryDecision says whether to send the request again and how long to wait first.
func (c *Client) retryDecision(req *http.Request, attempt int, canReplay bool, resp *http.Response, err error) (time.Duration, bool) {
	p := c.cfg.retry
	if attempt >= p.MaxAttempts || !canReplay || req.Context().Err() != nil {
		return 0, false
	}
	if err != nil {
		if !idempotent(req.Method) && !neverSent(err) {
			return 0, false
		}
		return p.backoff(attempt), true
	}
	if !retryableStatus(resp.StatusCode) || !idempotent(req.Method) {
		return 0, false
	}
	wait := p.backoff(attempt)
	if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
		if ra > p.MaxRetryAfter {
			return 0, false
		}
		wait = max(wait, ra)
	}
	return wait, true
}

// neverSent reports whether err proves the request never left this machine, so that even a
// POST can be sent again without risk of doing its work twice.
func neverSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// parseRetryAfter reads a Retry-After header in either of its forms: seconds, or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// sleep waits for d, or less if ctx ends first.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// rewind prepares req to be sent again, with a fresh copy of its body.
func rewind(req *http.Request) (*http.Request, error) {
	r := req.Clone(req.Context())
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, fmt.Errorf("illumidesk: replaying the request body: %w", err)
		}
		r.Body = body
	}
	return r, nil
}

// drain reads what is left of a body, up to a bound, and closes it, so the connection goes
// back to the pool instead of being torn down.
func drain(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, 64<<10)
	_ = body.Close()
}
