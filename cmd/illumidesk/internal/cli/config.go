package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// hosts is the stored logins, one per server, like gh's hosts.yml. The file holds
// tokens: it is written with mode 0600 in a directory made with mode 0700.
type hosts struct {
	Hosts map[string]login `json:"hosts"`
}

type login struct {
	Username string `json:"username"`
	Token    string `json:"token"`
}

const configFile = "config.json"

// configPath is where logins are stored: $ILLUMIDESK_CONFIG_DIR/config.json, else
// config.json in the illumidesk folder of the user's config directory. It reads the
// environment through env, so that tests never touch the real one.
func (a *app) configPath() (string, error) {
	if dir := a.env("ILLUMIDESK_CONFIG_DIR"); dir != "" {
		return filepath.Join(dir, configFile), nil
	}
	dir, err := userConfigDir(a.env)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "illumidesk", configFile), nil
}

// userConfigDir is os.UserConfigDir over env instead of the process's environment.
func userConfigDir(env func(string) string) (string, error) {
	var dir string
	switch runtime.GOOS {
	case "windows":
		dir = env("AppData")
		if dir == "" {
			return "", errors.New("finding the config directory: %AppData% is not set; set ILLUMIDESK_CONFIG_DIR")
		}
	case "darwin", "ios":
		dir = env("HOME")
		if dir == "" {
			return "", errors.New("finding the config directory: $HOME is not set; set ILLUMIDESK_CONFIG_DIR")
		}
		dir = filepath.Join(dir, "Library", "Application Support")
	case "plan9":
		dir = env("home")
		if dir == "" {
			return "", errors.New("finding the config directory: $home is not set; set ILLUMIDESK_CONFIG_DIR")
		}
		dir = filepath.Join(dir, "lib")
	default:
		dir = env("XDG_CONFIG_HOME")
		if dir == "" {
			dir = env("HOME")
			if dir == "" {
				return "", errors.New("finding the config directory: neither $XDG_CONFIG_HOME nor $HOME is set; set ILLUMIDESK_CONFIG_DIR")
			}
			dir = filepath.Join(dir, ".config")
		} else if !filepath.IsAbs(dir) {
			return "", errors.New("finding the config directory: $XDG_CONFIG_HOME is not an absolute path")
		}
	}
	return dir, nil
}

func loadHosts(path string) (*hosts, error) {
	h := &hosts{Hosts: map[string]login{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return h, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading stored logins: %w", err)
	}
	if err := json.Unmarshal(data, h); err != nil {
		return nil, fmt.Errorf("reading stored logins from %s: %w", path, err)
	}
	if h.Hosts == nil {
		h.Hosts = map[string]login{}
	}
	return h, nil
}

// save writes the logins to a new file that then replaces the old one, so that a crash
// never leaves half a file, and no other user can read it at any moment.
func (h *hosts) save(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("storing the login: %w", err)
	}
	data, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".config-*.json")
	if err != nil {
		return fmt.Errorf("storing the login: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // fails harmlessly once renamed
	if err := f.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		_ = f.Close()
		return fmt.Errorf("storing the login: %w", err)
	}
	if _, err := f.Write(append(data, '\n')); err != nil {
		_ = f.Close()
		return fmt.Errorf("storing the login: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("storing the login: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("storing the login: %w", err)
	}
	return nil
}

// hostKey is how a server is named in the stored logins: its URL with a lowercase scheme
// and host and no trailing slash, so that spellings of the same URL share a login.
func hostKey(server string) string {
	u, err := url.Parse(server)
	if err != nil {
		return strings.TrimRight(server, "/")
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u.String()
}
