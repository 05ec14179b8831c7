package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/illumidesk/illumidesk-go/cmd/illumidesk/internal/cli"
	"github.com/illumidesk/illumidesk-go/facade"
)

// Each test below runs a session of steps in-process against a mock with demo data and
// compares the transcript with its golden file. Steps with --mock go through the CLI's
// in-process transport; the others reach the same mock over loopback with --server.

func TestRead(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	for _, st := range []step{
		{args: "--mock users list"},
		{args: "--mock users list -o table"},
		{args: "--mock users list --limit 2 --offset 1 --ordering -username -o table"},
		{args: "--mock users list --email grace@example.com -o table"},
		{args: "--mock users list --username nobody -o table"},
		{args: "--mock users list --username nobody"},
		{args: "--mock users list --all --page-size 3 --ordering username -o table"},
		{args: "--mock users list --all --page-size 2 --offset 1 --ordering username"},
		{args: "--mock users get ada -o table"},
		{args: "--mock users get ada -o json"},
		{args: "--mock users get {id:grace} -o table"},
		{args: "--mock me -o table"},
		{args: "--mock me"},
		{args: "--mock emails list ada -o table"},
		{args: "--mock emails list ada --ordering address"},
		{args: "--mock emails list ada --all --page-size 1 -o table"},
		{args: "--mock emails get ada {email:ada@engines.example.org} -o table"},
		{args: "--mock emails get ada {email:ada@engines.example.org}"},
		{args: "--mock avatar get ada"},
		{args: "--mock avatar get ada -o -"},
		{args: "--mock avatar get ada -o {tmp}/ada.png"},
		{args: "--mock api-key ada"},
		{args: "--mock api-key ada -o json"},
		{args: "--mock ssh-key get ada"},
		{args: "--mock ssh-key get ada -o json"},
		{args: "--mock ssh-key get grace"},
		{args: "--mock ssh-key get grace -o json"},
	} {
		s.run(st)
	}
	s.golden("read")

	saved, err := os.ReadFile(filepath.Join(s.tmp, "ada.png"))
	require.NoError(t, err)
	assert.Len(t, saved, s.srv.Snapshot().Users[1].Avatar.Size, "the saved avatar is the stored image")
}

