package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/cmd/illumidesk/internal/cli"
	"github.com/illumidesk/illumidesk-go/mock"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ with the outputs of this run")

// step is one run of the command in a session: its command line (split like a shell
// would, see splitArgs), what it reads on stdin and the exit status it must end with.
//
// In args and env, {id:NAME} stands for the id of user NAME, {email:ADDRESS} for the id of
// that e-mail address, {tmp} for the session's temporary directory and {server} for the
// URL of the session's mock served on loopback.
type step struct {
	args  string
	stdin string
	code  int
	env   map[string]string
}

// session is a mock server with demo data and a config directory that a series of steps
// share, and the transcript of what they printed.
type session struct {
	t      *testing.T
	srv    *mock.Server
	url    string // the same mock, served on 127.0.0.1 for steps that use --server
	tmp    string
	config string // XDG_CONFIG_HOME of the steps

	ids        map[string]string // every id seen so far, to the placeholder it prints as
	transcript strings.Builder
}

// fixedNow is the mock's clock in every test, so that its tokens do not depend on the day.
var fixedNow = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

func newSession(t *testing.T) *session {
	t.Helper()
	srv, err := mock.New(
		mock.WithBaseURL("http://mock.invalid"), // as the CLI's --mock sets it
		mock.WithClock(func() time.Time { return fixedNow }),
		mock.WithSecret([]byte("cli-test-secret")),
		mock.WithPassword("demo-password"),
		mock.WithSSHKeyType(mock.SSHKeyEd25519), // RSA keys are slow under -race
	)
	require.NoError(t, err)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	tmp := t.TempDir()
	s := &session{t: t, srv: srv, url: ts.URL, tmp: tmp, config: filepath.Join(tmp, "config"), ids: map[string]string{}}
	s.learnIDs()
	return s
}

// learnIDs records the placeholders of the ids in the store now: a user's stays (even once
// the user is deleted), an e-mail address's follows the address when it is replaced.
func (s *session) learnIDs() {
	snap := s.srv.Snapshot()
	for _, u := range snap.Users {
		if _, ok := s.ids[u.ID]; !ok {
			s.ids[u.ID] = "{id:" + u.Username + "}"
		}
	}
	for _, e := range snap.Emails {
		s.ids[e.ID] = "{email:" + e.Address + "}"
	}
}

// expand replaces the placeholders in a step's arguments with what they stand for.
func (s *session) expand(arg string) string {
	snap := s.srv.Snapshot()
	return placeholder.ReplaceAllStringFunc(arg, func(m string) string {
		kind, name, _ := strings.Cut(m[1:len(m)-1], ":")
		switch kind {
		case "tmp":
			return s.tmp
		case "server":
			return s.url
		case "id":
			for _, u := range snap.Users {
				if u.Username == name && u.Active {
					return u.ID
				}
			}
		case "email":
			for _, e := range snap.Emails {
				if e.Address == name {
					return e.ID
				}
			}
		}
		s.t.Fatalf("no value for placeholder %s", m)
		return ""
	})
}

var placeholder = regexp.MustCompile(`\{(tmp|server|id:[^}]+|email:[^}]+)\}`)

