package facade

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
)

// User is an IllumiDesk account with its profile.
//
// The strings of a decoded User share memory with the answer it came from, which saves
// copying them: keeping one User from a list keeps that list's body alive. To keep a few
// users from a large list for long, copy their fields with strings.Clone.
type User struct {
	// ID is the user's id, a lowercase UUID.
	ID string `json:"id"`
	// Username is unique among active users and never changes.
	Username  string  `json:"username"`
	Email     string  `json:"email"`
	FirstName string  `json:"first_name"`
	LastName  string  `json:"last_name"`
	Profile   Profile `json:"profile"`
}

// Profile is the profile nested in a [User]. A field the server holds as null reads as "".
type Profile struct {
	Bio      string `json:"bio"`
	URL      string `json:"url"`
	Location string `json:"location"`
	Company  string `json:"company"`
	Timezone string `json:"timezone"`
	// Avatar is the absolute URL of the avatar image, or "" when there is none.
	Avatar string `json:"avatar"`
	// Config holds free-form settings.
	Config map[string]any `json:"config"`
}

func (u *User) check() error {
	if u.ID == "" || u.Username == "" {
		return errors.New("user without id or username")
	}
	return nil
}

// Email is an e-mail address attached to a user. Like a [User], its strings share memory
// with the answer it came from.
type Email struct {
	// ID is the address's id, a lowercase UUID.
	ID string `json:"id"`
	// User is the owner's id (not a username).
	User    string `json:"user"`
	Address string `json:"address"`
	// Public addresses are visible to every user; others only to their owner and staff.
	Public bool `json:"public"`
	// Unsubscribed is true when the owner opted out of mail to this address.
	Unsubscribed bool `json:"unsubscribed"`
}

func (e *Email) check() error {
	if e.ID == "" || e.Address == "" {
		return errors.New("e-mail without id or address")
	}
	return nil
}

// NewUser is what [UsersService.Create] needs to create a user.
type NewUser struct {
	Username string `json:"username"`
	Email    string `json:"email"`
	Password string `json:"password"`
	// FirstName and LastName may be left empty.
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
	// Profile, if set, fills the new user's profile.
	Profile *ProfileUpdate `json:"profile,omitempty"`
}

// String describes the new user without its password, so that printing one is safe.
func (u NewUser) String() string {
	return fmt.Sprintf("NewUser{Username:%q Email:%q Password:[redacted]}", u.Username, u.Email)
}

// LogValue keeps the password out of structured logs.
func (u NewUser) LogValue() slog.Value {
	return slog.GroupValue(slog.String("username", u.Username), slog.String("email", u.Email))
}

// UserUpdate lists the changes [UsersService.Update] makes: a nil field is left alone.
type UserUpdate struct {
	Email     *string `json:"email,omitempty"`
	FirstName *string `json:"first_name,omitempty"`
	LastName  *string `json:"last_name,omitempty"`
	Password  *string `json:"password,omitempty"`
	// Profile, if set, changes the profile fields it sets.
	Profile *ProfileUpdate `json:"profile,omitempty"`
}

// String describes the update without its password, so that printing one is safe.
func (u UserUpdate) String() string {
	var b strings.Builder
	b.WriteString("UserUpdate{")
	for _, f := range []struct {
		name string
		v    *string
	}{{"Email", u.Email}, {"FirstName", u.FirstName}, {"LastName", u.LastName}} {
		if f.v != nil {
			fmt.Fprintf(&b, "%s:%q ", f.name, *f.v)
		}
	}
	if u.Password != nil {
		b.WriteString("Password:[redacted] ")
	}
	if u.Profile != nil {
		b.WriteString("Profile:{...} ")
	}
	return strings.TrimSuffix(b.String(), " ") + "}"
}

// LogValue keeps the password out of structured logs.
func (u UserUpdate) LogValue() slog.Value { return slog.StringValue(u.String()) }

// ProfileUpdate lists the profile fields to set. A field left at its zero value is left
// alone; [Value] sets it and [Null] clears it.
type ProfileUpdate struct {
	Bio      Nullable[string] `json:"bio,omitzero"`
	URL      Nullable[string] `json:"url,omitzero"`
	Location Nullable[string] `json:"location,omitzero"`
	Company  Nullable[string] `json:"company,omitzero"`
	Timezone Nullable[string] `json:"timezone,omitzero"`
	// Config, if not nil, replaces the free-form settings.
	Config map[string]any `json:"config,omitempty"`
}

// EmailInput is the content of an e-mail address for [EmailsService.Create] and
// [EmailsService.Replace]. A nil Public means false, a nil Unsubscribed means true: the
// server's defaults.
type EmailInput struct {
	Address      string `json:"address"`
	Public       *bool  `json:"public,omitempty"`
	Unsubscribed *bool  `json:"unsubscribed,omitempty"`
}

// EmailUpdate lists the changes [EmailsService.Update] makes: a nil field is left alone.
type EmailUpdate struct {
	Address      *string `json:"address,omitempty"`
	Public       *bool   `json:"public,omitempty"`
	Unsubscribed *bool   `json:"unsubscribed,omitempty"`
}

// Ptr returns a pointer to v, for the optional fields of [UserUpdate], [EmailInput] and
// [EmailUpdate].
func Ptr[T any](v T) *T { return &v }

// Nullable is a field of an update that can be left out (the zero value), set to a value
// ([Value]) or set to null ([Null]). Use it with the `omitzero` JSON option.
type Nullable[T any] struct {
	value T
	state nullableState
}

type nullableState uint8

const (
	absent nullableState = iota
	present
	null
)

// Value returns a Nullable set to v.
func Value[T any](v T) Nullable[T] { return Nullable[T]{value: v, state: present} }

// Null returns a Nullable set to null, which clears the field.
func Null[T any]() Nullable[T] { return Nullable[T]{state: null} }

// IsZero reports whether the field is left out.
func (n Nullable[T]) IsZero() bool { return n.state == absent }

// IsNull reports whether the field is set to null.
func (n Nullable[T]) IsNull() bool { return n.state == null }

// Get returns the value and true when the field is set to a value.
func (n Nullable[T]) Get() (T, bool) { return n.value, n.state == present }

// MarshalJSON encodes the value, or null when the field is null or left out.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if n.state != present {
		return []byte("null"), nil
	}
	return json.Marshal(n.value)
}

// UnmarshalJSON decodes null as [Null] and anything else as a [Value].
func (n *Nullable[T]) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*n = Null[T]()
		return nil
	}
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*n = Value(v)
	return nil
}
