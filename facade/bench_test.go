package facade_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/illumidesk/illumidesk-go/facade"
)

// benchUser is the hand-written client's model: what a person would write with
// net/http and encoding/json alone, for the same JSON the facade decodes.
type benchUser struct {
	ID        string `json:"id"`
	Username  string `json:"username"`
	Email     string `json:"email"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Profile   struct {
		Bio      string         `json:"bio"`
		URL      string         `json:"url"`
		Location string         `json:"location"`
		Company  string         `json:"company"`
		Timezone string         `json:"timezone"`
		Avatar   string         `json:"avatar"`
		Config   map[string]any `json:"config"`
	} `json:"profile"`
}

func benchUserJSON(i int) string {
	return fmt.Sprintf(`{"id":"3f2c1a9e-5b7d-4c8e-9f10-%012d","username":"user%d","email":"user%d@example.com",`+
		`"first_name":"First%d","last_name":"Last%d","profile":{"bio":"Writes about analytical engines and the poetry of numbers.",`+
		`"url":"https://example.com/user%d","location":"London","company":"Analytical Engines Ltd","timezone":"Europe/London",`+
		`"avatar":"https://api.illumidesk.com/v1/users/3f2c1a9e-5b7d-4c8e-9f10-%012d/avatar/","config":{"theme":"dark","notifications":true}}}`,
		i, i, i, i, i, i, i)
}

// benchServer serves one user (about 600 bytes) and a list of 50 from canned JSON.
func benchServer(b *testing.B) *httptest.Server {
	b.Helper()
	one := []byte(benchUserJSON(1))
	items := make([]string, 50)
	for i := range items {
		items[i] = benchUserJSON(i)
	}
	list := []byte("[" + strings.Join(items, ",") + "]")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/users/profiles/{user}/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(one)
	})
	mux.HandleFunc("GET /v1/users/profiles/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(list)
	})
	srv := httptest.NewServer(mux)
	b.Cleanup(srv.Close)
	return srv
}

type handWritten struct {
	base, token string
	hc          *http.Client
}

// newHandWritten sets up what a careful person would: a timeout (never the default
// client's none) and the same idle-connection pool as the facade's transport.
func newHandWritten(base string) *handWritten {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 64
	return &handWritten{base: base, token: "bench-token", hc: &http.Client{Transport: t, Timeout: facade.DefaultTimeout}}
}

func (h *handWritten) get(ctx context.Context, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, h.base+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "JWT "+h.token)
	req.Header.Set("Accept", "application/json")
	resp, err := h.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

func BenchmarkUsersGet(b *testing.B) {
	srv := benchServer(b)
	ctx := context.Background()
	b.Run("facade", func(b *testing.B) {
		c, err := facade.New(srv.URL, facade.WithToken("bench-token"))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Users.Get(ctx, "user1"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("handwritten", func(b *testing.B) {
		h := newHandWritten(srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			var u benchUser
			if err := h.get(ctx, "/v1/users/profiles/user1/", &u); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkUsersList(b *testing.B) {
	srv := benchServer(b)
	ctx := context.Background()
	b.Run("facade", func(b *testing.B) {
		c, err := facade.New(srv.URL, facade.WithToken("bench-token"))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			users, err := c.Users.List(ctx, nil)
			if err != nil || len(users) != 50 {
				b.Fatal(len(users), err)
			}
		}
	})
	b.Run("handwritten", func(b *testing.B) {
		h := newHandWritten(srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			var users []benchUser
			if err := h.get(ctx, "/v1/users/profiles/", &users); err != nil || len(users) != 50 {
				b.Fatal(len(users), err)
			}
		}
	})
}
