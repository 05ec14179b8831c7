package illumidesk_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// snippetSources are the files whose code the README may quote: Example functions and
// tests, all of which run with the test suite.
var snippetSources = []string{
	"facade/example_test.go",
	"mock/mocktest/usage_test.go",
}

var goFence = regexp.MustCompile("(?s)```go\n(.*?)```")

// normalize drops each line's indentation and blank lines, so a snippet matches the code
// it was taken from at whatever depth it stands there.
func normalize(code string) string {
	var out []string
	for line := range strings.SplitSeq(code, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// TestReadmeSnippets keeps the README's Go code from going stale: every ```go block must be
// a run of lines from an Example function or test that the suite runs.
func TestReadmeSnippets(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	var sources strings.Builder
	for _, p := range snippetSources {
		data, err := os.ReadFile(filepath.FromSlash(p))
		require.NoError(t, err)
		sources.WriteString(normalize(string(data)) + "\n")
	}
	blocks := goFence.FindAllStringSubmatch(string(readme), -1)
	require.NotEmpty(t, blocks, "the README has Go snippets")
	for _, b := range blocks {
		snippet := normalize(b[1])
		if !strings.Contains(sources.String(), snippet) {
			t.Errorf("README snippet is in no example or test (%v):\n%s", snippetSources, b[1])
		}
	}
}
