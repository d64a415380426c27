package scheduler_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/scheduler"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

func schedule(t *testing.T, s store.Store, title string, at time.Time) article.ID {
	t.Helper()
	a := &article.Article{Title: title, Lang: "fr", Status: article.Scheduled, PublishedAt: at, Body: "Texte."}
	if err := s.CreateArticle(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a.ID
}

func visible(t *testing.T, s store.Store, now time.Time) int {
	t.Helper()
	_, n, err := s.ListArticles(context.Background(), store.ArticleFilter{VisibleAt: now})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestTick publishes what is due at the injected clock's time, and only
// that.
func TestTick(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 27, 21, 0, 0, 0, time.UTC))
	s := storetest.OpenSQLite(t, clock.Now)
	soon := schedule(t, s, "Dans dix minutes", clock.Now().Add(10*time.Minute))
	later := schedule(t, s, "Demain", clock.Now().Add(24*time.Hour))
	sch := scheduler.New(s, nil, clock.Now)
	var got []article.ID
	sch.OnPublish = func(_ context.Context, ids []article.ID) { got = append(got, ids...) }

	ids, err := sch.Tick(context.Background())
	if err != nil || len(ids) != 0 {
		t.Fatalf("nothing due yet: got %v, %v", ids, err)
	}
	clock.Add(10 * time.Minute)
	if ids, err = sch.Tick(context.Background()); err != nil || len(ids) != 1 || ids[0] != soon {
		t.Fatalf("at 21:10: published %v (%v), want [%d]", ids, err, soon)
	}
	if n := visible(t, s, clock.Now()); n != 1 {
		t.Fatalf("readers see %d articles, want 1", n)
	}
	a, _ := s.Article(context.Background(), soon)
	if a.Status != article.Published || !a.PublishedAt.Equal(clock.Now()) {
		t.Fatalf("published article: %s at %v", a.Status, a.PublishedAt)
	}
	clock.Add(24 * time.Hour)
	if ids, _ = sch.Tick(context.Background()); len(ids) != 1 || ids[0] != later {
		t.Fatalf("next day: published %v, want [%d]", ids, later)
	}
	if len(got) != 2 {
		t.Fatalf("OnPublish saw %v, want both", got)
	}
}

// TestRun drives the loop with a hand-made ticker: no request, no sleep.
func TestRun(t *testing.T) {
	clock := &syncClock{t: time.Date(2026, 11, 27, 21, 0, 0, 0, time.UTC)}
	s := storetest.OpenSQLite(t, clock.Now)
	id := schedule(t, s, "À l'heure", clock.Now().Add(time.Minute))
	sch := scheduler.New(s, nil, clock.Now)
	published := make(chan []article.ID, 1)
	sch.OnPublish = func(_ context.Context, ids []article.ID) { published <- ids }
	ticks := make(chan time.Time)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { sch.Run(ctx, ticks); close(done) }()

	ticks <- clock.Now() // the first tick at start has run once this is received
	clock.Add(time.Minute)
	ticks <- clock.Now()
	select {
	case ids := <-published:
		if len(ids) != 1 || ids[0] != id {
			t.Fatalf("published %v, want [%d]", ids, id)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the scheduler did not publish the due article")
	}
	cancel()
	<-done
}

// syncClock is a clock the test moves while the scheduler's goroutine reads
// it.
type syncClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *syncClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *syncClock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
