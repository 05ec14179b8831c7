package facade_test

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/facade"
)

// methodCall is one facade call of each HTTP method, with the answer that makes it succeed.
type methodCall struct {
	method     string
	call       func(ctx context.Context, c *facade.Client) error
	status     int
	reply      string
	idempotent bool
}

var methodCalls = []methodCall{
	{
		method: http.MethodGet, status: http.StatusOK, reply: adaJSON, idempotent: true,
		call: func(ctx context.Context, c *facade.Client) error { _, err := c.Users.Get(ctx, "ada"); return err },
	},
	{
		method: http.MethodPut, status: http.StatusOK, reply: emailJSON, idempotent: true,
		call: func(ctx context.Context, c *facade.Client) error {
			_, err := c.Emails.Replace(ctx, "ada", emailID, facade.EmailInput{Address: "ada@example.com", Public: facade.Ptr(true)})
			return err
		},
	},
	{
		method: http.MethodDelete, status: http.StatusNoContent, idempotent: true,
		call: func(ctx context.Context, c *facade.Client) error { return c.Users.Delete(ctx, "ada") },
	},
	{
		method: http.MethodPost, status: http.StatusCreated, reply: graceJSON,
		call: createGrace,
	},
	{
		method: http.MethodPatch, status: http.StatusOK, reply: adaJSON,
		call: func(ctx context.Context, c *facade.Client) error {
			_, err := c.Users.Update(ctx, "ada", facade.UserUpdate{LastName: facade.Ptr("King")})
			return err
		},
	},
}

// fault is one bad answer a server can give.
type fault struct {
	name   string
	status int // 0 for a reset connection
	header map[string]string
}

var retryableFaults = []fault{
	{name: "503", status: http.StatusServiceUnavailable},
	{name: "502", status: http.StatusBadGateway},
	{name: "504", status: http.StatusGatewayTimeout},
	{name: "408", status: http.StatusRequestTimeout},
	{name: "429", status: http.StatusTooManyRequests},
	{name: "429 with Retry-After 0", status: http.StatusTooManyRequests, header: map[string]string{"Retry-After": "0"}},
	{name: "reset connection"},
}

// faultyServer answers the first n requests with f, the others as mc succeeds.
func faultyServer(t *testing.T, f fault, n int64, mc methodCall) *testServer {
	t.Helper()
	var seen atomic.Int64
	return newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if seen.Add(1) > n {
			reply(mc.status, mc.reply)(w, r)
			return
		}
		if f.status == 0 {
			resetConn(t, w)
			return
		}
		for k, v := range f.header {
			w.Header().Set(k, v)
		}
		reply(f.status, `{"detail":"try again"}`)(w, r)
	}))
}

