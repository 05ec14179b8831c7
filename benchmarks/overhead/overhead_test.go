// Package overhead compares the cost of one call through each client against the same
// httptest server answering canned JSON (see internal/fixture): a single read (~1 KB), a
// list of 50 (~29 KB) and of 1,000 (~580 KB), and a create. The server does the same work
// for every client, so differences are the clients' own: building the request, the
// transport, reading and decoding the body.
//
// Sub-benchmarks are named client=<name> so that benchstat can put the clients side by
// side: benchstat -col '/client@(handwritten facade gen ogen)'.
package overhead

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/go-faster/jx"
	"github.com/oapi-codegen/nullable"

	"github.com/illumidesk/illumidesk-go/benchmarks/internal/clients"
	"github.com/illumidesk/illumidesk-go/benchmarks/internal/fixture"
	"github.com/illumidesk/illumidesk-go/benchmarks/internal/handwritten"
	"github.com/illumidesk/illumidesk-go/benchmarks/ogen"
	"github.com/illumidesk/illumidesk-go/facade"
	"github.com/illumidesk/illumidesk-go/gen"
)

// client is one way of making the three calls. Each returns what it decoded, reduced to
// a few fields, so the benchmark can check once that every client decoded the same thing.
type client struct {
	name   string
	get    func(ctx context.Context, user string) (summary, error)
	list   func(ctx context.Context, limit int) (summary, error)
	create func(ctx context.Context) (summary, error)
}

// summary is what every client must agree on: the count, and the last user's id, bio
// (which may hold an escaped line break), avatar and number of config keys.
type summary struct {
	n               int
	id, bio, avatar string
	configKeys      int
}

func (s summary) String() string {
	return fmt.Sprintf("n=%d id=%s avatar=%s config=%d bio=%q", s.n, s.id, s.avatar, s.configKeys, s.bio)
}

func want(u fixture.User, n int) summary {
	var cfg map[string]any
	if err := json.Unmarshal(u.Profile.Config, &cfg); err != nil {
		panic(err)
	}
	return summary{n: n, id: u.ID, bio: u.Profile.Bio, avatar: u.Profile.Avatar, configKeys: len(cfg)}
}

// The create body every client sends.
var newUser = struct {
	username, email, password, first, last, bio, location, timezone string
}{"grace_hopper", "grace@example.org", "a-long-secret-phrase", "Grace", "Hopper",
	"Compiler pioneer; wrote the first manual for the Mark I.", "Arlington, Virginia", "America/New_York"}

