package facade

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// checker is implemented by decoded types that can tell a well-formed answer from JSON of
// the wrong shape (an object with none of the required fields decodes without error).
type checker interface{ check() error }

// decodeInto finishes a call that answers JSON: any error status becomes an error, and a
// success must carry JSON that decodes into v and passes its check.
func (c *Client) decodeInto(resp *http.Response, err error, v any) error {
	if err != nil {
		return err
	}
	if err := c.checkStatus(resp); err != nil {
		drain(resp.Body)
		return err
	}
	if !isJSON(resp.Header.Get("Content-Type")) {
		drain(resp.Body)
		return unexpected(resp, errors.New("want application/json"))
	}
	if err := c.readJSON(resp, v); err != nil {
		return err
	}
	if err := checkDecoded(v); err != nil {
		return unexpected(resp, err)
	}
	return nil
}

func checkDecoded(v any) error {
	switch v := v.(type) {
	case checker:
		return v.check()
	case *[]User:
		return checkEach(*v)
	case *[]Email:
		return checkEach(*v)
	}
	return nil
}

func checkEach[T any, P interface {
	*T
	checker
}](items []T) error {
	for i := range items {
		if err := P(&items[i]).check(); err != nil {
			return fmt.Errorf("item %d: %w", i, err)
		}
	}
	return nil
}

// readJSON reads the body and decodes it into v. A body of known length is read into a
// slice of exactly that size that the decoded strings then share: one allocation, and no
// second copy of the body held while the caller keeps the result. A body of unknown length
// is read into a reused buffer, and the decoded strings copied out of it.
func (c *Client) readJSON(resp *http.Response, v any) error {
	defer resp.Body.Close() // read to the end, or too large to be worth draining
	if n := resp.ContentLength; n > 0 && n <= c.cfg.maxResponse {
		data := make([]byte, n)
		if _, err := io.ReadFull(resp.Body, data); err != nil {
			return unexpected(resp, fmt.Errorf("reading body: %w", err))
		}
		if err := unmarshalOwned(data, v); err != nil {
			return unexpected(resp, err)
		}
		return nil
	}
	buf := c.getBuffer()
	defer c.putBuffer(buf)
	if err := readCapped(buf, resp, c.cfg.maxResponse); err != nil {
		return err
	}
	if err := unmarshal(buf.Bytes(), v); err != nil {
		return unexpected(resp, err)
	}
	return nil
}

// decodeNew is decodeInto for a fresh *T.
func decodeNew[T any](c *Client, resp *http.Response, err error) (*T, error) {
	v := new(T)
	if err := c.decodeInto(resp, err, v); err != nil {
		return nil, err
	}
	return v, nil
}

// noContent finishes a call that answers 204 No Content. Another success status with a
// body (a login page from a proxy, say) is not taken as the server having done the work.
func (c *Client) noContent(resp *http.Response, err error) error {
	if err != nil {
		return err
	}
	defer drain(resp.Body)
	if err := c.checkStatus(resp); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusNoContent {
		var one [1]byte
		if n, _ := io.ReadFull(resp.Body, one[:]); n > 0 {
			return unexpected(resp, errors.New("want no content"))
		}
	}
	return nil
}

// checkStatus turns an answer that is not a 2xx into an *APIError, reading at most
// maxErrorBytes of its body.
func (c *Client) checkStatus(resp *http.Response) error {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	e := &APIError{StatusCode: resp.StatusCode}
	if resp.Request != nil {
		e.Method, e.Path = resp.Request.Method, resp.Request.URL.Path
	}
	if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
		e.RetryAfter = ra
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBytes))
	if isJSON(resp.Header.Get("Content-Type")) || json.Valid(data) {
		body := parseErrorBody(data)
		e.Detail, e.Message, e.Fields = body.Detail, body.Message, body.Fields
	}
	return e
}

func unexpected(resp *http.Response, err error) error {
	e := &UnexpectedResponseError{StatusCode: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Err: err}
	if resp.Request != nil {
		e.Method, e.Path = resp.Request.Method, resp.Request.URL.Path
	}
	return e
}

// bodyBuffer is a reusable buffer for reading a body, with the reader that caps it kept
// beside it so capping costs no allocation.
type bodyBuffer struct {
	bytes.Buffer
	limited io.LimitedReader
}

// readCapped reads the body into buf, failing if it is longer than limit. It does not trust
// Content-Length to bound the read: a RoundTripper other than net/http's may not enforce it.
func readCapped(buf *bodyBuffer, resp *http.Response, limit int64) error {
	if resp.ContentLength > limit {
		return unexpected(resp, fmt.Errorf("%w: %d bytes, limit %d", ErrResponseTooLarge, resp.ContentLength, limit))
	}
	if resp.ContentLength > 0 {
		buf.Grow(int(resp.ContentLength) + bytes.MinRead)
	}
	buf.limited = io.LimitedReader{R: resp.Body, N: limit + 1}
	n, err := buf.ReadFrom(&buf.limited)
	buf.limited.R = nil
	if err != nil {
		return unexpected(resp, fmt.Errorf("reading body: %w", err))
	}
	if n > limit {
		return unexpected(resp, fmt.Errorf("%w: over %d bytes", ErrResponseTooLarge, limit))
	}
	return nil
}

func isJSON(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.TrimSpace(mt)
	return strings.EqualFold(mt, "application/json") || strings.HasSuffix(strings.ToLower(mt), "+json")
}

// Buffers are reused across calls: reading a body into a grown buffer is most of what a
// call allocates. Very large ones are let go so one huge list does not pin memory.
const maxPooledBuffer = 1 << 20

func (c *Client) getBuffer() *bodyBuffer {
	if b, ok := c.buffers.Get().(*bodyBuffer); ok {
		return b
	}
	return new(bodyBuffer)
}

func (c *Client) putBuffer(b *bodyBuffer) {
	if b.Cap() > maxPooledBuffer {
		return
	}
	b.Reset()
	c.buffers.Put(b)
}