// resetConn closes the connection under a request with a TCP reset, after the request
// (body included) has arrived.
func resetConn(t *testing.T, w http.ResponseWriter) {
	t.Helper()
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// TestRetryFaults is the fault × method table: a transient fault is retried for GET, PUT
// and DELETE, which then succeed; POST and PATCH, which may have done their work, are
// not, and report the fault. The server counts what it saw.
func TestRetryFaults(t *testing.T) {
	for _, f := range retryableFaults {
		for _, mc := range methodCalls {
			t.Run(f.name+"/"+mc.method, func(t *testing.T) {
				checkLeaks(t)
				s := faultyServer(t, f, 1, mc)
				err := mc.call(t.Context(), s.client(t))
				if mc.idempotent {
					require.NoError(t, err)
					assert.Equal(t, int64(2), s.count.Load(), "requests the server saw")
					return
				}
				require.Error(t, err)
				assert.Equal(t, int64(1), s.count.Load(), "requests the server saw")
				var ae *facade.APIError
				if f.status == 0 {
					assert.NotErrorAs(t, err, &ae, "a reset connection is not an answer")
					assert.NotErrorIs(t, err, facade.ErrInvalidArgument)
					return
				}
				require.ErrorAs(t, err, &ae)
				assert.Equal(t, f.status, ae.StatusCode)
				assert.Equal(t, mc.method, ae.Method)
			})
		}
	}
}

// TestRetryCounts: how many attempts a policy allows, and what the last one says.
func TestRetryCounts(t *testing.T) {
	get := methodCalls[0]
	cases := []struct {
		name     string
		policy   facade.RetryPolicy
		faults   int64
		status   int
		wantErr  bool
		requests int64
	}{
		{name: "two faults, three attempts", policy: fastRetries, faults: 2, status: 503, requests: 3},
		{name: "three faults, three attempts", policy: fastRetries, faults: 3, status: 503, wantErr: true, requests: 3},
		{name: "always failing, five attempts", policy: facade.RetryPolicy{MaxAttempts: 5, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}, faults: 100, status: 502, wantErr: true, requests: 5},
		{name: "NoRetries", policy: facade.NoRetries(), faults: 1, status: 503, wantErr: true, requests: 1},
		{name: "no delays at all", policy: facade.RetryPolicy{MaxAttempts: 4}, faults: 3, status: 504, requests: 4},
		{name: "500 is not transient", policy: fastRetries, faults: 1, status: 500, wantErr: true, requests: 1},
		{name: "404 is not transient", policy: fastRetries, faults: 1, status: 404, wantErr: true, requests: 1},
		{name: "401 with a static token", policy: fastRetries, faults: 1, status: 401, wantErr: true, requests: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkLeaks(t)
			s := faultyServer(t, fault{status: tc.status}, tc.faults, get)
			err := get.call(t.Context(), s.client(t, facade.WithRetryPolicy(tc.policy)))
			assert.Equal(t, tc.requests, s.count.Load(), "requests the server saw")
			if !tc.wantErr {
				require.NoError(t, err)
				return
			}
			var ae *facade.APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tc.status, ae.StatusCode)
		})
	}
}

// TestRetryAfter: the server's Retry-After, in seconds or as a date, is waited for up to
// the policy's cap; past the cap the call fails at once and says when to retry.
func TestRetryAfter(t *testing.T) {
	get := methodCalls[0]
	policy := facade.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxRetryAfter: time.Second}
	cases := []struct {
		name       string
		retryAfter func() string
		status     int
		call       methodCall
		requests   int64
		minElapsed time.Duration
		cap        time.Duration // the policy's MaxRetryAfter, if not 1s
		// when not retried: the RetryAfter the error carries, within [min, max]
		wantRetryAfter [2]time.Duration
	}{
		{
			name: "seconds, at the cap", retryAfter: func() string { return "1" }, status: 503, call: get,
			requests: 2, minElapsed: 900 * time.Millisecond,
		},
		{
			// The date has whole seconds, so two seconds ahead is more than one second away.
			name: "HTTP date", retryAfter: func() string { return time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat) },
			status: 429, call: get, requests: 2, minElapsed: 900 * time.Millisecond, cap: 3 * time.Second,
		},
		{
			name: "date in the past", retryAfter: func() string { return time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat) },
			status: 503, call: get, requests: 2,
		},
		{name: "unparsable", retryAfter: func() string { return "soon" }, status: 503, call: get, requests: 2},
		{name: "negative", retryAfter: func() string { return "-5" }, status: 503, call: get, requests: 2},
		{
			name: "seconds over the cap", retryAfter: func() string { return "3600" }, status: 429, call: get,
			requests: 1, wantRetryAfter: [2]time.Duration{time.Hour, time.Hour},
		},
		{
			name: "date over the cap", retryAfter: func() string { return time.Now().Add(time.Hour).UTC().Format(http.TimeFormat) },
			status: 429, call: get, requests: 1, wantRetryAfter: [2]time.Duration{59 * time.Minute, time.Hour},
		},
		{
			name: "POST is not retried", retryAfter: func() string { return "0" }, status: 503, call: methodCalls[3],
			requests: 1, wantRetryAfter: [2]time.Duration{0, 0},
		},
		{
			name: "POST gets the wait", retryAfter: func() string { return "7" }, status: 429, call: methodCalls[3],
			requests: 1, wantRetryAfter: [2]time.Duration{7 * time.Second, 7 * time.Second},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkLeaks(t)
			var seen atomic.Int64
			s := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if seen.Add(1) > 1 {
					reply(tc.call.status, tc.call.reply)(w, r)
					return
				}
				w.Header().Set("Retry-After", tc.retryAfter())
				reply(tc.status, `{"detail":"slow down"}`)(w, r)
			}))
			p := policy
			if tc.cap != 0 {
				p.MaxRetryAfter = tc.cap
			}
			start := time.Now()
			err := tc.call.call(t.Context(), s.client(t, facade.WithRetryPolicy(p)))
			elapsed := time.Since(start)
			assert.Equal(t, tc.requests, s.count.Load(), "requests the server saw")
			if tc.requests > 1 {
				require.NoError(t, err)
				assert.GreaterOrEqual(t, elapsed, tc.minElapsed, "the client did not wait as asked")
				return
			}
			var ae *facade.APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tc.status, ae.StatusCode)
			assert.GreaterOrEqual(t, ae.RetryAfter, tc.wantRetryAfter[0])
			assert.LessOrEqual(t, ae.RetryAfter, tc.wantRetryAfter[1])
			if tc.status == http.StatusTooManyRequests {
				require.ErrorIs(t, err, facade.ErrRateLimited)
			}
			assert.Less(t, elapsed, 5*time.Second, "a call that is not retried returns at once")
		})
	}
}

