package mock_test

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/mock"
)

func testImage() image.Image {
	img := image.NewPaletted(image.Rect(0, 0, 8, 8), color.Palette{color.Black, color.White})
	for i := range 8 {
		img.SetColorIndex(i, i, 1)
	}
	return img
}

func pngBytes(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, testImage()))
	return buf.Bytes()
}

func jpegBytes(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, jpeg.Encode(&buf, testImage(), nil))
	return buf.Bytes()
}

func gifBytes(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, gif.Encode(&buf, testImage(), nil))
	return buf.Bytes()
}

// webpBytes is a 1x1 lossless WebP: the standard library cannot encode one.
func webpBytes(t *testing.T) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")
	require.NoError(t, err)
	return b
}

func TestAvatarSeeded(t *testing.T) {
	e := start(t)
	a := e.call(http.MethodGet, "/v1/users/ada/avatar/", "grace", nil)
	require.Equal(t, http.StatusOK, a.status)
	assert.Equal(t, "image/png", a.header.Get("Content-Type"))
	img, err := png.Decode(bytes.NewReader(a.body))
	require.NoError(t, err)
	assert.Equal(t, 32, img.Bounds().Dx())

	assertDetail(t, e.call(http.MethodGet, "/v1/users/alan/avatar/", "grace", nil), http.StatusNotFound, notFound)
	assertDetail(t, e.call(http.MethodGet, "/v1/users/nobody/avatar/", "grace", nil), http.StatusNotFound, notFound)
	assertDetail(t, e.call(http.MethodGet, "/v1/users/ada/avatar/", "", nil), http.StatusUnauthorized, unauthorized)
}

func TestAvatarRoundTrip(t *testing.T) {
	e := start(t)
	path := "/v1/users/alan/avatar/"
	id := e.userID("alan")

	tests := []struct {
		name, method, declared, want string
		data                         []byte
		status                       int
	}{
		{"POST a JPEG", http.MethodPost, "image/jpeg", "image/jpeg", jpegBytes(t), http.StatusCreated},
		{"PATCH a GIF", http.MethodPatch, "image/gif", "image/gif", gifBytes(t), http.StatusOK},
		{"PATCH a WebP", http.MethodPatch, "image/webp", "image/webp", webpBytes(t), http.StatusOK},
		// The bytes decide the type, not the declared one.
		{"POST a PNG declared as JPEG", http.MethodPost, "image/jpeg", "image/png", pngBytes(t), http.StatusCreated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := e.upload(tt.method, path, "alan", "image", tt.declared, tt.data)
			require.Equal(t, tt.status, a.status, "body: %s", a.safe())
			u := a.object(t)
			assert.Equal(t, "alan", u["username"])
			assert.Equal(t, e.url+"/v1/users/"+id+"/avatar/", asMap(t, u["profile"])["avatar"])

			got := e.call(http.MethodGet, path, "ada", nil)
			require.Equal(t, http.StatusOK, got.status)
			assert.Equal(t, tt.want, got.header.Get("Content-Type"))
			assert.Equal(t, tt.data, got.body)
		})
	}

	t.Run("staff may set anybody's", func(t *testing.T) {
		a := e.upload(http.MethodPatch, path, mock.StaffUsername, "image", "image/png", pngBytes(t))
		assert.Equal(t, http.StatusOK, a.status)
	})
	t.Run("another user may not", func(t *testing.T) {
		before := e.srv.Snapshot()
		assertDetail(t, e.upload(http.MethodPost, path, "grace", "image", "image/png", pngBytes(t)), http.StatusForbidden, forbidden)
		assertDetail(t, e.upload(http.MethodPatch, path, "grace", "image", "image/png", pngBytes(t)), http.StatusForbidden, forbidden)
		assertDetail(t, e.call(http.MethodDelete, path, "grace", nil), http.StatusForbidden, forbidden)
		assert.Equal(t, before, e.srv.Snapshot())
	})
	t.Run("DELETE", func(t *testing.T) {
		a := e.call(http.MethodDelete, path, "alan", nil)
		assert.Equal(t, http.StatusNoContent, a.status)
		assert.Empty(t, a.body)
		assertDetail(t, e.call(http.MethodGet, path, "alan", nil), http.StatusNotFound, notFound)
		assertDetail(t, e.call(http.MethodDelete, path, "alan", nil), http.StatusNotFound, notFound)
		assert.Nil(t, asMap(t, e.call(http.MethodGet, "/v1/me/", "alan", nil).object(t)["profile"])["avatar"])
	})
}