// run runs one step in-process and adds it to the transcript.
func (s *session) run(st step) {
	s.t.Helper()
	args := splitArgs(s.t, st.args)
	for i := range args {
		args[i] = s.expand(args[i])
	}
	env := map[string]string{"XDG_CONFIG_HOME": s.config, "HOME": s.tmp}
	for k, v := range st.env {
		env[k] = s.expand(v)
	}
	var stdout, stderr bytes.Buffer
	code := cli.Run(s.t.Context(), cli.Options{
		Args:   args,
		Stdin:  strings.NewReader(st.stdin),
		Stdout: &stdout,
		Stderr: &stderr,
		Env:    func(k string) string { return env[k] },
		NewMock: func(...mock.Option) (*mock.Server, error) {
			return s.srv, nil
		},
	})
	s.learnIDs()

	if !strings.Contains(st.args, "api-key") {
		assert.NotRegexp(s.t, jwtRE, stdout.String()+stderr.String(), "illumidesk %s printed a token", st.args)
	}
	out, errOut := s.normalize(stdout.Bytes()), s.normalize(stderr.Bytes())
	assert.Equal(s.t, st.code, code, "exit status of illumidesk %s\nstdout:\n%s\nstderr:\n%s", st.args, out, errOut)
	fmt.Fprintf(&s.transcript, "$ illumidesk %s\n", s.normalize([]byte(st.args)))
	for _, k := range slices.Sorted(maps.Keys(st.env)) {
		fmt.Fprintf(&s.transcript, "  (env %s=%s)\n", k, s.normalize([]byte(st.env[k])))
	}
	if st.stdin != "" {
		fmt.Fprintf(&s.transcript, "  (stdin: %s)\n", describe([]byte(st.stdin)))
	}
	fmt.Fprintf(&s.transcript, "--- exit %d\n", code)
	if out != "" {
		fmt.Fprintf(&s.transcript, "--- stdout\n%s", withNewline(out))
	}
	if errOut != "" {
		fmt.Fprintf(&s.transcript, "--- stderr\n%s", withNewline(errOut))
	}
	s.transcript.WriteString("\n")
}

var (
	jwtRE    = regexp.MustCompile(`eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+`)
	sshKeyRE = regexp.MustCompile(`(ssh-(?:ed25519|rsa)) AAAA[A-Za-z0-9+/=]+`)
)

// normalize makes an output the same on every run: ids become placeholders, tokens and
// keys (random or time-dependent) become {token} and {ssh-key}, and an image becomes a
// description of it.
func (s *session) normalize(b []byte) string {
	if !utf8.Valid(b) {
		return "{binary: " + describe(b) + "}\n"
	}
	out := string(b)
	out = strings.ReplaceAll(out, s.tmp, "{tmp}")
	out = strings.ReplaceAll(out, s.url, "{server}")
	for id, name := range s.ids {
		out = strings.ReplaceAll(out, id, name)
	}
	out = jwtRE.ReplaceAllString(out, "{token}")
	out = sshKeyRE.ReplaceAllString(out, "$1 {ssh-key}")
	return out
}

func describe(b []byte) string {
	if utf8.Valid(b) {
		return fmt.Sprintf("%q", b)
	}
	return fmt.Sprintf("%d bytes of %s", len(b), http.DetectContentType(b))
}

// golden compares the session's transcript with testdata/NAME.golden, or rewrites that
// file with -update.
func (s *session) golden(name string) {
	s.t.Helper()
	checkGolden(s.t, name, s.transcript.String())
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run 'go test ./cmd/illumidesk -update' to create the golden file")
	assert.Equal(t, string(want), got, "output differs from %s; if the change is intended, run 'go test ./cmd/illumidesk -update' and review the diff", path)
}

// splitArgs splits a command line as a shell would, for the quoting the tests use:
// words separated by spaces, and '...' or "..." quoting, with no escapes.
func splitArgs(t *testing.T, line string) []string {
	t.Helper()
	var args []string
	var cur strings.Builder
	inWord := false
	var quote rune
	for _, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ':
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	require.Zero(t, quote, "unterminated quote in %q", line)
	if inWord {
		args = append(args, cur.String())
	}
	return args
}

func withNewline(s string) string {
	if strings.HasSuffix(s, "\n") {
		return s
	}
	return s + "\n"
}

// testPNG is a small image to upload as an avatar, drawn here so that no binary file
// lives in testdata.
var testPNG = sync.OnceValue(func() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for y := range 8 {
		for x := range 8 {
			img.Set(x, y, color.RGBA{R: uint8(x * 32), G: 200, B: uint8(y * 32), A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err)
	}
	return buf.Bytes()
})
