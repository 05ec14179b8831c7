package facade_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/illumidesk/illumidesk-go/facade"
)

// usernameRule is the API's rule for a {user}: a username of at most 150 letters, marks,
// digits, '_' and '-' (which a lowercase UUID also is).
var usernameRule = regexp.MustCompile(`^[\p{L}\p{M}\p{N}_-]{1,150}$`)

// pathRecorder is a server that records the paths it is asked for.
type pathRecorder struct {
	mu    sync.Mutex
	paths []recorded
}

func (p *pathRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.paths = append(p.paths, recorded{Method: r.Method, Path: r.URL.Path, RawPath: r.URL.EscapedPath()})
	p.mu.Unlock()
	reply(http.StatusOK, adaJSON)(w, r)
}

func (p *pathRecorder) take() []recorded {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.paths
	p.paths = nil
	return out
}

// FuzzUserID: any string given as a {user} is either refused with ErrInvalidArgument
// before anything is sent, or arrives at the server as exactly one path segment that
// decodes to exactly that string. It is refused exactly when it breaks the username rule.
func FuzzUserID(f *testing.F) {
	for _, s := range append(slicesClone(badUsers), "ada", "Zoë", "日本語", "e\u0301", adaID, strings.Repeat("a", 150), "%", "a%2F", "..%2f", "\t") {
		f.Add(s)
	}
	rec := &pathRecorder{}
	srv := httptest.NewServer(rec)
	f.Cleanup(srv.Close)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	f.Cleanup(tr.CloseIdleConnections)
	c, err := facade.New(srv.URL+apiPrefix, facade.WithToken(testToken),
		facade.WithHTTPClient(&http.Client{Transport: tr}), facade.WithRetryPolicy(facade.NoRetries()))
	if err != nil {
		f.Fatal(err)
	}
	const prefix = apiPrefix + "/v1/users/profiles/"

	f.Fuzz(func(t *testing.T, user string) {
		_, err := c.Users.Get(t.Context(), user)
		sent := rec.take()
		valid := usernameRule.MatchString(user)
		if errors.Is(err, facade.ErrInvalidArgument) {
			if len(sent) != 0 {
				t.Fatalf("%q: refused, but %d requests were sent", user, len(sent))
			}
			if valid {
				t.Fatalf("%q: a valid username was refused: %v", user, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("%q: %v", user, err)
		}
		if !valid {
			t.Errorf("%q: accepted, but it breaks the username rule", user)
		}
		if len(sent) != 1 {
			t.Fatalf("%q: %d requests sent, want 1", user, len(sent))
		}
		r := sent[0]
		if r.Path != prefix+user+"/" {
			t.Fatalf("%q: the server was asked for %q", user, r.Path)
		}
		seg, ok := strings.CutPrefix(r.RawPath, prefix)
		seg, ok2 := strings.CutSuffix(seg, "/")
		if !ok || !ok2 || strings.Contains(seg, "/") {
			t.Fatalf("%q: escaped path %q is not one segment under %s", user, r.RawPath, prefix)
		}
		if dec, err := url.PathUnescape(seg); err != nil || dec != user {
			t.Fatalf("%q: the segment %q decodes to %q (%v)", user, seg, dec, err)
		}
	})
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }

// fakeTransport answers every request with one canned response, without a network.
type fakeTransport struct {
	status      int
	contentType string
	body        []byte
}

func (ft *fakeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	h := http.Header{}
	if ft.contentType != "" {
		h.Set("Content-Type", ft.contentType)
	}
	return &http.Response{
		Status: http.StatusText(ft.status), StatusCode: ft.status, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Body: io.NopCloser(bytes.NewReader(ft.body)), ContentLength: int64(len(ft.body)), Request: req,
	}, nil
}

func fakeClient(tb testing.TB, ft *fakeTransport) *facade.Client {
	tb.Helper()
	c, err := facade.New("https://api.example.com", facade.WithToken(plantedToken),
		facade.WithHTTPClient(&http.Client{Transport: ft}), facade.WithRetryPolicy(facade.NoRetries()))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// plantedToken is the client's token in the body fuzzers: letters and digits only, so it
// can reach an error message only inside one string of the body.
const plantedToken = "plantedSecretToken4f9c2a7b1e"

var errorStatuses = []int{400, 401, 403, 404, 405, 409, 413, 418, 422, 429, 500, 502, 503, 504}

var sentinelOf = map[int]error{
	400: facade.ErrValidation, 401: facade.ErrUnauthorized, 403: facade.ErrForbidden, 404: facade.ErrNotFound,
	409: facade.ErrConflict, 413: facade.ErrTooLarge, 422: facade.ErrValidation, 429: facade.ErrRateLimited,
	500: facade.ErrServer, 502: facade.ErrServer, 503: facade.ErrServer, 504: facade.ErrServer,
}

// jsonStrings lists every string (keys included) in the JSON values at the start of data,
// as far as they can be read.
func jsonStrings(data []byte) []string {
	var out []string
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		if s, ok := tok.(string); ok {
			out = append(out, s)
		}
	}
}

// FuzzErrorBody: whatever body comes with an error status, the client returns an
// *APIError for that status without panicking, takes "detail" as the server sent it, and
// never puts its own token in the message.
func FuzzErrorBody(f *testing.F) {
	f.Add(0, "application/json", []byte(`{"detail":"Not found."}`))
	f.Add(0, "application/json", []byte(`{"username":["taken"],"profile":{"bio":["too long"]},"non_field_errors":["x"]}`))
	f.Add(1, "application/json", []byte(`{"message":"Username cannot be changed after creation."}`))
	f.Add(3, "text/html", []byte(`<html><body>Not here</body></html>`))
	f.Add(9, "", []byte(`{"a":{"b":{"c":{"d":{"e":{"f":["deep"]}}}}}}`))
	f.Add(10, "application/problem+json", []byte(`{"detail":5,"message":null,"x":[1,2],"y":"one"}`))
	f.Add(2, "application/json", []byte(`{"detail":"a","detail":"b"}`))
	f.Add(4, "application/json", []byte(`[`+strings.Repeat(`{"a":`, 50)+`]`))

	ft := &fakeTransport{}
	c := fakeClient(f, ft)
	f.Fuzz(func(t *testing.T, which int, contentType string, body []byte) {
		status := errorStatuses[(which%len(errorStatuses)+len(errorStatuses))%len(errorStatuses)]
		ft.status, ft.contentType, ft.body = status, contentType, body
		_, err := c.Users.Get(t.Context(), "ada")
		var ae *facade.APIError
		if !errors.As(err, &ae) {
			t.Fatalf("status %d: want an *APIError, got %v", status, err)
		}
		if ae.StatusCode != status || ae.Method != http.MethodGet || ae.Path != "/v1/users/profiles/ada/" {
			t.Fatalf("status %d: got %d %s %s", status, ae.StatusCode, ae.Method, ae.Path)
		}
		if want, ok := sentinelOf[status]; ok && !errors.Is(err, want) {
			t.Fatalf("status %d: does not match %v", status, want)
		}
		if errors.Is(err, facade.ErrUnexpectedResponse) || errors.Is(err, facade.ErrInvalidArgument) {
			t.Fatalf("status %d: matches the wrong sentinel: %v", status, err)
		}
		if json.Valid(body) {
			var top map[string]json.RawMessage
			var detail string
			if json.Unmarshal(body, &top) == nil && json.Unmarshal(top["detail"], &detail) == nil && ae.Detail != detail {
				t.Fatalf("detail %q, want %q", ae.Detail, detail)
			}
		}
		msg := err.Error()
		if strings.Contains(msg, plantedToken) {
			for _, s := range jsonStrings(body) {
				if strings.Contains(s, plantedToken) {
					return // the server sent it back: its words, not a leak
				}
			}
			t.Fatalf("the error message shows the client's token")
		}
	})
}

// FuzzDecodeUser: any body answered 200 to a user request either decodes to what
// encoding/json makes of it (with an id and a username) or is ErrUnexpectedResponse,
// never a panic or a half-filled user; the same holds for a list of it.
func FuzzDecodeUser(f *testing.F) {
	for _, s := range []string{
		adaJSON, graceJSON, `{}`, `null`, `[]`, `{"id":"x","username":"y"}`, `{"id":"x","username":"y","profile":null}`,
		`{"id":"x","username":"y","profile":{"config":{"a":[1,{"b":null}]}}}`, `{"id":"x","username":"y","id":"z"}`,
		`{"ID":"x","Username":"y"}`, `{"id":"\u0078","username":"y\ud800"}`, `{"id":5}`, adaJSON[:40],
		`{"id":"x","username":"y","profile":{"config":[]}}`, `{"id":"x","username":"y","extra":{"nested":[1,2,3]}}`,
	} {
		f.Add([]byte(s))
	}
	ft := &fakeTransport{status: http.StatusOK, contentType: "application/json"}
	c := fakeClient(f, ft)
	f.Fuzz(func(t *testing.T, body []byte) {
		ft.body = body
		got, err := c.Users.Me(t.Context())
		var want facade.User
		ok := json.Unmarshal(body, &want) == nil && want.ID != "" && want.Username != ""
		checkDecoded(t, ok, &want, got, err)

		ft.body = append(append([]byte("["), body...), ']')
		gotList, err := c.Users.List(t.Context(), nil)
		var wantList []facade.User
		ok = json.Unmarshal(ft.body, &wantList) == nil
		for _, u := range wantList {
			ok = ok && u.ID != "" && u.Username != ""
		}
		checkDecoded(t, ok, wantList, gotList, err)
	})
}

// FuzzDecodeEmail is FuzzDecodeUser for e-mail addresses, which need an id and an address.
func FuzzDecodeEmail(f *testing.F) {
	for _, s := range []string{
		emailJSON, workEmailJSON, `{}`, `null`, `{"id":"x","address":"a"}`, `{"id":"x","address":"a","public":null}`,
		`{"id":"x","address":"a","public":"yes"}`, `{"id":"x","address":"a","public":true,"public":false}`,
		`{"Id":"x","ADDRESS":"a"}`, `{"id":"x","address":"a\n"}`, emailJSON[:30], `{"id":"x","address":"a","unsubscribed":1}`,
	} {
		f.Add([]byte(s))
	}
	ft := &fakeTransport{status: http.StatusOK, contentType: "application/json"}
	c := fakeClient(f, ft)
	f.Fuzz(func(t *testing.T, body []byte) {
		ft.body = body
		got, err := c.Emails.Get(t.Context(), "ada", emailID)
		var want facade.Email
		ok := json.Unmarshal(body, &want) == nil && want.ID != "" && want.Address != ""
		checkDecoded(t, ok, &want, got, err)

		ft.body = append(append([]byte("["), body...), ']')
		gotList, err := c.Emails.List(t.Context(), "ada", nil)
		var wantList []facade.Email
		ok = json.Unmarshal(ft.body, &wantList) == nil
		for _, e := range wantList {
			ok = ok && e.ID != "" && e.Address != ""
		}
		checkDecoded(t, ok, wantList, gotList, err)
	})
}

// checkDecoded holds a decode to encoding/json's: if the body is good (ok), the facade
// must give want; else it must fail with ErrUnexpectedResponse.
func checkDecoded(t *testing.T, ok bool, want, got any, err error) {
	t.Helper()
	if !ok {
		if !errors.Is(err, facade.ErrUnexpectedResponse) {
			t.Fatalf("a body encoding/json refuses gave %v, want ErrUnexpectedResponse", err)
		}
		return
	}
	if err != nil {
		t.Fatalf("a good body was refused: %v", err)
	}
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("decoded %#v, encoding/json gives %#v", got, want)
	}
}
