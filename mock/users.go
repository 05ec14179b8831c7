package mock

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"

	"github.com/illumidesk/illumidesk-go/gen/server"
)

// handlers implements the generated strict server interface on the Server's store. The
// request has been authenticated and validated against the spec before any of these runs;
// each one checks permissions and visibility, then takes s.mu for as long as it reads or
// changes the store.
type handlers struct{ s *Server }

var _ server.StrictServerInterface = handlers{}

// caller answers the authenticated user, or nil when it was deactivated since the request
// was authenticated. It needs s.mu held.
func (s *Server) caller(ctx context.Context) *user {
	return s.userByID(infoFrom(ctx).caller)
}

// canManage reports whether caller may change target and its e-mail addresses, avatar and
// keys: staff may change anybody, others only themselves.
func canManage(caller, target *user) bool {
	return caller.staff || caller.id == target.id
}

// userJSON is u as the API shows it. It needs s.mu held.
func userJSON(u *user, base string) server.User {
	avatar := nullable.NewNullNullable[string]()
	if u.avatar != nil {
		avatar = nullable.NewNullableWithValue(avatarURL(base, u.id))
	}
	return server.User{
		ID:        uuid.MustParse(u.id),
		Username:  u.username,
		Email:     u.email,
		FirstName: u.firstName,
		LastName:  u.lastName,
		Profile: server.UserProfile{
			Bio:      nullableOf(u.bio),
			URL:      nullableOf(u.url),
			Location: nullableOf(u.location),
			Company:  nullableOf(u.company),
			Timezone: nullableOf(u.timezone),
			Avatar:   avatar,
			Config:   deepCopyMap(u.config),
		},
	}
}

// encodedUser is userJSON's answer encoded as encoding/json does, with the newline
// json.Encoder ends it with. The bytes are never changed once made: an answer may still
// be writing them after s.mu is released.
type encodedUser struct {
	base string
	body []byte
}

// encode answers u as the API shows it, encoded with its final newline: the bytes
// remembered from the last time when u has not changed since and base is the same. It
// needs s.mu held.
func (s *Server) encode(u *user, base string) ([]byte, error) {
	if e := u.encoded; e != nil && e.base == base {
		if s.cfg.checkEncoded {
			fresh, err := json.Marshal(userJSON(u, base))
			if err == nil && !bytes.Equal(append(fresh, '\n'), e.body) {
				panic(fmt.Sprintf("mock: user %s changed without user.changed:\nremembered %s\nfresh      %s", u.id, e.body, fresh))
			}
		}
		return e.body, nil
	}
	b, err := json.Marshal(userJSON(u, base))
	if err != nil {
		return nil, err
	}
	b = append(b, '\n')
	u.encoded = &encodedUser{base: base, body: b}
	return b, nil
}

// encodeList answers users as a JSON array, encoded as json.Encoder encodes a slice of
// userJSON's answers. It needs s.mu held.
func (s *Server) encodeList(users []*user, base string) ([]byte, error) {
	bodies := make([][]byte, len(users))
	n := len("[]\n")
	for i, u := range users {
		b, err := s.encode(u, base)
		if err != nil {
			return nil, err
		}
		bodies[i] = b[:len(b)-1] // less the newline
		n += len(bodies[i]) + 1
	}
	out := make([]byte, 0, n)
	out = append(out, '[')
	for i, b := range bodies {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, b...)
	}
	return append(out, "]\n"...), nil
}

// encodedJSON is a 200 answer with a JSON body encoded already, written as the generated
// response types write theirs.
type encodedJSON []byte

func (b encodedJSON) write(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(b)
	return err
}

// VisitMeResponse writes the answer to GET /v1/me/.
func (b encodedJSON) VisitMeResponse(w http.ResponseWriter) error { return b.write(w) }

// VisitUsersReadResponse writes the answer to GET /v1/users/profiles/{user}/.
func (b encodedJSON) VisitUsersReadResponse(w http.ResponseWriter) error { return b.write(w) }

