package facade_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/facade"
)

// testImage is a small image with some noise, so that it does not compress to nothing.
func testImage(size int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	for y := range size {
		for x := range size {
			img.Set(x, y, color.RGBA{R: uint8(x * 7), G: uint8(y * 13), B: uint8((x * y) ^ 0x5a), A: 255})
		}
	}
	return img
}

// pngImage encodes a 16×16 PNG.
func pngImage() []byte { return encodeImage(16, png.Encode) }

func jpegImage() []byte {
	return encodeImage(16, func(w io.Writer, m image.Image) error { return jpeg.Encode(w, m, nil) })
}

// encodeImage encodes a test image into memory, which cannot fail.
func encodeImage(size int, enc func(io.Writer, image.Image) error) []byte {
	var buf bytes.Buffer
	if err := enc(&buf, testImage(size)); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// tempFile writes data to a file that is closed when the test ends.
func tempFile(t *testing.T, data []byte) *os.File {
	t.Helper()
	name := filepath.Join(t.TempDir(), "avatar.png")
	require.NoError(t, os.WriteFile(name, data, 0o600))
	f, err := os.Open(name)
	require.NoError(t, err)
	t.Cleanup(func() { _ = f.Close() })
	return f
}

// unknownSize hides a reader's Len, Size and Stat, as a network stream would.
type unknownSize struct{ r io.Reader }

func (u unknownSize) Read(p []byte) (int, error) { return u.r.Read(p) }

// upload is the multipart form the server received.
type upload struct {
	parts       int
	formName    string
	fileName    string
	contentType string
	data        []byte
}

// readUpload parses the multipart body of r with r.MultipartReader.
func readUpload(r *http.Request) (upload, error) {
	var up upload
	mr, err := r.MultipartReader()
	if err != nil {
		return up, err
	}
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return up, nil
		}
		if err != nil {
			return up, err
		}
		up.parts++
		up.formName, up.fileName, up.contentType = p.FormName(), p.FileName(), p.Header.Get("Content-Type")
		if up.data, err = io.ReadAll(p); err != nil {
			return up, err
		}
	}
}

const adaWithAvatarJSON = `{"id":"` + adaID + `","username":"ada","email":"ada@example.com","first_name":"Ada","last_name":"Lovelace","profile":{"avatar":"https://api.example.com/v1/users/ada/avatar/","bio":null,"company":null,"config":{},"location":null,"timezone":null,"url":null}}`

func TestAvatarUpload(t *testing.T) {
	png, jpg := pngImage(), jpegImage()
	cases := []struct {
		name     string
		update   bool
		image    []byte
		hideSize bool
		method   string
		wantType string
		wantName string
	}{
		{name: "Set a PNG", image: png, method: http.MethodPost, wantType: "image/png", wantName: "avatar.png"},
		{name: "Set a JPEG of unknown size", image: jpg, hideSize: true, method: http.MethodPost, wantType: "image/jpeg", wantName: "avatar.jpg"},
		{name: "Update with a JPEG", update: true, image: jpg, method: http.MethodPatch, wantType: "image/jpeg", wantName: "avatar.jpg"},
		{name: "Update with a PNG of unknown size", update: true, image: png, hideSize: true, method: http.MethodPatch, wantType: "image/png", wantName: "avatar.png"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkLeaks(t)
			var got upload
			var parseErr error
			s := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got, parseErr = readUpload(r)
				reply(http.StatusOK, adaWithAvatarJSON)(w, r)
			}))
			var logs logBuffer
			c := s.client(t, withLog(&logs))
			var img io.Reader = bytes.NewReader(tc.image)
			if tc.hideSize {
				img = unknownSize{img}
			}
			call := c.Avatars.Set
			if tc.update {
				call = c.Avatars.Update
			}
			u, err := call(t.Context(), "ada", img)
			require.NoError(t, err)
			assert.Equal(t, "https://api.example.com/v1/users/ada/avatar/", u.Profile.Avatar)

			require.NoError(t, parseErr)
			assert.Equal(t, 1, got.parts)
			assert.Equal(t, "image", got.formName)
			assert.Equal(t, tc.wantName, got.fileName)
			assert.Equal(t, tc.wantType, got.contentType)
			assert.True(t, bytes.Equal(tc.image, got.data), "the server got %d bytes, want the %d of the image", len(got.data), len(tc.image))

			reqs := s.requests()
			require.Len(t, reqs, 1)
			r := reqs[0]
			assert.Equal(t, tc.method, r.Method)
			assert.Equal(t, apiPrefix+"/v1/users/ada/avatar/", r.Path)
			mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
			require.NoError(t, err)
			assert.Equal(t, "multipart/form-data", mt)
			assert.NotEmpty(t, params["boundary"])
			assertAuth(t, r.Header, "JWT "+testToken)
			assert.Equal(t, []string{"application/json"}, r.Header.Values("Accept"))
			assert.Equal(t, []string{"illumidesk-go/" + facade.Version + " (+https://github.com/illumidesk/illumidesk-go)"}, r.Header.Values("User-Agent"))
			lines := logs.lines(t)
			require.Len(t, lines, 1)
			assert.Equal(t, "/v1/users/{user}/avatar/", lines[0]["path"])
		})
	}
}