func TestWrite(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	require.NoError(t, os.WriteFile(filepath.Join(s.tmp, "carol.png"), testPNG(), 0o600))
	for _, st := range []step{
		{args: "--mock users create carol --email carol@example.com --first-name Carol --last-name Shaw --bio Hello --config '{\"theme\":\"light\"}' --password-stdin -o table", stdin: "carol-password\n"},
		{args: "--mock users get carol"},
		{args: "--mock users update carol --bio '' --clear url,company --location Paris --timezone Europe/Paris -o table"},
	} {
		s.run(st)
	}
	// The output shows an empty and an unset field alike; the store tells them apart.
	carol := s.srv.Snapshot().Users[4]
	require.Equal(t, "carol", carol.Username)
	assert.Equal(t, facade.Ptr(""), carol.Bio, "--bio '' stores an empty bio")
	assert.Nil(t, carol.URL, "--clear url unsets it")
	assert.Nil(t, carol.Company)
	assert.Equal(t, facade.Ptr("Paris"), carol.Location)

	for _, st := range []step{
		{args: "--mock users update carol --clear bio --clear location --last-name Brown --email carol.brown@example.com"},
		{args: "--mock users update carol --password-stdin -o table", stdin: "new-password\n"},
		{args: "--mock emails add carol carol@work.example --public -o table"},
		{args: "--mock emails add carol carol@home.example"},
		{args: "--mock emails list carol --ordering address -o table"},
		{args: "--mock emails update carol {email:carol@work.example} --unsubscribed=false -o table"},
		// Staff see only the public addresses of others: carol@home.example is not listed,
		// and a replaced address stays visible only if it stays public.
		{args: "--mock emails replace carol {email:carol@work.example} carol@office.example --public -o table"},
		{args: "--mock emails get carol {email:carol@office.example}"},
		{args: "--mock emails delete carol {email:carol@office.example}"},
		{args: "--mock emails list carol --ordering address -o table"},
		{args: "--mock avatar set carol {tmp}/carol.png -o table"},
		{args: "--mock avatar get carol -o {tmp}/carol-copy.png"},
		{args: "--mock avatar update carol - -o json", stdin: string(testPNG())},
		{args: "--mock avatar delete carol"},
		{args: "--mock avatar get carol", code: 1},
		{args: "--mock ssh-key reset carol"},
		{args: "--mock ssh-key reset carol -o json"},
		{args: "--mock users delete carol"},
		{args: "--mock users get carol", code: 1},
	} {
		s.run(st)
	}
	s.golden("write")

	// The in-process server saw the changes, including the password the CLI read.
	copied, err := os.ReadFile(filepath.Join(s.tmp, "carol-copy.png"))
	require.NoError(t, err)
	assert.Equal(t, testPNG(), copied)
	carol = s.srv.Snapshot().Users[4]
	assert.Nil(t, carol.Bio)
	assert.False(t, carol.Active)
	assert.Equal(t, 2, carol.PasswordVersion, "created with a password, then changed once")
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	for _, args := range []string{
		"bogus",
		"users bogus",
		"users lst",
		"users get",
		"users get ada grace",
		"users list --bogus",
		"users list --limit",
		"users list --limit ten",
		"--output yaml --mock users list",
		"--mock --server {server} users list",
		"--mock users list --limit 0",
		"--mock users list --limit 1001",
		"--mock users list --offset -1",
		"--mock users list --all --limit 5",
		"--mock users list --page-size 5",
		"--mock users get a/b",
		"--mock users get ..",
		"--mock users create dave",
		"--mock users create dave --email dave@example.com",
		"--mock users update ada",
		"--mock users update ada --bio x --clear bio",
		"--mock users update ada --clear name",
		"--mock users update ada --config '[1,2]'",
		"--mock users delete",
		"--mock emails list",
		"--mock emails get ada not-an-id",
		"--mock emails add ada",
		"--mock emails replace ada {email:ada@engines.example.org}",
		"--mock emails update ada {email:ada@engines.example.org}",
		"--mock emails update ada {email:ada@engines.example.org} --public=maybe",
		"--mock emails delete ada",
		"--mock avatar get",
		"--mock avatar set ada",
		"--mock avatar set ada {tmp}/missing.png",
		"--mock api-key",
		"--mock ssh-key get",
		"--mock ssh-key reset ada grace",
		"--mock ssh-key bogus",
		"--mock login",
		"--mock logout",
		"login",
		"login --username ada",
		"login --username ada --password-stdin",
		"--server http://api.example.com users list",
		"--server api.example.com users list",
		"--server api.example.com login -u ada --password-stdin",
		"--token 'two words' --server {server} me",
		"--mock mock serve",
		"mock serve extra",
		"completion klingon",
	} {
		s.run(step{args: args, code: 2})
	}
	s.golden("usage-errors")
}

func TestAPIErrors(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	alan, err := s.srv.TokenFor("alan")
	require.NoError(t, err)
	for _, st := range []step{
		{args: "--mock users get nobody"},
		{args: "--mock users create ada --email someone@example.com --password-stdin", stdin: "pw\n"},
		{args: "--mock users create 'bad name' --email not-an-address --password-stdin", stdin: "pw\n"},
		{args: "--mock users update ada --email grace@example.com"},
		{args: "--mock users update ada --timezone 'a time zone far longer than twenty characters'"},
		{args: "--mock emails add ada grace@example.com"},
		{args: "--mock emails get ada 00000000-0000-4000-8000-000000000000"},
		{args: "--mock avatar get grace"},
		{args: "--mock avatar delete grace"},
		{args: "--mock users delete nobody"},
		// Over loopback, as a user who is not staff, with a bad token, and with none.
		{args: "--server {server} api-key ada", env: map[string]string{"ILLUMIDESK_TOKEN": alan}},
		{args: "--server {server} users update ada --bio hi", env: map[string]string{"ILLUMIDESK_TOKEN": alan}},
		{args: "--server {server} emails get ada {email:ada@example.com}", env: map[string]string{"ILLUMIDESK_TOKEN": alan}},
		{args: "--server {server} users create zed --email zed@example.com --password-stdin", stdin: "pw\n", env: map[string]string{"ILLUMIDESK_TOKEN": alan}},
		{args: "--server {server} --token not.a.token me"},
		{args: "--server {server} me"},
		{args: "--server http://127.0.0.1:1 --token x me"},
		{args: "--server {server} login --username ada --password-stdin", stdin: "wrong-password\n"},
		{args: "--server {server} logout"},
	} {
		st.code = 1
		s.run(st)
	}
	s.golden("api-errors")
}

