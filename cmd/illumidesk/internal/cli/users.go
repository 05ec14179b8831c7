package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/illumidesk/illumidesk-go/facade"
)

func (a *app) usersCmd() *cobra.Command {
	cmd := group("users <command>", "List, show, create, change and delete users",
		`Work with user accounts. USER is a username or a user id.`,
		`  illumidesk users list --ordering -last_name
  illumidesk users get alice
  illumidesk users update alice --bio "Teaches maths" --clear url`, "users")
	cmd.AddCommand(a.usersListCmd(), a.usersGetCmd(), a.usersCreateCmd(), a.usersUpdateCmd(), a.usersDeleteCmd())
	return cmd
}

// pageFlags are the paging flags of the list commands.
type pageFlags struct {
	limit, offset, pageSize int
	all                     bool
	ordering                string
}

const defaultLimit = 30

func (p *pageFlags) register(f *pflag.FlagSet, what string) {
	f.IntVarP(&p.limit, "limit", "L", defaultLimit, "list at most `n` "+what+" (1 to 1000)")
	f.IntVar(&p.offset, "offset", 0, "skip the first `n` "+what)
	f.BoolVar(&p.all, "all", false, "list every one of them, fetching page after page and printing as they come")
	f.IntVar(&p.pageSize, "page-size", 100, "with --all, fetch `n` per request (1 to 1000)")
	f.StringVar(&p.ordering, "ordering", "", "sort by these `fields`, comma-separated, \"-\" before a field for descending")
}

func (p *pageFlags) check(f *pflag.FlagSet) error {
	switch {
	case p.all && f.Changed("limit"):
		return usagef("--all and --limit do not go together: --all lists everything")
	case !p.all && f.Changed("page-size"):
		return usagef("--page-size goes with --all")
	case p.limit < 1 || p.limit > 1000:
		return usagef("--limit %d is outside 1..1000", p.limit)
	case p.pageSize < 1 || p.pageSize > 1000:
		return usagef("--page-size %d is outside 1..1000", p.pageSize)
	case p.offset < 0:
		return usagef("--offset must not be negative")
	}
	return nil
}

func (a *app) usersListCmd() *cobra.Command {
	var p pageFlags
	var username, email string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List users",
		Long: fmt.Sprintf(`List users, %d at a time unless --limit says otherwise; --all lists every user,
page after page, printing each page as it arrives.

--ordering takes id, username, email, first_name and last_name.`, defaultLimit),
		Example: `  illumidesk users list
  illumidesk users list --limit 10 --offset 10 --ordering -last_name,first_name
  illumidesk users list --email ada@example.com
  illumidesk users list --all -o json > users.json`,
		Aliases: []string{"ls"},
		Args:    argNames(),
		RunE: a.run(func(cmd *cobra.Command, _ []string) error {
			if err := p.check(cmd.Flags()); err != nil {
				return err
			}
			c, err := a.api()
			if err != nil {
				return err
			}
			opts := &facade.ListUsersOptions{Offset: p.offset, Username: username, Email: email, Ordering: p.ordering}
			if p.all {
				return printList(a, c.Users.All(cmd.Context(), opts, p.pageSize), userTable)
			}
			opts.Limit = p.limit
			users, err := c.Users.List(cmd.Context(), opts)
			if err != nil {
				return err
			}
			return printList(a, sliceSeq(users), userTable)
		}),
	}
	f := cmd.Flags()
	p.register(f, "users")
	f.StringVar(&username, "username", "", "only the user with exactly this `username`")
	f.StringVar(&email, "email", "", "only the user with exactly this e-mail `address`")
	_ = cmd.RegisterFlagCompletionFunc("ordering", orderingCompletion("id", "username", "email", "first_name", "last_name"))
	for _, name := range []string{"username", "email", "limit", "offset", "page-size"} {
		_ = cmd.RegisterFlagCompletionFunc(name, cobra.NoFileCompletions)
	}
	return cmd
}

func (a *app) usersGetCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "get USER",
		Short: "Show a user and its profile",
		Example: `  illumidesk users get alice
  illumidesk users get 0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e -o json`,
		Aliases:           []string{"show", "view"},
		Args:              argNames("USER"),
		ValidArgsFunction: a.completeUser,
		RunE: a.run(func(cmd *cobra.Command, args []string) error {
			c, err := a.api()
			if err != nil {
				return err
			}
			u, err := c.Users.Get(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return a.printUser(u)
		}),
	}
}