// TestAvatarUploadStreams: the image goes out as it is read. The reader hands over its
// second half only once the server has received the first, which a client that buffered
// the whole image before sending could never do.
func TestAvatarUploadStreams(t *testing.T) {
	checkLeaks(t)
	img := encodeImage(200, png.Encode) // tens of KiB
	require.Greater(t, len(img), 32<<10)
	half := len(img) / 2
	firstHalfArrived := make(chan struct{})
	var got []byte
	var parseErr error
	s := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mr, err := r.MultipartReader()
		if err != nil {
			parseErr = err
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		p, err := mr.NextPart()
		if err != nil {
			parseErr = err
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		buf := make([]byte, half)
		if _, err := io.ReadFull(p, buf); err != nil {
			parseErr = err
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		close(firstHalfArrived)
		rest, err := io.ReadAll(p)
		parseErr = err
		buf = append(buf, rest...)
		got = buf
		reply(http.StatusOK, adaWithAvatarJSON)(w, r)
	}), streaming())
	src := &gatedReader{data: img, gateAt: half, gate: firstHalfArrived}
	_, err := s.client(t, facade.WithMaxUploadBytes(1<<20)).Avatars.Set(t.Context(), "ada", src)
	require.NoError(t, err)
	require.NoError(t, parseErr)
	assert.True(t, bytes.Equal(img, got), "the server got a different image")
}

// gatedReader reads data up to gateAt, then waits for gate before reading the rest.
type gatedReader struct {
	data   []byte
	off    int
	gateAt int
	gate   <-chan struct{}
}

func (g *gatedReader) Read(p []byte) (int, error) {
	if g.off >= len(g.data) {
		return 0, io.EOF
	}
	if g.off == g.gateAt {
		select {
		case <-g.gate:
		case <-time.After(10 * time.Second):
			return 0, errors.New("the server never received the first half: the upload was not streamed")
		}
	}
	end := len(g.data)
	if g.off < g.gateAt {
		end = g.gateAt
	}
	n := copy(p, g.data[g.off:end])
	g.off += n
	return n, nil
}

