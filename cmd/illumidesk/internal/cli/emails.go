package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/illumidesk/illumidesk-go/facade"
)

func (a *app) emailsCmd() *cobra.Command {
	cmd := group("emails <command>", "Manage a user's e-mail addresses",
		`Work with the e-mail addresses of a user. You see all of your own addresses and the
public ones of other users; staff and the owner may change them. USER is a username or
a user id; EMAIL-ID is the id that 'emails list' shows.`,
		`  illumidesk emails list alice
  illumidesk emails add alice alice@work.example --public
  illumidesk emails update alice 0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e --unsubscribed=false`, "users")
	cmd.AddCommand(a.emailsListCmd(), a.emailsGetCmd(), a.emailsAddCmd(), a.emailsReplaceCmd(), a.emailsUpdateCmd(), a.emailsDeleteCmd())
	return cmd
}

func (a *app) emailsListCmd() *cobra.Command {
	var p pageFlags
	cmd := &cobra.Command{
		Use:   "list USER",
		Short: "List a user's e-mail addresses",
		Long: `List the e-mail addresses of USER that you may see. --ordering takes id, address,
public and unsubscribed.`,
		Example: `  illumidesk emails list alice
  illumidesk emails list alice --ordering -public,address -o json`,
		Aliases:           []string{"ls"},
		Args:              argNames("USER"),
		ValidArgsFunction: a.completeUser,
		RunE: a.run(func(cmd *cobra.Command, args []string) error {
			if err := p.check(cmd.Flags()); err != nil {
				return err
			}
			c, err := a.api()
			if err != nil {
				return err
			}
			opts := &facade.ListEmailsOptions{Offset: p.offset, Ordering: p.ordering}
			if p.all {
				return printList(a, c.Emails.All(cmd.Context(), args[0], opts, p.pageSize), emailTable)
			}
			opts.Limit = p.limit
			emails, err := c.Emails.List(cmd.Context(), args[0], opts)
			if err != nil {
				return err
			}
			return printList(a, sliceSeq(emails), emailTable)
		}),
	}
	p.register(cmd.Flags(), "addresses")
	_ = cmd.RegisterFlagCompletionFunc("ordering", orderingCompletion("id", "address", "public", "unsubscribed"))
	noFileFlags(cmd)
	return cmd
}

func (a *app) emailsGetCmd() *cobra.Command {
	return &cobra.Command{
		Use:               "get USER EMAIL-ID",
		Short:             "Show one e-mail address",
		Example:           `  illumidesk emails get alice 0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e`,
		Aliases:           []string{"show", "view"},
		Args:              argNames("USER", "EMAIL-ID"),
		ValidArgsFunction: a.completeUserEmail,
		RunE: a.run(func(cmd *cobra.Command, args []string) error {
			c, err := a.api()
			if err != nil {
				return err
			}
			e, err := c.Emails.Get(cmd.Context(), args[0], args[1])
			if err != nil {
				return err
			}
			return a.printEmail(e)
		}),
	}
}

// emailFlags are --public and --unsubscribed, which are sent only when given.
type emailFlags struct{ public, unsubscribed bool }

func (e *emailFlags) register(f *pflag.FlagSet, defaults bool) {
	pub, unsub := "make the address visible to every user", "opt the address out of mail"
	if defaults {
		pub += " (default false)"
		unsub += " (default true)"
	}
	f.BoolVar(&e.public, "public", false, pub)
	f.BoolVar(&e.unsubscribed, "unsubscribed", false, unsub)
}

func (e *emailFlags) ptrs(f *pflag.FlagSet) (public, unsubscribed *bool) {
	if f.Changed("public") {
		public = facade.Ptr(e.public)
	}
	if f.Changed("unsubscribed") {
		unsubscribed = facade.Ptr(e.unsubscribed)
	}
	return public, unsubscribed
}

func (a *app) emailsAddCmd() *cobra.Command {
	var ef emailFlags
	cmd := &cobra.Command{
		Use:   "add USER ADDRESS",
		Short: "Add an e-mail address to a user",
		Long: `Add ADDRESS to USER's e-mail addresses. It must not belong to anybody yet. It is
private and unsubscribed unless --public and --unsubscribed=false say otherwise.`,
		Example: `  illumidesk emails add alice alice@work.example
  illumidesk emails add alice alice@home.example --public --unsubscribed=false`,
		Aliases:           []string{"create"},
		Args:              argNames("USER", "ADDRESS"),
		ValidArgsFunction: a.completeUser,
		RunE: a.run(func(cmd *cobra.Command, args []string) error {
			c, err := a.api()
			if err != nil {
				return err
			}
			in := facade.EmailInput{Address: args[1]}
			in.Public, in.Unsubscribed = ef.ptrs(cmd.Flags())
			e, err := c.Emails.Create(cmd.Context(), args[0], in)
			if err != nil {
				return err
			}
			return a.printEmail(e)
		}),
	}
	ef.register(cmd.Flags(), true)
	return cmd
}

