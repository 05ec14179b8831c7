package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// A trimmed govulncheck -format json stream: one module finding at each level, and the
// standard library's.
const stream = `{"config":{"scanner_version":"v1.9.0","db":"file:///db","go_version":"go1.26.8","scan_level":"symbol"}}
{"osv":{"id":"GO-1","summary":"called one"}}
{"osv":{"id":"GO-2","summary":"imported one"}}
{"osv":{"id":"GO-3","summary":"required one"}}
{"osv":{"id":"GO-4","summary":"stdlib one"}}
{"finding":{"osv":"GO-1","fixed_version":"v1.0.1","trace":[{"module":"example.com/a","version":"v1.0.0"}]}}
{"finding":{"osv":"GO-1","fixed_version":"v1.0.1","trace":[{"module":"example.com/a","version":"v1.0.0","package":"example.com/a/p"}]}}
{"finding":{"osv":"GO-1","fixed_version":"v1.0.1","trace":[{"module":"example.com/a","version":"v1.0.0","package":"example.com/a/p","function":"F","receiver":"*T"},{"module":"example.com/me","package":"example.com/me","function":"main"}]}}
{"finding":{"osv":"GO-2","trace":[{"module":"example.com/b","version":"v2.0.0","package":"example.com/b"}]}}
{"finding":{"osv":"GO-3","fixed_version":"v3.0.1","trace":[{"module":"example.com/c","version":"v3.0.0"}]}}
{"finding":{"osv":"GO-4","fixed_version":"v1.26.9","trace":[{"module":"stdlib","version":"v1.26.8","package":"net/http","function":"Get"}]}}
`

func TestLevels(t *testing.T) {
	vulns, cfg, err := read(strings.NewReader(stream))
	if err != nil {
		t.Fatal(err)
	}
	if len(vulns) != 4 {
		t.Fatalf("got %d vulnerabilities, want 4 (one per id and module)", len(vulns))
	}
	for _, tc := range []struct {
		threshold level
		fail      bool
		failing   []string
	}{
		{called, true, []string{"GO-1"}},
		{imported, true, []string{"GO-1", "GO-2"}},
		{required, true, []string{"GO-1", "GO-2", "GO-3"}},
	} {
		var out bytes.Buffer
		if got := report(&out, vulns, cfg, tc.threshold); got != tc.fail {
			t.Errorf("%s: fail = %v, want %v", tc.threshold, got, tc.fail)
		}
		failing, _, _ := strings.Cut(out.String(), "(listed, not failing")
		failing, _, _ = strings.Cut(failing, "In the Go release")
		for _, id := range []string{"GO-1", "GO-2", "GO-3", "GO-4"} {
			want := slices.Contains(tc.failing, id)
			if got := strings.Contains(failing, id+" "); got != want {
				t.Errorf("%s: %s failing = %v, want %v\n%s", tc.threshold, id, got, want, out.String())
			}
		}
	}
}

func TestCalledSymbolIsShown(t *testing.T) {
	vulns, cfg, err := read(strings.NewReader(stream))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	report(&out, vulns, cfg, called)
	if !strings.Contains(out.String(), "in example.com/a/p.T.F") {
		t.Errorf("the called symbol is not shown:\n%s", out.String())
	}
}

func TestStdlibNeverFails(t *testing.T) {
	vulns, cfg, err := read(strings.NewReader(stream))
	if err != nil {
		t.Fatal(err)
	}
	var std []*vuln
	for _, v := range vulns {
		if goRelease(v.module) {
			std = append(std, v)
		}
	}
	if report(&bytes.Buffer{}, std, cfg, required) {
		t.Error("a standard library finding failed the check")
	}
}

func TestNotGovulncheckOutput(t *testing.T) {
	if _, _, err := read(strings.NewReader(`{"finding":{}}`)); err == nil {
		t.Error("a stream without a config message was accepted")
	}
	if _, _, err := read(strings.NewReader(`not json`)); err == nil {
		t.Error("a stream that is not JSON was accepted")
	}
}
