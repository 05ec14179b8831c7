package mock

// WithEncodedCheck turns on or off the comparison of a user's remembered JSON with a fresh
// encoding on every read (see config.checkEncoded). The mock's tests turn it on; the tests
// that check invalidation on their own, and the benchmarks, which measure the server as it
// runs outside tests, leave it off.
func WithEncodedCheck(on bool) Option {
	return func(c *config) error {
		c.checkEncoded = on
		return nil
	}
}
