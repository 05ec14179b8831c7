// Package faults wraps an http.Handler, such as the mock server, so that tests can make
// chosen requests fail the ways real servers and networks do: error statuses, rate
// limits, reset connections, stalls, truncated or malformed bodies.
//
//	inj := faults.Wrap(mockServer)
//	srv := httptest.NewServer(inj)
//	inj.Next(2, faults.Status(503)) // the next two requests answer 503, then all is well
package faults

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// A Fault answers a request in place of the wrapped handler, or around it.
type Fault func(w http.ResponseWriter, r *http.Request, next http.Handler)

// Injector is an http.Handler that applies queued faults to the next requests and passes
// the rest to the wrapped handler. It is safe for concurrent use.
type Injector struct {
	next     http.Handler
	requests atomic.Int64

	mu    sync.Mutex
	queue []Fault
}

// Wrap returns an Injector in front of next, with no faults queued.
func Wrap(next http.Handler) *Injector { return &Injector{next: next} }

// Next queues f for the next n requests, after any faults already queued.
func (in *Injector) Next(n int, f Fault) {
	in.mu.Lock()
	defer in.mu.Unlock()
	for range n {
		in.queue = append(in.queue, f)
	}
}

// Requests returns how many requests reached the injector, faulted or not.
func (in *Injector) Requests() int { return int(in.requests.Load()) }

// Reset drops the queued faults and zeroes the request count.
func (in *Injector) Reset() {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.queue = nil
	in.requests.Store(0)
}

// ServeHTTP applies the first queued fault, if any, else passes the request on.
func (in *Injector) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	in.requests.Add(1)
	in.mu.Lock()
	var f Fault
	if len(in.queue) > 0 {
		f, in.queue = in.queue[0], in.queue[1:]
	}
	in.mu.Unlock()
	if f == nil {
		in.next.ServeHTTP(w, r)
		return
	}
	f(w, r, in.next)
}

// Status answers code with a JSON {"detail"} body, as the API does.
func Status(code int) Fault {
	return func(w http.ResponseWriter, _ *http.Request, _ http.Handler) {
		writeJSON(w, code, fmt.Sprintf(`{"detail":%q}`, http.StatusText(code)))
	}
}

// RetryAfter answers code (429 or 503, typically) with a Retry-After header of value:
// a number of seconds or an HTTP date.
func RetryAfter(code int, value string) Fault {
	return func(w http.ResponseWriter, _ *http.Request, _ http.Handler) {
		w.Header().Set("Retry-After", value)
		writeJSON(w, code, `{"detail":"Request was throttled."}`)
	}
}

// ResetConnection closes the connection without answering, with a TCP reset where the
// connection allows it.
func ResetConnection() Fault {
	return func(w http.ResponseWriter, _ *http.Request, _ http.Handler) {
		hj, ok := w.(http.Hijacker)
		if !ok {
			panic(http.ErrAbortHandler)
		}
		conn, _, err := hj.Hijack()
		if err != nil {
			panic(http.ErrAbortHandler)
		}
		if tcp, ok := conn.(*net.TCPConn); ok {
			_ = tcp.SetLinger(0)
		}
		_ = conn.Close()
	}
}

// Stall waits d (or until the client gives up) before passing the request on, so a
// client with a shorter timeout fails.
func Stall(d time.Duration) Fault {
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		// Read the body first: only then does the server notice the client hanging up.
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			next.ServeHTTP(w, r)
		case <-r.Context().Done():
		}
	}
}

// Truncated answers 200 with JSON cut off in the middle.
func Truncated() Fault {
	return func(w http.ResponseWriter, _ *http.Request, _ http.Handler) {
		writeJSON(w, http.StatusOK, `{"id":"3f2c1a9e-5b7d-4c8e-9f10-2a3b4c5d6e7f","username":"ad`)
	}
}

// HTML answers 200 with an HTML page, as a misconfigured proxy or a login wall does.
func HTML() Fault {
	return func(w http.ResponseWriter, _ *http.Request, _ http.Handler) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("<!doctype html><html><body><h1>Welcome</h1></body></html>"))
	}
}

// Oversize answers 200 with a JSON array of n bytes or a little more.
func Oversize(n int) Fault {
	return func(w http.ResponseWriter, _ *http.Request, _ http.Handler) {
		item := `{"id":"3f2c1a9e-5b7d-4c8e-9f10-2a3b4c5d6e7f","username":"ada","email":"ada@example.com"},`
		var b strings.Builder
		b.Grow(n + len(item) + 2)
		b.WriteByte('[')
		for b.Len() < n {
			b.WriteString(item)
		}
		body := strings.TrimSuffix(b.String(), ",") + "]"
		writeJSON(w, http.StatusOK, body)
	}
}

// WrongTypes answers 200 with JSON of the right fields but the wrong types.
func WrongTypes() Fault {
	return func(w http.ResponseWriter, _ *http.Request, _ http.Handler) {
		writeJSON(w, http.StatusOK, `{"id":17,"username":true,"email":["x"],"address":false,"token":3,"key":{}}`)
	}
}

func writeJSON(w http.ResponseWriter, code int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(code)
	_, _ = w.Write([]byte(body))
}
