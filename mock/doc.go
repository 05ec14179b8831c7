// Package mock is a stateful, in-memory IllumiDesk Users API server built from the same
// OpenAPI spec as the client (package api), for tests, demos and the CLI.
//
// A *Server is an http.Handler. It implements every operation of the spec and the three
// token endpoints on a store guarded by one mutex, so it is safe for concurrent use. Each
// request goes through the same steps as on the real server:
//
//  1. routing: an unknown path answers 404 {"detail": "Not found."}, a known path with
//     another method 405, and a GET without the trailing slash is redirected (301) to the
//     slashed path;
//  2. authentication: every operation but the token endpoints needs
//     "Authorization: JWT <token>"; a missing, malformed, forged or expired token, a
//     "Bearer" prefix or a deactivated user answer 401;
//  3. validation against the spec with kin-openapi (parameters, JSON and multipart
//     bodies, with body size limits): a failure answers 400 with a map from each field at
//     fault to its messages, {"non_field_errors": [...]} when no field is to blame, or 413
//     for a body over the limit;
//  4. the operation itself, which checks permissions (403) and visibility (404) and only
//     then changes the store.
//
// By default the store holds a staff account and a few demo users with e-mail addresses
// (public and private) and one avatar; see New and the Option functions for an empty store,
// a fixed clock, a fixed JWT secret and the like. The semantics follow the project's notes
// on the historical server, with the holes that server had closed: only staff or the user
// itself may change a user, its avatar, its e-mail addresses and its keys, and e-mail
// addresses of others are visible only when public, except to staff, who see them all.
//
// Package mocktest starts a Server on a loopback httptest server for other projects' tests.
package mock
