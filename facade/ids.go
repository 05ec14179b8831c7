package facade

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
)

// maxUsername is the longest username the server accepts.
const maxUsername = 150

// checkUser accepts what the API takes as a {user} path segment: a username (letters,
// marks, digits, '_' and '-', at most 150 of them), which covers a lowercase UUID too.
// Everything else, "" and "." and ".." and "a/b" included, is refused before a request is
// built: the generated client would resolve dot segments to a different endpoint.
func checkUser(user string) error {
	if user == "" {
		return fmt.Errorf("%w: empty user", ErrInvalidArgument)
	}
	if utf8.RuneCountInString(user) > maxUsername {
		return fmt.Errorf("%w: user is longer than %d characters", ErrInvalidArgument, maxUsername)
	}
	for _, r := range user {
		if r == utf8.RuneError || !(r == '_' || r == '-' || unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r)) {
			return fmt.Errorf("%w: user %s: want a username (letters, digits, '_', '-') or a user id", ErrInvalidArgument, quoteShort(user))
		}
	}
	return nil
}

// checkEmailID accepts only a lowercase canonical UUID, the form the server gives ids in,
// and returns it parsed for the generated client, which prints it back in the same form.
func checkEmailID(id string) (uuid.UUID, error) {
	if !isCanonicalUUID(id) {
		return uuid.UUID{}, fmt.Errorf("%w: e-mail id %s: want a lowercase UUID like 0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e", ErrInvalidArgument, quoteShort(id))
	}
	return uuid.Parse(id)
}

func isCanonicalUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
				return false
			}
		}
	}
	return true
}

// quoteShort quotes an argument for an error message, cut short so that a huge argument
// does not make a huge message.
func quoteShort(s string) string {
	const most = 64
	if len(s) > most {
		cut := most
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return fmt.Sprintf("%q…", s[:cut])
	}
	return fmt.Sprintf("%q", s)
}

// checkUserPath is checkUser for the routes under /v1/users/{user}/. There a user named
// "profiles" would be read as the /v1/users/profiles/... routes ("profiles/avatar/" is the
// profile of a user named "avatar"), so such a user must be given by its id.
func checkUserPath(user string) error {
	if err := checkUser(user); err != nil {
		return err
	}
	if user == "profiles" {
		return fmt.Errorf("%w: user %q: on this route the API would read another user's; give this user's id instead", ErrInvalidArgument, user)
	}
	return nil
}
