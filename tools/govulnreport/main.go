// Command govulnreport reads the JSON stream of `govulncheck -format json` on standard input,
// lists every finding, and exits 1 when one in a module the project requires comes at least
// as close to the code as the -fail level:
//
//   - called: a vulnerable function is reachable from the code (govulncheck's own verdict);
//   - imported (the default): a vulnerable package is compiled in, called or not, since a
//     static call graph can miss calls made through reflection or registered handlers;
//   - required: the module is merely in the build graph, its vulnerable package unused.
//
// Findings in the standard library (and the go command) are listed but never fail: they
// depend on the Go release that builds the code, not on go.mod, and are fixed by building
// with a newer Go. A finding in a required module is fixed by requiring a fixed version.
//
// It is a module of its own, with no dependencies, so the library's go.mod stays free of it.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// The subset of govulncheck's JSON protocol (golang.org/x/vuln/internal/govulncheck) read here.
type message struct {
	Config  *config  `json:"config,omitempty"`
	OSV     *osv     `json:"osv,omitempty"`
	Finding *finding `json:"finding,omitempty"`
}

type config struct {
	ScannerVersion string `json:"scanner_version"`
	DB             string `json:"db"`
	GoVersion      string `json:"go_version"`
	ScanLevel      string `json:"scan_level"`
}

type osv struct {
	ID      string `json:"id"`
	Summary string `json:"summary"`
}

type finding struct {
	OSV          string  `json:"osv"`
	FixedVersion string  `json:"fixed_version"`
	Trace        []frame `json:"trace"`
}

type frame struct {
	Module   string `json:"module"`
	Version  string `json:"version"`
	Package  string `json:"package"`
	Function string `json:"function"`
	Receiver string `json:"receiver"`
}

// How close the code comes to a vulnerability, from govulncheck's three scan levels.
type level int

const (
	required level = iota // the module is required, the vulnerable package is not imported
	imported              // the package is imported, no vulnerable symbol is reached
	called                // a vulnerable symbol is reachable from the code
)

func (l level) String() string { return [...]string{"required", "imported", "called"}[l] }

type vuln struct {
	id, module, version, fixed, summary string
	level                               level
	example                             string // for a called symbol: the symbol
}

func parseLevel(s string) (level, error) {
	for l := required; l <= called; l++ {
		if l.String() == s {
			return l, nil
		}
	}
	return 0, fmt.Errorf("unknown level %q: want called, imported or required", s)
}

func main() {
	failAt := flag.String("fail", imported.String(), "the closest `level` (called, imported, required) of a required module's finding that fails")
	flag.Parse()
	threshold, err := parseLevel(*failAt)
	if err != nil {
		fmt.Fprintln(os.Stderr, "govulnreport:", err)
		os.Exit(2)
	}
	vulns, cfg, err := read(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "govulnreport:", err)
		os.Exit(2)
	}
	if report(os.Stdout, vulns, cfg, threshold) {
		os.Exit(1)
	}
}

// read decodes the stream and keeps, per vulnerability and module, the closest finding.
func read(r io.Reader) ([]*vuln, config, error) {
	var cfg config
	summaries := map[string]string{}
	byKey := map[string]*vuln{}
	dec := json.NewDecoder(bufio.NewReader(r))
	for {
		var m message
		err := dec.Decode(&m)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, cfg, fmt.Errorf("reading govulncheck's JSON: %w", err)
		}
		switch {
		case m.Config != nil:
			cfg = *m.Config
		case m.OSV != nil:
			summaries[m.OSV.ID] = m.OSV.Summary
		case m.Finding != nil && len(m.Finding.Trace) > 0:
			f := m.Finding
			top := f.Trace[0]
			v := &vuln{id: f.OSV, module: top.Module, version: top.Version, fixed: f.FixedVersion}
			switch {
			case top.Function != "":
				v.level = called
				v.example = symbol(top)
			case top.Package != "":
				v.level = imported
				v.example = top.Package
			}
			key := f.OSV + " " + top.Module
			if old, ok := byKey[key]; !ok || v.level > old.level {
				byKey[key] = v
			}
		}
	}
	if cfg.ScannerVersion == "" {
		return nil, cfg, errors.New("no config message: is this govulncheck -format json output?")
	}
	vulns := make([]*vuln, 0, len(byKey))
	for _, v := range byKey {
		v.summary = summaries[v.id]
		vulns = append(vulns, v)
	}
	sort.Slice(vulns, func(i, j int) bool {
		a, b := vulns[i], vulns[j]
		if a.level != b.level {
			return a.level > b.level
		}
		if a.module != b.module {
			return a.module < b.module
		}
		return a.id < b.id
	})
	return vulns, cfg, nil
}

func symbol(f frame) string {
	if f.Receiver != "" {
		return f.Package + "." + strings.TrimPrefix(f.Receiver, "*") + "." + f.Function
	}
	return f.Package + "." + f.Function
}

// goRelease reports whether a finding is in the Go release rather than in a required module.
func goRelease(module string) bool { return module == "stdlib" || module == "toolchain" }

// report prints the findings and reports whether any in a required module reaches threshold.
func report(w io.Writer, vulns []*vuln, cfg config, threshold level) (fail bool) {
	fmt.Fprintf(w, "govulncheck %s, %s scan, database %s, built with %s\n",
		cfg.ScannerVersion, cfg.ScanLevel, cfg.DB, cfg.GoVersion)
	var failing, listed, std []*vuln
	for _, v := range vulns {
		switch {
		case goRelease(v.module):
			std = append(std, v)
		case v.level >= threshold:
			failing = append(failing, v)
		default:
			listed = append(listed, v)
		}
	}
	fmt.Fprintf(w, "\nIn required modules, %s or closer (these fail): %d\n", threshold, len(failing))
	list(w, failing)
	if len(listed) > 0 {
		fmt.Fprintf(w, "\nIn required modules, further from the code than %s (listed, not failing): %d\n", threshold, len(listed))
		list(w, listed)
	}
	fmt.Fprintf(w, "\nIn the Go release %s (listed, not failing; fixed by building with a newer Go): %d\n",
		cfg.GoVersion, len(std))
	list(w, std)
	return len(failing) > 0
}

func list(w io.Writer, vulns []*vuln) {
	for _, v := range vulns {
		fixed := v.fixed
		if fixed == "" {
			fixed = "no fix yet"
		} else {
			fixed = "fixed in " + fixed
		}
		fmt.Fprintf(w, "  %-14s %-8s %s@%s, %s: %s\n", v.id, v.level, v.module, v.version, fixed, v.summary)
		if v.example != "" {
			fmt.Fprintf(w, "  %-14s %-8s in %s\n", "", "", v.example)
		}
	}
}