// profileFlags are the profile fields that create and update set.
type profileFlags struct {
	bio, url, location, company, timezone string
	config                                string
	clear                                 []string
}

var clearable = []string{"bio", "url", "location", "company", "timezone"}

func (p *profileFlags) register(f *pflag.FlagSet, withClear bool) {
	f.StringVar(&p.bio, "bio", "", "the profile's bio `text` (at most 400 characters)")
	f.StringVar(&p.url, "url", "", "the profile's web `url`")
	f.StringVar(&p.location, "location", "", "the user's `location`")
	f.StringVar(&p.company, "company", "", "the user's `company`")
	f.StringVar(&p.timezone, "timezone", "", "the user's time `zone`, such as Europe/Paris")
	f.StringVar(&p.config, "config", "", "free-form settings, a `json` object, such as '{\"theme\":\"dark\"}'; replaces the old ones")
	if withClear {
		f.StringSliceVar(&p.clear, "clear", nil, "unset these profile `fields`: "+strings.Join(clearable, ", ")+" (repeat or separate with commas)")
	}
}

// update builds the profile change the flags ask for, or nil when they ask for none.
func (p *profileFlags) update(f *pflag.FlagSet) (*facade.ProfileUpdate, error) {
	var upd facade.ProfileUpdate
	changed := false
	for _, fld := range []struct {
		name  string
		value string
		dst   *facade.Nullable[string]
	}{
		{"bio", p.bio, &upd.Bio},
		{"url", p.url, &upd.URL},
		{"location", p.location, &upd.Location},
		{"company", p.company, &upd.Company},
		{"timezone", p.timezone, &upd.Timezone},
	} {
		set, unset := f.Changed(fld.name), slices.Contains(p.clear, fld.name)
		switch {
		case set && unset:
			return nil, usagef("--%s and --clear %s do not go together", fld.name, fld.name)
		case set:
			*fld.dst, changed = facade.Value(fld.value), true
		case unset:
			*fld.dst, changed = facade.Null[string](), true
		}
	}
	for _, name := range p.clear {
		if !slices.Contains(clearable, name) {
			return nil, usagef("--clear %q: the profile fields that can be cleared are %s", name, strings.Join(clearable, ", "))
		}
	}
	if f.Changed("config") {
		if err := json.Unmarshal([]byte(p.config), &upd.Config); err != nil || upd.Config == nil {
			return nil, usagef("--config must be a JSON object, such as '{\"theme\":\"dark\"}'")
		}
		changed = true
	}
	if !changed {
		return nil, nil
	}
	return &upd, nil
}

func (a *app) usersCreateCmd() *cobra.Command {
	var email, first, last string
	var passwordStdin bool
	var prof profileFlags
	cmd := &cobra.Command{
		Use:   "create USERNAME --email ADDRESS",
		Short: "Create a user (staff only)",
		Long: `Create an active user. Only staff may create users.

The password is asked for on a terminal, or read from the first line of stdin with
--password-stdin. It is never taken on the command line, where other users of the
machine could see it.`,
		Example: `  illumidesk users create alice --email alice@example.com --first-name Alice
  printf '%s\n' "$PASSWORD" | illumidesk users create bob --email bob@example.com --password-stdin`,
		Aliases: []string{"add"},
		Args:    argNames("USERNAME"),
		RunE: a.run(func(cmd *cobra.Command, args []string) error {
			profile, err := prof.update(cmd.Flags())
			if err != nil {
				return err
			}
			pw, err := a.password(passwordStdin, true)
			if err != nil {
				return err
			}
			c, err := a.api()
			if err != nil {
				return err
			}
			u, err := c.Users.Create(cmd.Context(), facade.NewUser{
				Username: args[0], Email: email, Password: pw,
				FirstName: first, LastName: last, Profile: profile,
			})
			if err != nil {
				return err
			}
			return a.printUser(u)
		}),
	}
	f := cmd.Flags()
	f.StringVar(&email, "email", "", "the user's e-mail `address` (required)")
	f.StringVar(&first, "first-name", "", "the user's first `name`")
	f.StringVar(&last, "last-name", "", "the user's last `name`")
	f.BoolVar(&passwordStdin, "password-stdin", false, "read the password from the first line of stdin")
	prof.register(f, false)
	_ = cmd.MarkFlagRequired("email")
	noFileFlags(cmd)
	return cmd
}

