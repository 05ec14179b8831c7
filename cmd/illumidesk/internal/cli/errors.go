package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/illumidesk/illumidesk-go/facade"
)

// usageError is a mistake on the command line: exit status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// runError marks an error returned by a command's own work, as opposed to one from
// cobra's parsing of the command line.
type runError struct{ err error }

func (e runError) Error() string { return e.err.Error() }
func (e runError) Unwrap() error { return e.err }

// notLoggedInError is returned before any request when no token is known for the server.
type notLoggedInError struct{ server string }

func (e notLoggedInError) Error() string {
	return fmt.Sprintf("not logged in to %s: run 'illumidesk login', set ILLUMIDESK_TOKEN, or try --mock", e.server)
}

// isUsage tells whether err is the user's mistake on the command line.
func isUsage(err error) bool {
	var re runError
	if !errors.As(err, &re) {
		return true // cobra's: unknown command or flag, wrong number of arguments
	}
	var ue usageError
	return errors.As(err, &ue) ||
		errors.Is(err, facade.ErrInvalidArgument) || // refused by the client before sending
		errors.Is(err, facade.ErrInsecureTransport)
}

// report prints err, if any, to stderr and returns the exit status for it.
func (a *app) report(cmd *cobra.Command, err error) int {
	if err == nil {
		return exitOK
	}
	if isUsage(err) {
		path := "illumidesk"
		if cmd != nil {
			path = cmd.CommandPath()
		}
		fmt.Fprintf(a.errOut, "%s: %s\n", path, trimPrefix(err.Error()))
		fmt.Fprintf(a.errOut, "Run '%s --help' for usage.\n", path)
		return exitUsage
	}
	printError(a.errOut, err)
	return exitError
}

// printError writes err in one line, then the server's complaints about each field on
// lines of their own.
func printError(w io.Writer, err error) {
	var apiErr *facade.APIError
	switch {
	case errors.As(err, &apiErr):
		fmt.Fprintf(w, "illumidesk: %s %s: %d %s", apiErr.Method, apiErr.Path, apiErr.StatusCode, http.StatusText(apiErr.StatusCode))
		for _, s := range []string{apiErr.Detail, apiErr.Message} {
			if s != "" {
				fmt.Fprintf(w, ": %s", oneLine(s))
			}
		}
		if apiErr.RetryAfter > 0 {
			fmt.Fprintf(w, " (retry after %v)", apiErr.RetryAfter)
		}
		fmt.Fprintln(w)
		for _, k := range fieldOrder(apiErr.Fields) {
			fmt.Fprintf(w, "  %s: %s\n", k, oneLine(strings.Join(apiErr.Fields[k], " ")))
		}
		if apiErr.StatusCode == http.StatusUnauthorized {
			fmt.Fprintln(w, "Run 'illumidesk login', or set ILLUMIDESK_TOKEN to a valid token.")
		}
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(w, "illumidesk: interrupted")
	default:
		fmt.Fprintf(w, "illumidesk: %s\n", oneLine(trimPrefix(err.Error())))
	}
}

// fieldOrder lists the errors about the request as a whole first, then the fields by name.
func fieldOrder(fields map[string][]string) []string {
	keys := slices.Sorted(maps.Keys(fields))
	if i := slices.Index(keys, "non_field_errors"); i > 0 {
		keys = slices.Insert(slices.Delete(keys, i, i+1), 0, "non_field_errors")
	}
	return keys
}

// trimPrefix drops the library's "illumidesk: " prefixes, which wrapped errors repeat
// ("illumidesk: invalid argument: illumidesk: payload too large: ..."): the CLI says
// it once.
func trimPrefix(s string) string {
	return strings.ReplaceAll(s, "illumidesk: ", "")
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(sanitize(s)), " ")
}

// groupArgs refuses words after a command that only holds subcommands, suggesting the
// subcommand that was probably meant.
func groupArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2 // cobra's default, which it sets only on the root
	}
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += fmt.Sprintf(" (did you mean %q?)", s[0])
	}
	return usageError{errors.New(msg)}
}

// argNames makes a command take exactly the named positional arguments.
func argNames(names ...string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		switch {
		case len(args) < len(names):
			return usagef("missing %s", strings.Join(names[len(args):], " "))
		case len(args) > len(names):
			return usagef("unexpected argument %q", args[len(names)])
		}
		return nil
	}
}
