package illumidesk_test

// The end-to-end suite: the facade against the mock over real loopback HTTP, through
// mocktest, which also checks every answer against the spec. Each operation is exercised
// on its success path and its error paths (400 with field errors, 401, 403 per permission
// rule, 404), as a program using the library would meet them.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/facade"
	"github.com/illumidesk/illumidesk-go/mock"
	"github.com/illumidesk/illumidesk-go/mock/mocktest"
)

// apiError is the *facade.APIError behind err, failing the test if there is none.
func apiError(t *testing.T, err error) *facade.APIError {
	t.Helper()
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	return apiErr
}

// fingerprint stands for a token in comparisons, so that a failure prints no secret.
func fingerprint(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:6])
}

func e2eImage() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for y := range 16 {
		for x := range 16 {
			img.Set(x, y, color.RGBA{R: uint8(x * 16), G: uint8(y * 16), B: 128, A: 255})
		}
	}
	return img
}

func e2ePNG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, e2eImage()))
	return buf.Bytes()
}

func e2eJPEG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, jpeg.Encode(&buf, e2eImage(), &jpeg.Options{Quality: 90}))
	return buf.Bytes()
}

func usernamesOf(users []facade.User) []string {
	names := make([]string, 0, len(users))
	for _, u := range users {
		names = append(names, u.Username)
	}
	return names
}

func TestE2EUsersRead(t *testing.T) {
	env := mocktest.Start(t)
	ctx := t.Context()
	ada := env.ClientAs("ada")

	me, err := ada.Users.Me(ctx)
	require.NoError(t, err)
	assert.Equal(t, "ada", me.Username)
	assert.Equal(t, "Analyst of engines.", me.Profile.Bio)
	assert.Equal(t, env.URL+"/v1/users/"+me.ID+"/avatar/", me.Profile.Avatar)
	assert.Equal(t, map[string]any{"theme": "dark"}, me.Profile.Config)

	byID, err := ada.Users.Get(ctx, me.ID)
	require.NoError(t, err)
	assert.Equal(t, me, byID)
	grace, err := ada.Users.Get(ctx, "grace")
	require.NoError(t, err)
	assert.Empty(t, grace.Profile.Avatar)

	_, err = ada.Users.Get(ctx, "nobody")
	require.ErrorIs(t, err, facade.ErrNotFound)
	assert.Equal(t, "Not found.", apiError(t, err).Detail)

	tests := []struct {
		name string
		opts *facade.ListUsersOptions
		want []string
	}{
		{"all", nil, []string{"admin", "ada", "grace", "alan"}},
		{"by username", &facade.ListUsersOptions{Username: "grace"}, []string{"grace"}},
		{"by e-mail", &facade.ListUsersOptions{Email: "alan@example.com"}, []string{"alan"}},
		{"ordered", &facade.ListUsersOptions{Ordering: "-last_name,username"}, []string{"alan", "ada", "grace", "admin"}},
		{"a page", &facade.ListUsersOptions{Ordering: "username", Limit: 2, Offset: 1}, []string{"admin", "alan"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			users, err := ada.Users.List(ctx, tt.opts)
			require.NoError(t, err)
			assert.Equal(t, tt.want, usernamesOf(users))
		})
	}

	var all []string
	for u, err := range ada.Users.All(ctx, &facade.ListUsersOptions{Ordering: "username"}, 3) {
		require.NoError(t, err)
		all = append(all, u.Username)
	}
	assert.Equal(t, []string{"ada", "admin", "alan", "grace"}, all)

	_, err = ada.Users.List(ctx, &facade.ListUsersOptions{Ordering: "password"})
	require.ErrorIs(t, err, facade.ErrValidation)
	assert.Contains(t, apiError(t, err).Fields, "ordering")
}

