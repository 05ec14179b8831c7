// Package facade is the Go client for the IllumiDesk Users API: user profiles, e-mail
// addresses, avatars, API keys and SSH keys.
//
// Create a client with [New], giving the API's base URL and a token, then call the
// services hung off it:
//
//	c, err := facade.New("https://api.illumidesk.com", facade.WithToken(token))
//	if err != nil { ... }
//	me, err := c.Users.Me(ctx)
//
// Every method takes a context first and returns typed results. Every answer that is not
// a success is an error: match it with [errors.Is] against [ErrNotFound], [ErrUnauthorized],
// [ErrForbidden], [ErrValidation] and the other sentinels, or get the details with
// [errors.As] into an [*APIError]. Identifiers are checked before anything is sent, so a
// user id like "." or "a/b" can never reach another endpoint.
//
// The client is safe for concurrent use. It retries idempotent requests on network errors
// and on 408, 429, 502, 503 and 504 answers, honouring Retry-After, and never retries a
// POST or PATCH that may have reached the server. It builds on the client generated from
// api/openapi.yaml (package gen) but shows only plain Go types.
package facade
