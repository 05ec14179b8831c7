// Package iterate measures the memory of walking a long list with the facade's iterator,
// c.Users.All, against a server that generates each page on the fly.
//
// The server runs in a child process (this test binary, re-executed), so that the heap
// and the allocations measured here are the client's alone.
//
// Metrics, besides ns/op and B/op for one whole walk:
//   - peak-live-B: the most heap that stays in use, measured after a forced GC at the
//     first user of every page, when the page just decoded and the body its strings share
//     are both held; less the heap in use before the walk. This walk is separate from the
//     timed ones, whose GC the forced collections would change.
//   - peak-inuse-B: the most heap in use (HeapInuse, garbage not yet collected included)
//     sampled every 500µs during the timed walks, less the same before them: what the
//     process really holds under the default GOGC. Below a few MB this mostly reflects
//     the GC's 4 MB minimum heap, not the client.
//   - page-B: the average size of one page's JSON, so that peak-live-B/page-B reads as
//     "pages held".
package iterate

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/illumidesk/illumidesk-go/benchmarks/internal/clients"
	"github.com/illumidesk/illumidesk-go/benchmarks/internal/fixture"
)

const serverEnv = "ILLUMIDESK_BENCH_PAGE_SERVER"

func TestMain(m *testing.M) {
	if v := os.Getenv(serverEnv); v != "" {
		servePages(v)
		return
	}
	os.Exit(m.Run())
}

// servePages is the child: it serves total users on loopback, prints the URL and stops
// when its parent closes stdin (or dies).
func servePages(totalArg string) {
	total, err := strconv.Atoi(totalArg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	srv := httptest.NewServer(fixture.Pages(total))
	fmt.Println(srv.URL)
	_, _ = io.Copy(io.Discard, os.Stdin)
	srv.Close()
}

// startPages starts a child serving total users and returns its URL.
func startPages(b *testing.B, total int) string {
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^$")
	cmd.Env = append(os.Environ(), serverEnv+"="+strconv.Itoa(total))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		_ = stdin.Close()
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatalf("page server: %v", err)
	}
	return strings.TrimSpace(line)
}

// counting adds up the bytes of the bodies it carries, to size a page.
type counting struct {
	http.RoundTripper
	bytes, pages atomic.Int64
}

func (c *counting) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.RoundTripper.RoundTrip(req)
	if err == nil && resp.ContentLength > 0 {
		c.bytes.Add(resp.ContentLength)
		c.pages.Add(1)
	}
	return resp, err
}

func heapInuse(s []metrics.Sample) uint64 {
	metrics.Read(s)
	return s[0].Value.Uint64() + s[1].Value.Uint64()
}

func BenchmarkAll(b *testing.B) {
	for _, tc := range []struct{ total, pageSize int }{
		{100_000, 100},
		{100_000, 1000},
		{10_000, 100},
	} {
		b.Run(fmt.Sprintf("total=%d/page=%d", tc.total, tc.pageSize), func(b *testing.B) {
			benchAll(b, tc.total, tc.pageSize)
		})
	}
}

func benchAll(b *testing.B, total, pageSize int) {
	base := startPages(b, total)
	rt := &counting{RoundTripper: clients.Transport()}
	c, err := clients.Facade(base, clients.HTTPClient(rt))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	walk := func(atPage func()) {
		n := 0
		for u, err := range c.Users.All(ctx, nil, pageSize) {
			if err != nil {
				b.Fatal(err)
			}
			if n%pageSize == 0 && atPage != nil {
				atPage()
			}
			if u.Profile.Config == nil {
				b.Fatal("user without config")
			}
			n++
		}
		if n != total {
			b.Fatalf("walked %d users, want %d", n, total)
		}
	}

	// The instrumented walk: live heap after GC at every page.
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	before := ms.HeapAlloc
	var peakLive uint64
	walk(func() {
		runtime.GC()
		runtime.ReadMemStats(&ms)
		if ms.HeapAlloc > before {
			peakLive = max(peakLive, ms.HeapAlloc-before)
		}
	})

	// The timed walks, with the heap sampled in the background.
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
	runtime.GC()
	baseInuse := heapInuse(samples)
	var peakInuse atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		s := make([]metrics.Sample, len(samples))
		copy(s, samples)
		t := time.NewTicker(500 * time.Microsecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if v := heapInuse(s); v > baseInuse && v-baseInuse > peakInuse.Load() {
					peakInuse.Store(v - baseInuse)
				}
			}
		}
	})
	b.ReportAllocs()
	for b.Loop() {
		walk(nil)
	}
	close(stop)
	wg.Wait()

	b.ReportMetric(float64(peakLive), "peak-live-B")
	b.ReportMetric(float64(peakInuse.Load()), "peak-inuse-B")
	b.ReportMetric(float64(rt.bytes.Load())/float64(rt.pages.Load()), "page-B")
}
