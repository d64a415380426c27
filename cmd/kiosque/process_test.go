package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/store/sqlite"
)

// helperEnv marks the test binary started as a kiosque process by the
// crash and shutdown tests (TestHelperProcess).
const helperEnv = "KIOSQUE_TEST_HELPER_PROCESS"

// TestHelperProcess is not a test: it is the kiosque process the crash and
// shutdown tests start, kill and restart (the test binary runs `run` as
// main would, so no separate build is needed). Its arguments follow "--".
// The extra command "write-articles PATH" creates articles in the SQLite
// database at PATH and prints "ack ID" after each commit, until killed.
func TestHelperProcess(t *testing.T) {
	if os.Getenv(helperEnv) != "1" {
		t.Skip("helper process of the crash and shutdown tests")
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	var err error
	if len(args) == 2 && args[0] == "write-articles" {
		err = writeArticles(ctx, args[1])
	} else {
		err = run(ctx, args, os.Getenv, os.Stdout, os.Stderr)
	}
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "kiosque:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// writeArticles creates articles in the database at path until ctx ends,
// acknowledging each on stdout once committed. It writes at most one every
// 5 ms, an editor's pace, so the comments of the load keep their share of
// the single writer.
func writeArticles(ctx context.Context, path string) error {
	st, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	pace := time.NewTicker(5 * time.Millisecond)
	defer pace.Stop()
	for n := 1; ctx.Err() == nil; n++ {
		<-pace.C
		a := newArticle(n, time.Now())
		if err := st.CreateArticle(ctx, a); err != nil {
			return err
		}
		if _, err := fmt.Fprintf(os.Stdout, "ack %d\n", a.ID); err != nil {
			return err
		}
	}
	return nil
}

// proc is a kiosque process started by a test.
type proc struct {
	cmd    *exec.Cmd
	base   string      // for serve: "http://127.0.0.1:PORT/"
	lines  chan string // stdout, line by line, after the ready line
	stderr *lockedBuffer
	exited chan struct{}
	err    error // Wait's result, once exited is closed
}

// startProcess starts the test binary as kiosque ARGS… (see
// TestHelperProcess). For serve it waits until the server is ready. The
// process is killed at cleanup if still running.
func startProcess(t testing.TB, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestHelperProcess$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), helperEnv+"=1")
	p := &proc{cmd: cmd, lines: make(chan string, 1<<16), stderr: &lockedBuffer{}, exited: make(chan struct{})}
	cmd.Stderr = p.stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "Kiosque is ready: "); ok {
				ready <- u
				continue
			}
			p.lines <- sc.Text()
		}
		_, _ = io.Copy(io.Discard, out) // drain after a scan error so Wait returns
		close(p.lines)
	}()
	go func() { p.err = cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill() // already gone when the test stopped it
		<-p.exited
	})
	if len(args) > 0 && args[0] == "serve" {
		select {
		case p.base = <-ready:
		case <-p.exited:
			t.Fatalf("kiosque %s exited before it was ready: %v\n%s", strings.Join(args, " "), p.err, p.stderr)
		case <-time.After(60 * time.Second):
			t.Fatalf("kiosque serve not ready within 60 s\n%s", p.stderr)
		}
	}
	return p
}

// signal sends sig and, for SIGKILL, waits for the process to be gone.
func (p *proc) signal(t testing.TB, sig syscall.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("signal %v: %v", sig, err)
	}
	if sig == syscall.SIGKILL {
		<-p.exited
	}
}

// wait waits for the process to exit and returns its error (nil for exit
// status 0).
func (p *proc) wait(t testing.TB) error {
	t.Helper()
	select {
	case <-p.exited:
		return p.err
	case <-time.After(60 * time.Second):
		t.Fatalf("process did not exit within 60 s\n%s", p.stderr)
		return nil
	}
}

// lockedBuffer keeps a process's stderr: exec copies into it from its own
// goroutine while a failing test may print it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lockedBuffer) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(b)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}