func TestE2EUsersWrite(t *testing.T) {
	env := mocktest.Start(t)
	ctx := t.Context()
	ada := env.ClientAs("ada")
	grace := env.ClientAs("grace")
	newUser := facade.NewUser{
		Username: "katherine", Email: "kj@example.com", Password: "orbital-mechanics",
		FirstName: "Katherine", LastName: "Johnson",
		Profile: &facade.ProfileUpdate{Bio: facade.Value("Computes trajectories."), Config: map[string]any{"units": "si"}},
	}

	t.Run("create: staff only", func(t *testing.T) {
		_, err := ada.Users.Create(ctx, newUser)
		require.ErrorIs(t, err, facade.ErrForbidden)
		assert.Equal(t, "You do not have permission to perform this action.", apiError(t, err).Detail)

		u, err := env.Client.Users.Create(ctx, newUser)
		require.NoError(t, err)
		assert.Equal(t, "katherine", u.Username)
		assert.Equal(t, "Computes trajectories.", u.Profile.Bio)
		assert.Equal(t, map[string]any{"units": "si"}, u.Profile.Config)
		emails, err := env.ClientAs("katherine").Emails.List(ctx, "katherine", nil)
		require.NoError(t, err)
		require.Len(t, emails, 1)
		assert.Equal(t, "kj@example.com", emails[0].Address)
	})
	t.Run("create: field errors", func(t *testing.T) {
		_, err := env.Client.Users.Create(ctx, facade.NewUser{Username: "katherine", Email: "grace@example.com", Password: "x"})
		require.ErrorIs(t, err, facade.ErrValidation)
		fields := apiError(t, err).Fields
		assert.Equal(t, []string{"katherine is already taken."}, fields["username"])
		assert.Equal(t, []string{"grace@example.com is already taken."}, fields["email"])

		_, err = env.Client.Users.Create(ctx, facade.NewUser{
			Username: "bad name", Email: "not-an-address", Password: "x",
			Profile: &facade.ProfileUpdate{Timezone: facade.Value(strings.Repeat("z", 21))},
		})
		require.ErrorIs(t, err, facade.ErrValidation)
		fields = apiError(t, err).Fields
		assert.Contains(t, fields, "username")
		assert.Equal(t, []string{"Enter a valid email address."}, fields["email"])
		assert.Equal(t, []string{"Ensure this field has no more than 20 characters."}, fields["profile.timezone"])
	})
	t.Run("update: PATCH with null", func(t *testing.T) {
		u, err := ada.Users.Update(ctx, "ada", facade.UserUpdate{
			LastName: facade.Ptr("King"),
			Profile:  &facade.ProfileUpdate{Bio: facade.Null[string](), Location: facade.Value("Marylebone")},
		})
		require.NoError(t, err)
		assert.Equal(t, "King", u.LastName)
		assert.Equal(t, "Ada", u.FirstName)
		assert.Empty(t, u.Profile.Bio)
		assert.Equal(t, "Marylebone", u.Profile.Location)
		assert.Equal(t, "Analytical Engines Ltd", u.Profile.Company)
		// Cleared means null in the store, not an empty string.
		for _, s := range env.Server.Snapshot().Users {
			if s.Username == "ada" {
				assert.Nil(t, s.Bio)
			}
		}
	})
	t.Run("update: staff or self only", func(t *testing.T) {
		_, err := grace.Users.Update(ctx, "ada", facade.UserUpdate{LastName: facade.Ptr("X")})
		require.ErrorIs(t, err, facade.ErrForbidden)
		_, err = env.Client.Users.Update(ctx, "ada", facade.UserUpdate{FirstName: facade.Ptr("Augusta Ada")})
		require.NoError(t, err)
		_, err = env.Client.Users.Update(ctx, "nobody", facade.UserUpdate{FirstName: facade.Ptr("X")})
		require.ErrorIs(t, err, facade.ErrNotFound)
	})
	t.Run("update: field errors", func(t *testing.T) {
		_, err := ada.Users.Update(ctx, "ada", facade.UserUpdate{
			Email:   facade.Ptr("grace@navy.example.mil"),
			Profile: &facade.ProfileUpdate{Bio: facade.Value(strings.Repeat("b", 401))},
		})
		require.ErrorIs(t, err, facade.ErrValidation)
		assert.Contains(t, apiError(t, err).Fields, "profile.bio")
	})
	t.Run("update: password", func(t *testing.T) {
		_, err := ada.Users.Update(ctx, "ada", facade.UserUpdate{Password: facade.Ptr("a-new-password")})
		require.NoError(t, err)
		_, err = env.NewClient().Auth.Login(ctx, "ada", "a-new-password")
		require.NoError(t, err)
	})
	t.Run("delete: staff or self only", func(t *testing.T) {
		err := grace.Users.Delete(ctx, "alan")
		require.ErrorIs(t, err, facade.ErrForbidden)
		require.NoError(t, grace.Users.Delete(ctx, "grace"))
		_, err = ada.Users.Get(ctx, "grace")
		require.ErrorIs(t, err, facade.ErrNotFound)
		// The deleted user's client is no longer let in.
		_, err = grace.Users.Me(ctx)
		require.ErrorIs(t, err, facade.ErrUnauthorized)
		require.NoError(t, env.Client.Users.Delete(ctx, "alan"))
		err = env.Client.Users.Delete(ctx, "alan")
		require.ErrorIs(t, err, facade.ErrNotFound)
	})
}

