package facade

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Sentinel errors. Match them with [errors.Is]; an [*APIError] matches the one for its
// status code.
var (
	// ErrNotFound: the thing does not exist, or the caller may not see it (404).
	ErrNotFound = errors.New("illumidesk: not found")
	// ErrUnauthorized: no token, or a malformed, forged or expired one (401).
	ErrUnauthorized = errors.New("illumidesk: unauthorized")
	// ErrForbidden: the caller may not do this (403).
	ErrForbidden = errors.New("illumidesk: forbidden")
	// ErrValidation: the server refused the request's content (400); see APIError.Fields.
	ErrValidation = errors.New("illumidesk: invalid request")
	// ErrConflict: the request conflicts with the server's state (409).
	ErrConflict = errors.New("illumidesk: conflict")
	// ErrTooLarge: the server refused an upload as too large (413).
	ErrTooLarge = errors.New("illumidesk: payload too large")
	// ErrRateLimited: too many requests (429); see APIError.RetryAfter.
	ErrRateLimited = errors.New("illumidesk: rate limited")
	// ErrServer: the server failed (5xx).
	ErrServer = errors.New("illumidesk: server error")

	// ErrInvalidArgument: the call was refused before anything was sent, because an
	// argument (an id, an upload) could not be right.
	ErrInvalidArgument = errors.New("illumidesk: invalid argument")
	// ErrUnexpectedResponse: a successful status, but a body that is not what the API
	// declares (HTML, garbage, the wrong JSON).
	ErrUnexpectedResponse = errors.New("illumidesk: unexpected response")
	// ErrResponseTooLarge: a successful answer larger than the client accepts.
	ErrResponseTooLarge = errors.New("illumidesk: response too large")
	// ErrPaginationStalled: a list did not move forward from one page to the next, as when
	// a server ignores the offset; iteration stops rather than loop forever.
	ErrPaginationStalled = errors.New("illumidesk: pagination made no progress")
	// ErrInsecureTransport: a token would have been sent in clear text.
	ErrInsecureTransport = errors.New("illumidesk: insecure transport")
)

// APIError is an answer from the server that is not a success. It never holds the token.
type APIError struct {
	// Method and Path say which request failed (the path without query).
	Method, Path string
	// StatusCode is the HTTP status, such as 404.
	StatusCode int
	// Detail is the server's {"detail": ...} message, if any.
	Detail string
	// Message is the server's {"message": ...}, if any (a refused username change).
	Message string
	// Fields maps each field at fault to the server's messages about it. Nested fields
	// are joined with a dot ("profile.bio"); problems of the whole request are under
	// "non_field_errors".
	Fields map[string][]string
	// RetryAfter is how long the server asked the client to wait, from Retry-After.
	RetryAfter time.Duration
}

// Error describes the failure in one line: the request, the status, and the server's words.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "illumidesk: %s %s: %d %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
		fmt.Fprintf(&b, "; %s: %s", k, strings.Join(e.Fields[k], " "))
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %v)", e.RetryAfter)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrNotFound) and its kin true for the matching status.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrValidation:
		return e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusUnprocessableEntity
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrTooLarge:
		return e.StatusCode == http.StatusRequestEntityTooLarge
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500
	}
	return false
}

// UnexpectedResponseError is a successful status with a body that is not the JSON the API
// declares. It matches [ErrUnexpectedResponse] (or [ErrResponseTooLarge]) with errors.Is.
type UnexpectedResponseError struct {
	Method, Path string
	StatusCode   int
	// ContentType is what the server said it sent.
	ContentType string
	// Err is why the body was refused.
	Err error
}

// Error describes the request and what was wrong with the answer.
func (e *UnexpectedResponseError) Error() string {
	return fmt.Sprintf("illumidesk: %s %s: %d with %s: %v", e.Method, e.Path, e.StatusCode, describeType(e.ContentType), e.Err)
}

// Unwrap returns the reason the body was refused.
func (e *UnexpectedResponseError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrUnexpectedResponse) true.
func (e *UnexpectedResponseError) Is(target error) bool { return target == ErrUnexpectedResponse }

func describeType(ct string) string {
	if ct == "" {
		return "no content type"
	}
	return "content type " + ct
}

// errorBody is every shape of error body the server sends, decoded loosely: the field map
// holds lists of messages or, for nested objects, maps of them.
type errorBody struct {
	Detail  string
	Message string
	Fields  map[string][]string
}

func parseErrorBody(data []byte) errorBody {
	var raw map[string]json.RawMessage
	var out errorBody
	if json.Unmarshal(data, &raw) != nil {
		return out
	}
	for k, v := range raw {
		switch k {
		case "detail":
			_ = json.Unmarshal(v, &out.Detail)
			continue
		case "message":
			_ = json.Unmarshal(v, &out.Message)
			continue
		}
		collectFieldErrors(&out.Fields, k, v, 0)
	}
	return out
}

// collectFieldErrors flattens {"profile": {"bio": ["..."]}} into "profile.bio".
func collectFieldErrors(dst *map[string][]string, key string, v json.RawMessage, depth int) {
	add := func(msgs ...string) {
		if *dst == nil {
			*dst = map[string][]string{}
		}
		(*dst)[key] = append((*dst)[key], msgs...)
	}
	var list []string
	if json.Unmarshal(v, &list) == nil {
		add(list...)
		return
	}
	var one string
	if json.Unmarshal(v, &one) == nil {
		add(one)
		return
	}
	var nested map[string]json.RawMessage
	if depth < 4 && json.Unmarshal(v, &nested) == nil {
		for k, vv := range nested {
			collectFieldErrors(dst, key+"."+k, vv, depth+1)
		}
	}
}
