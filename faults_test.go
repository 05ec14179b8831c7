package illumidesk_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/illumidesk/illumidesk-go/facade"
	"github.com/illumidesk/illumidesk-go/mock"
	"github.com/illumidesk/illumidesk-go/mock/faults"
)

// faultEnv is a mock behind a fault injector, and a facade client on it whose retry
// waits are short so the table runs fast, logging into a buffer that is scanned for the
// token afterwards.
type faultEnv struct {
	inj    *faults.Injector
	client *facade.Client
	token  string
	logs   *bytes.Buffer
	user   string // the demo user every call works on
	email  string // one of its e-mail ids
}

func newFaultEnv(t *testing.T, opts ...facade.Option) *faultEnv {
	t.Helper()
	m, err := mock.New()
	require.NoError(t, err)
	inj := faults.Wrap(m)
	srv := httptest.NewServer(inj)
	t.Cleanup(srv.Close)
	token, err := m.TokenFor(mock.StaffUsername)
	require.NoError(t, err)
	logs := &bytes.Buffer{}
	base := []facade.Option{
		facade.WithToken(token),
		facade.WithRetryPolicy(facade.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond, MaxRetryAfter: 2 * time.Second}),
		facade.WithTimeout(2 * time.Second),
		facade.WithLogger(slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
	}
	c, err := facade.New(srv.URL, append(base, opts...)...)
	require.NoError(t, err)
	t.Cleanup(c.CloseIdleConnections)
	env := &faultEnv{inj: inj, client: c, token: token, logs: logs, user: m.DemoUsernames()[0]}
	emails, err := c.Emails.List(context.Background(), env.user, nil)
	require.NoError(t, err)
	require.NotEmpty(t, emails)
	env.email = emails[0].ID
	inj.Reset()
	return env
}

// calls are one operation per HTTP method, each on the demo user.
var faultCalls = []struct {
	method string
	call   func(ctx context.Context, e *faultEnv) error
}{
	{"GET", func(ctx context.Context, e *faultEnv) error { _, err := e.client.Users.Get(ctx, e.user); return err }},
	{"PUT", func(ctx context.Context, e *faultEnv) error {
		_, err := e.client.Emails.Replace(ctx, e.user, e.email, facade.EmailInput{Address: "replaced@example.com", Public: facade.Ptr(true)})
		return err
	}},
	{"DELETE", func(ctx context.Context, e *faultEnv) error { return e.client.Emails.Delete(ctx, e.user, e.email) }},
	{"POST", func(ctx context.Context, e *faultEnv) error {
		_, err := e.client.Emails.Create(ctx, e.user, facade.EmailInput{Address: "new@example.com"})
		return err
	}},
	{"PATCH", func(ctx context.Context, e *faultEnv) error {
		_, err := e.client.Users.Update(ctx, e.user, facade.UserUpdate{FirstName: facade.Ptr("Changed")})
		return err
	}},
}

