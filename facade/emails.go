package facade

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"

	"github.com/illumidesk/illumidesk-go/gen"
)

// EmailsService manages a user's e-mail addresses. The caller sees all of its own and
// only the public ones of other users; staff and the owner may change them.
type EmailsService struct{ c *Client }

// ListEmailsOptions pages and orders [EmailsService.List]. The zero value lists all.
type ListEmailsOptions struct {
	// Limit is the most addresses to answer; 0 means all of them.
	Limit int
	// Offset skips that many addresses from the start of the list.
	Offset int
	// Ordering names the fields to sort by, comma-separated, "-" first for descending.
	// Known fields: id, address, public, unsubscribed.
	Ordering string
}

// List returns one page of the user's e-mail addresses that the caller may see.
func (s *EmailsService) List(ctx context.Context, user string, opts *ListEmailsOptions) ([]Email, error) {
	if err := checkUserPath(user); err != nil {
		return nil, err
	}
	var params *gen.UsersEmailsListParams
	if opts != nil {
		params = &gen.UsersEmailsListParams{}
		if err := pageParams(opts.Limit, opts.Offset, &params.Limit, &params.Offset); err != nil {
			return nil, err
		}
		if opts.Ordering != "" {
			params.Ordering = &opts.Ordering
		}
	}
	resp, err := s.c.api.UsersEmailsList(ctx, user, params)
	var emails []Email
	if err := s.c.decodeInto(resp, err, &emails); err != nil {
		return nil, err
	}
	return emails, nil
}

// All iterates over every e-mail address of the user that the caller may see, pageSize
// per request (100 when 0). It behaves like [UsersService.All].
func (s *EmailsService) All(ctx context.Context, user string, opts *ListEmailsOptions, pageSize int) iter.Seq2[Email, error] {
	var o ListEmailsOptions
	if opts != nil {
		o = *opts
	}
	return paginate(ctx, o.Offset, pageSize, func(ctx context.Context, offset, limit int) ([]Email, error) {
		p := o
		p.Offset, p.Limit = offset, limit
		return s.List(ctx, user, &p)
	}, func(e *Email) string { return e.ID })
}

// Get returns one of the user's e-mail addresses by its id.
func (s *EmailsService) Get(ctx context.Context, user, id string) (*Email, error) {
	emailID, err := checkEmailArgs(user, id)
	if err != nil {
		return nil, err
	}
	resp, err := s.c.api.UsersEmailsRead(ctx, user, emailID)
	return decodeNew[Email](s.c, resp, err)
}

// Create attaches a new address to the user. The address must not belong to anybody yet.
func (s *EmailsService) Create(ctx context.Context, user string, in EmailInput) (*Email, error) {
	if err := checkUserPath(user); err != nil {
		return nil, err
	}
	body, err := encode(in)
	if err != nil {
		return nil, err
	}
	resp, err := s.c.api.UsersEmailsCreateWithBody(ctx, user, jsonType, body)
	return decodeNew[Email](s.c, resp, err)
}

// Replace sets every writable field of an address: the ones in nil pointers of in take
// the server's defaults.
func (s *EmailsService) Replace(ctx context.Context, user, id string, in EmailInput) (*Email, error) {
	emailID, err := checkEmailArgs(user, id)
	if err != nil {
		return nil, err
	}
	body, err := encode(in)
	if err != nil {
		return nil, err
	}
	resp, err := s.c.api.UsersEmailsReplaceWithBody(ctx, user, emailID, jsonType, body)
	return decodeNew[Email](s.c, resp, err)
}

// Update changes the fields that upd sets and leaves the others alone.
func (s *EmailsService) Update(ctx context.Context, user, id string, upd EmailUpdate) (*Email, error) {
	emailID, err := checkEmailArgs(user, id)
	if err != nil {
		return nil, err
	}
	body, err := encode(upd)
	if err != nil {
		return nil, err
	}
	resp, err := s.c.api.UsersEmailsUpdateWithBody(ctx, user, emailID, jsonType, body)
	return decodeNew[Email](s.c, resp, err)
}

// Delete removes one of the user's e-mail addresses.
func (s *EmailsService) Delete(ctx context.Context, user, id string) error {
	emailID, err := checkEmailArgs(user, id)
	if err != nil {
		return err
	}
	resp, err := s.c.api.UsersEmailsDelete(ctx, user, emailID)
	return s.c.noContent(resp, err)
}

func checkEmailArgs(user, id string) (gen.EmailIDParam, error) {
	if err := checkUserPath(user); err != nil {
		return gen.EmailIDParam{}, err
	}
	return checkEmailID(id)
}

// encode marshals a request body into a reader the request can replay on a retry.
func encode(v any) (*bytes.Reader, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("illumidesk: encoding request: %w", err)
	}
	return bytes.NewReader(data), nil
}