func TestE2EUnauthorized(t *testing.T) {
	env := mocktest.Start(t)
	ctx := t.Context()
	other := mocktest.Start(t)
	clients := map[string]*facade.Client{
		"no token":                env.NewClient(),
		"another server's token":  env.NewClient(facade.WithToken(other.StaffToken)),
		"the Bearer prefix":       env.NewClient(facade.WithToken(env.StaffToken), facade.WithAuthPrefix("Bearer")),
		"a token with a bad mark": env.NewClient(facade.WithToken(env.StaffToken[:len(env.StaffToken)-4] + "AAAA")),
	}
	for name, c := range clients {
		t.Run(name, func(t *testing.T) {
			_, err := c.Users.Me(ctx)
			require.ErrorIs(t, err, facade.ErrUnauthorized)
			assert.Equal(t, "Authentication credentials were not provided.", apiError(t, err).Detail)
			_, err = c.Emails.List(ctx, "ada", nil)
			require.ErrorIs(t, err, facade.ErrUnauthorized)
		})
	}
}

func TestE2EEmails(t *testing.T) {
	env := mocktest.Start(t)
	ctx := t.Context()
	ada := env.ClientAs("ada")
	grace := env.ClientAs("grace")

	addressesOf := func(emails []facade.Email) []string {
		var out []string
		for _, e := range emails {
			out = append(out, e.Address)
		}
		slices.Sort(out)
		return out
	}
	own, err := ada.Emails.List(ctx, "ada", nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"ada@engines.example.org", "ada@example.com"}, addressesOf(own))
	seen, err := grace.Emails.List(ctx, "ada", &facade.ListEmailsOptions{Ordering: "address"})
	require.NoError(t, err)
	assert.Equal(t, []string{"ada@engines.example.org"}, addressesOf(seen), "only the public one")

	var private, public facade.Email
	for _, e := range own {
		if e.Public {
			public = e
		} else {
			private = e
		}
	}
	got, err := ada.Emails.Get(ctx, "ada", private.ID)
	require.NoError(t, err)
	assert.Equal(t, private, *got)
	_, err = grace.Emails.Get(ctx, "ada", private.ID)
	require.ErrorIs(t, err, facade.ErrNotFound, "a hidden address is not found")
	got, err = env.Client.Emails.Get(ctx, "ada", private.ID)
	require.NoError(t, err, "staff see every address")
	assert.Equal(t, private, *got)

	t.Run("create", func(t *testing.T) {
		e, err := grace.Emails.Create(ctx, "grace", facade.EmailInput{Address: "amazing.grace@example.org"})
		require.NoError(t, err)
		assert.False(t, e.Public)
		assert.True(t, e.Unsubscribed)
		me, err := grace.Users.Me(ctx)
		require.NoError(t, err)
		assert.Equal(t, me.ID, e.User)

		_, err = ada.Emails.Create(ctx, "grace", facade.EmailInput{Address: "x@example.org"})
		require.ErrorIs(t, err, facade.ErrForbidden)
		_, err = grace.Emails.Create(ctx, "grace", facade.EmailInput{Address: "ada@example.com"})
		require.ErrorIs(t, err, facade.ErrValidation)
		assert.Equal(t, []string{"ada@example.com is already taken."}, apiError(t, err).Fields["address"])
		_, err = grace.Emails.Create(ctx, "nobody", facade.EmailInput{Address: "x@example.org"})
		require.ErrorIs(t, err, facade.ErrNotFound)
	})
	t.Run("replace and update", func(t *testing.T) {
		e, err := ada.Emails.Replace(ctx, "ada", public.ID, facade.EmailInput{Address: "ada@analytical.example.org", Public: facade.Ptr(true)})
		require.NoError(t, err)
		assert.Equal(t, "ada@analytical.example.org", e.Address)
		assert.True(t, e.Unsubscribed, "left out, so back to its default")

		e, err = ada.Emails.Update(ctx, "ada", public.ID, facade.EmailUpdate{Unsubscribed: facade.Ptr(false)})
		require.NoError(t, err)
		assert.Equal(t, "ada@analytical.example.org", e.Address)
		assert.False(t, e.Unsubscribed)

		_, err = grace.Emails.Update(ctx, "ada", public.ID, facade.EmailUpdate{Public: facade.Ptr(false)})
		require.ErrorIs(t, err, facade.ErrForbidden, "visible, but not grace's")
		_, err = grace.Emails.Replace(ctx, "ada", public.ID, facade.EmailInput{Address: "z@example.org"})
		require.ErrorIs(t, err, facade.ErrForbidden)
		_, err = env.Client.Emails.Update(ctx, "ada", public.ID, facade.EmailUpdate{Public: facade.Ptr(true)})
		require.NoError(t, err, "staff may change it")
		_, err = ada.Emails.Update(ctx, "ada", public.ID, facade.EmailUpdate{Address: facade.Ptr("grace@example.com")})
		require.ErrorIs(t, err, facade.ErrValidation)
		assert.Contains(t, apiError(t, err).Fields, "address")
	})
	t.Run("iterate", func(t *testing.T) {
		var n int
		for _, err := range ada.Emails.All(ctx, "ada", nil, 1) {
			require.NoError(t, err)
			n++
		}
		assert.Equal(t, 2, n)
	})
	t.Run("delete", func(t *testing.T) {
		err := grace.Emails.Delete(ctx, "ada", public.ID)
		require.ErrorIs(t, err, facade.ErrForbidden)
		require.NoError(t, ada.Emails.Delete(ctx, "ada", public.ID))
		err = ada.Emails.Delete(ctx, "ada", public.ID)
		require.ErrorIs(t, err, facade.ErrNotFound)
	})
}