// TestAvatarUploadRefused: what cannot be an avatar is refused before anything is sent.
func TestAvatarUploadRefused(t *testing.T) {
	cases := []struct {
		name  string
		image io.Reader
	}{
		{name: "nil reader", image: nil},
		{name: "empty reader", image: bytes.NewReader(nil)},
		{name: "empty stream", image: unknownSize{strings.NewReader("")}},
		{name: "text", image: strings.NewReader("this is not an image, it is a letter to the server")},
		{name: "HTML", image: strings.NewReader("<html><body>hi</body></html>")},
		{name: "PDF", image: strings.NewReader("%PDF-1.4\n%âãÏÓ\n")},
		{name: "SVG", image: strings.NewReader(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`)},
		{name: "PNG signature only, as text", image: strings.NewReader("PNG")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkLeaks(t)
			s := newServer(t, reply(http.StatusOK, adaWithAvatarJSON))
			c := s.client(t)
			_, err := c.Avatars.Set(t.Context(), "ada", tc.image)
			require.ErrorIs(t, err, facade.ErrInvalidArgument)
			_, err = c.Avatars.Update(t.Context(), "ada", tc.image)
			require.ErrorIs(t, err, facade.ErrInvalidArgument)
			assert.Zero(t, s.count.Load(), "requests the server saw")
		})
	}
}

// TestAvatarUploadTooLarge: an image over the upload limit is refused. When its size is
// known nothing is sent; when it is not, the upload is cut off at the limit, so the server
// never gets a whole form and keeps the avatar it had. No goroutine is left behind.
func TestAvatarUploadTooLarge(t *testing.T) {
	big := encodeImage(64, png.Encode)
	const limit = 1024
	require.Greater(t, len(big), 4*limit)
	cases := []struct {
		name       string
		image      func() io.Reader
		maySend    bool
		withUpdate bool
	}{
		{name: "bytes.Reader", image: func() io.Reader { return bytes.NewReader(big) }},
		{name: "bytes.Reader, Update", image: func() io.Reader { return bytes.NewReader(big) }, withUpdate: true},
		{name: "strings.Reader", image: func() io.Reader { return strings.NewReader(string(big)) }},
		{name: "io.SectionReader", image: func() io.Reader { return io.NewSectionReader(bytes.NewReader(big), 0, int64(len(big))) }},
		{name: "file", image: func() io.Reader { return tempFile(t, big) }},
		{name: "stream of unknown size", image: func() io.Reader { return unknownSize{bytes.NewReader(big)} }, maySend: true},
		{name: "stream of unknown size, Update", image: func() io.Reader { return unknownSize{bytes.NewReader(big)} }, maySend: true, withUpdate: true},
		{name: "stream one byte over", image: func() io.Reader { return unknownSize{bytes.NewReader(big[:limit+1])} }, maySend: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkLeaks(t)
			var stored atomic.Int64
			s := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if _, err := readUpload(r); err != nil {
					http.Error(w, err.Error(), http.StatusBadRequest)
					return
				}
				stored.Add(1)
				reply(http.StatusOK, adaWithAvatarJSON)(w, r)
			}), streaming())
			c := s.client(t, facade.WithMaxUploadBytes(limit))
			call := c.Avatars.Set
			if tc.withUpdate {
				call = c.Avatars.Update
			}
			u, err := call(t.Context(), "ada", tc.image())
			require.ErrorIs(t, err, facade.ErrInvalidArgument)
			require.ErrorIs(t, err, facade.ErrTooLarge)
			assert.Contains(t, err.Error(), strconv.Itoa(limit))
			assert.Nil(t, u)
			assert.Zero(t, stored.Load(), "avatars the server stored")
			if !tc.maySend {
				assert.Zero(t, s.count.Load(), "requests the server saw")
			}
		})
	}
	t.Run("at the limit", func(t *testing.T) {
		checkLeaks(t)
		s := newServer(t, reply(http.StatusOK, adaWithAvatarJSON))
		img := pngImage()
		_, err := s.client(t, facade.WithMaxUploadBytes(int64(len(img)))).Avatars.Set(t.Context(), "ada", unknownSize{bytes.NewReader(img)})
		require.NoError(t, err)
	})
}

func TestAvatarUploadErrors(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		wantIs error
	}{
		{name: "413", status: http.StatusRequestEntityTooLarge, body: `{"detail":"Image too large."}`, wantIs: facade.ErrTooLarge},
		{name: "400", status: http.StatusBadRequest, body: `{"image":["Upload a valid image."]}`, wantIs: facade.ErrValidation},
		{name: "403", status: http.StatusForbidden, body: `{"detail":"No."}`, wantIs: facade.ErrForbidden},
		{name: "HTML with 200", status: http.StatusOK, body: "", wantIs: facade.ErrUnexpectedResponse},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkLeaks(t)
			h := reply(tc.status, tc.body)
			if tc.body == "" {
				h = replyType(tc.status, "text/html", "<html></html>")
			}
			s := newServer(t, h)
			_, err := s.client(t).Avatars.Set(t.Context(), "ada", bytes.NewReader(pngImage()))
			require.ErrorIs(t, err, tc.wantIs)
			// An upload is streamed once: it is never retried, whatever the answer.
			assert.Equal(t, int64(1), s.count.Load())
		})
	}
	t.Run("503 is not retried", func(t *testing.T) {
		checkLeaks(t)
		s := newServer(t, reply(http.StatusServiceUnavailable, `{"detail":"busy"}`))
		_, err := s.client(t).Avatars.Update(t.Context(), "ada", bytes.NewReader(pngImage()))
		require.ErrorIs(t, err, facade.ErrServer)
		assert.Equal(t, int64(1), s.count.Load())
	})
}

func TestAvatarGet(t *testing.T) {
	img := pngImage()
	t.Run("streams the image", func(t *testing.T) {
		checkLeaks(t)
		s := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "image/png")
			w.Header().Set("Content-Length", strconv.Itoa(len(img)))
			_, _ = w.Write(img)
		}))
		var logs logBuffer
		a, err := s.client(t, withLog(&logs)).Avatars.Get(t.Context(), "ada")
		require.NoError(t, err)
		defer a.Body.Close()
		assert.Equal(t, "image/png", a.ContentType)
		assert.Equal(t, int64(len(img)), a.Size)
		data, err := io.ReadAll(a.Body)
		require.NoError(t, err)
		assert.True(t, bytes.Equal(img, data), "got %d bytes, want the %d of the image", len(data), len(img))

		reqs := s.requests()
		require.Len(t, reqs, 1)
		assert.Equal(t, http.MethodGet, reqs[0].Method)
		assert.Equal(t, apiPrefix+"/v1/users/ada/avatar/", reqs[0].Path)
		assert.Equal(t, []string{"image/*"}, reqs[0].Header.Values("Accept"))
		assert.Equal(t, []string{"illumidesk-go/" + facade.Version + " (+https://github.com/illumidesk/illumidesk-go)"}, reqs[0].Header.Values("User-Agent"))
		assertAuth(t, reqs[0].Header, "JWT "+testToken)
		assert.Empty(t, reqs[0].Body)
		lines := logs.lines(t)
		require.Len(t, lines, 1)
		assert.Equal(t, "/v1/users/{user}/avatar/", lines[0]["path"])
	})
	t.Run("size unknown", func(t *testing.T) {
		checkLeaks(t)
		s := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "image/jpeg")
			_, _ = w.Write(img[:10])
			w.(http.Flusher).Flush()
			_, _ = w.Write(img[10:])
		}))
		a, err := s.client(t).Avatars.Get(t.Context(), adaID)
		require.NoError(t, err)
		defer a.Body.Close()
		assert.Equal(t, "image/jpeg", a.ContentType)
		assert.Equal(t, int64(-1), a.Size)
		data, err := io.ReadAll(a.Body)
		require.NoError(t, err)
		assert.True(t, bytes.Equal(img, data))
	})
	for _, tc := range []struct {
		name        string
		status      int
		contentType string
		body        string
		wantIs      error
	}{
		{name: "none", status: http.StatusNotFound, contentType: "application/json", body: `{"detail":"Not found."}`, wantIs: facade.ErrNotFound},
		{name: "HTML with 200", status: http.StatusOK, contentType: "text/html; charset=utf-8", body: "<html>log in</html>", wantIs: facade.ErrUnexpectedResponse},
		{name: "JSON with 200", status: http.StatusOK, contentType: "application/json", body: adaJSON, wantIs: facade.ErrUnexpectedResponse},
		{name: "no content type", status: http.StatusOK, body: "\x89PNG", wantIs: facade.ErrUnexpectedResponse},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkLeaks(t)
			s := newServer(t, replyType(tc.status, tc.contentType, tc.body))
			a, err := s.client(t).Avatars.Get(t.Context(), "ada")
			require.ErrorIs(t, err, tc.wantIs)
			assert.Nil(t, a)
		})
	}
}

func TestAvatarDelete(t *testing.T) {
	runCallCases(t, []callCase{{
		name:   "Delete",
		call:   func(ctx context.Context, c *facade.Client) (any, error) { return nil, c.Avatars.Delete(ctx, "ada") },
		status: http.StatusNoContent,
		method: http.MethodDelete, path: "/v1/users/ada/avatar/", tmpl: "/v1/users/{user}/avatar/",
	}})
}
