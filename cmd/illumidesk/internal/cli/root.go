// Package cli is the illumidesk command tree. It runs in-process: [Execute] takes the
// arguments, streams and environment a process would have and returns its exit code, so
// tests drive exactly what users run.
package cli

import (
	"context"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/illumidesk/illumidesk-go/facade"
	"github.com/illumidesk/illumidesk-go/mock"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the API refused, the network failed, or a local file could not be used
	exitUsage = 2 // the command line was wrong
)

// defaultServer is the API used when neither --server nor ILLUMIDESK_URL names one.
const defaultServer = "https://api.illumidesk.com"

// Options is everything a run of the command needs from its process.
type Options struct {
	Args           []string
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Env looks up an environment variable, as os.Getenv does.
	Env func(string) string
	// NewMock makes the in-process server that --mock runs against, given the CLI's
	// options for it; mock.New when nil. Tests fix its clock and secret here, or hand
	// out one server to a series of runs.
	NewMock func(opts ...mock.Option) (*mock.Server, error)
}

// Execute runs the command line args and returns the process's exit code: 0 on success,
// 1 when the API or the network failed, 2 when the command line was wrong.
func Execute(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, env func(string) string) int {
	return Run(ctx, Options{Args: args, Stdin: stdin, Stdout: stdout, Stderr: stderr, Env: env})
}

// Run is [Execute] with every input in one struct.
func Run(ctx context.Context, o Options) int {
	if o.Env == nil {
		o.Env = func(string) string { return "" }
	}
	if o.Stdin == nil {
		o.Stdin = strings.NewReader("")
	}
	if o.NewMock == nil {
		o.NewMock = mock.New
	}
	a := &app{ctx: ctx, in: o.Stdin, out: o.Stdout, errOut: o.Stderr, env: o.Env, newMock: o.NewMock}
	root := a.newRootCmd()
	root.SetArgs(o.Args)
	cmd, err := root.ExecuteContextC(ctx)
	return a.report(cmd, err)
}

// app is one run of the command: its streams, its global flags and, once a command has
// asked for it, its API client.
type app struct {
	ctx     context.Context
	in      io.Reader
	out     io.Writer
	errOut  io.Writer
	env     func(string) string
	newMock func(opts ...mock.Option) (*mock.Server, error)

	// Global flags.
	server  string
	token   string
	output  string
	useMock bool

	client *facade.Client
}

func (a *app) newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "illumidesk",
		Short: "Manage IllumiDesk users from the command line",
		Long: `illumidesk manages the users of an IllumiDesk server: their profiles, e-mail
addresses, avatars, API keys and SSH keys.

Log in once with 'illumidesk login' (the token is kept in your config directory), or
set ILLUMIDESK_TOKEN. To try it without a server, add --mock: the command then runs
against a throwaway in-process server with demo data, logged in as its staff user.

Output is a table on a terminal and JSON otherwise; -o json or -o table chooses.

Environment:
  ILLUMIDESK_URL         the API's base URL, as --server
  ILLUMIDESK_TOKEN       the token to use, as --token
  ILLUMIDESK_CONFIG_DIR  where logins are stored (default: <user config dir>/illumidesk)

Exit status: 0 on success, 1 when the API or the network failed, 2 on a usage error.`,
		Example: `  # See the demo users, no setup needed
  illumidesk --mock users list

  # Log in, then look yourself up
  illumidesk login --server https://api.illumidesk.com
  illumidesk me

  # Add a public e-mail address to a user, as JSON
  illumidesk emails add alice alice@work.example --public -o json`,
		Version:       facade.Version,
		SilenceErrors: true,
		SilenceUsage:  true,
		// A bare "illumidesk" shows the help; a word that is not a command is a usage error.
		Args: groupArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
		PersistentPreRunE: func(*cobra.Command, []string) error {
			return a.checkGlobalFlags()
		},
	}
	// Set before the completion command is made: it keeps the writer it finds then.
	root.SetIn(a.in)
	root.SetOut(a.out)
	root.SetErr(a.errOut)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })

	pf := root.PersistentFlags()
	pf.StringVar(&a.server, "server", "", "the API's base `url` (env ILLUMIDESK_URL; default \""+defaultServer+"\")")
	pf.StringVar(&a.token, "token", "", "the API `token` to send (env ILLUMIDESK_TOKEN; default: the stored login for the server)")
	pf.StringVarP(&a.output, "output", "o", "", "output `format`: table or json (default: table on a terminal, json otherwise)")
	pf.BoolVar(&a.useMock, "mock", false, "run against a throwaway in-process server with demo data, as its staff user")
	_ = root.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"table", "json"}, cobra.ShellCompDirectiveNoFileComp))
	_ = root.RegisterFlagCompletionFunc("server", cobra.NoFileCompletions)
	_ = root.RegisterFlagCompletionFunc("token", cobra.NoFileCompletions)

	root.AddGroup(
		&cobra.Group{ID: "auth", Title: "Authentication:"},
		&cobra.Group{ID: "users", Title: "Users and their data:"},
		&cobra.Group{ID: "dev", Title: "Development:"},
	)
	root.AddCommand(
		a.loginCmd(), a.logoutCmd(), a.meCmd(),
		a.usersCmd(), a.emailsCmd(), a.avatarCmd(), a.apiKeyCmd(), a.sshKeyCmd(),
		a.mockCmd(),
	)
	// cobra's completion command would show its help for an unknown shell and succeed.
	root.InitDefaultCompletionCmd()
	if comp, _, err := root.Find([]string{"completion"}); err == nil && comp != root {
		comp.Args = groupArgs
		comp.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
	}
	return root
}

// checkGlobalFlags refuses global flags that cannot be right, before any work starts.
func (a *app) checkGlobalFlags() error {
	if a.useMock && (a.server != "" || a.token != "") {
		return usagef("--mock runs against its own server: leave out --server and --token")
	}
	switch a.output {
	case "", "table", "json":
		return nil
	}
	return usagef("unknown output format %q: use table or json", a.output)
}

// run wraps a command's work so that report can tell its failures (API, network, files)
// from cobra's own (unknown commands, bad flags, wrong arguments).
func (a *app) run(fn func(cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if err := fn(cmd, args); err != nil {
			return runError{err}
		}
		return nil
	}
}

// group makes a command that only holds subcommands.
func group(use, short, long, example, groupID string) *cobra.Command {
	return &cobra.Command{
		Use:     use,
		Short:   short,
		Long:    long,
		Example: example,
		GroupID: groupID,
		Args:    groupArgs,
		RunE:    func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
}
