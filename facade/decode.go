package facade

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// The API's answers are mostly users and e-mail addresses, and decoding them with
// encoding/json costs an allocation per string field. The decoders here turn the body into
// one string and slice every plain field out of it, so a user costs about one allocation
// instead of a dozen. They accept only the exact shapes the API sends (exact field names,
// no repeats, no unknown fields, strings without escapes); on anything else they give up
// and the caller decodes with encoding/json, so results never differ from its (a fuzz
// test holds them to that).

// unmarshal decodes data into v, taking the fast path for the API's own types. The decoded
// strings are copies: data may be reused afterwards.
func unmarshal(data []byte, v any) error {
	return unmarshalAs(data, string(data), v)
}

// unmarshalOwned is unmarshal for a body that nothing will ever write to again: the decoded
// strings share its memory rather than copying it.
func unmarshalOwned(data []byte, v any) error {
	if len(data) == 0 {
		return unmarshal(data, v)
	}
	return unmarshalAs(data, unsafe.String(&data[0], len(data)), v)
}

// unmarshalAs decodes data, of which s is a string with the same bytes.
func unmarshalAs(data []byte, s string, v any) error {
	var ok bool
	switch v := v.(type) {
	case *User:
		ok = fastDecode(data, s, v, (*decoder).user)
	case *[]User:
		ok = fastDecode(data, s, v, sliceOf((*decoder).user))
	case *Email:
		ok = fastDecode(data, s, v, (*decoder).email)
	case *[]Email:
		ok = fastDecode(data, s, v, sliceOf((*decoder).email))
	}
	if ok {
		return nil
	}
	return json.Unmarshal(data, v)
}

// fastDecode runs decode over the whole of data and stores the result in *dst only if it
// succeeded, so a failed attempt leaves *dst for encoding/json to fill from scratch.
func fastDecode[T any](data []byte, s string, dst *T, decode func(*decoder, *T) bool) bool {
	d := decoder{s: s, raw: data}
	var v T
	d.ws()
	if !decode(&d, &v) {
		return false
	}
	d.ws()
	if d.i != len(d.s) {
		return false
	}
	*dst = v
	return true
}

func sliceOf[T any](item func(*decoder, *T) bool) func(*decoder, *[]T) bool {
	return func(d *decoder, out *[]T) bool {
		if !d.eat('[') {
			return false
		}
		items := make([]T, 0, d.estimate())
		d.ws()
		if d.eat(']') {
			*out = items
			return true
		}
		for {
			items = append(items, *new(T))
			d.ws()
			if !item(d, &items[len(items)-1]) {
				return false
			}
			d.ws()
			if d.eat(']') {
				*out = items
				return true
			}
			if !d.eat(',') {
				return false
			}
		}
	}
}

type decoder struct {
	s   string // the body; plain fields are slices of it
	raw []byte // the same bytes, for handing sub-values to encoding/json
	i   int
}

// estimate guesses a list's length from the number of "id" keys left in the body, so the
// slice is allocated once.
func (d *decoder) estimate() int {
	return strings.Count(d.s[d.i:], `"id":`)
}

func (d *decoder) ws() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *decoder) eat(c byte) bool {
	if d.i < len(d.s) && d.s[d.i] == c {
		d.i++
		return true
	}
	return false
}

func (d *decoder) lit(word string) bool {
	if len(d.s)-d.i >= len(word) && d.s[d.i:d.i+len(word)] == word {
		d.i += len(word)
		return true
	}
	return false
}

// str reads a string without escapes, control characters or invalid UTF-8 (what
// encoding/json would change or refuse), as a slice of the body.
func (d *decoder) str() (string, bool) {
	if !d.eat('"') {
		return "", false
	}
	start := d.i
	ascii := true
	for d.i < len(d.s) {
		c := d.s[d.i]
		switch {
		case c == '"':
			v := d.s[start:d.i]
			d.i++
			if !ascii && !utf8.ValidString(v) {
				return "", false
			}
			return v, true
		case c == '\\':
			return d.escaped(start)
		case c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			ascii = false
		}
		d.i++
	}
	return "", false
}

// escaped finishes a string that has escapes, which encoding/json decodes into a copy.
func (d *decoder) escaped(start int) (string, bool) {
	for d.i < len(d.s) && d.s[d.i] != '"' {
		if d.s[d.i] == '\\' {
			d.i++
		}
		d.i++
	}
	if d.i >= len(d.s) {
		return "", false
	}
	d.i++
	var v string
	if json.Unmarshal(d.raw[start-1:d.i], &v) != nil {
		return "", false
	}
	return v, true
}

// nullableStr reads a string or null; null leaves *dst alone, as encoding/json does.
func (d *decoder) nullableStr(dst *string) bool {
	if d.lit("null") {
		return true
	}
	v, ok := d.str()
	*dst = v
	return ok
}

func (d *decoder) boolean(dst *bool) bool {
	switch {
	case d.lit("true"):
		*dst = true
	case d.lit("false"):
		*dst = false
	case d.lit("null"):
	default:
		return false
	}
	return true
}