func (a *app) usersUpdateCmd() *cobra.Command {
	var email, first, last string
	var passwordStdin bool
	var prof profileFlags
	cmd := &cobra.Command{
		Use:   "update USER [flags]",
		Short: "Change a user's fields and profile",
		Long: `Change the fields given by flags and leave the others as they are. Only staff or
the user itself may update a user; the username never changes.

A profile field given an empty value, as in --bio "", is stored empty; --clear bio
unsets it (null in JSON). --config replaces all the free-form settings.

--password-stdin reads a new password from the first line of stdin, or asks for it
on a terminal.`,
		Example: `  illumidesk users update alice --first-name Alice --last-name Liddell
  illumidesk users update alice --bio "Teaches maths" --timezone Europe/London
  illumidesk users update alice --clear bio,url
  illumidesk users update alice --config '{"theme":"dark"}'`,
		Aliases:           []string{"edit"},
		Args:              argNames("USER"),
		ValidArgsFunction: a.completeUser,
		RunE: a.run(func(cmd *cobra.Command, args []string) error {
			f := cmd.Flags()
			var upd facade.UserUpdate
			var err error
			if upd.Profile, err = prof.update(f); err != nil {
				return err
			}
			for _, fld := range []struct {
				name  string
				value string
				dst   **string
			}{{"email", email, &upd.Email}, {"first-name", first, &upd.FirstName}, {"last-name", last, &upd.LastName}} {
				if f.Changed(fld.name) {
					*fld.dst = facade.Ptr(fld.value)
				}
			}
			if passwordStdin {
				pw, err := a.password(true, true)
				if err != nil {
					return err
				}
				upd.Password = &pw
			}
			if upd == (facade.UserUpdate{}) {
				return usagef("nothing to change: give at least one flag, such as --email or --bio")
			}
			c, err := a.api()
			if err != nil {
				return err
			}
			u, err := c.Users.Update(cmd.Context(), args[0], upd)
			if err != nil {
				return err
			}
			return a.printUser(u)
		}),
	}
	f := cmd.Flags()
	f.StringVar(&email, "email", "", "the user's e-mail `address`")
	f.StringVar(&first, "first-name", "", "the user's first `name`")
	f.StringVar(&last, "last-name", "", "the user's last `name`")
	f.BoolVar(&passwordStdin, "password-stdin", false, "set a new password, read from the first line of stdin")
	prof.register(f, true)
	_ = cmd.RegisterFlagCompletionFunc("clear", cobra.FixedCompletions(clearable, cobra.ShellCompDirectiveNoFileComp))
	noFileFlags(cmd)
	return cmd
}

func (a *app) usersDeleteCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "delete USER",
		Short: "Delete a user",
		Long: `Deactivate a user: it can no longer log in and its username becomes free again.
Only staff or the user itself may delete a user.`,
		Example:           `  illumidesk users delete alice`,
		Aliases:           []string{"rm"},
		Args:              argNames("USER"),
		ValidArgsFunction: a.completeUser,
		RunE: a.run(func(cmd *cobra.Command, args []string) error {
			c, err := a.api()
			if err != nil {
				return err
			}
			if err := c.Users.Delete(cmd.Context(), args[0]); err != nil {
				return err
			}
			fmt.Fprintf(a.errOut, "Deleted user %s.\n", sanitize(args[0]))
			return nil
		}),
	}
}

// noFileFlags keeps the shell from offering file names for a command's string flags.
func noFileFlags(cmd *cobra.Command) {
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Value.Type() != "bool" {
			_ = cmd.RegisterFlagCompletionFunc(f.Name, cobra.NoFileCompletions)
		}
	})
}

// completeUser offers the usernames the server knows for a command's first argument.
func (a *app) completeUser(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return a.usernames(cmd.Context(), toComplete), cobra.ShellCompDirectiveNoFileComp
}

func (a *app) usernames(ctx context.Context, prefix string) []cobra.Completion {
	c, err := a.api()
	if err != nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	var out []cobra.Completion
	for u, err := range c.Users.All(ctx, &facade.ListUsersOptions{Ordering: "username"}, 1000) {
		if err != nil || len(out) >= 1000 {
			break
		}
		if strings.HasPrefix(u.Username, prefix) {
			out = append(out, cobra.CompletionWithDesc(u.Username, fullName(&u)))
		}
	}
	return out
}

// orderingCompletion offers the fields a list sorts by, ascending and descending.
func orderingCompletion(fields ...string) cobra.CompletionFunc {
	var all []string
	for _, f := range fields {
		all = append(all, f, "-"+f)
	}
	return cobra.FixedCompletions(all, cobra.ShellCompDirectiveNoFileComp)
}
