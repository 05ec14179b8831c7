package mock_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/illumidesk/illumidesk-go/mock"
)

// benchServe serves GET path in-process with a staff token, as the load test does over a
// socket, so that the mock's own cost per request shows without the network's.
func benchServe(b *testing.B, path string) {
	b.Helper()
	srv, err := mock.New(mock.WithSSHKeyType(mock.SSHKeyEd25519))
	if err != nil {
		b.Fatal(err)
	}
	token, err := srv.TokenFor(mock.StaffUsername)
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1:8000"+path, nil)
	req.Header.Set("Authorization", "JWT "+token)
	req.Header.Set("Accept", "application/json")
	check := httptest.NewRecorder()
	srv.ServeHTTP(check, req)
	if check.Code != http.StatusOK {
		b.Fatalf("GET %s answered %d: %s", path, check.Code, check.Body)
	}
	b.SetBytes(int64(check.Body.Len()))
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("GET %s answered %d", path, w.Code)
		}
	}
}

func BenchmarkServeProfile(b *testing.B) { benchServe(b, "/v1/users/profiles/ada/") }

func BenchmarkServeList(b *testing.B) { benchServe(b, "/v1/users/profiles/?limit=50") }