// object reads an object whose keys must all be known to field, which returns the key's
// bit (so a repeated key is caught) and reads its value.
func (d *decoder) object(field func(key string) (uint, bool)) bool {
	if !d.eat('{') {
		return false
	}
	var seen uint
	d.ws()
	if d.eat('}') {
		return true
	}
	for {
		d.ws()
		key, ok := d.str()
		if !ok {
			return false
		}
		d.ws()
		if !d.eat(':') {
			return false
		}
		d.ws()
		bit, ok := field(key)
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		d.ws()
		if d.eat('}') {
			return true
		}
		if !d.eat(',') {
			return false
		}
	}
}

func (d *decoder) user(u *User) bool {
	return d.object(func(key string) (uint, bool) {
		switch key {
		case "id":
			return 1, d.nullableStr(&u.ID)
		case "username":
			return 2, d.nullableStr(&u.Username)
		case "email":
			return 4, d.nullableStr(&u.Email)
		case "first_name":
			return 8, d.nullableStr(&u.FirstName)
		case "last_name":
			return 16, d.nullableStr(&u.LastName)
		case "profile":
			return 32, d.lit("null") || d.profile(&u.Profile)
		}
		return 0, false
	})
}

func (d *decoder) profile(p *Profile) bool {
	return d.object(func(key string) (uint, bool) {
		switch key {
		case "bio":
			return 1, d.nullableStr(&p.Bio)
		case "url":
			return 2, d.nullableStr(&p.URL)
		case "location":
			return 4, d.nullableStr(&p.Location)
		case "company":
			return 8, d.nullableStr(&p.Company)
		case "timezone":
			return 16, d.nullableStr(&p.Timezone)
		case "avatar":
			return 32, d.nullableStr(&p.Avatar)
		case "config":
			return 64, d.config(&p.Config)
		}
		return 0, false
	})
}

// config reads the free-form settings.
func (d *decoder) config(dst *map[string]any) bool {
	if d.lit("null") {
		*dst = nil
		return true
	}
	m, ok := d.anyObject(0)
	*dst = m
	return ok
}

// maxDepth bounds the nesting the fast path follows; deeper settings go to encoding/json.
const maxDepth = 64

// anyValue reads a JSON value as encoding/json decodes one into an interface{}: objects as
// map[string]any, arrays as []any, numbers as float64.
func (d *decoder) anyValue(depth int) (any, bool) {
	if d.i >= len(d.s) || depth > maxDepth {
		return nil, false
	}
	switch c := d.s[d.i]; {
	case c == '{':
		return d.anyObject(depth + 1)
	case c == '[':
		return d.anyArray(depth + 1)
	case c == '"':
		return d.str()
	case c == '-' || '0' <= c && c <= '9':
		return d.number()
	case d.lit("true"):
		return true, true
	case d.lit("false"):
		return false, true
	case d.lit("null"):
		return nil, true
	}
	return nil, false
}

func (d *decoder) anyObject(depth int) (map[string]any, bool) {
	if !d.eat('{') {
		return nil, false
	}
	m := map[string]any{}
	d.ws()
	if d.eat('}') {
		return m, true
	}
	for {
		d.ws()
		key, ok := d.str()
		if !ok {
			return nil, false
		}
		d.ws()
		if !d.eat(':') {
			return nil, false
		}
		d.ws()
		v, ok := d.anyValue(depth)
		if !ok {
			return nil, false
		}
		m[key] = v
		d.ws()
		if d.eat('}') {
			return m, true
		}
		if !d.eat(',') {
			return nil, false
		}
	}
}

func (d *decoder) anyArray(depth int) ([]any, bool) {
	if !d.eat('[') {
		return nil, false
	}
	a := []any{}
	d.ws()
	if d.eat(']') {
		return a, true
	}
	for {
		d.ws()
		v, ok := d.anyValue(depth)
		if !ok {
			return nil, false
		}
		a = append(a, v)
		d.ws()
		if d.eat(']') {
			return a, true
		}
		if !d.eat(',') {
			return nil, false
		}
	}
}

// number reads a number of JSON's grammar, -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?,
// as a float64; one out of float64's range is left to encoding/json to refuse.
func (d *decoder) number() (any, bool) {
	start := d.i
	d.eat('-')
	switch {
	case d.eat('0'):
	case d.digits() == 0:
		return nil, false
	}
	if d.eat('.') && d.digits() == 0 {
		return nil, false
	}
	if d.eat('e') || d.eat('E') {
		if !d.eat('+') {
			d.eat('-')
		}
		if d.digits() == 0 {
			return nil, false
		}
	}
	f, err := strconv.ParseFloat(d.s[start:d.i], 64)
	if err != nil {
		return nil, false
	}
	return f, true
}

func (d *decoder) digits() int {
	start := d.i
	for d.i < len(d.s) && '0' <= d.s[d.i] && d.s[d.i] <= '9' {
		d.i++
	}
	return d.i - start
}

func (d *decoder) email(e *Email) bool {
	return d.object(func(key string) (uint, bool) {
		switch key {
		case "id":
			return 1, d.nullableStr(&e.ID)
		case "user":
			return 2, d.nullableStr(&e.User)
		case "address":
			return 4, d.nullableStr(&e.Address)
		case "public":
			return 8, d.boolean(&e.Public)
		case "unsubscribed":
			return 16, d.boolean(&e.Unsubscribed)
		}
		return 0, false
	})
}
