package mock

import (
	"errors"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// requestErrors turns what kin-openapi found wrong with a request into the API's 400 body,
// naming the field at fault wherever there is one. Messages never repeat the value sent:
// it may be a password.
func requestErrors(err error) *fieldErrors {
	f := newFieldErrors()
	collectRequestErrors(f, err)
	if f.empty() {
		f.nonField("The request is not valid.")
	}
	return f
}

func collectRequestErrors(f *fieldErrors, err error) {
	// kin-openapi returns its errors unwrapped, and errors.As would look through a
	// RequestError into its cause, losing which parameter or body it is about.
	switch e := err.(type) { //nolint:errorlint // see above
	case openapi3.MultiError:
		for _, inner := range e {
			collectRequestErrors(f, inner)
		}
	case *openapi3filter.RequestError:
		switch {
		case e.Parameter != nil:
			collectParamErrors(f, e)
		case e.RequestBody != nil:
			collectBodyErrors(f, e)
		default:
			f.nonField("The request is not valid.")
		}
	default:
		f.nonField("The request is not valid.")
	}
}

func collectParamErrors(f *fieldErrors, re *openapi3filter.RequestError) {
	p := re.Parameter
	field := []string{p.Name}
	var parse *openapi3filter.ParseError
	switch {
	case errors.Is(re.Err, openapi3filter.ErrInvalidRequired):
		f.add(field, msgRequired)
	case errors.Is(re.Err, openapi3filter.ErrInvalidEmptyValue):
		f.add(field, "This field may not be blank.")
	case errors.As(re.Err, &parse):
		var schema *openapi3.Schema
		if p.Schema != nil {
			schema = p.Schema.Value
		}
		f.add(field, typeMessage(schema))
	case re.Err != nil:
		// A parameter is a scalar: whatever the path inside it, the parameter is at fault.
		forEachSchemaError(re.Err, func(se *openapi3.SchemaError) {
			f.add(field, schemaMessage(p.Name, se))
		})
	default:
		f.add(field, "Invalid value.")
	}
}

func collectBodyErrors(f *fieldErrors, re *openapi3filter.RequestError) {
	var parse *openapi3filter.ParseError
	switch {
	case re.Err == nil:
		// Reason is then the unexpected Content-Type.
		if strings.HasPrefix(re.Reason, "header Content-Type") {
			ct := re.Input.Request.Header.Get("Content-Type")
			f.nonField(fmt.Sprintf("Unsupported media type %q in request.", ct))
			return
		}
		f.nonField("The request body is not valid.")
	case errors.Is(re.Err, openapi3filter.ErrInvalidRequired):
		f.nonField("The request body is required.")
	case errors.As(re.Err, &parse):
		if path := parse.Path(); len(path) > 0 {
			name := fmt.Sprint(path[0])
			f.add([]string{name}, partMessage(parse))
			return
		}
		if strings.HasPrefix(re.Input.Request.Header.Get("Content-Type"), "multipart/") {
			f.nonField("Multipart form parse error: " + parseReason(parse))
			return
		}
		f.nonField("JSON parse error: " + parseReason(parse))
	default:
		n := 0
		forEachSchemaError(re.Err, func(se *openapi3.SchemaError) {
			n++
			path := se.JSONPointer()
			name := ""
			if len(path) > 0 {
				name = path[len(path)-1]
			}
			if len(path) == 0 && se.SchemaField == "type" {
				f.nonField("Invalid data: expected a JSON object.")
				return
			}
			f.add(path, schemaMessage(name, se))
		})
		if n == 0 {
			f.nonField("The request body is not valid: " + re.Err.Error())
		}
	}
}

func forEachSchemaError(err error, fn func(*openapi3.SchemaError)) {
	var multi openapi3.MultiError
	if errors.As(err, &multi) {
		for _, inner := range multi {
			forEachSchemaError(inner, fn)
		}
		return
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		fn(se)
	}
}

// parseReason is the innermost cause of a parse error, without the value that failed to
// parse.
func parseReason(e *openapi3filter.ParseError) string {
	for {
		inner, ok := e.Cause.(*openapi3filter.ParseError) //nolint:errorlint // kin-openapi nests them unwrapped
		if !ok {
			break
		}
		e = inner
	}
	if e.Cause != nil {
		return e.Cause.Error()
	}
	return e.Reason
}

func partMessage(e *openapi3filter.ParseError) string {
	reason := parseReason(e)
	// The part's content type is the one thing a client gets wrong here: say what we take.
	if strings.Contains(reason, "not matching content types") {
		return "The file must be sent as image/png, image/jpeg, image/gif or image/webp."
	}
	return "The part could not be read: " + reason
}

func schemaMessage(field string, e *openapi3.SchemaError) string {
	s := e.Schema
	switch e.SchemaField {
	case "required":
		return msgRequired
	case "nullable":
		return "This field may not be null."
	case "type":
		if e.Value == nil {
			return "This field may not be null."
		}
		return typeMessage(s)
	case "maxLength":
		if s != nil && s.MaxLength != nil {
			return fmt.Sprintf("Ensure this field has no more than %d characters.", *s.MaxLength)
		}
	case "minLength":
		if s != nil {
			if s.MinLength <= 1 {
				return "This field may not be blank."
			}
			return fmt.Sprintf("Ensure this field has at least %d characters.", s.MinLength)
		}
	case "minimum":
		if s != nil && s.Min != nil {
			return fmt.Sprintf("Ensure this value is greater than or equal to %v.", *s.Min)
		}
	case "maximum":
		if s != nil && s.Max != nil {
			return fmt.Sprintf("Ensure this value is less than or equal to %v.", *s.Max)
		}
	case "pattern":
		if s != nil {
			return patternMessage(field, s.Pattern)
		}
	case "format":
		if s != nil {
			switch s.Format {
			case "email":
				return "Enter a valid email address."
			case "uuid":
				return "Must be a valid UUID."
			}
		}
	}
	if e.Reason != "" {
		return upperFirst(e.Reason) + "."
	}
	return "Invalid value."
}

func typeMessage(s *openapi3.Schema) string {
	if s == nil || s.Type == nil {
		return "Invalid value."
	}
	switch {
	case s.Type.Is("integer"):
		return "A valid integer is required."
	case s.Type.Is("number"):
		return "A valid number is required."
	case s.Type.Is("boolean"):
		return "Must be a valid boolean."
	case s.Type.Is("string"):
		return "Not a valid string."
	case s.Type.Is("object"):
		return "Expected a JSON object."
	case s.Type.Is("array"):
		return "Expected a list of items."
	}
	return "Invalid value."
}

// patternMessage explains the spec's patterns in words.
func patternMessage(field, pattern string) string {
	switch {
	case field == "ordering":
		names := pattern
		if i := strings.Index(names, "("); i >= 0 {
			names = names[i+1:]
		}
		if i := strings.Index(names, ")"); i >= 0 {
			names = names[:i]
		}
		return fmt.Sprintf("Order by %s; prefix a field with - for descending order and separate fields with commas.",
			strings.ReplaceAll(names, "|", ", "))
	case field == "email_id":
		return "Must be a lowercase canonical UUID."
	case field == "user":
		return "Enter a user's id or username: only letters, digits, _ and - are allowed."
	case strings.Contains(pattern, `\p{L}`):
		return "Enter a valid username: only letters, digits, _ and - are allowed."
	}
	return fmt.Sprintf("Must match the pattern %s.", pattern)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
