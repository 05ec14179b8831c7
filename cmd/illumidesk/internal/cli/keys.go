package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

func (a *app) apiKeyCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "api-key USER",
		Short: "Print a fresh API key for a user",
		Long: `Print a new API key for USER: a token valid for 30 days, for ILLUMIDESK_TOKEN or
any client of the API. Only staff or the user itself may get one.

The key is printed bare, so that it can be captured by a script; -o json prints
{"token": ...} instead. Treat it as a password.`,
		Example: `  export ILLUMIDESK_TOKEN=$(illumidesk api-key alice)
  illumidesk --mock api-key ada -o json`,
		GroupID:           "users",
		Args:              argNames("USER"),
		ValidArgsFunction: a.completeUser,
		RunE: a.run(func(cmd *cobra.Command, args []string) error {
			c, err := a.api()
			if err != nil {
				return err
			}
			tok, err := c.Keys.APIKey(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return a.printValue("token", tok)
		}),
	}
}

func (a *app) sshKeyCmd() *cobra.Command {
	cmd := group("ssh-key <command>", "Show or reset a user's SSH public key",
		`Every user has an SSH key pair on the server; only its public half is ever shown.
Only staff or the user itself may see or reset it.

The key is printed bare, in authorized_keys form; -o json prints {"key": ...}.`,
		`  illumidesk ssh-key get alice >> ~/.ssh/authorized_keys
  illumidesk ssh-key reset alice`, "users")
	get := &cobra.Command{
		Use:               "get USER",
		Short:             "Print a user's SSH public key",
		Example:           `  illumidesk ssh-key get alice`,
		Aliases:           []string{"show", "view"},
		Args:              argNames("USER"),
		ValidArgsFunction: a.completeUser,
		RunE: a.run(func(cmd *cobra.Command, args []string) error {
			c, err := a.api()
			if err != nil {
				return err
			}
			key, err := c.Keys.SSH(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if key == "" && a.output != "json" {
				fmt.Fprintf(a.errOut, "%s has no SSH key; 'illumidesk ssh-key reset %[1]s' makes one.\n", sanitize(args[0]))
				return nil
			}
			return a.printValue("key", key)
		}),
	}
	reset := &cobra.Command{
		Use:   "reset USER",
		Short: "Make a new SSH key pair for a user",
		Long: `Replace USER's SSH key pair with a new one and print its public half. The old key
stops working.`,
		Example:           `  illumidesk ssh-key reset alice`,
		Args:              argNames("USER"),
		ValidArgsFunction: a.completeUser,
		RunE: a.run(func(cmd *cobra.Command, args []string) error {
			c, err := a.api()
			if err != nil {
				return err
			}
			key, err := c.Keys.ResetSSH(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return a.printValue("key", key)
		}),
	}
	cmd.AddCommand(get, reset)
	return cmd
}