func TestAvatarRefused(t *testing.T) {
	e := start(t, mock.WithAvatarLimit(4096))
	path := "/v1/users/alan/avatar/"
	big := append(pngBytes(t), make([]byte, 4096)...)

	tests := []struct {
		name          string
		field, ctype  string
		data          []byte
		status        int
		field400      string
		wantInMessage string
	}{
		{"not an image", "image", "image/png", []byte("just some text, honest"), http.StatusBadRequest, "image", "Upload a valid image"},
		{"empty", "image", "image/png", nil, http.StatusBadRequest, "image", "Upload a valid image"},
		{"a PNG signature and garbage", "image", "image/png", append([]byte("\x89PNG\r\n\x1a\n"), "garbage!"...), http.StatusBadRequest, "image", "Upload a valid image"},
		{"a declared type that is no image", "image", "application/octet-stream", pngBytes(t), http.StatusBadRequest, "image", "image/png"},
		{"no declared type", "image", "", pngBytes(t), http.StatusBadRequest, "image", "image/png"},
		{"no image part", "file", "image/png", pngBytes(t), http.StatusBadRequest, "non_field_errors", "file"},
		{"over the limit", "image", "image/png", big, http.StatusRequestEntityTooLarge, "", "The image is larger than 4096 bytes."},
		{"far over the limit", "image", "image/png", make([]byte, 256<<10), http.StatusRequestEntityTooLarge, "", "The image is larger than 4096 bytes."},
	}
	for _, tt := range tests {
		for _, method := range []string{http.MethodPost, http.MethodPatch} {
			t.Run(method+" "+tt.name, func(t *testing.T) {
				before := e.srv.Snapshot()
				a := e.upload(method, path, "alan", tt.field, tt.ctype, tt.data)
				require.Equal(t, tt.status, a.status, "body: %s", a.safe())
				m := a.object(t)
				if tt.field400 != "" {
					msgs, ok := m[tt.field400].([]any)
					require.True(t, ok, "body: %s", a.safe())
					require.NotEmpty(t, msgs)
					assert.Contains(t, msgs[0], tt.wantInMessage)
				} else {
					assert.Equal(t, tt.wantInMessage, m["detail"])
				}
				assert.Equal(t, before, e.srv.Snapshot())
			})
		}
	}

	t.Run("an empty form", func(t *testing.T) {
		h := http.Header{
			"Content-Type":  {"multipart/form-data; boundary=XYZ"},
			"Authorization": {"JWT " + e.token("alan")},
		}
		a := e.raw(http.MethodPost, path, h, bytes.NewReader([]byte("--XYZ--\r\n")))
		assert.Equal(t, []any{"This field is required."}, assertFields(t, a, "image")["image"])
	})
	t.Run("JSON instead of a form", func(t *testing.T) {
		a := e.call(http.MethodPost, path, "alan", map[string]string{"image": "x"})
		assertFields(t, a, "non_field_errors")
	})
}

func TestAvatarDefaultLimit(t *testing.T) {
	e := start(t)
	data := append(pngBytes(t), make([]byte, mock.DefaultAvatarLimit)...)
	a := e.upload(http.MethodPost, "/v1/users/alan/avatar/", "alan", "image", "image/png", data)
	assertDetail(t, a, http.StatusRequestEntityTooLarge, "The image is larger than 2097152 bytes.")

	// Exactly at the limit is fine (a PNG may carry trailing bytes).
	data = data[:mock.DefaultAvatarLimit]
	a = e.upload(http.MethodPost, "/v1/users/alan/avatar/", "alan", "image", "image/png", data)
	assert.Equal(t, http.StatusCreated, a.status, "body: %s", a.safe())
}

func TestAvatarBaseURL(t *testing.T) {
	e := start(t, mock.WithBaseURL("https://api.example.test/"))
	a := e.call(http.MethodGet, "/v1/users/profiles/ada/", "grace", nil)
	assert.Equal(t, "https://api.example.test/v1/users/"+e.userID("ada")+"/avatar/", asMap(t, a.object(t)["profile"])["avatar"])
}