func TestAvatarRefusals(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	require.NoError(t, os.WriteFile(filepath.Join(s.tmp, "notes.txt"), []byte("not an image"), 0o600))
	big := append(testPNG(), make([]byte, 3<<20)...)
	require.NoError(t, os.WriteFile(filepath.Join(s.tmp, "big.png"), big, 0o600))
	for _, st := range []step{
		{args: "--mock avatar set ada {tmp}/notes.txt", code: 2},
		{args: "--mock avatar update ada {tmp}/big.png", code: 2},
		{args: "--mock avatar update ada -", stdin: "", code: 2},
	} {
		s.run(st)
	}
	s.golden("avatar-refusals")
	assert.NotNil(t, s.srv.Snapshot().Users[1].Avatar, "ada keeps her avatar")
}

// TestAuth logs in over loopback, uses the stored token, and logs out; the login lands in
// a config file that only its owner can read.
func TestAuth(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	grace, err := s.srv.TokenFor("grace")
	require.NoError(t, err)
	steps := []step{
		{args: "--server {server} login --username ada --password-stdin", stdin: "demo-password\n"},
		{args: "--server {server}/ me -o table"},
		{args: "me -o table", env: map[string]string{"ILLUMIDESK_URL": "{server}"}},
		{args: "--server {server} me -o table", env: map[string]string{"ILLUMIDESK_TOKEN": grace}},
		{args: "--server {server} --token " + grace + " me -o table", env: map[string]string{"ILLUMIDESK_TOKEN": "ignored"}},
		{args: "--server {server} ssh-key get ada"},
		{args: "--server {server} ssh-key get grace", code: 1},
	}
	for _, st := range steps {
		s.run(st)
	}

	path := filepath.Join(s.config, "illumidesk", "config.json")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var stored struct {
		Hosts map[string]struct {
			Username string `json:"username"`
			Token    string `json:"token"`
		} `json:"hosts"`
	}
	require.NoError(t, json.Unmarshal(data, &stored))
	require.Contains(t, stored.Hosts, s.url, "keyed by the server's URL without a trailing slash")
	assert.Equal(t, "ada", stored.Hosts[s.url].Username)
	assert.Regexp(t, jwtRE, stored.Hosts[s.url].Token)
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(path)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
		di, err := os.Stat(filepath.Dir(path))
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o700), di.Mode().Perm())
	}

	for _, st := range []step{
		{args: "--server {server} logout"},
		{args: "--server {server} me", code: 1},
		{args: "--server {server} logout", code: 1},
		// ILLUMIDESK_CONFIG_DIR moves the stored logins.
		{args: "--server {server} login -u grace --password-stdin", stdin: "demo-password\n", env: map[string]string{"ILLUMIDESK_CONFIG_DIR": "{tmp}/elsewhere"}},
		{args: "--server {server} me -o table", env: map[string]string{"ILLUMIDESK_CONFIG_DIR": "{tmp}/elsewhere"}},
		{args: "--server {server} me", code: 1},
	} {
		s.run(st)
	}
	assert.FileExists(t, filepath.Join(s.tmp, "elsewhere", "config.json"))
	s.golden("auth")
}

func TestCompletion(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	for _, args := range []string{
		"__complete us",
		"__complete users ''",
		"__complete --mock users get a",
		"__complete --mock emails get ada ''",
		"__complete --mock users list --ordering ''",
		"__complete --mock users update ada --clear ''",
		"__complete -o ''",
		"__complete --mock avatar set ada ''",
	} {
		s.run(step{args: args})
	}
	s.golden("completion")

	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		var out, errOut strings.Builder
		code := cli.Run(t.Context(), cli.Options{Args: []string{"completion", shell}, Stdout: &out, Stderr: &errOut})
		assert.Equal(t, 0, code, errOut.String())
		assert.Contains(t, out.String(), "illumidesk", shell)
		assert.Empty(t, errOut.String())
	}
}

