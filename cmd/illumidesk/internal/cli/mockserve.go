package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/illumidesk/illumidesk-go/mock"
)

func (a *app) mockCmd() *cobra.Command {
	cmd := group("mock <command>", "Run a mock IllumiDesk server",
		`A mock of the IllumiDesk API, with the whole API and demo data in memory, for trying
the CLI and testing clients. For a single command, the global --mock flag is simpler.`,
		`  illumidesk mock serve
  illumidesk mock serve --addr 127.0.0.1:9000`, "dev")
	cmd.AddCommand(a.mockServeCmd())
	return cmd
}

// shutdownGrace is how long requests in flight may take to finish once asked to stop.
const shutdownGrace = 5 * time.Second

func (a *app) mockServeCmd() *cobra.Command {
	var addr, password string
	var quiet bool
	cmd := &cobra.Command{
		Use:   "serve [--addr HOST:PORT]",
		Short: "Serve the mock API over HTTP until interrupted",
		Long: `Serve the mock API with its demo data, and print its base URL, the staff user's
password and token, and how to point the CLI at it. Every request is logged on stderr.
The data lives in memory: it is lost when the server stops (Ctrl-C, or SIGTERM).

The mock speaks plain HTTP, so keep it on a loopback address; port 0 picks a free port.
The printed token and password are the mock's own and unlock nothing else.`,
		Example: `  illumidesk mock serve
  illumidesk mock serve --addr 127.0.0.1:0 --password secret`,
		Args: argNames(),
		RunE: a.run(func(cmd *cobra.Command, _ []string) error {
			if a.useMock {
				return usagef("--mock does not apply: the server is a mock already")
			}
			ln, err := (&net.ListenConfig{}).Listen(cmd.Context(), "tcp", addr)
			if err != nil {
				return err
			}
			defer ln.Close()
			base := "http://" + reachable(ln.Addr())
			opts := []mock.Option{mock.WithBaseURL(base)}
			if password != "" {
				opts = append(opts, mock.WithPassword(password))
			}
			srv, err := mock.New(opts...)
			if err != nil {
				return err
			}
			tok, err := srv.TokenFor(mock.StaffUsername)
			if err != nil {
				return err
			}
			var h http.Handler = srv
			if !quiet {
				h = a.logRequests(srv)
			}
			hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
			served := make(chan error, 1)
			go func() { served <- hs.Serve(ln) }()

			demo := ""
			if names := srv.DemoUsernames(); len(names) > 0 {
				demo = " (the demo users " + strings.Join(names, ", ") + " have it too)"
			}
			fmt.Fprintf(a.out, `Mock IllumiDesk API serving demo data; it is lost when the server stops.

  Base URL:     %[1]s
  Staff user:   %[2]s
  Password:     %[3]s%[4]s
  Staff token:  %[5]s

Try, in another terminal:
  export ILLUMIDESK_URL=%[1]s ILLUMIDESK_TOKEN=%[5]s
  illumidesk users list
or log in and out:
  illumidesk login --server %[1]s --username %[2]s
  illumidesk logout --server %[1]s

Press Ctrl-C to stop.
`, base, mock.StaffUsername, srv.Password(), demo, tok)

			select {
			case err := <-served:
				return err
			case <-cmd.Context().Done():
			}
			ctx, cancel := context.WithTimeout(context.WithoutCancel(cmd.Context()), shutdownGrace)
			defer cancel()
			if err := hs.Shutdown(ctx); err != nil {
				return fmt.Errorf("stopping the mock: %w", err)
			}
			if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			fmt.Fprintln(a.errOut, "Mock server stopped.")
			return nil
		}),
	}
	f := cmd.Flags()
	f.StringVar(&addr, "addr", "127.0.0.1:8080", "listen on `host:port`")
	f.StringVar(&password, "password", "", "the `password` of the staff and demo users (default: a random one)")
	f.BoolVarP(&quiet, "quiet", "q", false, "do not log requests")
	noFileFlags(cmd)
	return cmd
}

// reachable is the host:port of a listener as a client on this machine dials it: an
// unspecified address (":8080", "0.0.0.0:8080") listens on loopback too.
func reachable(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
		if ip.To4() == nil {
			host = "::1"
		}
	}
	return net.JoinHostPort(host, port)
}

// logRequests logs each request's method, path and status on stderr; never headers or
// bodies, which carry tokens and passwords.
func (a *app) logRequests(h http.Handler) http.Handler {
	var mu sync.Mutex // requests are served concurrently; their lines must not mix
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		start := time.Now()
		h.ServeHTTP(sw, r)
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(a.errOut, "%s %s %s %d %v\n", time.Now().Format(time.TimeOnly), r.Method, sanitize(r.URL.Path), sw.status, time.Since(start).Round(time.Microsecond))
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
