package illumidesk_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/facade"
	"github.com/illumidesk/illumidesk-go/mock"
)

// startCounted serves m on 127.0.0.1 and counts the connections clients open to it.
func startCounted(t *testing.T, m http.Handler) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var opened atomic.Int64
	srv := httptest.NewUnstartedServer(m)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &opened
}

// 64 goroutines share one client for a bounded time: no data race (the suite runs with
// -race), every call succeeds, and the client reuses its connections instead of opening
// new ones all the time: at most one per goroutine.
func TestSharedClientUnderLoad(t *testing.T) {
	noLeaks(t)
	m, err := mock.New()
	require.NoError(t, err)
	srv, opened := startCounted(t, m)
	token, err := m.TokenFor(mock.StaffUsername)
	require.NoError(t, err)
	c, err := facade.New(srv.URL, facade.WithToken(token))
	require.NoError(t, err)
	t.Cleanup(c.CloseIdleConnections)

	// The loop stops on a clock rather than by cancelling a context: a cancelled request
	// closes its connection, and the next would have to open another.
	const workers = 64
	ctx := context.Background()
	stop := time.Now().Add(2 * time.Second)
	var calls, failures atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := 0; time.Now().Before(stop) && i < 2000; i++ {
				var err error
				switch (w + i) % 3 {
				case 0:
					_, err = c.Users.Get(ctx, "ada")
				case 1:
					_, err = c.Users.List(ctx, &facade.ListUsersOptions{Limit: 2})
				default:
					_, err = c.Emails.List(ctx, "grace", nil)
				}
				if err != nil {
					failures.Add(1)
				}
				calls.Add(1)
			}
		})
	}
	wg.Wait()
	assert.Zero(t, failures.Load(), "calls that failed")
	assert.Greater(t, calls.Load(), int64(workers), "every worker made calls")
	assert.LessOrEqual(t, opened.Load(), int64(workers), "connections opened for %d calls", calls.Load())
	t.Logf("%d calls over %d connections", calls.Load(), opened.Load())
}

// 32 goroutines run mixed writes and reads against one mock, some of them racing for the
// same username and address. No write is lost or done twice, and the store's invariants
// hold: unique usernames and addresses, every created user readable with all its e-mails.
func TestMockUnderConcurrentWrites(t *testing.T) {
	noLeaks(t)
	m, err := mock.New(mock.WithSSHKeyType(mock.SSHKeyEd25519))
	require.NoError(t, err)
	srv, _ := startCounted(t, m)
	token, err := m.TokenFor(mock.StaffUsername)
	require.NoError(t, err)
	c, err := facade.New(srv.URL, facade.WithToken(token), facade.WithRetryPolicy(facade.NoRetries()))
	require.NoError(t, err)
	t.Cleanup(c.CloseIdleConnections)
	ctx := context.Background()

	const workers, rounds = 32, 6
	var contestedWins, addressWins atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, workers*rounds*4)
	for w := range workers {
		wg.Go(func() {
			for r := range rounds {
				name := fmt.Sprintf("w%d-r%d", w, r)
				_, err := c.Users.Create(ctx, facade.NewUser{Username: name, Email: name + "@example.com", Password: "pw-" + name})
				if err != nil {
					errs <- fmt.Errorf("create %s: %w", name, err)
					continue
				}
				if _, err := c.Emails.Create(ctx, name, facade.EmailInput{Address: name + "@second.example.org"}); err != nil {
					errs <- fmt.Errorf("add e-mail of %s: %w", name, err)
				}
				if _, err := c.Users.Update(ctx, name, facade.UserUpdate{FirstName: facade.Ptr("Round"), LastName: facade.Ptr(fmt.Sprint(r))}); err != nil {
					errs <- fmt.Errorf("update %s: %w", name, err)
				}
				// Everybody races for one username and one address in each round.
				contested := fmt.Sprintf("contested-%d", r)
				_, err = c.Users.Create(ctx, facade.NewUser{Username: contested, Email: contested + "@example.com", Password: "pw"})
				switch {
				case err == nil:
					contestedWins.Add(1)
				case !errors.Is(err, facade.ErrValidation):
					errs <- fmt.Errorf("create %s: %w", contested, err)
				}
				_, err = c.Emails.Create(ctx, name, facade.EmailInput{Address: fmt.Sprintf("shared-%d@example.org", r)})
				switch {
				case err == nil:
					addressWins.Add(1)
				case !errors.Is(err, facade.ErrValidation):
					errs <- fmt.Errorf("add shared address: %w", err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.EqualValues(t, rounds, contestedWins.Load(), "exactly one create per contested username")
	assert.EqualValues(t, rounds, addressWins.Load(), "exactly one owner per contested address")

	users, err := c.Users.List(ctx, nil)
	require.NoError(t, err)
	usernames := map[string]bool{}
	for _, u := range users {
		assert.False(t, usernames[u.Username], "username %s twice", u.Username)
		usernames[u.Username] = true
	}
	addresses := map[string]string{}
	for w := range workers {
		for r := range rounds {
			name := fmt.Sprintf("w%d-r%d", w, r)
			u, err := c.Users.Get(ctx, name)
			require.NoError(t, err, "created user %s is readable", name)
			assert.Equal(t, fmt.Sprint(r), u.LastName)
			emails, err := c.Emails.List(ctx, name, nil)
			require.NoError(t, err)
			assert.GreaterOrEqual(t, len(emails), 2, "%s has its primary and second address", name)
			for _, e := range emails {
				assert.Empty(t, addresses[e.Address], "address %s belongs to %s and %s", e.Address, addresses[e.Address], name)
				addresses[e.Address] = name
			}
		}
	}
	assert.Len(t, users, 1+len(m.DemoUsernames())+workers*rounds+rounds, "staff, demo users, created and contested users")
}
