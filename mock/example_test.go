package mock_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/illumidesk/illumidesk-go/mock"
)

// Serve the mock on a loopback port, log in as a demo user and read its profile.
func Example() {
	srv, err := mock.New(mock.WithPassword("demo-password"))
	if err != nil {
		log.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	if err := showMe(context.Background(), ts); err != nil {
		fmt.Println(err)
	}
	// Output:
	// login: 201
	// me: 200 ada London
}

// showMe logs in as ada and prints her username and location.
func showMe(ctx context.Context, ts *httptest.Server) error {

	login, err := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/auth/jwt-token-auth/",
		strings.NewReader(`{"username": "ada", "password": "demo-password"}`))
	if err != nil {
		return err
	}
	login.Header.Set("Content-Type", "application/json")
	resp, err := ts.Client().Do(login)
	if err != nil {
		return err
	}
	var token struct {
		Token string `json:"token"`
	}
	err = json.NewDecoder(resp.Body).Decode(&token)
	resp.Body.Close()
	if err != nil {
		return err
	}
	fmt.Println("login:", resp.StatusCode)

	me, err := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+"/v1/me/", nil)
	if err != nil {
		return err
	}
	me.Header.Set("Authorization", "JWT "+token.Token)
	resp, err = ts.Client().Do(me)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var user struct {
		Username string `json:"username"`
		Profile  struct {
			Location string `json:"location"`
		} `json:"profile"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&user); err != nil {
		return err
	}
	fmt.Println("me:", resp.StatusCode, user.Username, user.Profile.Location)
	return nil
}
