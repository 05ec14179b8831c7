// Package concurrency measures 64 goroutines sharing one client, each reading one user
// (~1 KB) from the canned httptest server in a loop until b.N calls are made between
// them (so -benchtime bounds the run). It reports calls/s and how many connections the
// server saw opened (its ConnState hook): with a pool of 64 idle connections per host,
// a client that reuses connections opens about 64 and no more however long it runs.
package concurrency

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/illumidesk/illumidesk-go/benchmarks/internal/clients"
	"github.com/illumidesk/illumidesk-go/benchmarks/internal/fixture"
)

const goroutines = 64

func BenchmarkParallel64(b *testing.B) {
	b.Run("client=handwritten", func(b *testing.B) {
		run(b, func(base string) func(context.Context) error {
			c := clients.Handwritten(base)
			user := fixture.Big().Username
			return func(ctx context.Context) error { _, err := c.Get(ctx, user); return err }
		})
	})
	b.Run("client=facade", func(b *testing.B) {
		run(b, func(base string) func(context.Context) error {
			c, err := clients.Facade(base, nil)
			if err != nil {
				b.Fatal(err)
			}
			user := fixture.Big().Username
			return func(ctx context.Context) error { _, err := c.Users.Get(ctx, user); return err }
		})
	})
}

func run(b *testing.B, newCall func(base string) func(context.Context) error) {
	var opened atomic.Int64
	srv := httptest.NewUnstartedServer(fixture.Canned())
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	call := newCall(srv.URL)
	ctx := context.Background()

	var next atomic.Int64
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for range goroutines {
		wg.Go(func() {
			for next.Add(1) <= int64(b.N) {
				if err := call(ctx); err != nil {
					once.Do(func() { firstErr = err })
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if firstErr != nil {
		b.Fatal(firstErr)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "calls/s")
	b.ReportMetric(float64(opened.Load()), "conns")
}