// TestRetryWaitCancelled: a wait between attempts ends when the context does.
func TestRetryWaitCancelled(t *testing.T) {
	policy := facade.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxRetryAfter: time.Minute}
	slow := fault{status: http.StatusServiceUnavailable, header: map[string]string{"Retry-After": "30"}}
	t.Run("cancel", func(t *testing.T) {
		checkLeaks(t)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		get := methodCalls[0]
		s := faultyServer(t, slow, 100, get)
		c := s.client(t, facade.WithRetryPolicy(policy))
		go func() {
			for s.count.Load() == 0 && ctx.Err() == nil {
				time.Sleep(time.Millisecond)
			}
			time.Sleep(20 * time.Millisecond) // into the wait
			cancel()
		}()
		start := time.Now()
		err := get.call(ctx, c)
		require.ErrorIs(t, err, context.Canceled)
		assert.Less(t, time.Since(start), 5*time.Second, "the call waited out the 30s Retry-After")
		assert.Equal(t, int64(1), s.count.Load())
	})
	t.Run("deadline", func(t *testing.T) {
		checkLeaks(t)
		ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
		defer cancel()
		put := methodCalls[1]
		s := faultyServer(t, slow, 100, put)
		start := time.Now()
		err := put.call(ctx, s.client(t, facade.WithRetryPolicy(policy)))
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Less(t, time.Since(start), 5*time.Second, "the call waited out the 30s Retry-After")
		assert.Equal(t, int64(1), s.count.Load())
	})
	t.Run("cancelled before the call", func(t *testing.T) {
		checkLeaks(t)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		s := newServer(t, reply(http.StatusOK, adaJSON))
		_, err := s.client(t).Users.Get(ctx, "ada")
		require.ErrorIs(t, err, context.Canceled)
		assert.Zero(t, s.count.Load())
	})
}

