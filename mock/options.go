package mock

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// DefaultAvatarLimit is the largest avatar image the server accepts unless WithAvatarLimit
// says otherwise: 2 MiB, as the spec documents.
const DefaultAvatarLimit = 2 << 20

// DefaultJSONLimit is the largest JSON request body the server accepts unless WithJSONLimit
// says otherwise.
const DefaultJSONLimit = 1 << 20

// SSHKeyType is the kind of SSH key pair the server makes for its users.
type SSHKeyType int

const (
	// SSHKeyRSA makes 2048-bit RSA key pairs, as the real server did. Generating one takes
	// around 100 ms (more under the race detector), so it happens on a user's first
	// request for its key rather than when the user is created.
	SSHKeyRSA SSHKeyType = iota
	// SSHKeyEd25519 makes Ed25519 key pairs: instant, for tests that reset keys often.
	SSHKeyEd25519
)

// String returns the key type's OpenSSH name.
func (t SSHKeyType) String() string {
	switch t {
	case SSHKeyRSA:
		return "ssh-rsa"
	case SSHKeyEd25519:
		return "ssh-ed25519"
	}
	return fmt.Sprintf("SSHKeyType(%d)", int(t))
}

// An Option configures a Server made by New.
type Option func(*config) error

type config struct {
	now         func() time.Time
	secret      []byte
	baseURL     string
	avatarLimit int64
	jsonLimit   int64
	demo        bool
	password    string
	sshKeyType  SSHKeyType
	// checkEncoded makes every use of a user's remembered JSON compare it with a fresh
	// encoding first, and panic when they differ, so that a change that forgets to call
	// user.changed fails the mock's tests instead of serving stale JSON. Only the mock's
	// own tests turn it on (export_test.go).
	checkEncoded bool
}

// WithEmptyStore leaves out the demo users, their e-mail addresses and avatar: the store
// starts with the staff account only, so that it can still be filled through the API.
func WithEmptyStore() Option {
	return func(c *config) error {
		c.demo = false
		return nil
	}
}

// WithClock makes the server read the time from now instead of the system clock: it
// decides when tokens are issued and whether they have expired.
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return errors.New("mock: WithClock: nil clock")
		}
		c.now = now
		return nil
	}
}

// WithSecret sets the HS256 key that signs and checks tokens, instead of a random one per
// server. Together with WithClock it makes tokens reproducible.
func WithSecret(secret []byte) Option {
	return func(c *config) error {
		if len(secret) == 0 {
			return errors.New("mock: WithSecret: empty secret")
		}
		c.secret = append([]byte(nil), secret...)
		return nil
	}
}

// WithBaseURL sets the absolute http or https URL that avatar links in profiles start with,
// instead of one built from each request's Host header.
func WithBaseURL(base string) Option {
	return func(c *config) error {
		u, err := url.Parse(base)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			u.RawQuery != "" || u.Fragment != "" {
			return fmt.Errorf("mock: WithBaseURL: %q is not an absolute http(s) URL", base)
		}
		c.baseURL = strings.TrimSuffix(base, "/")
		return nil
	}
}

// WithAvatarLimit sets the largest avatar image accepted, in bytes; larger ones answer 413.
func WithAvatarLimit(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("mock: WithAvatarLimit: %d is not positive", n)
		}
		c.avatarLimit = n
		return nil
	}
}

// WithJSONLimit sets the largest JSON request body accepted, in bytes; larger ones answer 413.
func WithJSONLimit(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("mock: WithJSONLimit: %d is not positive", n)
		}
		c.jsonLimit = n
		return nil
	}
}

// WithPassword sets the password of the seeded accounts (the staff account and the demo
// users) instead of a random one per server.
func WithPassword(password string) Option {
	return func(c *config) error {
		if password == "" || len(password) > 128 {
			return errors.New("mock: WithPassword: the password must have 1 to 128 characters")
		}
		c.password = password
		return nil
	}
}

// WithSSHKeyType sets the kind of SSH key pairs made for users; the default is SSHKeyRSA.
func WithSSHKeyType(t SSHKeyType) Option {
	return func(c *config) error {
		if t != SSHKeyRSA && t != SSHKeyEd25519 {
			return fmt.Errorf("mock: WithSSHKeyType: unknown type %d", int(t))
		}
		c.sshKeyType = t
		return nil
	}
}
