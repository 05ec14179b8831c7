package facade_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/facade"
)

func listUserID(i int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", i) }

// listServer serves n users (or e-mails, under /v1/users/ada/emails/) by limit and
// offset, as the API does; with ignoreOffset it answers every request from the start, and
// failAt > 0 answers the request at that offset 500.
type listServer struct{ *testServer }

func newListServer(t *testing.T, n int, ignoreOffset bool, failAt int) *listServer {
	t.Helper()
	page := func(r *http.Request, item func(i int) string) (string, bool) {
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		if failAt > 0 && offset == failAt {
			return "", false
		}
		if ignoreOffset {
			offset = 0
		}
		if limit == 0 {
			limit = n
		}
		var items []string
		for i := offset; i < min(offset+limit, n); i++ {
			items = append(items, item(i))
		}
		return "[" + strings.Join(items, ",") + "]", true
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/users/profiles/", func(w http.ResponseWriter, r *http.Request) {
		body, ok := page(r, func(i int) string {
			return fmt.Sprintf(`{"id":%q,"username":"user%03d","email":"user%03d@example.com","first_name":"","last_name":"","profile":{"avatar":null,"bio":null,"company":null,"config":{},"location":null,"timezone":null,"url":null}}`, listUserID(i), i, i)
		})
		if !ok {
			reply(http.StatusInternalServerError, `{"detail":"boom"}`)(w, r)
			return
		}
		reply(http.StatusOK, body)(w, r)
	})
	mux.HandleFunc("GET /v1/users/ada/emails/", func(w http.ResponseWriter, r *http.Request) {
		body, ok := page(r, func(i int) string {
			return fmt.Sprintf(`{"id":%q,"user":%q,"address":"ada%d@example.com","public":true,"unsubscribed":false}`, listUserID(i), adaID, i)
		})
		if !ok {
			reply(http.StatusInternalServerError, `{"detail":"boom"}`)(w, r)
			return
		}
		reply(http.StatusOK, body)(w, r)
	})
	return &listServer{testServer: newServer(t, mux)}
}

// pages lists the offset and limit of each request.
func (s *listServer) pages() []string {
	var out []string
	for _, r := range s.requests() {
		out = append(out, r.Query.Get("offset")+"+"+r.Query.Get("limit"))
	}
	return out
}

func usernames(users []facade.User) []string {
	out := make([]string, len(users))
	for i, u := range users {
		out[i] = u.Username
	}
	return out
}

func wantUsernames(from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		out = append(out, fmt.Sprintf("user%03d", i))
	}
	return out
}

