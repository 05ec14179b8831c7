package facade

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// Option configures a [Client] in [New]. An option that is given a value it cannot use
// makes New fail with an error that says which.
type Option func(*config) error

// Defaults used by [New] when no option says otherwise.
const (
	// DefaultTimeout bounds each HTTP attempt, from sending to reading the whole body.
	DefaultTimeout = 30 * time.Second
	// DefaultMaxResponseBytes caps the body of a successful JSON answer.
	DefaultMaxResponseBytes = 32 << 20
	// DefaultMaxUploadBytes caps an avatar upload; the API refuses larger images.
	DefaultMaxUploadBytes = 2 << 20
	// maxErrorBytes caps how much of an error answer is read.
	maxErrorBytes = 1 << 20
)

type config struct {
	httpClient     *http.Client
	tokens         TokenSource
	refreshToken   string // set by WithRefreshingToken; becomes a RefreshingTokenSource in New
	userAgent      string
	authPrefix     string
	timeout        time.Duration
	timeoutSet     bool
	retry          RetryPolicy
	logger         *slog.Logger
	maxResponse    int64
	maxUpload      int64
	allowPlainHTTP bool
	// staticAuth is the Authorization value of a StaticToken, built once in New. Requests
	// only ever replace it (Header.Set), never write into it, so sharing is safe.
	staticAuth []string
	// staticToken is that token, returned by authorize for the 401 refresh check.
	staticToken string
}

func defaultConfig() config {
	return config{
		userAgent:   defaultUserAgent,
		authPrefix:  "JWT",
		timeout:     DefaultTimeout,
		retry:       DefaultRetryPolicy(),
		maxResponse: DefaultMaxResponseBytes,
		maxUpload:   DefaultMaxUploadBytes,
	}
}

// WithToken authenticates every request with a fixed JSON Web Token, sent as
// "Authorization: JWT <token>".
func WithToken(token string) Option {
	return func(c *config) error {
		if err := checkToken(token); err != nil {
			return err
		}
		c.tokens = StaticToken(token)
		return nil
	}
}

// WithRefreshingToken authenticates with token and keeps it fresh: shortly before it
// expires, and once when the server refuses it, the client exchanges it for a new one at
// the token refresh endpoint. See [RefreshingTokenSource].
func WithRefreshingToken(token string) Option {
	return func(c *config) error {
		if err := checkToken(token); err != nil {
			return err
		}
		c.refreshToken = token
		c.tokens = nil
		return nil
	}
}

// WithTokenSource authenticates every request with a token from ts, asked once per
// request. A source that also implements [Refresher] is asked for a new token once when
// the server answers 401 to an idempotent request, which is then sent again.
func WithTokenSource(ts TokenSource) Option {
	return func(c *config) error {
		if ts == nil {
			return errors.New("illumidesk: WithTokenSource: nil TokenSource")
		}
		c.tokens = ts
		c.refreshToken = ""
		return nil
	}
}

// WithHTTPClient sends requests with hc instead of a client of the library's own. The
// library never changes hc: it works on a copy, to which it adds its redirect policy and,
// if hc has no timeout, [DefaultTimeout] (or the one given by [WithTimeout]).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return errors.New("illumidesk: WithHTTPClient: nil *http.Client")
		}
		c.httpClient = hc
		return nil
	}
}

// WithUserAgent replaces the User-Agent header, which by default names this library and
// its version.
func WithUserAgent(ua string) Option {
	return func(c *config) error {
		if ua == "" || strings.ContainsAny(ua, "\r\n") {
			return fmt.Errorf("illumidesk: WithUserAgent: %q is not a valid header value", ua)
		}
		c.userAgent = ua
		return nil
	}
}

// WithTimeout bounds each HTTP attempt, from sending the request to reading the whole
// answer. Zero means no timeout; the default is [DefaultTimeout]. A context deadline
// bounds the whole call, retries included.
func WithTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return fmt.Errorf("illumidesk: WithTimeout: negative duration %v", d)
		}
		c.timeout, c.timeoutSet = d, true
		return nil
	}
}

// WithAuthPrefix changes the word before the token in the Authorization header. The
// IllumiDesk server wants "JWT" (the default); some deployments behind other gateways
// want "Bearer".
func WithAuthPrefix(prefix string) Option {
	return func(c *config) error {
		if prefix == "" || strings.ContainsAny(prefix, " \t\r\n") {
			return fmt.Errorf("illumidesk: WithAuthPrefix: %q is not a single word", prefix)
		}
		c.authPrefix = prefix
		return nil
	}
}

// WithRetryPolicy replaces the [DefaultRetryPolicy]. Use [NoRetries] to switch retries off.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *config) error {
		if err := p.validate(); err != nil {
			return err
		}
		c.retry = p
		return nil
	}
}

// WithLogger logs one line per HTTP attempt (method, path template, status, attempt,
// duration) and each retry decision to l. Tokens, passwords, keys and bodies are never
// logged. Without it the client is silent.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		c.logger = l
		return nil
	}
}

// WithMaxResponseBytes caps the body of a successful JSON answer; a larger one fails with
// [ErrResponseTooLarge]. The default is [DefaultMaxResponseBytes].
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("illumidesk: WithMaxResponseBytes: %d is not positive", n)
		}
		c.maxResponse = n
		return nil
	}
}

// WithMaxUploadBytes caps the size of an avatar upload; a larger image is refused before
// the upload completes, and the server keeps the avatar it had. The default is
// [DefaultMaxUploadBytes].
func WithMaxUploadBytes(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("illumidesk: WithMaxUploadBytes: %d is not positive", n)
		}
		c.maxUpload = n
		return nil
	}
}

// WithInsecureHTTP allows sending a token over plain http:// to a host that is not the
// loopback interface. Without it, [New] refuses such a base URL, since anyone on the path
// could read the token.
func WithInsecureHTTP() Option {
	return func(c *config) error {
		c.allowPlainHTTP = true
		return nil
	}
}

func checkToken(token string) error {
	if token == "" {
		return errors.New("illumidesk: empty token")
	}
	if strings.ContainsAny(token, " \t\r\n") {
		// The token is not quoted: it is a secret, and its shape is all that is wrong.
		return errors.New("illumidesk: token contains white space; pass the token alone, without a prefix")
	}
	return nil
}