// VisitUsersListResponse writes the answer to GET /v1/users/profiles/.
func (b encodedJSON) VisitUsersListResponse(w http.ResponseWriter) error { return b.write(w) }

func avatarURL(base, id string) string { return base + "/v1/users/" + id + "/avatar/" }

// nullableOf is p as a JSON value that is never left out: a nil pointer is null.
func nullableOf(p *string) nullable.Nullable[string] {
	if p == nil {
		return nullable.NewNullNullable[string]()
	}
	return nullable.NewNullableWithValue(*p)
}

// setNullable applies a PATCH field: left out leaves *dst alone, null clears it.
func setNullable(dst **string, n nullable.Nullable[string]) {
	if !n.IsSpecified() {
		return
	}
	if n.IsNull() {
		*dst = nil
		return
	}
	v := n.MustGet()
	*dst = &v
}

func applyProfile(u *user, p *server.ProfileData) {
	if p == nil {
		return
	}
	setNullable(&u.bio, p.Bio)
	setNullable(&u.url, p.URL)
	setNullable(&u.location, p.Location)
	setNullable(&u.company, p.Company)
	setNullable(&u.timezone, p.Timezone)
	if p.Config != nil {
		u.config = deepCopyMap(*p.Config)
	}
	u.changed()
}

func takenMessage(value string) string { return fmt.Sprintf("%s is already taken.", value) }

