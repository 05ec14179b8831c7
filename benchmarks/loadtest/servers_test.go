package loadtest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// server is a mock server running in a child process for the whole test binary.
type server struct {
	name, base, token string
	note              string // why it was skipped, when it was
	cmd               *exec.Cmd
	out               *tailBuffer
	tmp               string // removed when the server stops
}

var (
	startOnce        sync.Once
	mockSrv, prismSr *server
	startErr         error
)

// servers starts the two servers once; TestMain stops them.
func servers() (*server, *server, error) {
	startOnce.Do(func() {
		mockSrv, startErr = startMock()
		if startErr != nil {
			return
		}
		prismSr = startPrism()
	})
	return mockSrv, prismSr, startErr
}

func stopServers() {
	for _, s := range []*server{mockSrv, prismSr} {
		if s != nil && s.cmd != nil {
			s.stop()
		}
	}
}

// repoRoot is the library's module root, two levels up from this package.
func repoRoot() string {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		panic(err)
	}
	return root
}

// startMock builds the CLI and runs `illumidesk mock serve` on a free loopback port,
// quiet (a line per request on stderr would measure the terminal, not the server).
// Building first rather than `go run` keeps compilation out of the way and leaves one
// process to stop, not go run and its child.
func startMock() (*server, error) {
	dir, err := os.MkdirTemp("", "illumidesk-bench-")
	if err != nil {
		return nil, err
	}
	bin := filepath.Join(dir, "illumidesk")
	build := exec.Command("go", "build", "-o", bin, "./cmd/illumidesk")
	build.Dir = repoRoot()
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building the CLI: %v\n%s", err, out)
	}
	s := &server{name: "mock", out: &tailBuffer{}, tmp: dir}
	s.cmd = exec.Command(bin, "mock", "serve", "--addr", "127.0.0.1:0", "--quiet")
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	s.cmd.Stderr = s.out
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := s.cmd.Start(); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	found := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if v, ok := strings.CutPrefix(line, "Base URL:"); ok {
				s.base = strings.TrimSpace(v)
			}
			if v, ok := strings.CutPrefix(line, "Staff token:"); ok {
				s.token = strings.TrimSpace(v)
			}
			if s.base != "" && s.token != "" {
				found <- nil
				_, _ = io.Copy(io.Discard, stdout)
				return
			}
		}
		found <- errors.New("the mock exited without printing its base URL and token")
	}()
	select {
	case err = <-found:
	case <-time.After(30 * time.Second):
		err = errors.New("the mock printed no base URL within 30s")
	}
	if err != nil {
		s.stop()
		return nil, fmt.Errorf("%w\n%s", err, s.out)
	}
	return s, nil
}

// startPrism runs Prism, pinned in ../prism, installing it there with npm ci first if
// needed. Without npm, or when Prism will not start, it returns a server with a note
// saying why, and the Prism benchmarks are skipped with that note.
func startPrism() *server {
	s := &server{name: "prism", token: "bench", out: &tailBuffer{}}
	dir := filepath.Join(repoRoot(), "benchmarks", "prism")
	bin := filepath.Join(dir, "node_modules", ".bin", "prism")
	if _, err := os.Stat(bin); err != nil {
		npm, err := exec.LookPath("npm")
		if err != nil {
			s.note = "npm is not installed, so Prism is not either: skipping the comparison with Prism"
			return s
		}
		if _, err := exec.LookPath("node"); err != nil {
			s.note = "node is not installed: skipping the comparison with Prism"
			return s
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		install := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
		install.Dir = dir
		if out, err := install.CombinedOutput(); err != nil {
			s.note = fmt.Sprintf("installing Prism with npm ci failed (%v): skipping the comparison with Prism\n%s", err, out)
			return s
		}
	}
	port, err := freePort()
	if err != nil {
		s.note = "no free port for Prism: " + err.Error()
		return s
	}
	s.base = "http://127.0.0.1:" + port
	s.cmd = exec.Command(bin, "mock", "-h", "127.0.0.1", "-p", port, "-v", "error",
		filepath.Join(repoRoot(), "api", "openapi.yaml"))
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if err := s.cmd.Start(); err != nil {
		s.note = "starting Prism: " + err.Error()
		s.cmd = nil
		return s
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(s.base + "/v1/me/")
		if err == nil {
			resp.Body.Close()
			return s
		}
		if time.Now().After(deadline) || s.cmd.ProcessState != nil {
			s.stop()
			s.note = fmt.Sprintf("Prism did not answer within 60s: %v\n%s", err, s.out)
			s.cmd = nil
			return s
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// stop interrupts the child's process group (Prism's node may have children), and kills
// it if it is still there after 5 s.
func (s *server) stop() {
	if s.tmp != "" {
		defer os.RemoveAll(s.tmp)
	}
	pgid := s.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGINT)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-done
	}
}

// cpuTime is the CPU time the server's process has used so far, user and system, from
// /proc (in USER_HZ ticks, 100 a second on Linux); 0 where /proc is not there.
func (s *server) cpuTime() time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// The command name, in parentheses, may hold spaces: count fields after it.
	_, rest, ok := strings.Cut(string(data), ") ")
	if !ok {
		return 0
	}
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	_, port, err := net.SplitHostPort(ln.Addr().String())
	return port, err
}

// tailBuffer keeps the last 8 KB a child wrote, for error messages.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > 8<<10 {
		t.buf = t.buf[len(t.buf)-8<<10:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