func TestUsersAll(t *testing.T) {
	cases := []struct {
		name     string
		total    int
		pageSize int
		opts     *facade.ListUsersOptions
		want     []string
		pages    []string
	}{
		{name: "250 by 100", total: 250, pageSize: 100, want: wantUsernames(0, 250), pages: []string{"+100", "100+100", "200+100"}},
		{name: "200 by 100: the last page is empty", total: 200, pageSize: 100, want: wantUsernames(0, 200), pages: []string{"+100", "100+100", "200+100"}},
		{name: "default page size", total: 150, want: wantUsernames(0, 150), pages: []string{"+100", "100+100"}},
		{name: "none", total: 0, pageSize: 10, pages: []string{"+10"}},
		{name: "page size 1", total: 3, pageSize: 1, want: wantUsernames(0, 3), pages: []string{"+1", "1+1", "2+1", "3+1"}},
		{
			name: "from an offset, with filters", total: 250, pageSize: 100,
			opts: &facade.ListUsersOptions{Offset: 30, Limit: 5, Ordering: "username"},
			want: wantUsernames(30, 250), pages: []string{"30+100", "130+100", "230+100"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkLeaks(t)
			s := newListServer(t, tc.total, false, 0)
			users, err := collect(s.client(t).Users.All(t.Context(), tc.opts, tc.pageSize))
			require.NoError(t, err)
			assert.Equal(t, tc.want, nilIfEmpty(usernames(users)))
			assert.Equal(t, tc.pages, s.pages())
			if tc.opts != nil {
				for _, r := range s.requests() {
					assert.Equal(t, tc.opts.Ordering, r.Query.Get("ordering"))
				}
			}
		})
	}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// TestUsersAllStalled: a server that ignores the offset would hand out its first page for
// ever; the iterator notices the second page starting where the first did and stops.
func TestUsersAllStalled(t *testing.T) {
	checkLeaks(t)
	s := newListServer(t, 250, true, 0)
	var got []facade.User
	var iterErr error
	n := 0
	for u, err := range s.client(t).Users.All(t.Context(), nil, 100) {
		n++
		require.Less(t, n, 1000, "the iterator does not stop")
		if err != nil {
			iterErr = err
			continue
		}
		got = append(got, u)
	}
	require.ErrorIs(t, iterErr, facade.ErrPaginationStalled)
	assert.Equal(t, wantUsernames(0, 100), usernames(got), "the first page, once")
	assert.Equal(t, int64(2), s.count.Load(), "requests the server saw")
}

func TestUsersAllStops(t *testing.T) {
	t.Run("break in the first page", func(t *testing.T) {
		checkLeaks(t)
		s := newListServer(t, 250, false, 0)
		n := 0
		for _, err := range s.client(t).Users.All(t.Context(), nil, 100) {
			require.NoError(t, err)
			n++
			if n == 5 {
				break
			}
		}
		assert.Equal(t, int64(1), s.count.Load(), "requests the server saw")
	})
	t.Run("break in the second page", func(t *testing.T) {
		checkLeaks(t)
		s := newListServer(t, 250, false, 0)
		n := 0
		for _, err := range s.client(t).Users.All(t.Context(), nil, 100) {
			require.NoError(t, err)
			n++
			if n == 150 {
				break
			}
		}
		assert.Equal(t, int64(2), s.count.Load(), "requests the server saw")
	})
	t.Run("cancelled context", func(t *testing.T) {
		checkLeaks(t)
		s := newListServer(t, 250, false, 0)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		n := 0
		var iterErr error
		for _, err := range s.client(t).Users.All(ctx, nil, 100) {
			if err != nil {
				iterErr = err
				continue
			}
			n++
			if n == 100 {
				cancel()
			}
		}
		require.ErrorIs(t, iterErr, context.Canceled)
		assert.Equal(t, 100, n)
		assert.Equal(t, int64(1), s.count.Load(), "requests the server saw")
	})
	t.Run("error on the second page", func(t *testing.T) {
		checkLeaks(t)
		s := newListServer(t, 250, false, 100)
		var errs []error
		n := 0
		for _, err := range s.client(t).Users.All(t.Context(), nil, 100) {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			n++
		}
		require.Len(t, errs, 1, "the iteration ends at its first error")
		require.ErrorIs(t, errs[0], facade.ErrServer)
		assert.Equal(t, 100, n)
		assert.Equal(t, int64(2), s.count.Load(), "requests the server saw")
	})
	t.Run("iterated twice", func(t *testing.T) {
		checkLeaks(t)
		s := newListServer(t, 25, false, 0)
		seq := s.client(t).Users.All(t.Context(), nil, 10)
		first, err := collect(seq)
		require.NoError(t, err)
		again, err := collect(seq)
		require.NoError(t, err)
		assert.Equal(t, usernames(first), usernames(again), "a second range over the same iterator starts over")
		assert.Len(t, first, 25)
	})
	t.Run("ranged by two goroutines at once", func(t *testing.T) {
		checkLeaks(t)
		s := newListServer(t, 25, false, 0)
		seq := s.client(t).Emails.All(t.Context(), "ada", &facade.ListEmailsOptions{Ordering: "address"}, 10)
		var wg sync.WaitGroup
		counts := make([]int, 2)
		errs := make([]error, 2)
		for i := range counts {
			wg.Go(func() {
				var got []facade.Email
				got, errs[i] = collect(seq)
				counts[i] = len(got)
			})
		}
		wg.Wait()
		for i := range counts {
			require.NoError(t, errs[i])
			assert.Equal(t, 25, counts[i], "goroutine %d", i)
		}
	})
}

func TestEmailsAll(t *testing.T) {
	t.Run("5 by 2", func(t *testing.T) {
		checkLeaks(t)
		s := newListServer(t, 5, false, 0)
		emails, err := collect(s.client(t).Emails.All(t.Context(), "ada", nil, 2))
		require.NoError(t, err)
		require.Len(t, emails, 5)
		for i, e := range emails {
			assert.Equal(t, fmt.Sprintf("ada%d@example.com", i), e.Address)
		}
		assert.Equal(t, []string{"+2", "2+2", "4+2"}, s.pages())
	})
	t.Run("stalled", func(t *testing.T) {
		checkLeaks(t)
		s := newListServer(t, 5, true, 0)
		emails, err := collect(s.client(t).Emails.All(t.Context(), "ada", &facade.ListEmailsOptions{Ordering: "address"}, 2))
		require.ErrorIs(t, err, facade.ErrPaginationStalled)
		assert.Len(t, emails, 2)
		assert.Equal(t, int64(2), s.count.Load(), "requests the server saw")
	})
	t.Run("break", func(t *testing.T) {
		checkLeaks(t)
		s := newListServer(t, 5, false, 0)
		var served atomic.Int64
		for _, err := range s.client(t).Emails.All(t.Context(), "ada", nil, 2) {
			require.NoError(t, err)
			served.Add(1)
			break
		}
		assert.Equal(t, int64(1), served.Load())
		assert.Equal(t, int64(1), s.count.Load(), "requests the server saw")
	})
}
