package facade

import (
	"context"
	"fmt"
	"iter"

	"github.com/illumidesk/illumidesk-go/gen"
)

// UsersService reads, creates, changes and deletes user accounts. A user argument is the
// user's id or username.
type UsersService struct{ c *Client }

// ListUsersOptions narrows and pages [UsersService.List]. The zero value lists everybody.
type ListUsersOptions struct {
	// Limit is the most users to answer; 0 means all of them.
	Limit int
	// Offset skips that many users from the start of the list.
	Offset int
	// Username and Email keep only the user with exactly that username or address.
	Username string
	Email    string
	// Ordering names the fields to sort by, comma-separated, "-" first for descending,
	// such as "-last_name,username". Known fields: id, username, email, first_name, last_name.
	Ordering string
}

// Me returns the caller's own account.
func (s *UsersService) Me(ctx context.Context) (*User, error) {
	resp, err := s.c.api.Me(ctx)
	return decodeNew[User](s.c, resp, err)
}

// Get returns one user by id or username.
func (s *UsersService) Get(ctx context.Context, user string) (*User, error) {
	if err := checkUser(user); err != nil {
		return nil, err
	}
	resp, err := s.c.api.UsersRead(ctx, user)
	return decodeNew[User](s.c, resp, err)
}

// List returns one page of users, as narrowed by opts (which may be nil).
func (s *UsersService) List(ctx context.Context, opts *ListUsersOptions) ([]User, error) {
	params, err := opts.params()
	if err != nil {
		return nil, err
	}
	resp, err := s.c.api.UsersList(ctx, params)
	var users []User
	if err := s.c.decodeInto(resp, err, &users); err != nil {
		return nil, err
	}
	return users, nil
}

// All iterates over every user that opts selects, fetching pageSize users per request
// (100 when pageSize is 0) and holding one page in memory at a time, unless the loop keeps
// users (see [User]). opts.Limit is ignored. Iteration stops at the first error, which is yielded; breaking out of the
// loop or cancelling ctx stops it too.
func (s *UsersService) All(ctx context.Context, opts *ListUsersOptions, pageSize int) iter.Seq2[User, error] {
	var o ListUsersOptions
	if opts != nil {
		o = *opts
	}
	return paginate(ctx, o.Offset, pageSize, func(ctx context.Context, offset, limit int) ([]User, error) {
		p := o
		p.Offset, p.Limit = offset, limit
		return s.List(ctx, &p)
	}, func(u *User) string { return u.ID })
}

// Create creates an active user. Only staff may create users.
func (s *UsersService) Create(ctx context.Context, u NewUser) (*User, error) {
	body, err := encode(u)
	if err != nil {
		return nil, err
	}
	resp, err := s.c.api.UsersCreateWithBody(ctx, jsonType, body)
	return decodeNew[User](s.c, resp, err)
}

// Update changes the fields that upd sets and returns the user as it now is. Only staff
// or the user itself may update a user.
func (s *UsersService) Update(ctx context.Context, user string, upd UserUpdate) (*User, error) {
	if err := checkUser(user); err != nil {
		return nil, err
	}
	body, err := encode(upd)
	if err != nil {
		return nil, err
	}
	resp, err := s.c.api.UsersUpdateWithBody(ctx, user, jsonType, body)
	return decodeNew[User](s.c, resp, err)
}

// Delete deactivates a user; its username becomes free again. Only staff or the user
// itself may delete a user.
func (s *UsersService) Delete(ctx context.Context, user string) error {
	if err := checkUser(user); err != nil {
		return err
	}
	resp, err := s.c.api.UsersDelete(ctx, user)
	return s.c.noContent(resp, err)
}

const jsonType = "application/json"

func (o *ListUsersOptions) params() (*gen.UsersListParams, error) {
	if o == nil {
		return nil, nil
	}
	p := &gen.UsersListParams{}
	if err := pageParams(o.Limit, o.Offset, &p.Limit, &p.Offset); err != nil {
		return nil, err
	}
	if o.Username != "" {
		p.Username = &o.Username
	}
	if o.Email != "" {
		p.Email = &o.Email
	}
	if o.Ordering != "" {
		p.Ordering = &o.Ordering
	}
	return p, nil
}

// maxPageSize is the largest limit the API accepts.
const maxPageSize = 1000

func pageParams(limit, offset int, lp, op **int) error {
	switch {
	case limit < 0 || limit > maxPageSize:
		return fmt.Errorf("%w: limit %d is outside 0..%d", ErrInvalidArgument, limit, maxPageSize)
	case offset < 0:
		return fmt.Errorf("%w: negative offset %d", ErrInvalidArgument, offset)
	}
	if limit > 0 {
		*lp = &limit
	}
	if offset > 0 {
		*op = &offset
	}
	return nil
}
