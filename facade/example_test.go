package facade_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"log"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/illumidesk/illumidesk-go/facade"
	"github.com/illumidesk/illumidesk-go/mock"
	"github.com/illumidesk/illumidesk-go/mock/faults"
)

// The examples run against the mock server, seeded with a staff account ("admin") and the
// demo users ada, grace and alan. In a program, the base URL would be the real API's.

type exampleServer struct {
	URL      string // the server's base URL
	token    string // the staff user's token
	password string // every seeded account's password
	close    func()
}

func startExampleServer() *exampleServer {
	m, err := mock.New()
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(m)
	token, err := m.TokenFor(mock.StaffUsername)
	if err != nil {
		log.Fatal(err)
	}
	return &exampleServer{URL: srv.URL, token: token, password: m.Password(), close: srv.Close}
}

// staffClient is the client most examples start from: logged in as the staff user.
func (s *exampleServer) staffClient() *facade.Client {
	c, err := facade.New(s.URL, facade.WithToken(s.token))
	if err != nil {
		log.Fatal(err)
	}
	return c
}

// examplePNG makes a small PNG, standing in for a file read from disk.
func examplePNG() *bytes.Reader {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 8, 8))); err != nil {
		log.Fatal(err)
	}
	return bytes.NewReader(buf.Bytes())
}

