package mock

import (
	"bytes"
	"context"
	"errors"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"

	"github.com/illumidesk/illumidesk-go/gen/server"
)

// sniffImage answers the content type of data when it is an image the API accepts. The type
// comes from the bytes, never from what the client declared; PNG, JPEG and GIF must also
// have a readable header, WebP only its signature (the standard library cannot read WebP).
func sniffImage(data []byte) (string, bool) {
	ct := http.DetectContentType(data)
	var err error
	switch ct {
	case "image/png":
		_, err = png.DecodeConfig(bytes.NewReader(data))
	case "image/jpeg":
		_, err = jpeg.DecodeConfig(bytes.NewReader(data))
	case "image/gif":
		_, err = gif.DecodeConfig(bytes.NewReader(data))
	case "image/webp":
	default:
		return "", false
	}
	return ct, err == nil
}

// readImage reads the first part named image from an upload that validation has accepted.
func (s *Server) readImage(mr *multipart.Reader) ([]byte, *reply) {
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			r := fieldError("image", "No file was submitted.")
			return nil, &r
		}
		if err != nil {
			r := badRequest(newFieldErrors().nonField("Multipart form parse error: " + err.Error()))
			return nil, &r
		}
		if part.FormName() != "image" {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, s.cfg.avatarLimit+1))
		if err != nil {
			r := badRequest(newFieldErrors().nonField("Multipart form parse error: " + err.Error()))
			return nil, &r
		}
		if int64(len(data)) > s.cfg.avatarLimit {
			r := tooLarge(s.imageTooBig())
			return nil, &r
		}
		return data, nil
	}
}

// storeAvatar is POST and PATCH: the checks, in the real server's order (the user, the
// permission, then the upload), and the change. It needs s.mu held.
func (s *Server) storeAvatar(ctx context.Context, ref string, body *multipart.Reader) (*user, *reply) {
	me := s.caller(ctx)
	if me == nil {
		r := unauthorized()
		return nil, &r
	}
	u := s.lookup(ref)
	if u == nil {
		r := notFound()
		return nil, &r
	}
	if !canManage(me, u) {
		r := forbidden()
		return nil, &r
	}
	data, fail := s.readImage(body)
	if fail != nil {
		return nil, fail
	}
	ct, ok := sniffImage(data)
	if !ok {
		r := fieldError("image", msgBadImage)
		return nil, &r
	}
	u.avatar = &avatar{data: data, contentType: ct}
	u.changed()
	return u, nil
}

func (h handlers) UserAvatarSet(ctx context.Context, req server.UserAvatarSetRequestObject) (server.UserAvatarSetResponseObject, error) {
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	u, fail := s.storeAvatar(ctx, req.User, req.Body)
	if fail != nil {
		return *fail, nil
	}
	return server.UserAvatarSet201JSONResponse{UserResponseJSONResponse: server.UserResponseJSONResponse(userJSON(u, infoFrom(ctx).base))}, nil
}

func (h handlers) UserAvatarUpdate(ctx context.Context, req server.UserAvatarUpdateRequestObject) (server.UserAvatarUpdateResponseObject, error) {
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	u, fail := s.storeAvatar(ctx, req.User, req.Body)
	if fail != nil {
		return *fail, nil
	}
	return server.UserAvatarUpdate200JSONResponse{UserResponseJSONResponse: server.UserResponseJSONResponse(userJSON(u, infoFrom(ctx).base))}, nil
}

func (h handlers) UserAvatarGet(ctx context.Context, req server.UserAvatarGetRequestObject) (server.UserAvatarGetResponseObject, error) {
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.caller(ctx) == nil {
		return unauthorized(), nil
	}
	u := s.lookup(req.User)
	if u == nil || u.avatar == nil {
		return notFound(), nil
	}
	// The stored bytes are never changed in place, only replaced: sharing them is safe.
	return server.UserAvatarGet200ImageResponse{
		Body:          bytes.NewReader(u.avatar.data),
		ContentType:   u.avatar.contentType,
		ContentLength: int64(len(u.avatar.data)),
	}, nil
}

func (h handlers) UserAvatarDelete(ctx context.Context, req server.UserAvatarDeleteRequestObject) (server.UserAvatarDeleteResponseObject, error) {
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
	if u.avatar == nil {
		return notFound(), nil
	}
	u.avatar = nil
	u.changed()
	return server.UserAvatarDelete204Response{}, nil
}
