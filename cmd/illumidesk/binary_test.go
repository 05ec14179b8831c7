package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBinary builds the command and runs it as a user would, with a home and config
// directory of its own so that the real ones are never read or written.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	t.Parallel()
	dir := t.TempDir()
	bin := filepath.Join(dir, "illumidesk")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	build := exec.CommandContext(t.Context(), "go", "build", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)

	home := filepath.Join(dir, "home")
	require.NoError(t, os.MkdirAll(home, 0o700))
	env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "AppData=" + home}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(k, "ILLUMIDESK_"), k == "HOME", k == "XDG_CONFIG_HOME", k == "AppData":
		default:
			env = append(env, kv)
		}
	}
	run := func(stdin string, args ...string) (string, string, int) {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), bin, args...)
		cmd.Env = env
		cmd.Stdin = strings.NewReader(stdin)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			code = exitErr.ExitCode()
		} else {
			require.NoError(t, err)
		}
		return stdout.String(), stderr.String(), code
	}

	t.Run("help", func(t *testing.T) {
		stdout, _, code := run("", "--help")
		assert.Equal(t, 0, code)
		assert.Contains(t, stdout, "illumidesk --mock users list")
		assert.Contains(t, stdout, "Users and their data:")
	})

	t.Run("mock users list", func(t *testing.T) {
		stdout, stderr, code := run("", "--mock", "users", "list")
		require.Equal(t, 0, code, stderr)
		var users []struct {
			Username string `json:"username"`
		}
		require.NoError(t, json.Unmarshal([]byte(stdout), &users), "piped output is JSON")
		var names []string
		for _, u := range users {
			names = append(names, u.Username)
		}
		assert.Equal(t, []string{"admin", "ada", "grace", "alan"}, names)
	})

	t.Run("usage error", func(t *testing.T) {
		stdout, stderr, code := run("", "users", "get")
		assert.Equal(t, 2, code)
		assert.Empty(t, stdout)
		assert.Equal(t, "illumidesk users get: missing USER\nRun 'illumidesk users get --help' for usage.\n", stderr)
	})

	t.Run("login and logout against mock serve", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("stops the server with SIGINT")
		}
		serve := exec.CommandContext(t.Context(), bin, "mock", "serve", "--addr", "127.0.0.1:0", "--password", "s3cret")
		serve.Env = env
		var serveErr lockedBuffer
		serve.Stderr = &serveErr
		pipe, err := serve.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, serve.Start())
		exited := make(chan error, 1)
		stopped := false
		t.Cleanup(func() {
			if !stopped {
				_ = serve.Process.Kill()
				if err := <-exited; err != nil {
					t.Logf("mock serve: %v", err)
				}
			}
		})

		// Read the banner up to its last line, then keep draining stdout.
		var banner strings.Builder
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			banner.WriteString(sc.Text() + "\n")
			if strings.HasPrefix(sc.Text(), "Press Ctrl-C") {
				break
			}
		}
		go func() { _, _ = io.Copy(io.Discard, pipe); exited <- serve.Wait() }()
		m := baseURLRE.FindStringSubmatch(banner.String())
		require.NotNil(t, m, "banner: %s\nstderr: %s", banner.String(), serveErr.String())
		url := m[1]

		_, stderr, code := run("s3cret\n", "login", "--server", url, "--username", "admin", "--password-stdin")
		require.Equal(t, 0, code, stderr)
		assert.Equal(t, "Logged in to "+url+" as admin.\n", stderr)
		fi, err := os.Stat(filepath.Join(home, ".config", "illumidesk", "config.json"))
		require.NoError(t, err, "the login is stored under XDG_CONFIG_HOME")
		assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())

		stdout, stderr, code := run("", "me", "--server", url)
		require.Equal(t, 0, code, stderr)
		assert.Contains(t, stdout, `"username": "admin"`)

		_, stderr, code = run("", "logout", "--server", url)
		require.Equal(t, 0, code, stderr)
		_, stderr, code = run("", "me", "--server", url)
		assert.Equal(t, 1, code)
		assert.Contains(t, stderr, "not logged in to "+url)

		require.NoError(t, serve.Process.Signal(os.Interrupt))
		select {
		case err := <-exited:
			stopped = true
			require.NoError(t, err, "mock serve exits 0 on SIGINT; stderr: %s", serveErr.String())
		case <-time.After(10 * time.Second):
			t.Fatal("mock serve did not stop on SIGINT")
		}
		assert.Contains(t, serveErr.String(), "POST /auth/jwt-token-auth/ 201")
		assert.Contains(t, serveErr.String(), "Mock server stopped.")
	})
}