// TestRetryReplaysBody: a retried PUT sends the same body and headers again, and the log
// tells each attempt and the retry between them.
func TestRetryReplaysBody(t *testing.T) {
	checkLeaks(t)
	put := methodCalls[1]
	s := faultyServer(t, fault{status: http.StatusServiceUnavailable}, 2, put)
	var logs logBuffer
	err := put.call(t.Context(), s.client(t, withLog(&logs)))
	require.NoError(t, err)
	reqs := s.requests()
	require.Len(t, reqs, 3)
	for i, r := range reqs {
		assert.Equal(t, http.MethodPut, r.Method, "attempt %d", i+1)
		assert.Equal(t, apiPrefix+"/v1/users/ada/emails/"+emailID+"/", r.Path, "attempt %d", i+1)
		assert.JSONEq(t, `{"address":"ada@example.com","public":true}`, string(r.Body), "attempt %d", i+1)
		assert.Equal(t, strconv.Itoa(len(r.Body)), r.Header.Get("Content-Length"), "attempt %d", i+1)
		assert.Equal(t, []string{"application/json"}, r.Header.Values("Content-Type"), "attempt %d", i+1)
		assertAuth(t, r.Header, "JWT "+testToken)
	}

	var attempts []float64
	retries := 0
	for _, l := range logs.lines(t) {
		assert.Equal(t, "/v1/users/{user}/emails/{email_id}/", l["path"])
		assert.Equal(t, http.MethodPut, l["method"])
		switch l["msg"] {
		case "illumidesk request":
			attempts = append(attempts, l["attempt"].(float64))
		case "illumidesk retry":
			retries++
			assert.Equal(t, "503 Service Unavailable", l["reason"])
			assert.Contains(t, l, "wait")
		default:
			t.Errorf("unexpected log line %v", l["msg"])
		}
	}
	assert.Equal(t, []float64{1, 2, 3}, attempts)
	assert.Equal(t, 2, retries)
}

// TestRetryKeepsQuery: a retried list asks for the same page.
func TestRetryKeepsQuery(t *testing.T) {
	checkLeaks(t)
	list := methodCall{status: http.StatusOK, reply: "[]"}
	s := faultyServer(t, fault{status: http.StatusBadGateway}, 1, list)
	_, err := s.client(t).Users.List(t.Context(), &facade.ListUsersOptions{Limit: 5, Offset: 10, Ordering: "username"})
	require.NoError(t, err)
	reqs := s.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, reqs[0].RawQuery, reqs[1].RawQuery)
	assert.Equal(t, "5", reqs[1].Query.Get("limit"))
}

// TestRetryStall: an attempt that outlasts the timeout is abandoned; a GET is tried again,
// a POST (which may have reached the server) is not.
func TestRetryStall(t *testing.T) {
	for _, mc := range []methodCall{methodCalls[0], methodCalls[3]} {
		t.Run(mc.method, func(t *testing.T) {
			checkLeaks(t)
			s := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
				reply(mc.status, mc.reply)(w, r)
			}))
			start := time.Now()
			err := mc.call(t.Context(), s.client(t, facade.WithTimeout(100*time.Millisecond)))
			require.Error(t, err)
			var ne net.Error
			require.ErrorAs(t, err, &ne)
			assert.True(t, ne.Timeout(), "a timeout: %v", err)
			want := int64(1)
			if mc.idempotent {
				want = int64(fastRetries.MaxAttempts)
			}
			assert.Equal(t, want, s.count.Load(), "requests the server saw")
			assert.Less(t, time.Since(start), 4*time.Second)
		})
	}
}

// TestRetryNeverSent: a request that could not even connect is tried again whatever its
// method, since the server cannot have acted on it.
func TestRetryNeverSent(t *testing.T) {
	checkLeaks(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())

	var dials atomic.Int64
	tr := http.DefaultTransport.(*http.Transport).Clone()
	dialer := &net.Dialer{Timeout: time.Second}
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		return dialer.DialContext(ctx, network, addr)
	}
	t.Cleanup(tr.CloseIdleConnections)
	c := newClient(t, "http://"+addr+apiPrefix, facade.WithHTTPClient(&http.Client{Transport: tr}))
	err = createGrace(t.Context(), c)
	require.Error(t, err)
	var op *net.OpError
	require.ErrorAs(t, err, &op)
	assert.Equal(t, "dial", op.Op)
	assert.Equal(t, int64(fastRetries.MaxAttempts), dials.Load(), "connection attempts")
}