func clientsFor(b *testing.B, base string) []client {
	fc, err := clients.Facade(base, nil)
	if err != nil {
		b.Fatal(err)
	}
	gc, err := clients.Gen(base)
	if err != nil {
		b.Fatal(err)
	}
	oc, err := clients.Ogen(base)
	if err != nil {
		b.Fatal(err)
	}
	hc := clients.Handwritten(base)

	facadeSum := func(users []facade.User) summary {
		u := users[len(users)-1]
		return summary{len(users), u.ID, u.Profile.Bio, u.Profile.Avatar, len(u.Profile.Config)}
	}
	genSum := func(users []gen.User) summary {
		u := users[len(users)-1]
		bio, _ := u.Profile.Bio.Get()
		avatar, _ := u.Profile.Avatar.Get()
		return summary{len(users), u.ID.String(), bio, avatar, len(u.Profile.Config)}
	}
	ogenSum := func(users []ogen.User) summary {
		u := users[len(users)-1]
		return summary{len(users), u.ID.String(), u.Profile.Bio.Value, u.Profile.Avatar.Value.String(), len(u.Profile.Config)}
	}
	handSum := func(users []handwritten.User) summary {
		u := users[len(users)-1]
		return summary{len(users), u.ID, u.Profile.Bio, u.Profile.Avatar, len(u.Profile.Config)}
	}
	return []client{
		{
			name: "handwritten",
			get: func(ctx context.Context, user string) (summary, error) {
				u, err := hc.Get(ctx, user)
				if err != nil {
					return summary{}, err
				}
				return handSum([]handwritten.User{*u}), nil
			},
			list: func(ctx context.Context, limit int) (summary, error) {
				users, err := hc.List(ctx, limit, 0)
				if err != nil {
					return summary{}, err
				}
				return handSum(users), nil
			},
			create: func(ctx context.Context) (summary, error) {
				n := newUser
				u, err := hc.Create(ctx, handwritten.NewUser{
					Username: n.username, Email: n.email, Password: n.password, FirstName: n.first, LastName: n.last,
					Profile: &handwritten.ProfileChanges{Bio: &n.bio, Location: &n.location, Timezone: &n.timezone,
						Config: map[string]any{"theme": "dark"}},
				})
				if err != nil {
					return summary{}, err
				}
				return handSum([]handwritten.User{*u}), nil
			},
		},
		{
			name: "facade",
			get: func(ctx context.Context, user string) (summary, error) {
				u, err := fc.Users.Get(ctx, user)
				if err != nil {
					return summary{}, err
				}
				return facadeSum([]facade.User{*u}), nil
			},
			list: func(ctx context.Context, limit int) (summary, error) {
				users, err := fc.Users.List(ctx, &facade.ListUsersOptions{Limit: limit})
				if err != nil {
					return summary{}, err
				}
				return facadeSum(users), nil
			},
			create: func(ctx context.Context) (summary, error) {
				n := newUser
				u, err := fc.Users.Create(ctx, facade.NewUser{
					Username: n.username, Email: n.email, Password: n.password, FirstName: n.first, LastName: n.last,
					Profile: &facade.ProfileUpdate{Bio: facade.Value(n.bio), Location: facade.Value(n.location),
						Timezone: facade.Value(n.timezone), Config: map[string]any{"theme": "dark"}},
				})
				if err != nil {
					return summary{}, err
				}
				return facadeSum([]facade.User{*u}), nil
			},
		},
		{
			name: "gen",
			get: func(ctx context.Context, user string) (summary, error) {
				resp, err := gc.UsersReadWithResponse(ctx, user)
				if err != nil {
					return summary{}, err
				}
				if resp.JSON200 == nil {
					return summary{}, fmt.Errorf("status %d", resp.StatusCode())
				}
				return genSum([]gen.User{*resp.JSON200}), nil
			},
			list: func(ctx context.Context, limit int) (summary, error) {
				resp, err := gc.UsersListWithResponse(ctx, &gen.UsersListParams{Limit: &limit})
				if err != nil {
					return summary{}, err
				}
				if resp.JSON200 == nil {
					return summary{}, fmt.Errorf("status %d", resp.StatusCode())
				}
				return genSum(*resp.JSON200), nil
			},
			create: func(ctx context.Context) (summary, error) {
				n := newUser
				cfg := map[string]any{"theme": "dark"}
				resp, err := gc.UsersCreateWithResponse(ctx, gen.UserData{
					Username: n.username, Email: n.email, Password: &n.password, FirstName: &n.first, LastName: &n.last,
					Profile: &gen.ProfileData{Bio: nullable.NewNullableWithValue(n.bio), Location: nullable.NewNullableWithValue(n.location),
						Timezone: nullable.NewNullableWithValue(n.timezone), Config: &cfg},
				})
				if err != nil {
					return summary{}, err
				}
				if resp.JSON201 == nil {
					return summary{}, fmt.Errorf("status %d", resp.StatusCode())
				}
				return genSum([]gen.User{*resp.JSON201}), nil
			},
		},
		{
			name: "ogen",
			get: func(ctx context.Context, user string) (summary, error) {
				res, err := oc.UsersRead(ctx, ogen.UsersReadParams{User: user})
				if err != nil {
					return summary{}, err
				}
				u, ok := res.(*ogen.User)
				if !ok {
					return summary{}, fmt.Errorf("answer %T", res)
				}
				return ogenSum([]ogen.User{*u}), nil
			},
			list: func(ctx context.Context, limit int) (summary, error) {
				res, err := oc.UsersList(ctx, ogen.UsersListParams{Limit: ogen.NewOptInt(limit)})
				if err != nil {
					return summary{}, err
				}
				users, ok := res.(*ogen.UsersListOKApplicationJSON)
				if !ok {
					return summary{}, fmt.Errorf("answer %T", res)
				}
				return ogenSum(*users), nil
			},
			create: func(ctx context.Context) (summary, error) {
				n := newUser
				res, err := oc.UsersCreate(ctx, &ogen.UserData{
					Username: n.username, Email: n.email, Password: n.password,
					FirstName: ogen.NewOptString(n.first), LastName: ogen.NewOptString(n.last),
					Profile: ogen.NewOptProfileData(ogen.ProfileData{Bio: ogen.NewOptNilString(n.bio),
						Location: ogen.NewOptNilString(n.location), Timezone: ogen.NewOptNilString(n.timezone),
						Config: ogen.NewOptProfileDataConfig(ogen.ProfileDataConfig{"theme": jx.Raw(`"dark"`)})}),
				})
				if err != nil {
					return summary{}, err
				}
				u, ok := res.(*ogen.User)
				if !ok {
					return summary{}, fmt.Errorf("answer %T", res)
				}
				return ogenSum([]ogen.User{*u}), nil
			},
		},
	}
}

func server(b *testing.B) string {
	srv := httptest.NewServer(fixture.Canned())
	b.Cleanup(srv.Close)
	return srv.URL
}

// run checks once that call decodes what is expected, then times it.
func run(b *testing.B, call func(context.Context) (summary, error), expect summary) {
	ctx := context.Background()
	got, err := call(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if got != expect {
		b.Fatalf("decoded %v\nwant    %v", got, expect)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := call(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGet(b *testing.B) {
	base := server(b)
	big := fixture.Big()
	for _, c := range clientsFor(b, base) {
		b.Run("client="+c.name, func(b *testing.B) {
			run(b, func(ctx context.Context) (summary, error) { return c.get(ctx, big.Username) }, want(big, 1))
		})
	}
}

func BenchmarkList50(b *testing.B) { benchList(b, fixture.SmallList) }

func BenchmarkList1000(b *testing.B) { benchList(b, fixture.LargeList) }

func benchList(b *testing.B, n int) {
	base := server(b)
	for _, c := range clientsFor(b, base) {
		b.Run("client="+c.name, func(b *testing.B) {
			run(b, func(ctx context.Context) (summary, error) { return c.list(ctx, n) }, want(fixture.Make(n-1), n))
		})
	}
}

func BenchmarkCreate(b *testing.B) {
	base := server(b)
	for _, c := range clientsFor(b, base) {
		b.Run("client="+c.name, func(b *testing.B) {
			run(b, c.create, want(fixture.Make(42), 1))
		})
	}
}
