package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// stdinTerminal returns stdin as a file when a person is typing into it.
func (a *app) stdinTerminal() (*os.File, bool) {
	f, ok := a.in.(*os.File)
	return f, ok && term.IsTerminal(int(f.Fd()))
}

// readLine prompts on stderr and reads one line that is echoed as typed.
func (a *app) readLine(prompt string) (string, error) {
	fmt.Fprint(a.errOut, prompt)
	line, err := bufio.NewReader(oneByteReader{a.in}).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", fmt.Errorf("reading %s: %w", strings.TrimSuffix(strings.ToLower(prompt), ": "), err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// readSecret prompts on stderr and reads a line without echoing it.
func (a *app) readSecret(f *os.File, prompt string) (string, error) {
	fmt.Fprint(a.errOut, prompt)
	b, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(a.errOut)
	if err != nil {
		return "", fmt.Errorf("reading the password: %w", err)
	}
	return string(b), nil
}

// readPasswordStdin reads a password piped to stdin: its first line, without the line
// break. It is the way to pass a password from a script without showing it in the
// process list, as --password on the command line would.
func (a *app) readPasswordStdin() (string, error) {
	data, err := io.ReadAll(io.LimitReader(a.in, 4096))
	if err != nil {
		return "", fmt.Errorf("reading the password from stdin: %w", err)
	}
	pw, _, _ := strings.Cut(string(data), "\n")
	pw = strings.TrimSuffix(pw, "\r")
	if pw == "" {
		return "", usagef("--password-stdin: stdin holds no password")
	}
	return pw, nil
}

// password gets a password from stdin when --password-stdin is given, else by
// prompting on a terminal; confirm asks for it twice.
func (a *app) password(fromStdin, confirm bool) (string, error) {
	if fromStdin {
		if f, ok := a.stdinTerminal(); ok {
			return a.promptPassword(f, confirm)
		}
		return a.readPasswordStdin()
	}
	f, ok := a.stdinTerminal()
	if !ok {
		return "", usagef("a password is needed: pipe it to --password-stdin, or run on a terminal to be asked for it")
	}
	return a.promptPassword(f, confirm)
}

func (a *app) promptPassword(f *os.File, confirm bool) (string, error) {
	pw, err := a.readSecret(f, "Password: ")
	if err != nil {
		return "", err
	}
	if pw == "" {
		return "", usagef("empty password")
	}
	if confirm {
		again, err := a.readSecret(f, "Password again: ")
		if err != nil {
			return "", err
		}
		if again != pw {
			return "", usagef("the passwords do not match")
		}
	}
	return pw, nil
}

// oneByteReader reads one byte at a time so that reading a line from a terminal leaves
// the rest of stdin to whoever reads next.
type oneByteReader struct{ r io.Reader }

func (o oneByteReader) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:1]
	}
	return o.r.Read(p)
}
