package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

func (a *app) loginCmd() *cobra.Command {
	var username string
	var passwordStdin bool
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Log in to a server and store its token",
		Long: `Log in with a username and password, and store the token the server gives back
in config.json in your config directory (readable by you alone), under the server's
URL. Later commands against the same server use it until you log out or it expires
after 30 days. ILLUMIDESK_TOKEN and --token take precedence over a stored login.

On a terminal you are asked for what the flags do not give; the password is not
echoed. In a script, pass --username and pipe the password to --password-stdin.`,
		Example: `  illumidesk login
  illumidesk login --server http://127.0.0.1:8080 --username admin
  printf '%s\n' "$PASSWORD" | illumidesk login --username alice --password-stdin`,
		GroupID: "auth",
		Args:    argNames(),
		RunE: a.run(func(cmd *cobra.Command, _ []string) error {
			if a.useMock {
				return usagef("--mock needs no login: it runs as the mock's staff user")
			}
			server := a.serverURL()
			c, err := a.anonymous(server) // a server URL that cannot work fails before the prompts
			if err != nil {
				return err
			}
			if username == "" {
				if _, ok := a.stdinTerminal(); !ok {
					return usagef("--username is required when stdin is not a terminal")
				}
				if username, err = a.readLine("Username: "); err != nil {
					return err
				}
				if username == "" {
					return usagef("empty username")
				}
			}
			pw, err := a.password(passwordStdin, false)
			if err != nil {
				return err
			}
			tok, err := c.Auth.Login(cmd.Context(), username, pw)
			if err != nil {
				return err
			}
			path, err := a.configPath()
			if err != nil {
				return err
			}
			h, err := loadHosts(path)
			if err != nil {
				return err
			}
			h.Hosts[hostKey(server)] = login{Username: username, Token: tok}
			if err := h.save(path); err != nil {
				return err
			}
			fmt.Fprintf(a.errOut, "Logged in to %s as %s.\n", hostKey(server), username)
			return nil
		}),
	}
	f := cmd.Flags()
	f.StringVarP(&username, "username", "u", "", "the `username` to log in as")
	f.BoolVar(&passwordStdin, "password-stdin", false, "read the password from the first line of stdin")
	_ = cmd.RegisterFlagCompletionFunc("username", cobra.NoFileCompletions)
	return cmd
}

func (a *app) logoutCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "logout",
		Short: "Forget the stored token of a server",
		Long: `Remove the login stored for the server (--server, ILLUMIDESK_URL or the default)
from your config directory. The token itself stays valid until it expires.`,
		Example: `  illumidesk logout
  illumidesk logout --server http://127.0.0.1:8080`,
		GroupID: "auth",
		Args:    argNames(),
		RunE: a.run(func(*cobra.Command, []string) error {
			if a.useMock {
				return usagef("--mock has no stored login")
			}
			server := hostKey(a.serverURL())
			path, err := a.configPath()
			if err != nil {
				return err
			}
			h, err := loadHosts(path)
			if err != nil {
				return err
			}
			l, ok := h.Hosts[server]
			if !ok {
				return fmt.Errorf("not logged in to %s", server)
			}
			delete(h.Hosts, server)
			if err := h.save(path); err != nil {
				return err
			}
			fmt.Fprintf(a.errOut, "Logged out of %s (was %s).\n", server, l.Username)
			return nil
		}),
	}
}

func (a *app) meCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "me",
		Short: "Show the user you are logged in as",
		Long:  `Show the account that the token in use belongs to, with its profile.`,
		Example: `  illumidesk me
  illumidesk --mock me -o json`,
		GroupID: "auth",
		Args:    argNames(),
		RunE: a.run(func(cmd *cobra.Command, _ []string) error {
			c, err := a.api()
			if err != nil {
				return err
			}
			u, err := c.Users.Me(cmd.Context())
			if err != nil {
				return err
			}
			return a.printUser(u)
		}),
	}
}
