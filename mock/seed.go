package mock

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
)

// StaffUsername is the username of the seeded staff account, present even in an empty store.
const StaffUsername = "admin"

// demoUser is a seeded account beside the staff one.
type demoUser struct {
	username, first, last string
	profile               func(u *user)
	emails                []email // besides the primary, which comes first and is private
	avatar                bool
	noSSHKey              bool
}

func str(s string) *string { return &s }

var demoUsers = []demoUser{
	{
		username: "ada", first: "Ada", last: "Lovelace",
		profile: func(u *user) {
			u.bio = str("Analyst of engines.")
			u.url = str("https://example.com/ada")
			u.location = str("London")
			u.company = str("Analytical Engines Ltd")
			u.timezone = str("Europe/London")
			u.config = map[string]any{"theme": "dark"}
		},
		emails: []email{{address: "ada@engines.example.org", public: true}},
		avatar: true,
	},
	{
		username: "grace", first: "Grace", last: "Hopper",
		profile: func(u *user) {
			u.location = str("Arlington")
			u.timezone = str("America/New_York")
		},
		emails:   []email{{address: "grace@navy.example.mil", public: true, unsubscribed: true}},
		noSSHKey: true,
	},
	{username: "alan", first: "Alan", last: "Turing"},
}

// seed fills the store with the staff account and, unless WithEmptyStore, the demo users.
func (s *Server) seed() error {
	admin := s.seedUser(StaffUsername, "Site", "Admin")
	admin.staff = true
	if !s.cfg.demo {
		return nil
	}
	for _, d := range demoUsers {
		u := s.seedUser(d.username, d.first, d.last)
		if d.profile != nil {
			d.profile(u)
		}
		for _, e := range d.emails {
			s.emails = append(s.emails, &email{
				id: newID(), user: u.id, address: e.address,
				public: e.public, unsubscribed: e.unsubscribed,
			})
		}
		if d.avatar {
			img, err := demoAvatar()
			if err != nil {
				return fmt.Errorf("mock: making the demo avatar: %w", err)
			}
			u.avatar = &avatar{data: img, contentType: "image/png"}
		}
		u.ssh.none = d.noSSHKey
	}
	return nil
}

func (s *Server) seedUser(username, first, last string) *user {
	u := &user{
		id:        newID(),
		username:  username,
		email:     username + "@example.com",
		firstName: first,
		lastName:  last,
		active:    true,
		config:    map[string]any{},
	}
	u.setPassword(s.cfg.password)
	s.users = append(s.users, u)
	s.emails = append(s.emails, &email{id: newID(), user: u.id, address: u.email, unsubscribed: true})
	return u
}

// demoAvatar draws a small gradient and encodes it as PNG: a real image, made at startup so
// that no binary file has to be kept in the repository.
func demoAvatar() ([]byte, error) {
	const size = 32
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	for y := range size {
		for x := range size {
			img.Set(x, y, color.RGBA{R: uint8(x * 8), G: uint8(y * 8), B: 160, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Password answers the password of every seeded account: the one given to WithPassword, or
// the random one made for this server.
func (s *Server) Password() string { return s.cfg.password }

// DemoUsernames answers the usernames of the seeded demo users, none with WithEmptyStore.
func (s *Server) DemoUsernames() []string {
	if !s.cfg.demo {
		return nil
	}
	names := make([]string, 0, len(demoUsers))
	for _, d := range demoUsers {
		names = append(names, d.username)
	}
	return names
}

// PrintCredentials writes how to log in to the server: the staff account's username and
// password, a staff token and the demo users. It prints secrets, for a person starting the
// mock by hand; tests should not call it.
func (s *Server) PrintCredentials(w io.Writer) error {
	token, err := s.TokenFor(StaffUsername)
	if err != nil {
		return err
	}
	demo := "(none)"
	if names := s.DemoUsernames(); len(names) > 0 {
		demo = strings.Join(names, ", ") + " (same password)"
	}
	_, err = fmt.Fprintf(w, "staff username: %s\npassword:       %s\ndemo users:     %s\nstaff token:    %s\n",
		StaffUsername, s.cfg.password, demo, token)
	return err
}
