// Package handwritten is the baseline: the client a careful person writes with net/http
// and encoding/json alone, for the same three calls the benchmarks make. It sets a
// timeout and the Accept header, checks the status and escapes the path segment, and
// does no more than that (no retries, no size caps, no shape checks).
package handwritten

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
)

// User is the model a person writes from the API's documentation; null reads as "".
type User struct {
	ID        string  `json:"id"`
	Username  string  `json:"username"`
	Email     string  `json:"email"`
	FirstName string  `json:"first_name"`
	LastName  string  `json:"last_name"`
	Profile   Profile `json:"profile"`
}

type Profile struct {
	Bio      string         `json:"bio"`
	URL      string         `json:"url"`
	Location string         `json:"location"`
	Company  string         `json:"company"`
	Timezone string         `json:"timezone"`
	Avatar   string         `json:"avatar"`
	Config   map[string]any `json:"config"`
}

// NewUser is the body of a create.
type NewUser struct {
	Username  string          `json:"username"`
	Email     string          `json:"email"`
	Password  string          `json:"password"`
	FirstName string          `json:"first_name,omitempty"`
	LastName  string          `json:"last_name,omitempty"`
	Profile   *ProfileChanges `json:"profile,omitempty"`
}

type ProfileChanges struct {
	Bio      *string        `json:"bio,omitempty"`
	URL      *string        `json:"url,omitempty"`
	Location *string        `json:"location,omitempty"`
	Company  *string        `json:"company,omitempty"`
	Timezone *string        `json:"timezone,omitempty"`
	Config   map[string]any `json:"config,omitempty"`
}

type Client struct {
	base, auth string
	hc         *http.Client
}

func New(base, token string, hc *http.Client) *Client {
	return &Client{base: base, auth: "JWT " + token, hc: hc}
}

func (c *Client) Get(ctx context.Context, user string) (*User, error) {
	var u User
	if err := c.do(ctx, http.MethodGet, "/v1/users/profiles/"+url.PathEscape(user)+"/", nil, http.StatusOK, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

func (c *Client) List(ctx context.Context, limit, offset int) ([]User, error) {
	q := url.Values{}
	q.Set("limit", strconv.Itoa(limit))
	if offset > 0 {
		q.Set("offset", strconv.Itoa(offset))
	}
	var users []User
	if err := c.do(ctx, http.MethodGet, "/v1/users/profiles/?"+q.Encode(), nil, http.StatusOK, &users); err != nil {
		return nil, err
	}
	return users, nil
}

func (c *Client) Create(ctx context.Context, nu NewUser) (*User, error) {
	body, err := json.Marshal(nu)
	if err != nil {
		return nil, err
	}
	var u User
	if err := c.do(ctx, http.MethodPost, "/v1/users/profiles/", body, http.StatusCreated, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

func (c *Client) do(ctx context.Context, method, path string, body []byte, want int, v any) error {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, r)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", c.auth)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: status %d", method, path, resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}
