// Package loadtest measures the mock server's throughput: a bounded load from a Go load
// generator (net/http, a fixed number of keep-alive connections, 127.0.0.1 only) against
// `illumidesk mock serve` and, in the same run, against Prism serving the same spec.
// Both validate requests: the mock always does, and Prism validates by default (each is
// shown refusing an invalid limit before the load starts).
//
// Each sub-benchmark runs for ILLUMIDESK_BENCH_LOAD (default 10s) after a warm-up of a
// tenth of that (at most 1 s), whatever b.N is, and reports req/s, the p50 and p99
// latency in ms, the answer's size, ns/op as the mean time per request, and
// srv-cpu-µs/req: the server process's own CPU time (from /proc) per request. The load
// generator runs on the same cores as the server, so req/s is what the pair reaches on
// this machine; CPU per request is the server's cost alone, whatever the generator
// takes. Set ILLUMIDESK_BENCH_LOAD_CONNS to change the 16 connections.
package loadtest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	code := m.Run()
	stopServers()
	os.Exit(code)
}

func envDuration(name string, def time.Duration) time.Duration {
	if v := os.Getenv(name); v != "" {
		if d, err := time.ParseDuration(v); err == nil && d > 0 {
			return d
		}
		fmt.Fprintf(os.Stderr, "ignoring %s=%q: not a positive duration\n", name, v)
	}
	return def
}

func envInt(name string, def int) int {
	if v := os.Getenv(name); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			return n
		}
		fmt.Fprintf(os.Stderr, "ignoring %s=%q: not a positive number\n", name, v)
	}
	return def
}

var endpoints = []struct{ name, path string }{
	{"profile", "/v1/users/profiles/ada/"},
	{"list", "/v1/users/profiles/?limit=50"},
}

func BenchmarkMockServer(b *testing.B) {
	mock, prism, err := servers()
	if err != nil {
		b.Fatal(err)
	}
	duration := envDuration("ILLUMIDESK_BENCH_LOAD", 10*time.Second)
	conns := envInt("ILLUMIDESK_BENCH_LOAD_CONNS", 16)
	for _, ep := range endpoints {
		for _, s := range []*server{prism, mock} {
			b.Run(fmt.Sprintf("endpoint=%s/server=%s", ep.name, s.name), func(b *testing.B) {
				if s.note != "" {
					b.Skip(s.note)
				}
				checkValidates(b, s)
				r := load(b, s, ep.path, duration, conns)
				b.ReportMetric(r.rps, "req/s")
				b.ReportMetric(r.p50.Seconds()*1e3, "p50-ms")
				b.ReportMetric(r.p99.Seconds()*1e3, "p99-ms")
				b.ReportMetric(float64(r.bytes), "resp-B")
				b.ReportMetric(1e9/r.rps, "ns/op")
				if r.cpu > 0 {
					b.ReportMetric(float64(r.cpu.Microseconds())/float64(r.n), "srv-cpu-µs/req")
				}
			})
		}
	}
}

func newClient(conns int) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = conns
	t.MaxConnsPerHost = conns
	return &http.Client{Transport: t, Timeout: 10 * time.Second}
}

// checkValidates shows the server refuses a request the spec forbids (limit=0), so that
// the load runs with validation on.
func checkValidates(b *testing.B, s *server) {
	req, _ := http.NewRequest(http.MethodGet, s.base+"/v1/users/profiles/?limit=0", nil)
	req.Header.Set("Authorization", "JWT "+s.token)
	resp, err := newClient(1).Do(req)
	if err != nil {
		b.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode < 400 || resp.StatusCode >= 500 {
		b.Fatalf("%s answered %d to limit=0: request validation seems off", s.name, resp.StatusCode)
	}
}

type result struct {
	rps      float64
	p50, p99 time.Duration
	bytes    int64
	n        int           // requests counted
	cpu      time.Duration // the server's CPU time while they were sent
}

// load sends GET path from conns workers, each waiting for its answer before the next
// request, for the warm-up and then for d; only the latter is counted.
func load(b *testing.B, s *server, path string, d time.Duration, conns int) result {
	hc := newClient(conns)
	defer hc.CloseIdleConnections()
	warm := min(d/10, time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), warm+d+15*time.Second)
	defer cancel()
	start := time.Now()
	measureFrom, end := start.Add(warm), start.Add(warm+d)

	lat := make([][]time.Duration, conns)
	var size int64
	var firstErr error
	var mu sync.Mutex
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr == nil {
			firstErr = err
		}
	}
	var cpuStart, cpuEnd time.Duration
	var wg sync.WaitGroup
	wg.Go(func() {
		time.Sleep(time.Until(measureFrom))
		cpuStart = s.cpuTime()
		time.Sleep(time.Until(end))
		cpuEnd = s.cpuTime()
	})
	for w := range conns {
		wg.Go(func() {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.base+path, nil)
			if err != nil {
				fail(err)
				return
			}
			req.Header.Set("Authorization", "JWT "+s.token)
			req.Header.Set("Accept", "application/json")
			mine := make([]time.Duration, 0, 1<<14)
			for {
				t0 := time.Now()
				if t0.After(end) {
					break
				}
				resp, err := hc.Do(req)
				if err != nil {
					fail(err)
					return
				}
				n, err := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil {
					fail(err)
					return
				}
				if resp.StatusCode != http.StatusOK {
					fail(fmt.Errorf("%s answered %d to GET %s", s.name, resp.StatusCode, path))
					return
				}
				if t0.After(measureFrom) {
					mine = append(mine, time.Since(t0))
					if w == 0 && size == 0 {
						size = n
					}
				}
			}
			lat[w] = mine
		})
	}
	wg.Wait()
	if firstErr != nil {
		b.Fatalf("%v\n%s", firstErr, s.out)
	}
	all := slices.Concat(lat...)
	if len(all) == 0 {
		b.Fatal("no request completed")
	}
	slices.Sort(all)
	pct := func(p float64) time.Duration { return all[min(len(all)-1, int(p*float64(len(all))))] }
	res := result{
		n:     len(all),
		rps:   float64(len(all)) / d.Seconds(),
		p50:   pct(0.50),
		p99:   pct(0.99),
		bytes: size,
	}
	if cpuStart > 0 && cpuEnd > cpuStart {
		res.cpu = cpuEnd - cpuStart
	}
	return res
}