// TestHelp prints the help of every command into one golden file, so that a review sees
// the whole CLI as a user does, and checks that each command has a description and
// examples, and that the tests run every command.
func TestHelp(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	var leaves []string
	var walk func(path string)
	walk = func(path string) {
		var out strings.Builder
		code := cli.Run(t.Context(), cli.Options{
			Args:   append(strings.Fields(path), "--help"),
			Stdout: &out, Stderr: &out,
		})
		require.Equal(t, 0, code, path)
		help := out.String()
		s.transcript.WriteString("$ illumidesk " + strings.TrimSpace(path+" --help") + "\n" + help + "\n")
		if path != "" && !strings.HasPrefix(path, "completion") {
			assert.Contains(t, help, "Examples:", "%q has no examples", path)
		}
		subs := subcommands(help)
		if len(subs) == 0 {
			leaves = append(leaves, path)
		}
		for _, sub := range subs {
			if sub != "help" && sub != "completion" {
				walk(strings.TrimSpace(path + " " + sub))
			}
		}
	}
	walk("")
	s.golden("help")

	// Every leaf command appears in some test's steps.
	tests, err := os.ReadFile("cli_test.go")
	require.NoError(t, err)
	for _, leaf := range leaves {
		assert.Regexp(t, `"(--mock |--server \{server\} |__complete )?`+regexp.QuoteMeta(leaf)+`\b`, string(tests), "no test runs %q", leaf)
	}
	assert.Len(t, leaves, 22, "the leaf commands: %q", leaves)
}

// subcommands reads the command names listed in a help text.
func subcommands(help string) []string {
	var out []string
	inList := false
	sc := bufio.NewScanner(strings.NewReader(help))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasSuffix(line, "Commands:") || line == "Authentication:" || line == "Users and their data:" || line == "Development:":
			inList = true
		case inList && strings.HasPrefix(line, "  "):
			out = append(out, strings.Fields(line)[0])
		default:
			inList = false
		}
	}
	return out
}

var (
	baseURLRE = regexp.MustCompile(`(?m)^  Base URL: +(http://127\.0\.0\.1:\d+)$`)
	tokenRE   = regexp.MustCompile(`(?m)^  Staff token: +(\S+)$`)
)

// lockedBuffer is a buffer that one goroutine writes while another reads.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestMockServe runs 'mock serve' in-process on a free loopback port, uses the URL and
// token it prints, and stops it as a signal would, by cancelling its context.
func TestMockServe(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stdout, stderr lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- cli.Run(ctx, cli.Options{
			Args:   []string{"mock", "serve", "--addr", "127.0.0.1:0", "--password", "pw"},
			Stdout: &stdout, Stderr: &stderr,
		})
	}()
	require.Eventually(t, func() bool { return strings.Contains(stdout.String(), "Press Ctrl-C") }, 10*time.Second, 10*time.Millisecond,
		"mock serve printed: %s%s", stdout.String(), stderr.String())
	banner := stdout.String()
	url := baseURLRE.FindStringSubmatch(banner)
	tok := tokenRE.FindStringSubmatch(banner)
	require.NotNil(t, url, banner)
	require.NotNil(t, tok, banner)

	var out, errOut strings.Builder
	code := cli.Run(t.Context(), cli.Options{
		Args:   []string{"users", "list", "-o", "table"},
		Stdout: &out, Stderr: &errOut,
		Env: func(k string) string {
			return map[string]string{"ILLUMIDESK_URL": url[1], "ILLUMIDESK_TOKEN": tok[1]}[k]
		},
	})
	require.Equal(t, 0, code, errOut.String())
	assert.Contains(t, out.String(), "Ada Lovelace")

	cancel()
	select {
	case code := <-done:
		assert.Equal(t, 0, code, stderr.String())
	case <-time.After(10 * time.Second):
		t.Fatal("mock serve did not stop")
	}
	assert.Regexp(t, `GET /v1/users/profiles/ 200`, stderr.String(), "each request is logged")
	assert.Contains(t, stderr.String(), "Mock server stopped.")

	banner = strings.ReplaceAll(banner, url[1], "{server}")
	banner = strings.ReplaceAll(banner, tok[1], "{token}")
	checkGolden(t, "mock-serve", banner)
}
