// Command illumidesk manages the users of an IllumiDesk server from a terminal: profiles,
// e-mail addresses, avatars, API keys and SSH keys. Run `illumidesk --help`, or try it
// without a server: `illumidesk --mock users list`.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/illumidesk/illumidesk-go/cmd/illumidesk/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// After the first signal has cancelled ctx, a second one kills the process at once
	// instead of waiting for a graceful stop.
	go func() { <-ctx.Done(); stop() }()
	code := cli.Execute(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}