// TestFaults is the table of fault × method: whether the client retried, how many
// requests the server saw, and which error the caller got.
func TestFaults(t *testing.T) {
	noLeaks(t)

	// retryable faults are retried for idempotent methods only, so the server sees the
	// faulted attempts plus the one that succeeds; other methods fail at once.
	retryable := []struct {
		name  string
		fault faults.Fault
		times int
		want  error // what POST and PATCH fail with, if a sentinel says it
		opts  []facade.Option
	}{
		{"503", faults.Status(503), 2, facade.ErrServer, nil},
		{"502", faults.Status(502), 1, facade.ErrServer, nil},
		{"504", faults.Status(504), 2, facade.ErrServer, nil},
		{"408", faults.Status(408), 1, nil, nil},
		{"429 Retry-After 0", faults.RetryAfter(429, "0"), 2, facade.ErrRateLimited, nil},
		{"503 Retry-After date", faults.RetryAfter(503, time.Now().Add(-time.Second).UTC().Format(time.RFC1123)), 1, facade.ErrServer, nil},
		{"connection reset", faults.ResetConnection(), 2, nil, nil},
		{"stall past timeout", faults.Stall(3 * time.Second), 1, nil, []facade.Option{facade.WithTimeout(300 * time.Millisecond)}},
	}
	for _, f := range retryable {
		for _, c := range faultCalls {
			t.Run(f.name+"/"+c.method, func(t *testing.T) {
				e := newFaultEnv(t, f.opts...)
				e.inj.Next(f.times, f.fault)
				err := c.call(context.Background(), e)
				switch c.method {
				case "GET", "PUT", "DELETE":
					require.NoError(t, err)
					assert.Equal(t, f.times+1, e.inj.Requests(), "faulted attempts plus the one that worked")
				default:
					require.Error(t, err)
					if f.want != nil {
						require.ErrorIs(t, err, f.want)
					}
					assert.Equal(t, 1, e.inj.Requests(), "a %s that may have reached the server is never retried", c.method)
				}
				assertNoToken(t, e, err)
			})
		}
	}

	// Body faults and statuses outside the retry list fail every method at once.
	final := []struct {
		name  string
		fault faults.Fault
		want  error
		opts  []facade.Option
	}{
		{"500", faults.Status(500), facade.ErrServer, nil},
		{"429 Retry-After past the cap", faults.RetryAfter(429, "3600"), facade.ErrRateLimited, nil},
		{"truncated JSON", faults.Truncated(), facade.ErrUnexpectedResponse, nil},
		{"HTML with 200", faults.HTML(), facade.ErrUnexpectedResponse, nil},
		{"wrong JSON types", faults.WrongTypes(), facade.ErrUnexpectedResponse, nil},
		{"oversize body", faults.Oversize(256 << 10), facade.ErrUnexpectedResponse, []facade.Option{facade.WithMaxResponseBytes(64 << 10)}},
	}
	for _, f := range final {
		for _, c := range faultCalls {
			t.Run(f.name+"/"+c.method, func(t *testing.T) {
				e := newFaultEnv(t, f.opts...)
				e.inj.Next(1, f.fault)
				err := c.call(context.Background(), e)
				require.ErrorIs(t, err, f.want)
				assert.Equal(t, 1, e.inj.Requests())
				assertNoToken(t, e, err)
			})
		}
	}
}

// A 429 not retried says when to retry.
func TestFaultRateLimitSaysWhen(t *testing.T) {
	noLeaks(t)
	e := newFaultEnv(t)
	e.inj.Next(1, faults.RetryAfter(429, "3600"))
	_, err := e.client.Users.Get(context.Background(), e.user)
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, time.Hour, apiErr.RetryAfter)
	assert.Contains(t, err.Error(), "retry after 1h0m0s")
}

// Faults that outlast the attempts end in the last error, after exactly MaxAttempts
// requests.
func TestFaultsOutlastRetries(t *testing.T) {
	noLeaks(t)
	e := newFaultEnv(t)
	e.inj.Next(10, faults.Status(503))
	_, err := e.client.Users.Get(context.Background(), e.user)
	require.ErrorIs(t, err, facade.ErrServer)
	assert.Equal(t, 3, e.inj.Requests())
	assertNoToken(t, e, err)
}

// A cancelled context ends a retry wait at once instead of sleeping it out.
func TestFaultWaitEndsWithContext(t *testing.T) {
	noLeaks(t)
	e := newFaultEnv(t, facade.WithRetryPolicy(facade.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Hour, MaxDelay: time.Hour, MaxRetryAfter: time.Hour}))
	e.inj.Next(1, faults.RetryAfter(503, "3000"))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := e.client.Users.Get(ctx, e.user)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 30*time.Second, "the wait was for 50 minutes; the context ended it")
	assert.Equal(t, 1, e.inj.Requests())
}

// noLeaks checks, after every cleanup of the test has run (servers closed, idle
// connections dropped), that no goroutine the test started is left.
func noLeaks(t *testing.T) {
	t.Helper()
	opt := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, opt) })
}

func assertNoToken(t *testing.T, e *faultEnv, err error) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), e.token) {
		t.Error("the error text holds the token")
	}
	if strings.Contains(e.logs.String(), e.token) {
		t.Error("a log line holds the token")
	}
}
