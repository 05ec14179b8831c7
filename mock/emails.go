package mock

import (
	"cmp"
	"context"

	"github.com/google/uuid"

	"github.com/illumidesk/illumidesk-go/gen/server"
)

func emailJSON(e *email) server.Email {
	return server.Email{
		ID:           uuid.MustParse(e.id),
		User:         uuid.MustParse(e.user),
		Address:      e.address,
		Public:       e.public,
		Unsubscribed: e.unsubscribed,
	}
}

// visible reports whether caller may see e: all of its own addresses and the public ones of
// anybody else; staff see every address, since staff may also change every address.
func visible(caller *user, e *email) bool {
	return caller.staff || e.user == caller.id || e.public
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

var emailOrder = map[string]func(a, b *email) int{
	"id":           func(a, b *email) int { return cmp.Compare(a.id, b.id) },
	"address":      func(a, b *email) int { return cmp.Compare(a.address, b.address) },
	"public":       func(a, b *email) int { return compareBool(a.public, b.public) },
	"unsubscribed": func(a, b *email) int { return compareBool(a.unsubscribed, b.unsubscribed) },
}

// emailTarget resolves the caller, the user named in the path and, when id is not nil, the
// e-mail address of that user the caller may see. A failure comes back as the answer.
func (s *Server) emailTarget(ctx context.Context, ref string, id *uuid.UUID) (me, u *user, e *email, fail *reply) {
	if me = s.caller(ctx); me == nil {
		r := unauthorized()
		return nil, nil, nil, &r
	}
	if u = s.lookup(ref); u == nil {
		r := notFound()
		return nil, nil, nil, &r
	}
	if id == nil {
		return me, u, nil, nil
	}
	want := id.String()
	for _, row := range s.emailsOf(u.id) {
		if row.id == want && visible(me, row) {
			return me, u, row, nil
		}
	}
	r := notFound()
	return nil, nil, nil, &r
}

func (h handlers) UsersEmailsList(ctx context.Context, req server.UsersEmailsListRequestObject) (server.UsersEmailsListResponseObject, error) {
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	me, u, _, fail := s.emailTarget(ctx, req.User, nil)
	if fail != nil {
		return *fail, nil
	}
	var list []*email
	for _, e := range s.emailsOf(u.id) {
		if visible(me, e) {
			list = append(list, e)
		}
	}
	sortBy(list, req.Params.Ordering, emailOrder)
	list = page(list, req.Params.Limit, req.Params.Offset)
	out := make(server.UsersEmailsList200JSONResponse, 0, len(list))
	for _, e := range list {
		out = append(out, emailJSON(e))
	}
	return out, nil
}

func (h handlers) UsersEmailsCreate(ctx context.Context, req server.UsersEmailsCreateRequestObject) (server.UsersEmailsCreateResponseObject, error) {
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	me, u, _, fail := s.emailTarget(ctx, req.User, nil)
	if fail != nil {
		return *fail, nil
	}
	if !canManage(me, u) {
		return forbidden(), nil
	}
	b := req.Body
	if s.addressTaken(b.Address, u.id, nil) {
		return fieldError("address", takenMessage(b.Address)), nil
	}
	e := &email{id: newID(), user: u.id, address: b.Address, unsubscribed: true}
	if b.Public != nil {
		e.public = *b.Public
	}
	if b.Unsubscribed != nil {
		e.unsubscribed = *b.Unsubscribed
	}
	s.emails = append(s.emails, e)
	return server.UsersEmailsCreate201JSONResponse{EmailResponseJSONResponse: server.EmailResponseJSONResponse(emailJSON(e))}, nil
}

func (h handlers) UsersEmailsRead(ctx context.Context, req server.UsersEmailsReadRequestObject) (server.UsersEmailsReadResponseObject, error) {
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	_, _, e, fail := s.emailTarget(ctx, req.User, &req.EmailID)
	if fail != nil {
		return *fail, nil
	}
	return server.UsersEmailsRead200JSONResponse{EmailResponseJSONResponse: server.EmailResponseJSONResponse(emailJSON(e))}, nil
}

func (h handlers) UsersEmailsReplace(ctx context.Context, req server.UsersEmailsReplaceRequestObject) (server.UsersEmailsReplaceResponseObject, error) {
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	me, u, e, fail := s.emailTarget(ctx, req.User, &req.EmailID)
	if fail != nil {
		return *fail, nil
	}
	if !canManage(me, u) {
		return forbidden(), nil
	}
	b := req.Body
	if s.addressTaken(b.Address, u.id, e) {
		return fieldError("address", takenMessage(b.Address)), nil
	}
	// Every writable field is replaced: one left out takes its default.
	e.address, e.public, e.unsubscribed = b.Address, false, true
	if b.Public != nil {
		e.public = *b.Public
	}
	if b.Unsubscribed != nil {
		e.unsubscribed = *b.Unsubscribed
	}
	return server.UsersEmailsReplace200JSONResponse{EmailResponseJSONResponse: server.EmailResponseJSONResponse(emailJSON(e))}, nil
}

func (h handlers) UsersEmailsUpdate(ctx context.Context, req server.UsersEmailsUpdateRequestObject) (server.UsersEmailsUpdateResponseObject, error) {
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	me, u, e, fail := s.emailTarget(ctx, req.User, &req.EmailID)
	if fail != nil {
		return *fail, nil
	}
	if !canManage(me, u) {
		return forbidden(), nil
	}
	b := req.Body
	if b.Address != nil && s.addressTaken(*b.Address, u.id, e) {
		return fieldError("address", takenMessage(*b.Address)), nil
	}
	if b.Address != nil {
		e.address = *b.Address
	}
	if b.Public != nil {
		e.public = *b.Public
	}
	if b.Unsubscribed != nil {
		e.unsubscribed = *b.Unsubscribed
	}
	return server.UsersEmailsUpdate200JSONResponse{EmailResponseJSONResponse: server.EmailResponseJSONResponse(emailJSON(e))}, nil
}

func (h handlers) UsersEmailsDelete(ctx context.Context, req server.UsersEmailsDeleteRequestObject) (server.UsersEmailsDeleteResponseObject, error) {
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	me, u, e, fail := s.emailTarget(ctx, req.User, &req.EmailID)
	if fail != nil {
		return *fail, nil
	}
	if !canManage(me, u) {
		return forbidden(), nil
	}
	s.removeEmail(e)
	return server.UsersEmailsDelete204Response{}, nil
}