func Example() {
	srv := startExampleServer()
	defer srv.close()
	ctx := context.Background()
	baseURL, token := srv.URL, srv.token

	c, err := facade.New(baseURL, facade.WithToken(token))
	if err != nil {
		log.Fatal(err)
	}
	me, err := c.Users.Me(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("logged in as", me.Username)
	// Output: logged in as admin
}

func ExampleNew() {
	srv := startExampleServer()
	defer srv.close()
	baseURL, token := srv.URL, srv.token

	c, err := facade.New(baseURL,
		facade.WithToken(token),
		facade.WithTimeout(10*time.Second),
		facade.WithRetryPolicy(facade.RetryPolicy{MaxAttempts: 5, BaseDelay: 100 * time.Millisecond, MaxDelay: 2 * time.Second, MaxRetryAfter: time.Minute}),
		facade.WithUserAgent("my-app/1.0"),
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.BaseURL() == baseURL+"/")

	// Options are checked: a token never travels in clear text to another machine.
	_, err = facade.New("http://api.example.com", facade.WithToken(token))
	fmt.Println(errors.Is(err, facade.ErrInsecureTransport))
	// Output:
	// true
	// true
}

func ExampleAuthService_Login() {
	srv := startExampleServer()
	defer srv.close()
	ctx := context.Background()
	baseURL, password := srv.URL, srv.password

	anon, err := facade.New(baseURL)
	if err != nil {
		log.Fatal(err)
	}
	token, err := anon.Auth.Login(ctx, "ada", password)
	if err != nil {
		log.Fatal(err)
	}
	c, err := facade.New(baseURL, facade.WithToken(token))
	if err != nil {
		log.Fatal(err)
	}
	me, err := c.Users.Me(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(me.Username)

	_, err = anon.Auth.Login(ctx, "ada", "wrong password")
	fmt.Println(errors.Is(err, facade.ErrValidation))
	// Output:
	// ada
	// true
}

func ExampleAuthService_Refresh() {
	srv := startExampleServer()
	defer srv.close()
	ctx := context.Background()
	c := srv.staffClient()

	fresh, err := c.Auth.Refresh(ctx, srv.token)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.Auth.Verify(ctx, fresh))
	// Output: <nil>
}

func ExampleAuthService_Verify() {
	srv := startExampleServer()
	defer srv.close()
	ctx := context.Background()
	c := srv.staffClient()

	fmt.Println(c.Auth.Verify(ctx, srv.token))
	err := c.Auth.Verify(ctx, "not.a.token")
	fmt.Println(errors.Is(err, facade.ErrValidation))
	// Output:
	// <nil>
	// true
}

func ExampleWithRefreshingToken() {
	srv := startExampleServer()
	defer srv.close()
	ctx := context.Background()

	// The client exchanges the token shortly before it expires, and once if the server
	// refuses it, so a long-running program never has to log in again.
	c, err := facade.New(srv.URL, facade.WithRefreshingToken(srv.token))
	if err != nil {
		log.Fatal(err)
	}
	me, err := c.Users.Me(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(me.Username)
	// Output: admin
}

func ExampleUsersService_Me() {
	srv := startExampleServer()
	defer srv.close()
	c := srv.staffClient()

	me, err := c.Users.Me(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(me.Username, me.Email)
	// Output: admin admin@example.com
}

func ExampleUsersService_Get() {
	srv := startExampleServer()
	defer srv.close()
	c := srv.staffClient()

	ada, err := c.Users.Get(context.Background(), "ada")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ada.FirstName, ada.LastName, "-", ada.Profile.Location)

	// By id too.
	same, err := c.Users.Get(context.Background(), ada.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(same.Username)
	// Output:
	// Ada Lovelace - London
	// ada
}

func ExampleUsersService_List() {
	srv := startExampleServer()
	defer srv.close()
	c := srv.staffClient()

	users, err := c.Users.List(context.Background(), &facade.ListUsersOptions{Ordering: "-username", Limit: 3})
	if err != nil {
		log.Fatal(err)
	}
	for _, u := range users {
		fmt.Println(u.Username)
	}
	// Output:
	// grace
	// alan
	// admin
}

func ExampleUsersService_All() {
	srv := startExampleServer()
	defer srv.close()
	c := srv.staffClient()

	// Two users per request; the iterator fetches the next page as the loop needs it.
	for u, err := range c.Users.All(context.Background(), &facade.ListUsersOptions{Ordering: "username"}, 2) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(u.Username)
	}
	// Output:
	// ada
	// admin
	// alan
	// grace
}

func ExampleUsersService_Create() {
	srv := startExampleServer()
	defer srv.close()
	c := srv.staffClient()

	u, err := c.Users.Create(context.Background(), facade.NewUser{
		Username:  "katherine",
		Email:     "katherine@example.com",
		Password:  "a-long-secret-phrase",
		FirstName: "Katherine",
		LastName:  "Johnson",
		Profile:   &facade.ProfileUpdate{Company: facade.Value("NASA")},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.Username, u.Profile.Company)

	_, err = c.Users.Create(context.Background(), facade.NewUser{Username: "katherine", Email: "k2@example.com", Password: "another-secret"})
	var apiErr *facade.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Fields["username"])
	}
	// Output:
	// katherine NASA
	// 400 [katherine is already taken.]
}

func ExampleUsersService_Update() {
	srv := startExampleServer()
	defer srv.close()
	c := srv.staffClient()

	// Set the last name and the company, clear the bio, leave everything else alone.
	u, err := c.Users.Update(context.Background(), "ada", facade.UserUpdate{
		LastName: facade.Ptr("King"),
		Profile: &facade.ProfileUpdate{
			Company: facade.Value("Babbage & Co"),
			Bio:     facade.Null[string](),
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s %s, %s, bio %q, still in %s\n", u.FirstName, u.LastName, u.Profile.Company, u.Profile.Bio, u.Profile.Location)
	// Output: Ada King, Babbage & Co, bio "", still in London
}

func ExampleUsersService_Delete() {
	srv := startExampleServer()
	defer srv.close()
	c := srv.staffClient()
	ctx := context.Background()

	if err := c.Users.Delete(ctx, "alan"); err != nil {
		log.Fatal(err)
	}
	_, err := c.Users.Get(ctx, "alan")
	fmt.Println(errors.Is(err, facade.ErrNotFound))
	// Output: true
}

func ExampleEmailsService_List() {
	srv := startExampleServer()
	defer srv.close()
	c := srv.staffClient()

	emails, err := c.Emails.List(context.Background(), "ada", &facade.ListEmailsOptions{Ordering: "address"})
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range emails {
		fmt.Println(e.Address, "public:", e.Public)
	}
	// Output:
	// ada@engines.example.org public: true
	// ada@example.com public: false
}

func ExampleEmailsService_All() {
	srv := startExampleServer()
	defer srv.close()
	c := srv.staffClient()

	n := 0
	for _, err := range c.Emails.All(context.Background(), "ada", nil, 1) {
		if err != nil {
			log.Fatal(err)
		}
		n++
	}
	fmt.Println(n, "addresses")
	// Output: 2 addresses
}

func ExampleEmailsService_Get() {
	srv := startExampleServer()
	defer srv.close()
	c := srv.staffClient()
	ctx := context.Background()

	created, err := c.Emails.Create(ctx, "grace", facade.EmailInput{Address: "grace@cobol.example.org"})
	if err != nil {
		log.Fatal(err)
	}
	e, err := c.Emails.Get(ctx, "grace", created.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.Address)

	// Ids are checked before anything is sent.
	_, err = c.Emails.Get(ctx, "grace", "../../profiles")
	fmt.Println(errors.Is(err, facade.ErrInvalidArgument))
	// Output:
	// grace@cobol.example.org
	// true
}

func ExampleEmailsService_Create() {
	srv := startExampleServer()
	defer srv.close()
	c := srv.staffClient()

	e, err := c.Emails.Create(context.Background(), "alan", facade.EmailInput{Address: "alan@bletchley.example.org", Public: facade.Ptr(true)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.Address, "public:", e.Public, "unsubscribed:", e.Unsubscribed)
	// Output: alan@bletchley.example.org public: true unsubscribed: true
}

func ExampleEmailsService_Replace() {
	srv := startExampleServer()
	defer srv.close()
	c := srv.staffClient()
	ctx := context.Background()

	e, err := c.Emails.Create(ctx, "alan", facade.EmailInput{Address: "alan@old.example.org", Public: facade.Ptr(true)})
	if err != nil {
		log.Fatal(err)
	}
	// Fields left nil go back to the server's defaults: private, unsubscribed.
	e, err = c.Emails.Replace(ctx, "alan", e.ID, facade.EmailInput{Address: "alan@new.example.org"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.Address, "public:", e.Public)
	// Output: alan@new.example.org public: false
}

func ExampleEmailsService_Update() {
	srv := startExampleServer()
	defer srv.close()
	c := srv.staffClient()
	ctx := context.Background()

	e, err := c.Emails.Create(ctx, "alan", facade.EmailInput{Address: "alan@news.example.org"})
	if err != nil {
		log.Fatal(err)
	}
	e, err = c.Emails.Update(ctx, "alan", e.ID, facade.EmailUpdate{Unsubscribed: facade.Ptr(false)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.Address, "unsubscribed:", e.Unsubscribed)
	// Output: alan@news.example.org unsubscribed: false
}

func ExampleEmailsService_Delete() {
	srv := startExampleServer()
	defer srv.close()
	c := srv.staffClient()
	ctx := context.Background()

	e, err := c.Emails.Create(ctx, "alan", facade.EmailInput{Address: "alan@temp.example.org"})
	if err != nil {
		log.Fatal(err)
	}
	if err := c.Emails.Delete(ctx, "alan", e.ID); err != nil {
		log.Fatal(err)
	}
	_, err = c.Emails.Get(ctx, "alan", e.ID)
	fmt.Println(errors.Is(err, facade.ErrNotFound))
	// Output: true
}

func ExampleAvatarsService_Get() {
	srv := startExampleServer()
	defer srv.close()
	c := srv.staffClient()

	avatar, err := c.Avatars.Get(context.Background(), "ada")
	if err != nil {
		log.Fatal(err)
	}
	defer avatar.Body.Close()
	img, err := png.Decode(avatar.Body)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(avatar.ContentType, img.Bounds().Dx(), "px wide")
	// Output: image/png 32 px wide
}

func ExampleAvatarsService_Set() {
	srv := startExampleServer()
	defer srv.close()
	c := srv.staffClient()

	// image is any io.Reader, such as an *os.File; it is streamed, never held whole.
	image := examplePNG()
	u, err := c.Avatars.Set(context.Background(), "grace", image)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.HasSuffix(u.Profile.Avatar, "/avatar/"))

	_, err = c.Avatars.Set(context.Background(), "grace", strings.NewReader("not an image"))
	fmt.Println(errors.Is(err, facade.ErrInvalidArgument))
	// Output:
	// true
	// true
}

func ExampleAvatarsService_Update() {
	srv := startExampleServer()
	defer srv.close()
	c := srv.staffClient()
	ctx := context.Background()

	if _, err := c.Avatars.Update(ctx, "ada", examplePNG()); err != nil {
		log.Fatal(err)
	}
	avatar, err := c.Avatars.Get(ctx, "ada")
	if err != nil {
		log.Fatal(err)
	}
	defer avatar.Body.Close()
	img, err := png.Decode(avatar.Body)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(img.Bounds().Dx(), "px wide")
	// Output: 8 px wide
}

func ExampleAvatarsService_Delete() {
	srv := startExampleServer()
	defer srv.close()
	c := srv.staffClient()
	ctx := context.Background()

	if err := c.Avatars.Delete(ctx, "ada"); err != nil {
		log.Fatal(err)
	}
	ada, err := c.Users.Get(ctx, "ada")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("avatar %q\n", ada.Profile.Avatar)
	// Output: avatar ""
}

func ExampleKeysService_APIKey() {
	srv := startExampleServer()
	defer srv.close()
	c := srv.staffClient()
	ctx := context.Background()

	key, err := c.Keys.APIKey(ctx, "grace")
	if err != nil {
		log.Fatal(err)
	}
	// The key is a token for grace.
	asGrace, err := facade.New(srv.URL, facade.WithToken(key))
	if err != nil {
		log.Fatal(err)
	}
	me, err := asGrace.Users.Me(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(me.Username)

	// Only staff and grace herself may ask for it.
	_, err = asGrace.Keys.APIKey(ctx, "ada")
	fmt.Println(errors.Is(err, facade.ErrForbidden))
	// Output:
	// grace
	// true
}

func ExampleKeysService_SSH() {
	srv := startExampleServer()
	defer srv.close()
	c := srv.staffClient()

	key, err := c.Keys.SSH(context.Background(), "ada")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.HasPrefix(key, "ssh-"))
	// Output: true
}

func ExampleKeysService_ResetSSH() {
	srv := startExampleServer()
	defer srv.close()
	c := srv.staffClient()
	ctx := context.Background()

	old, err := c.Keys.SSH(ctx, "ada")
	if err != nil {
		log.Fatal(err)
	}
	fresh, err := c.Keys.ResetSSH(ctx, "ada")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(fresh != old)
	// Output: true
}

func ExampleAPIError() {
	srv := startExampleServer()
	defer srv.close()
	c := srv.staffClient()

	_, err := c.Users.Update(context.Background(), "ada", facade.UserUpdate{
		Profile: &facade.ProfileUpdate{Timezone: facade.Value(strings.Repeat("x", 30))},
	})
	var apiErr *facade.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, errors.Is(err, facade.ErrValidation))
		for field := range apiErr.Fields {
			fmt.Println(field)
		}
	}
	// Output:
	// 400 true
	// profile.timezone
}

func Example_errors() {
	srv := startExampleServer()
	defer srv.close()
	c := srv.staffClient()

	_, err := c.Users.Get(context.Background(), "nobody")
	switch {
	case errors.Is(err, facade.ErrNotFound):
		fmt.Println("no such user")
	case err != nil:
		log.Fatal(err)
	}
	// Output: no such user
}

func ExampleRetryPolicy() {
	// A server that answers 503 to the next two requests, then recovers.
	m, err := mock.New()
	if err != nil {
		log.Fatal(err)
	}
	flaky := faults.Wrap(m)
	flaky.Next(2, faults.Status(503))
	srv := httptest.NewServer(flaky)
	defer srv.Close()
	token, err := m.TokenFor(mock.StaffUsername)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	baseURL := srv.URL

	c, err := facade.New(baseURL, facade.WithToken(token),
		facade.WithRetryPolicy(facade.RetryPolicy{
			MaxAttempts:   4,                     // the first try and up to 3 retries
			BaseDelay:     10 * time.Millisecond, // waits drawn below 10ms, 20ms, 40ms...
			MaxDelay:      time.Second,           // ...never above 1s
			MaxRetryAfter: 30 * time.Second,      // a longer Retry-After fails at once
		}),
		facade.WithTimeout(5*time.Second), // each attempt
	)
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute) // the whole call, retries included
	defer cancel()
	ada, err := c.Users.Get(ctx, "ada") // a GET is retried; a POST or PATCH never is
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ada.Username, "after", flaky.Requests(), "requests")
	// Output: ada after 3 requests
}

func ExampleAvatar() {
	srv := startExampleServer()
	defer srv.close()
	c := srv.staffClient()

	avatar, err := c.Avatars.Get(context.Background(), "ada")
	if err != nil {
		log.Fatal(err)
	}
	defer avatar.Body.Close()
	n, err := io.Copy(io.Discard, avatar.Body) // or into an *os.File
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n == avatar.Size || avatar.Size == -1)
	// Output: true
}
