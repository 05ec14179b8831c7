package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

func (a *app) avatarCmd() *cobra.Command {
	cmd := group("avatar <command>", "Download, set and remove a user's avatar",
		`Work with a user's profile image. Images are PNG, JPEG, GIF or WebP, up to 2 MiB.`,
		`  illumidesk avatar get alice -o alice.png
  illumidesk avatar set alice ./portrait.jpg
  illumidesk avatar delete alice`, "users")
	cmd.AddCommand(a.avatarGetCmd(), a.avatarUploadCmd("set"), a.avatarUploadCmd("update"), a.avatarDeleteCmd())
	return cmd
}

func (a *app) avatarGetCmd() *cobra.Command {
	var file string
	cmd := &cobra.Command{
		Use:   "get USER [-o FILE]",
		Short: "Download a user's avatar",
		Long: `Download USER's avatar image into FILE, or write it to stdout when stdout is not a
terminal ("-o -" too): an image is not for reading on a terminal.

Here -o names the file to write, not an output format.`,
		Example: `  illumidesk avatar get alice -o alice.png
  illumidesk avatar get alice > alice.png`,
		Args:              argNames("USER"),
		ValidArgsFunction: a.completeUser,
		RunE: a.run(func(cmd *cobra.Command, args []string) error {
			toStdout := file == "" || file == "-"
			if toStdout && isTerminal(a.out) {
				return usagef("refusing to write an image to the terminal: use -o FILE, or redirect stdout")
			}
			c, err := a.api()
			if err != nil {
				return err
			}
			av, err := c.Avatars.Get(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			defer av.Body.Close()
			if toStdout {
				_, err := io.Copy(a.out, av.Body)
				return err
			}
			n, err := writeFile(file, av.Body)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.errOut, "Saved the avatar of %s to %s (%s, %d bytes).\n", sanitize(args[0]), file, sanitize(av.ContentType), n)
			return nil
		}),
	}
	// Named "output" so that it takes the place of the global -o/--output here.
	cmd.Flags().StringVarP(&file, "output", "o", "", "write the image to `file` (\"-\" for stdout)")
	_ = cmd.MarkFlagFilename("output", "png", "jpg", "jpeg", "gif", "webp")
	return cmd
}

// writeFile writes r to path, as curl -o does: the file gets the usual permissions (0666
// less the umask), and is removed again if the download fails half way.
func writeFile(path string, r io.Reader) (int64, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o666) //nolint:gosec // G302: an image for the user to open, not a secret
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
	}
	return n, err
}

func (a *app) avatarUploadCmd(verb string) *cobra.Command {
	short, long := "Set a user's avatar", "Upload FILE as USER's avatar"
	if verb == "update" {
		short, long = "Replace a user's avatar", "Replace USER's avatar with FILE"
	}
	return &cobra.Command{
		Use:   verb + " USER FILE",
		Short: short,
		Long: long + `, and show the user, whose profile then links to the
image. FILE is a PNG, JPEG, GIF or WebP image of at most 2 MiB; "-" reads it from stdin.`,
		Example: fmt.Sprintf(`  illumidesk avatar %[1]s alice portrait.png
  curl -s https://example.com/me.jpg | illumidesk avatar %[1]s alice -`, verb),
		Args: argNames("USER", "FILE"),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) == 1 {
				return []cobra.Completion{"png", "jpg", "jpeg", "gif", "webp"}, cobra.ShellCompDirectiveFilterFileExt
			}
			return a.completeUser(cmd, args, toComplete)
		},
		RunE: a.run(func(cmd *cobra.Command, args []string) error {
			img := a.in // "-"
			if args[1] != "-" {
				f, err := os.Open(args[1])
				if err != nil {
					if errors.Is(err, os.ErrNotExist) {
						return usageError{err}
					}
					return err
				}
				defer f.Close()
				img = f
			}
			c, err := a.api()
			if err != nil {
				return err
			}
			upload := c.Avatars.Set
			if verb == "update" {
				upload = c.Avatars.Update
			}
			u, err := upload(cmd.Context(), args[0], img)
			if err != nil {
				return err
			}
			return a.printUser(u)
		}),
	}
}

func (a *app) avatarDeleteCmd() *cobra.Command {
	return &cobra.Command{
		Use:               "delete USER",
		Short:             "Remove a user's avatar",
		Example:           `  illumidesk avatar delete alice`,
		Aliases:           []string{"rm"},
		Args:              argNames("USER"),
		ValidArgsFunction: a.completeUser,
		RunE: a.run(func(cmd *cobra.Command, args []string) error {
			c, err := a.api()
			if err != nil {
				return err
			}
			if err := c.Avatars.Delete(cmd.Context(), args[0]); err != nil {
				return err
			}
			fmt.Fprintf(a.errOut, "Deleted the avatar of %s.\n", sanitize(args[0]))
			return nil
		}),
	}
}
