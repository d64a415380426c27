package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
)

// load writes to a site as its readers and editors would, and remembers
// every write acknowledged: comments through the form (a 303), articles by
// the write-articles process (an "ack ID" line once committed).
type load struct {
	mu       sync.Mutex
	comments []string
	articles []article.ID
	acks     atomic.Int64
	stop     chan struct{}
	wg       sync.WaitGroup
}

func startLoad(t testing.TB, base, slug string, posters int, writer *proc) *load {
	l := &load{stop: make(chan struct{})}
	for g := range posters {
		l.wg.Go(func() {
			for n := 0; ; n++ {
				select {
				case <-l.stop:
					return
				default:
				}
				text := fmt.Sprintf("Commentaire %d-%d sous charge.", g, n)
				status, err := postComment(base, slug, text)
				if err == nil && status == http.StatusSeeOther {
					l.mu.Lock()
					l.comments = append(l.comments, text)
					l.mu.Unlock()
					l.acks.Add(1)
				}
			}
		})
	}
	if writer != nil {
		l.wg.Go(func() {
			for line := range writer.lines { // until the process's stdout closes
				id, err := strconv.ParseInt(strings.TrimPrefix(line, "ack "), 10, 64)
				if err != nil {
					t.Errorf("write-articles printed %q", line)
					continue
				}
				l.mu.Lock()
				l.articles = append(l.articles, article.ID(id))
				l.mu.Unlock()
				l.acks.Add(1)
			}
		})
	}
	return l
}

// finish stops the posters and waits for every goroutine (the writer's
// stdout must be closed: kill it first).
func (l *load) finish() {
	close(l.stop)
	l.wg.Wait()
}

// crashSeed returns the seed of the kill moments: $KIOSQUE_CRASH_SEED to
// replay a run, else a new one. It is logged either way.
func crashSeed(t testing.TB) uint64 {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("KIOSQUE_CRASH_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("KIOSQUE_CRASH_SEED=%q: want a number", s)
		}
		seed = n
	}
	t.Logf("kill moments from seed %d (replay with KIOSQUE_CRASH_SEED=%d)", seed, seed)
	return seed
}

// TestCrashKeepsAcknowledgedWrites kills a serving site with SIGKILL in the
// middle of a write load (comments through the form, articles from a
// second process killed at the same moment), three times at random
// moments, restarts it and checks that every acknowledged write is there
// and the database passes PRAGMA integrity_check.
func TestCrashKeepsAcknowledgedWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills kiosque processes")
	}
	rng := rand.New(rand.NewPCG(crashSeed(t), 0))
	for range 3 {
		killAt := 10 + rng.IntN(50) // acknowledged comments before the kill
		t.Run(fmt.Sprintf("kill after %d comments", killAt), func(t *testing.T) { crashOnce(t, int64(killAt)) })
	}
}

func crashOnce(t *testing.T, killAt int64) {
	db := filepath.Join(t.TempDir(), "kiosque.db")
	st := openSQLite(t, db)
	first := newArticle(0, time.Now())
	if err := st.CreateArticle(context.Background(), first); err != nil {
		t.Fatal(err)
	}
	st.Close()

	srv := startProcess(t, "serve", "--addr", "127.0.0.1:0", "--db", "sqlite:"+db, "--cache-mb", "0", "--log-level", "error", "--trust-proxy")
	writer := startProcess(t, "write-articles", db)
	l := startLoad(t, srv.base, first.Slug, 4, writer)
	waitFor(t, func() bool { l.mu.Lock(); defer l.mu.Unlock(); return int64(len(l.comments)) >= killAt })
	srv.signal(t, syscall.SIGKILL)
	writer.signal(t, syscall.SIGKILL)
	l.finish()
	t.Logf("killed after %d acknowledged writes: %d comments, %d articles", l.acks.Load(), len(l.comments), len(l.articles))

	again := startProcess(t, "serve", "--addr", "127.0.0.1:0", "--db", "sqlite:"+db, "--cache-mb", "0", "--log-level", "error", "--trust-proxy")
	for _, path := range []string{"healthz", first.Slug + "/"} {
		resp, err := http.Get(again.base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("after the crash, GET /%s: %d", path, resp.StatusCode)
		}
	}
	check := openSQLite(t, db)
	if err := check.IntegrityCheck(context.Background()); err != nil {
		t.Error(err)
	}
	for _, id := range l.articles {
		if _, err := check.Article(context.Background(), id); err != nil {
			t.Errorf("acknowledged article %d lost: %v", id, err)
		}
	}
	texts := commentTexts(t, check, first.ID)
	for _, c := range l.comments {
		if !texts[c] {
			t.Errorf("acknowledged comment %q lost", c)
		}
	}
	again.signal(t, syscall.SIGTERM)
	if err := again.wait(t); err != nil {
		t.Errorf("restarted server did not stop cleanly: %v\n%s", err, again.stderr)
	}
}

// TestGracefulShutdown sends SIGTERM while requests are in flight: a
// comment whose body is still arriving, and four readers posting without
// pause. The server stops taking connections, the half-sent comment
// finishes (303), the process exits 0, and every acknowledged comment is
// stored.
func TestGracefulShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and stops kiosque processes")
	}
	db := filepath.Join(t.TempDir(), "kiosque.db")
	st := openSQLite(t, db)
	first := newArticle(0, time.Now())
	if err := st.CreateArticle(context.Background(), first); err != nil {
		t.Fatal(err)
	}
	st.Close()
	srv := startProcess(t, "serve", "--addr", "127.0.0.1:0", "--db", "sqlite:"+db, "--cache-mb", "0", "--log-level", "error", "--trust-proxy")
	addr := strings.TrimSuffix(strings.TrimPrefix(srv.base, "http://"), "/")

	// The slow comment: headers and half the body now, the rest after SIGTERM.
	slowText := strings.TrimSpace(strings.Repeat("Un commentaire qui arrive lentement. ", 20))
	ip := newReaderIP()
	body := url.Values{"name": {"Lente"}, "email": {"lente@example.org"}, "text": {slowText}, "token": {formToken(t, srv.base+first.Slug+"/", ip)}}.Encode()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	half := len(body) / 2
	fmt.Fprintf(conn, "POST /%s/comments/ HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\nX-Forwarded-For: %s\r\n"+
		"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s",
		first.Slug, addr, browserAgent, ip, len(body), body[:half])

	l := startLoad(t, srv.base, first.Slug, 4, nil)
	waitFor(t, func() bool { return l.acks.Load() >= 20 })
	srv.signal(t, syscall.SIGTERM)
	waitFor(t, func() bool { // the listener closes at once
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
		}
		return err != nil
	})
	if _, err := io.WriteString(conn, body[half:]); err != nil {
		t.Fatalf("finishing the in-flight request: %v", err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("in-flight request got no answer: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("in-flight comment: status %d, want 303", resp.StatusCode)
	}
	l.finish()
	if err := srv.wait(t); err != nil {
		var exit interface{ ExitCode() int }
		if errors.As(err, &exit) {
			t.Errorf("exit status %d after SIGTERM, want 0\n%s", exit.ExitCode(), srv.stderr)
		}
	}
	check := openSQLite(t, db)
	texts := commentTexts(t, check, first.ID)
	if !texts[slowText] {
		t.Error("the comment in flight at SIGTERM is not stored")
	}
	for _, c := range l.comments {
		if !texts[c] {
			t.Errorf("acknowledged comment %q lost", c)
		}
	}
	t.Logf("%d comments acknowledged before and during shutdown, all stored", len(l.comments)+1)
}
