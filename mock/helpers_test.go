package mock_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/mock"
	"github.com/illumidesk/illumidesk-go/mock/internal/conform"
)

// checker is loaded once: every test's client validates every answer with it.
var checker = sync.OnceValues(conform.NewChecker)

// env is a mock served on loopback with a client that checks each answer against the spec
// and does not follow redirects.
type env struct {
	t   *testing.T
	srv *mock.Server
	url string
	hc  *http.Client
}

func start(t *testing.T, opts ...mock.Option) *env {
	t.Helper()
	// Ed25519 keys unless a test asks for RSA: making RSA keys is slow under -race.
	// The remembered-JSON check is on unless a test turns it off.
	opts = append([]mock.Option{mock.WithSSHKeyType(mock.SSHKeyEd25519), mock.WithEncodedCheck(true)}, opts...)
	srv, err := mock.New(opts...)
	require.NoError(t, err)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	c, err := checker()
	require.NoError(t, err)
	hc := &http.Client{
		Transport: &conform.Transport{Base: ts.Client().Transport, Checker: c, Report: t.Errorf},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	return &env{t: t, srv: srv, url: ts.URL, hc: hc}
}

// answer is a response, read.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// jwtLike matches a JSON Web Token.
var jwtLike = regexp.MustCompile(`eyJ[\w-]*\.[\w-]*\.[\w-]*`)

// safe is the body for failure messages, with tokens blanked out: tests print no secrets.
func (a answer) safe() string {
	return jwtLike.ReplaceAllString(string(a.body), "[token]")
}

// fingerprint stands for a secret in comparisons, so that a failure prints no secret.
func fingerprint(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:6])
}

// object decodes a JSON object answer.
func (a answer) object(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(a.body, &m), "body: %s", a.safe())
	return m
}

// list decodes a JSON array answer.
func (a answer) list(t *testing.T) []map[string]any {
	t.Helper()
	var l []map[string]any
	require.NoError(t, json.Unmarshal(a.body, &l), "body: %s", a.safe())
	return l
}

// token is the token of an active user, or the empty string for no Authorization header.
func (e *env) token(username string) string {
	e.t.Helper()
	if username == "" {
		return ""
	}
	tok, err := e.srv.TokenFor(username)
	require.NoError(e.t, err)
	return tok
}

// call sends a JSON request as username ("" for none): body nil sends nothing, a string or
// []byte is sent as is, anything else as JSON.
func (e *env) call(method, path, username string, body any) answer {
	e.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		require.NoError(e.t, err)
		r = bytes.NewReader(raw)
	}
	h := http.Header{}
	if r != nil {
		h.Set("Content-Type", "application/json")
	}
	if tok := e.token(username); tok != "" {
		h.Set("Authorization", "JWT "+tok)
	}
	return e.raw(method, path, h, r)
}

// raw sends a request with exactly the given headers.
func (e *env) raw(method, path string, h http.Header, body io.Reader) answer {
	e.t.Helper()
	req, err := http.NewRequestWithContext(e.t.Context(), method, e.url+path, body)
	require.NoError(e.t, err)
	maps.Copy(req.Header, h)
	resp, err := e.hc.Do(req)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(e.t, err)
	return answer{status: resp.StatusCode, header: resp.Header, body: b}
}

// upload sends a multipart form with one file part; partType "" leaves out its Content-Type.
func (e *env) upload(method, path, username, field, partType string, data []byte) answer {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	ph := textproto.MIMEHeader{}
	ph.Set("Content-Disposition", `form-data; name="`+field+`"; filename="avatar"`)
	if partType != "" {
		ph.Set("Content-Type", partType)
	}
	pw, err := mw.CreatePart(ph)
	require.NoError(e.t, err)
	_, err = pw.Write(data)
	require.NoError(e.t, err)
	require.NoError(e.t, mw.Close())
	h := http.Header{"Content-Type": {mw.FormDataContentType()}}
	if tok := e.token(username); tok != "" {
		h.Set("Authorization", "JWT "+tok)
	}
	return e.raw(method, path, h, &buf)
}

// userID is the id of a user, looked up as staff.
func (e *env) userID(username string) string {
	e.t.Helper()
	a := e.call(http.MethodGet, "/v1/users/profiles/"+username+"/", mock.StaffUsername, nil)
	require.Equal(e.t, http.StatusOK, a.status, "body: %s", a.safe())
	return asString(e.t, a.object(e.t)["id"])
}

// emailID is the id of one of a user's e-mail addresses, looked up in the store.
func (e *env) emailID(address string) string {
	e.t.Helper()
	for _, em := range e.srv.Snapshot().Emails {
		if em.Address == address {
			return em.ID
		}
	}
	e.t.Fatalf("no e-mail address %s", address)
	return ""
}

// assertDetail checks an error answer with a detail.
func assertDetail(t *testing.T, a answer, status int, detail string) {
	t.Helper()
	assert.Equal(t, status, a.status, "body: %s", a.safe())
	assert.Equal(t, "application/json", a.header.Get("Content-Type"))
	if detail != "" {
		assert.Equal(t, detail, a.object(t)["detail"])
	}
}

// assertFields checks a 400 answer naming the given fields (top-level keys).
func assertFields(t *testing.T, a answer, fields ...string) map[string]any {
	t.Helper()
	require.Equal(t, http.StatusBadRequest, a.status, "body: %s", a.safe())
	m := a.object(t)
	for _, f := range fields {
		assert.Contains(t, m, f, "body: %s", a.safe())
	}
	return m
}

const (
	notFound     = "Not found."
	forbidden    = "You do not have permission to perform this action."
	unauthorized = "Authentication credentials were not provided."
)

// asString and asMap are type assertions that fail the test instead of panicking.
func asString(t *testing.T, v any) string {
	t.Helper()
	s, ok := v.(string)
	require.True(t, ok, "%v is not a string", v)
	return s
}

func asMap(t *testing.T, v any) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	require.True(t, ok, "%v is not an object", v)
	return m
}
