package mock

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"regexp"

	"github.com/google/uuid"
)

// The store: users and e-mail addresses in slices, in creation order, guarded by Server.mu.
// Linear scans are plenty for a mock's handful of rows and keep the order stable.

type user struct {
	id        string
	username  string
	email     string
	firstName string
	lastName  string
	staff     bool
	active    bool

	pwSalt    []byte
	pwHash    [32]byte
	pwVersion int

	bio, url, location, company, timezone *string
	config                                map[string]any

	avatar *avatar
	ssh    sshKey

	// encoded is the user as the API shows it, encoded, for the base URL it was encoded
	// with; nil until asked for and after any change (see changed).
	encoded *encodedUser
}

// changed forgets the user's encoded JSON. Whatever changes a field that userJSON shows
// calls it, under s.mu.
func (u *user) changed() { u.encoded = nil }

type avatar struct {
	data        []byte
	contentType string
}

// sshKey is a user's key pair. The private half never leaves the server.
type sshKey struct {
	none    bool   // the user has no key pair (until a reset makes one)
	public  string // authorized_keys form; empty until first made
	private any
}

type email struct {
	id           string
	user         string
	address      string
	public       bool
	unsubscribed bool
}

// setPassword stores a salted hash. A mock has no need of a slow hash, and a fast one keeps
// logins cheap under the race detector.
func (u *user) setPassword(pw string) {
	u.pwSalt = make([]byte, 16)
	_, _ = rand.Read(u.pwSalt)
	u.pwHash = hashPassword(u.pwSalt, pw)
	u.pwVersion++
}

func (u *user) checkPassword(pw string) bool {
	h := hashPassword(u.pwSalt, pw)
	return subtle.ConstantTimeCompare(h[:], u.pwHash[:]) == 1
}

func hashPassword(salt []byte, pw string) [32]byte {
	return sha256.Sum256(append(append([]byte(nil), salt...), pw...))
}

var canonicalUUID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func newID() string { return uuid.NewString() }

// lookup finds the active user that a {user} path segment names: its id when the segment is
// a lowercase canonical UUID, else its username.
func (s *Server) lookup(ref string) *user {
	byID := canonicalUUID.MatchString(ref)
	for _, u := range s.users {
		if !u.active {
			continue
		}
		if (byID && u.id == ref) || (!byID && u.username == ref) {
			return u
		}
	}
	return nil
}

func (s *Server) byUsername(name string) *user {
	for _, u := range s.users {
		if u.active && u.username == name {
			return u
		}
	}
	return nil
}

func (s *Server) userByID(id string) *user {
	for _, u := range s.users {
		if u.active && u.id == id {
			return u
		}
	}
	return nil
}

func (s *Server) usernameTaken(name string) bool { return s.byUsername(name) != nil }

// takenByOthers reports whether address belongs to an active user other than owner, as its
// primary e-mail or as one of its e-mail addresses. Deactivated users hold no address.
func (s *Server) takenByOthers(address, owner string) bool {
	for _, u := range s.users {
		if u.active && u.id != owner && u.email == address {
			return true
		}
	}
	for _, e := range s.emails {
		if e.user != owner && e.address == address && s.userByID(e.user) != nil {
			return true
		}
	}
	return false
}

// addressTaken reports whether an e-mail address row of owner may not take address: another
// user has it, or another of owner's rows (than except) does. The owner's primary e-mail
// does not count: a row for it is what the primary e-mail is meant to have.
func (s *Server) addressTaken(address, owner string, except *email) bool {
	if s.takenByOthers(address, owner) {
		return true
	}
	for _, e := range s.emails {
		if e != except && e.user == owner && e.address == address {
			return true
		}
	}
	return false
}

func (s *Server) emailsOf(userID string) []*email {
	var out []*email
	for _, e := range s.emails {
		if e.user == userID {
			out = append(out, e)
		}
	}
	return out
}

func (s *Server) removeEmail(target *email) {
	for i, e := range s.emails {
		if e == target {
			s.emails = append(s.emails[:i], s.emails[i+1:]...)
			return
		}
	}
}

// Snapshot is a copy of the store's state, for tests that check what a request changed or
// left alone. It holds no secret: passwords show only as a count of changes, SSH keys only
// by their public half, avatars by a digest.
type Snapshot struct {
	Users  []UserState
	Emails []EmailState
}

// UserState is a user in a Snapshot, deactivated ones included.
type UserState struct {
	ID, Username, Email, FirstName, LastName string
	Staff, Active                            bool
	// PasswordVersion counts how often the password was set.
	PasswordVersion                       int
	Bio, URL, Location, Company, Timezone *string
	Config                                map[string]any
	Avatar                                *AvatarState
	// SSHKey is the public key, empty when the user has none or it is not made yet.
	SSHKey string
}

// AvatarState describes a stored avatar image.
type AvatarState struct {
	ContentType string
	Size        int
	SHA256      string
}

// EmailState is an e-mail address in a Snapshot.
type EmailState struct {
	ID, User, Address    string
	Public, Unsubscribed bool
}

// Snapshot copies the current state of the store.
func (s *Server) Snapshot() Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	var snap Snapshot
	for _, u := range s.users {
		us := UserState{
			ID: u.id, Username: u.username, Email: u.email,
			FirstName: u.firstName, LastName: u.lastName,
			Staff: u.staff, Active: u.active, PasswordVersion: u.pwVersion,
			Bio: clonePtr(u.bio), URL: clonePtr(u.url), Location: clonePtr(u.location),
			Company: clonePtr(u.company), Timezone: clonePtr(u.timezone),
			Config: deepCopyMap(u.config),
			SSHKey: u.ssh.public,
		}
		if u.avatar != nil {
			sum := sha256.Sum256(u.avatar.data)
			us.Avatar = &AvatarState{
				ContentType: u.avatar.contentType,
				Size:        len(u.avatar.data),
				SHA256:      hex.EncodeToString(sum[:]),
			}
		}
		snap.Users = append(snap.Users, us)
	}
	for _, e := range s.emails {
		snap.Emails = append(snap.Emails, EmailState{
			ID: e.id, User: e.user, Address: e.address,
			Public: e.public, Unsubscribed: e.unsubscribed,
		})
	}
	return snap
}

func clonePtr(p *string) *string {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// deepCopyMap copies a decoded JSON object so that the store never shares one with a
// request or an answer.
func deepCopyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = deepCopyValue(v)
	}
	return out
}

func deepCopyValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		return deepCopyMap(t)
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = deepCopyValue(x)
		}
		return out
	}
	return v
}
