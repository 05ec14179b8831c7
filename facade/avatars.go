package facade

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"

	"github.com/illumidesk/illumidesk-go/gen"
)

// AvatarsService downloads, sets and removes a user's profile image.
type AvatarsService struct{ c *Client }

// Avatar is a downloaded avatar image, streamed from the server. The caller must close
// Body. The client's timeout (see [WithTimeout]) also bounds reading it.
type Avatar struct {
	// ContentType is the image's media type, such as "image/png".
	ContentType string
	// Size is the image's length in bytes, or -1 when the server did not say.
	Size int64
	// Body streams the image's bytes.
	Body io.ReadCloser
}

// imageTypes are the media types the API stores, as http.DetectContentType names them,
// with the file extension the upload is named with.
var imageTypes = map[string]string{"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}

// Get downloads the user's avatar. It fails with [ErrNotFound] when there is none.
func (s *AvatarsService) Get(ctx context.Context, user string) (*Avatar, error) {
	if err := checkUserPath(user); err != nil {
		return nil, err
	}
	resp, err := s.c.api.UserAvatarGet(ctx, user, acceptImages)
	if err != nil {
		return nil, err
	}
	if err := s.c.checkStatus(resp); err != nil {
		drain(resp.Body)
		return nil, err
	}
	ct := resp.Header.Get("Content-Type")
	if !strings.HasPrefix(ct, "image/") {
		drain(resp.Body)
		return nil, unexpected(resp, errors.New("want an image"))
	}
	return &Avatar{ContentType: ct, Size: resp.ContentLength, Body: resp.Body}, nil
}

func acceptImages(_ context.Context, req *http.Request) error {
	req.Header.Set("Accept", "image/*")
	return nil
}

// Set uploads image (PNG, JPEG, GIF or WebP) as the user's avatar and returns the user,
// whose Profile.Avatar then points at it. The image is streamed, never held in memory
// whole. It is refused with [ErrInvalidArgument] before anything is stored if it is
// empty, not one of those types, or larger than the upload limit ([WithMaxUploadBytes]).
func (s *AvatarsService) Set(ctx context.Context, user string, image io.Reader) (*User, error) {
	return s.upload(ctx, user, image, s.c.api.UserAvatarSetWithBody)
}

// Update replaces the user's avatar with image, as [AvatarsService.Set] does.
func (s *AvatarsService) Update(ctx context.Context, user string, image io.Reader) (*User, error) {
	return s.upload(ctx, user, image, s.c.api.UserAvatarUpdateWithBody)
}

// Delete removes the user's avatar. It fails with [ErrNotFound] when there is none.
func (s *AvatarsService) Delete(ctx context.Context, user string) error {
	if err := checkUserPath(user); err != nil {
		return err
	}
	resp, err := s.c.api.UserAvatarDelete(ctx, user)
	return s.c.noContent(resp, err)
}

type uploadFunc func(ctx context.Context, user gen.UserParam, contentType string, body io.Reader, reqEditors ...gen.RequestEditorFn) (*http.Response, error)

var errUploadTooLarge = errors.New("image over the upload limit")

func (s *AvatarsService) upload(ctx context.Context, user string, image io.Reader, call uploadFunc) (*User, error) {
	if err := checkUserPath(user); err != nil {
		return nil, err
	}
	if image == nil {
		return nil, fmt.Errorf("%w: nil image", ErrInvalidArgument)
	}
	limit := s.c.cfg.maxUpload
	if n, ok := sizeOf(image); ok && n > limit {
		return nil, fmt.Errorf("%w: %w: image is %d bytes, the limit is %d", ErrInvalidArgument, ErrTooLarge, n, limit)
	}
	br := bufio.NewReaderSize(image, 512)
	head, err := br.Peek(512)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("illumidesk: reading image: %w", err)
	}
	if len(head) == 0 {
		return nil, fmt.Errorf("%w: empty image", ErrInvalidArgument)
	}
	ct := http.DetectContentType(head)
	ext, ok := imageTypes[ct]
	if !ok {
		return nil, fmt.Errorf("%w: image must be PNG, JPEG, GIF or WebP; this looks like %s", ErrInvalidArgument, ct)
	}

	// The form is written into a pipe as the transport reads it, so the image is never
	// held whole in memory. The writer stops at the limit, which fails the request
	// before the server has the whole image: the server keeps the avatar it had.
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	tooLarge := make(chan bool, 1)
	go func() {
		over := false
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="image"; filename="avatar.%s"`, ext))
		h.Set("Content-Type", ct)
		part, err := mw.CreatePart(h)
		if err == nil {
			var n int64
			n, err = io.Copy(part, io.LimitReader(br, limit+1))
			if err == nil && n > limit {
				over, err = true, errUploadTooLarge
			}
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
		tooLarge <- over
	}()
	resp, err := call(ctx, user, mw.FormDataContentType(), pr)
	_ = pr.Close() // unblocks the writer if the transport stopped reading early
	if <-tooLarge {
		if err == nil {
			drain(resp.Body)
		}
		return nil, fmt.Errorf("%w: %w: image is over the limit of %d bytes", ErrInvalidArgument, ErrTooLarge, limit)
	}
	return decodeNew[User](s.c, resp, err)
}

// sizeOf tells the size of readers that know it, so an oversize image can be refused
// before the upload starts.
func sizeOf(r io.Reader) (int64, bool) {
	switch v := r.(type) {
	case interface{ Len() int }:
		return int64(v.Len()), true
	case interface{ Size() int64 }:
		return v.Size(), true
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size(), true
		}
	}
	return 0, false
}