func TestE2EAvatars(t *testing.T) {
	env := mocktest.Start(t, mock.WithAvatarLimit(64<<10))
	ctx := t.Context()
	alan := env.ClientAs("alan")

	// The seeded avatar, a real PNG.
	a, err := alan.Avatars.Get(ctx, "ada")
	require.NoError(t, err)
	data, err := io.ReadAll(a.Body)
	require.NoError(t, a.Body.Close())
	require.NoError(t, err)
	assert.Equal(t, "image/png", a.ContentType)
	_, err = png.Decode(bytes.NewReader(data))
	require.NoError(t, err)

	_, err = alan.Avatars.Get(ctx, "alan")
	require.ErrorIs(t, err, facade.ErrNotFound)

	download := func(user string) (string, []byte) {
		t.Helper()
		a, err := alan.Avatars.Get(ctx, user)
		require.NoError(t, err)
		defer a.Body.Close()
		b, err := io.ReadAll(a.Body)
		require.NoError(t, err)
		return a.ContentType, b
	}

	jpg := e2eJPEG(t)
	u, err := alan.Avatars.Set(ctx, "alan", bytes.NewReader(jpg))
	require.NoError(t, err)
	assert.Equal(t, env.URL+"/v1/users/"+u.ID+"/avatar/", u.Profile.Avatar)
	ct, got := download("alan")
	assert.Equal(t, "image/jpeg", ct)
	assert.Equal(t, jpg, got)

	pngData := e2ePNG(t)
	_, err = alan.Avatars.Update(ctx, "alan", bytes.NewReader(pngData))
	require.NoError(t, err)
	ct, got = download("alan")
	assert.Equal(t, "image/png", ct)
	assert.Equal(t, pngData, got)

	t.Run("refused", func(t *testing.T) {
		before := env.Server.Snapshot()
		_, err := env.ClientAs("grace").Avatars.Set(ctx, "alan", bytes.NewReader(pngData))
		require.ErrorIs(t, err, facade.ErrForbidden)
		err = env.ClientAs("grace").Avatars.Delete(ctx, "alan")
		require.ErrorIs(t, err, facade.ErrForbidden)

		// A PNG signature over garbage passes the facade's sniffing, not the server's check.
		_, err = alan.Avatars.Update(ctx, "alan", strings.NewReader("\x89PNG\r\n\x1a\nthis is not an image at all"))
		require.ErrorIs(t, err, facade.ErrValidation)
		assert.Contains(t, apiError(t, err).Fields, "image")

		big := append(slices.Clone(pngData), make([]byte, 64<<10)...)
		_, err = alan.Avatars.Update(ctx, "alan", bytes.NewReader(big))
		require.ErrorIs(t, err, facade.ErrTooLarge)
		assert.Equal(t, "The image is larger than 65536 bytes.", apiError(t, err).Detail)
		assert.Equal(t, before, env.Server.Snapshot())
	})

	_, err = env.Client.Avatars.Set(ctx, "grace", bytes.NewReader(jpg))
	require.NoError(t, err, "staff may set anybody's")

	require.NoError(t, alan.Avatars.Delete(ctx, "alan"))
	_, err = alan.Avatars.Get(ctx, "alan")
	require.ErrorIs(t, err, facade.ErrNotFound)
	err = alan.Avatars.Delete(ctx, "alan")
	require.ErrorIs(t, err, facade.ErrNotFound)
	me, err := alan.Users.Me(ctx)
	require.NoError(t, err)
	assert.Empty(t, me.Profile.Avatar)
}

