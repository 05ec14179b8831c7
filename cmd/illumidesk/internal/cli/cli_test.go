package cli

import (
	"net"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The command tree is tested end to end in cmd/illumidesk; these are the helpers whose
// edge cases a transcript would not show.

func TestHostKey(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"https://api.illumidesk.com", "https://api.illumidesk.com"},
		{"https://api.illumidesk.com/", "https://api.illumidesk.com"},
		{"HTTPS://API.IllumiDesk.com//", "https://api.illumidesk.com"},
		{"http://127.0.0.1:8080/prefix/", "http://127.0.0.1:8080/prefix"},
		{"http://127.0.0.1:8080/Prefix", "http://127.0.0.1:8080/Prefix"},
	} {
		assert.Equal(t, tc.want, hostKey(tc.in), tc.in)
	}
}

func TestUserConfigDir(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" || runtime.GOOS == "ios" || runtime.GOOS == "plan9" {
		t.Skip("the XDG rules apply to the other systems")
	}
	for _, tc := range []struct {
		name    string
		env     map[string]string
		want    string
		wantErr string
	}{
		{"XDG_CONFIG_HOME first", map[string]string{"XDG_CONFIG_HOME": "/x", "HOME": "/h"}, "/x", ""},
		{"else HOME/.config", map[string]string{"HOME": "/h"}, "/h/.config", ""},
		{"relative XDG_CONFIG_HOME", map[string]string{"XDG_CONFIG_HOME": "x", "HOME": "/h"}, "", "not an absolute path"},
		{"neither", map[string]string{}, "", "ILLUMIDESK_CONFIG_DIR"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := userConfigDir(func(k string) string { return tc.env[k] })
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, filepath.FromSlash(tc.want), got)
		})
	}
}

// TestSaveHosts checks that a stored login is private from its first byte, and that
// saving over a file keeps it so.
func TestSaveHosts(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "new", "illumidesk", configFile)
	h := &hosts{Hosts: map[string]login{"https://a.example": {Username: "ada", Token: "t1"}}}
	require.NoError(t, h.save(path))
	h.Hosts["https://b.example"] = login{Username: "bob", Token: "t2"}
	require.NoError(t, h.save(path))

	got, err := loadHosts(path)
	require.NoError(t, err)
	assert.Equal(t, h, got)
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file is left behind")
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(path)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	}

	require.NoError(t, os.WriteFile(path, []byte("{not json"), 0o600))
	_, err = loadHosts(path)
	require.ErrorContains(t, err, path, "a broken file is named in the error")
}

func TestSanitize(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{"tab\tand\nnewline\r", "tab and newline "},
		{"\x1b[31mred\x1b[0m", "\uFFFD[31mred\uFFFD[0m"},
		{"bell\a", "bell\uFFFD"},
		{"line\u2028sep", "line\uFFFDsep"},
		{"Zoë 山田", "Zoë 山田"},
	} {
		assert.Equal(t, tc.want, sanitize(tc.in), "%q", tc.in)
	}
}

func TestFieldOrder(t *testing.T) {
	t.Parallel()
	got := fieldOrder(map[string][]string{"username": nil, "non_field_errors": nil, "email": nil, "profile.bio": nil})
	assert.Equal(t, []string{"non_field_errors", "email", "profile.bio", "username"}, got)
}

func TestReachable(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		addr net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, "127.0.0.1:8080"},
		{&net.TCPAddr{IP: net.IPv4zero, Port: 8080}, "127.0.0.1:8080"},
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 8080}, "[::1]:8080"},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 9}, "[::1]:9"},
	} {
		assert.Equal(t, tc.want, reachable(tc.addr), tc.addr.String())
	}
}
