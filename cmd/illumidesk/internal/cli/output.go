package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"os"
	"regexp"
	"strings"
	"text/tabwriter"
	"unicode"

	"golang.org/x/term"

	"github.com/illumidesk/illumidesk-go/facade"
)

type format int

const (
	formatTable format = iota
	formatJSON
)

// format is the one -o asks for, else a table for a person at a terminal and JSON for a
// program reading a pipe.
func (a *app) format() format {
	switch a.output {
	case "json":
		return formatJSON
	case "table":
		return formatTable
	}
	if isTerminal(a.out) {
		return formatTable
	}
	return formatJSON
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// writeJSON prints v indented, without escaping <, > and & as JSON for HTML would.
func writeJSON(w io.Writer, v any, prefix string) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// table is a list to print: its column headers and how to fill a row from an item.
type table[T any] struct {
	header []string
	row    func(*T) []string
	// none is said on stderr when a table has no rows, such as "No users found."
	none string
}

// tableFlushEvery is how many rows are aligned together when a list streams in: a
// table cannot be aligned as a whole without waiting for its end.
const tableFlushEvery = 100

// printList prints the items of seq as they arrive: as one JSON array (still closed when
// the list fails half way, so that what was printed parses) or as table rows. It returns
// the first error from seq.
func printList[T any](a *app, seq iter.Seq2[T, error], t table[T]) error {
	if a.format() == formatJSON {
		n := 0
		for item, err := range seq {
			if err != nil {
				closeJSONList(a.out, n)
				return err
			}
			sep := ",\n  "
			if n == 0 {
				sep = "[\n  "
			}
			if _, err := io.WriteString(a.out, sep); err != nil {
				return err
			}
			var buf bytes.Buffer
			if err := writeJSON(&buf, item, "  "); err != nil {
				return err
			}
			if _, err := a.out.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))); err != nil {
				return err
			}
			n++
		}
		closeJSONList(a.out, n)
		return nil
	}

	tw := newTabWriter(a.out)
	n := 0
	for item, err := range seq {
		if err != nil {
			_ = tw.Flush()
			return err
		}
		if n == 0 {
			fmt.Fprintln(tw, strings.Join(t.header, "\t"))
		}
		fmt.Fprintln(tw, strings.Join(cells(t.row(&item)), "\t"))
		n++
		if n%tableFlushEvery == 0 {
			if err := tw.Flush(); err != nil {
				return err
			}
		}
	}
	if n == 0 && t.none != "" {
		fmt.Fprintln(a.errOut, t.none)
	}
	return tw.Flush()
}

func closeJSONList(w io.Writer, n int) {
	if n == 0 {
		_, _ = io.WriteString(w, "[]\n")
		return
	}
	_, _ = io.WriteString(w, "\n]\n")
}

// printDetail prints one item: as JSON, or as "Field: value" lines.
func (a *app) printDetail(v any, fields [][2]string) error {
	if a.format() == formatJSON {
		return writeJSON(a.out, v, "")
	}
	var buf bytes.Buffer
	tw := newTabWriter(&buf)
	for _, f := range fields {
		fmt.Fprintf(tw, "%s:\t%s\n", f[0], sanitize(f[1]))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// An empty value leaves its line padded with spaces; drop them.
	_, err := a.out.Write(trailingSpace.ReplaceAll(buf.Bytes(), []byte("\n")))
	return err
}

var trailingSpace = regexp.MustCompile(` +\n`)

// printValue prints a single secret or key: bare, so that it can be piped or captured
// as is, unless -o json asks for the API's object.
func (a *app) printValue(name, value string) error {
	if a.output == "json" {
		return writeJSON(a.out, map[string]string{name: value}, "")
	}
	_, err := fmt.Fprintln(a.out, value)
	return err
}

func newTabWriter(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
}

func cells(values []string) []string {
	for i, v := range values {
		v = sanitize(v)
		if v == "" {
			v = "-"
		}
		values[i] = v
	}
	return values
}

// sanitize keeps what the server says from moving the cursor, ringing the bell or
// breaking a table: control characters become spaces or U+FFFD.
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			return '\uFFFD'
		}
		return r
	}, s)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

var userTable = table[facade.User]{
	header: []string{"USERNAME", "NAME", "EMAIL", "ID"},
	row: func(u *facade.User) []string {
		return []string{u.Username, fullName(u), u.Email, u.ID}
	},
	none: "No users found.",
}

var emailTable = table[facade.Email]{
	header: []string{"ADDRESS", "PUBLIC", "UNSUBSCRIBED", "ID"},
	row: func(e *facade.Email) []string {
		return []string{e.Address, yesNo(e.Public), yesNo(e.Unsubscribed), e.ID}
	},
	none: "No e-mail addresses found.",
}

func fullName(u *facade.User) string {
	return strings.TrimSpace(u.FirstName + " " + u.LastName)
}

func (a *app) printUser(u *facade.User) error {
	config := "{}"
	if len(u.Profile.Config) > 0 {
		b, err := json.Marshal(u.Profile.Config)
		if err != nil {
			return err
		}
		config = string(b)
	}
	return a.printDetail(u, [][2]string{
		{"Username", u.Username},
		{"ID", u.ID},
		{"Name", fullName(u)},
		{"Email", u.Email},
		{"Bio", u.Profile.Bio},
		{"URL", u.Profile.URL},
		{"Location", u.Profile.Location},
		{"Company", u.Profile.Company},
		{"Timezone", u.Profile.Timezone},
		{"Avatar", u.Profile.Avatar},
		{"Config", config},
	})
}

func (a *app) printEmail(e *facade.Email) error {
	return a.printDetail(e, [][2]string{
		{"Address", e.Address},
		{"ID", e.ID},
		{"User", e.User},
		{"Public", yesNo(e.Public)},
		{"Unsubscribed", yesNo(e.Unsubscribed)},
	})
}

// sliceSeq turns one page into the iterator printList takes.
func sliceSeq[T any](items []T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, it := range items {
			if !yield(it, nil) {
				return
			}
		}
	}
}