func (a *app) emailsReplaceCmd() *cobra.Command {
	var ef emailFlags
	cmd := &cobra.Command{
		Use:   "replace USER EMAIL-ID ADDRESS",
		Short: "Replace an e-mail address and all its settings",
		Long: `Set every field of an e-mail address: its address becomes ADDRESS, and the settings
not given go back to their defaults (private, unsubscribed). To change only some
fields, use 'emails update'.`,
		Example:           `  illumidesk emails replace alice 0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e alice@new.example --public`,
		Args:              argNames("USER", "EMAIL-ID", "ADDRESS"),
		ValidArgsFunction: a.completeUserEmail,
		RunE: a.run(func(cmd *cobra.Command, args []string) error {
			c, err := a.api()
			if err != nil {
				return err
			}
			in := facade.EmailInput{Address: args[2]}
			in.Public, in.Unsubscribed = ef.ptrs(cmd.Flags())
			e, err := c.Emails.Replace(cmd.Context(), args[0], args[1], in)
			if err != nil {
				return err
			}
			return a.printEmail(e)
		}),
	}
	ef.register(cmd.Flags(), true)
	return cmd
}

func (a *app) emailsUpdateCmd() *cobra.Command {
	var ef emailFlags
	var address string
	cmd := &cobra.Command{
		Use:   "update USER EMAIL-ID",
		Short: "Change some fields of an e-mail address",
		Long:  `Change the fields given by flags and leave the others as they are.`,
		Example: `  illumidesk emails update alice 0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e --public=false
  illumidesk emails update alice 0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e --address alice@new.example`,
		Aliases:           []string{"edit"},
		Args:              argNames("USER", "EMAIL-ID"),
		ValidArgsFunction: a.completeUserEmail,
		RunE: a.run(func(cmd *cobra.Command, args []string) error {
			var upd facade.EmailUpdate
			upd.Public, upd.Unsubscribed = ef.ptrs(cmd.Flags())
			if cmd.Flags().Changed("address") {
				upd.Address = &address
			}
			if upd == (facade.EmailUpdate{}) {
				return usagef("nothing to change: give --address, --public or --unsubscribed")
			}
			c, err := a.api()
			if err != nil {
				return err
			}
			e, err := c.Emails.Update(cmd.Context(), args[0], args[1], upd)
			if err != nil {
				return err
			}
			return a.printEmail(e)
		}),
	}
	cmd.Flags().StringVar(&address, "address", "", "the new `address`")
	ef.register(cmd.Flags(), false)
	_ = cmd.RegisterFlagCompletionFunc("address", cobra.NoFileCompletions)
	return cmd
}

func (a *app) emailsDeleteCmd() *cobra.Command {
	return &cobra.Command{
		Use:               "delete USER EMAIL-ID",
		Short:             "Remove an e-mail address from a user",
		Example:           `  illumidesk emails delete alice 0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e`,
		Aliases:           []string{"rm"},
		Args:              argNames("USER", "EMAIL-ID"),
		ValidArgsFunction: a.completeUserEmail,
		RunE: a.run(func(cmd *cobra.Command, args []string) error {
			c, err := a.api()
			if err != nil {
				return err
			}
			if err := c.Emails.Delete(cmd.Context(), args[0], args[1]); err != nil {
				return err
			}
			fmt.Fprintf(a.errOut, "Deleted e-mail address %s of %s.\n", sanitize(args[1]), sanitize(args[0]))
			return nil
		}),
	}
}

// completeUserEmail offers usernames for USER, then the ids of that user's addresses,
// described by the address.
func (a *app) completeUserEmail(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	switch len(args) {
	case 0:
		return a.usernames(cmd.Context(), toComplete), cobra.ShellCompDirectiveNoFileComp
	case 1:
		c, err := a.api()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ctx, cancel := context.WithTimeout(cmd.Context(), 5*time.Second)
		defer cancel()
		var out []cobra.Completion
		for e, err := range c.Emails.All(ctx, args[0], nil, 1000) {
			if err != nil {
				break
			}
			if strings.HasPrefix(e.ID, toComplete) {
				out = append(out, cobra.CompletionWithDesc(e.ID, e.Address))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
	return nil, cobra.ShellCompDirectiveNoFileComp
}