// sortBy orders items by a validated ordering parameter: field names separated by commas,
// each prefixed with - for descending order. The sort is stable, so ties keep the
// creation order.
func sortBy[T any](items []T, ordering *string, fields map[string]func(a, b T) int) {
	if ordering == nil || *ordering == "" {
		return
	}
	terms := strings.Split(*ordering, ",")
	slices.SortStableFunc(items, func(a, b T) int {
		for _, term := range terms {
			name, desc := strings.CutPrefix(term, "-")
			compare, ok := fields[name]
			if !ok {
				continue
			}
			c := compare(a, b)
			if desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
}

// page cuts a list by the validated offset and limit parameters.
func page[T any](items []T, limit, offset *int) []T {
	if offset != nil {
		items = items[min(*offset, len(items)):]
	}
	if limit != nil {
		items = items[:min(*limit, len(items))]
	}
	return items
}

var userOrder = map[string]func(a, b *user) int{
	"id":         func(a, b *user) int { return cmp.Compare(a.id, b.id) },
	"username":   func(a, b *user) int { return cmp.Compare(a.username, b.username) },
	"email":      func(a, b *user) int { return cmp.Compare(a.email, b.email) },
	"first_name": func(a, b *user) int { return cmp.Compare(a.firstName, b.firstName) },
	"last_name":  func(a, b *user) int { return cmp.Compare(a.lastName, b.lastName) },
}

func (h handlers) Me(ctx context.Context, _ server.MeRequestObject) (server.MeResponseObject, error) {
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	me := s.caller(ctx)
	if me == nil {
		return unauthorized(), nil
	}
	body, err := s.encode(me, infoFrom(ctx).base)
	if err != nil {
		return nil, err
	}
	return encodedJSON(body), nil
}

func (h handlers) UsersList(ctx context.Context, req server.UsersListRequestObject) (server.UsersListResponseObject, error) {
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.caller(ctx) == nil {
		return unauthorized(), nil
	}
	p := req.Params
	var list []*user
	for _, u := range s.users {
		if !u.active ||
			(p.Username != nil && u.username != *p.Username) ||
			(p.Email != nil && u.email != *p.Email) {
			continue
		}
		list = append(list, u)
	}
	sortBy(list, p.Ordering, userOrder)
	list = page(list, p.Limit, p.Offset)
	body, err := s.encodeList(list, infoFrom(ctx).base)
	if err != nil {
		return nil, err
	}
	return encodedJSON(body), nil
}

func (h handlers) UsersCreate(ctx context.Context, req server.UsersCreateRequestObject) (server.UsersCreateResponseObject, error) {
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	me := s.caller(ctx)
	if me == nil {
		return unauthorized(), nil
	}
	if !me.staff {
		return forbidden(), nil
	}
	b := req.Body
	f := newFieldErrors()
	if s.usernameTaken(b.Username) {
		f.add([]string{"username"}, takenMessage(b.Username))
	}
	if s.takenByOthers(b.Email, "") {
		f.add([]string{"email"}, takenMessage(b.Email))
	}
	if !f.empty() {
		return badRequest(f), nil
	}
	u := &user{
		id:       newID(),
		username: b.Username,
		email:    b.Email,
		active:   true,
		config:   map[string]any{},
	}
	if b.FirstName != nil {
		u.firstName = *b.FirstName
	}
	if b.LastName != nil {
		u.lastName = *b.LastName
	}
	if b.Password != nil {
		u.setPassword(*b.Password)
	}
	applyProfile(u, b.Profile)
	s.users = append(s.users, u)
	s.emails = append(s.emails, &email{id: newID(), user: u.id, address: u.email, unsubscribed: true})
	return server.UsersCreate201JSONResponse{UserResponseJSONResponse: server.UserResponseJSONResponse(userJSON(u, infoFrom(ctx).base))}, nil
}

func (h handlers) UsersRead(ctx context.Context, req server.UsersReadRequestObject) (server.UsersReadResponseObject, error) {
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.caller(ctx) == nil {
		return unauthorized(), nil
	}
	u := s.lookup(req.User)
	if u == nil {
		return notFound(), nil
	}
	body, err := s.encode(u, infoFrom(ctx).base)
	if err != nil {
		return nil, err
	}
	return encodedJSON(body), nil
}

func (h handlers) UsersUpdate(ctx context.Context, req server.UsersUpdateRequestObject) (server.UsersUpdateResponseObject, error) {
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	me := s.caller(ctx)
	if me == nil {
		return unauthorized(), nil
	}
	u := s.lookup(req.User)
	if u == nil {
		return notFound(), nil
	}
	if !canManage(me, u) {
		return forbidden(), nil
	}
	b := req.Body
	if b.Username != nil && *b.Username != u.username {
		f := newFieldErrors()
		f.message = msgUsernameFixed
		return badRequest(f), nil
	}
	if b.Email != nil && *b.Email != u.email && s.takenByOthers(*b.Email, u.id) {
		return fieldError("email", takenMessage(*b.Email)), nil
	}

	if b.Email != nil && *b.Email != u.email {
		s.changePrimaryEmail(u, *b.Email)
	}
	if b.FirstName != nil {
		u.firstName = *b.FirstName
	}
	if b.LastName != nil {
		u.lastName = *b.LastName
	}
	if b.Password != nil {
		u.setPassword(*b.Password)
	}
	applyProfile(u, b.Profile)
	u.changed()
	return server.UsersUpdate200JSONResponse{UserResponseJSONResponse: server.UserResponseJSONResponse(userJSON(u, infoFrom(ctx).base))}, nil
}

// changePrimaryEmail keeps the user's primary e-mail among its e-mail addresses: one it
// already has becomes the primary one; otherwise the row of the old address is renamed,
// or a new row made when there is none.
func (s *Server) changePrimaryEmail(u *user, address string) {
	rows := s.emailsOf(u.id)
	old := u.email
	u.email = address
	u.changed()
	for _, e := range rows {
		if e.address == address {
			return
		}
	}
	for _, e := range rows {
		if e.address == old {
			e.address = address
			return
		}
	}
	s.emails = append(s.emails, &email{id: newID(), user: u.id, address: address, unsubscribed: true})
}

func (h handlers) UsersDelete(ctx context.Context, req server.UsersDeleteRequestObject) (server.UsersDeleteResponseObject, error) {
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	me := s.caller(ctx)
	if me == nil {
		return unauthorized(), nil
	}
	u := s.lookup(req.User)
	if u == nil {
		return notFound(), nil
	}
	if !canManage(me, u) {
		return forbidden(), nil
	}
	// A soft delete: the row stays, but an inactive user matches no lookup, holds no
	// username or address against others and its tokens stop working.
	u.active = false
	u.changed()
	return server.UsersDelete204Response{}, nil
}