func TestE2EKeys(t *testing.T) {
	env := mocktest.Start(t)
	ctx := t.Context()
	ada := env.ClientAs("ada")

	key, err := ada.Keys.APIKey(ctx, "ada")
	require.NoError(t, err)
	me, err := env.NewClient(facade.WithToken(key)).Users.Me(ctx)
	require.NoError(t, err)
	assert.Equal(t, "ada", me.Username)
	key, err = env.Client.Keys.APIKey(ctx, "ada")
	require.NoError(t, err)
	assert.NotEmpty(t, key)
	_, err = ada.Keys.APIKey(ctx, "grace")
	require.ErrorIs(t, err, facade.ErrForbidden)
	_, err = ada.Keys.APIKey(ctx, "nobody")
	require.ErrorIs(t, err, facade.ErrNotFound)

	pub, err := ada.Keys.SSH(ctx, "ada")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(pub, "ssh-ed25519 "), pub)
	fresh, err := ada.Keys.ResetSSH(ctx, "ada")
	require.NoError(t, err)
	assert.NotEqual(t, pub, fresh)
	again, err := env.Client.Keys.SSH(ctx, "ada")
	require.NoError(t, err)
	assert.Equal(t, fresh, again)

	none, err := env.Client.Keys.SSH(ctx, "grace")
	require.NoError(t, err)
	assert.Empty(t, none, "grace has no key pair")

	_, err = ada.Keys.SSH(ctx, "grace")
	require.ErrorIs(t, err, facade.ErrForbidden)
	_, err = ada.Keys.ResetSSH(ctx, "grace")
	require.ErrorIs(t, err, facade.ErrForbidden)
}

// clock is a settable clock for mock.WithClock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestE2EAuth(t *testing.T) {
	c := &clock{now: time.Now()}
	env := mocktest.Start(t, mock.WithClock(c.Now), mock.WithPassword("e2e-password"))
	ctx := t.Context()
	anon := env.NewClient()

	tok, err := anon.Auth.Login(ctx, "grace", "e2e-password")
	require.NoError(t, err)
	me, err := env.NewClient(facade.WithToken(tok)).Users.Me(ctx)
	require.NoError(t, err)
	assert.Equal(t, "grace", me.Username)

	_, err = anon.Auth.Login(ctx, "grace", "wrong-password")
	require.ErrorIs(t, err, facade.ErrValidation)
	assert.Equal(t, []string{"Unable to log in with provided credentials."}, apiError(t, err).Fields["non_field_errors"])
	_, err = anon.Auth.Login(ctx, "nobody", "e2e-password")
	require.ErrorIs(t, err, facade.ErrValidation)

	require.NoError(t, anon.Auth.Verify(ctx, tok))
	c.Advance(time.Hour)
	refreshed, err := anon.Auth.Refresh(ctx, tok)
	require.NoError(t, err)
	assert.NotEqual(t, fingerprint(tok), fingerprint(refreshed))

	forged := tok[:strings.LastIndexByte(tok, '.')+1] + "c2lnbmF0dXJl"
	err = anon.Auth.Verify(ctx, forged)
	require.ErrorIs(t, err, facade.ErrValidation)
	assert.Equal(t, []string{"Error decoding signature."}, apiError(t, err).Fields["non_field_errors"])

	// Thirty days on, the first token has expired and the refreshed one has not.
	c.Advance(30*24*time.Hour - 30*time.Minute)
	err = anon.Auth.Verify(ctx, tok)
	require.ErrorIs(t, err, facade.ErrValidation)
	assert.Equal(t, []string{"Signature has expired."}, apiError(t, err).Fields["non_field_errors"])
	_, err = env.NewClient(facade.WithToken(tok)).Users.Me(ctx)
	require.ErrorIs(t, err, facade.ErrUnauthorized)
	require.NoError(t, anon.Auth.Verify(ctx, refreshed))
}
