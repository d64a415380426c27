package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/cache"
	"github.com/kiosque/kiosque/internal/cluster"
	"github.com/kiosque/kiosque/internal/demo"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/related"
	"github.com/kiosque/kiosque/internal/store/sqlite"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

// BenchmarkArticleRender measures one uncached article page (store reads,
// "Lire aussi", Markdown, template) on a SQLite site of 2,000 articles made
// from the demo's texts: the cost of every page-cache miss.
func BenchmarkArticleRender(b *testing.B) {
	st, slugs, now := benchSite(b, 2000)
	benchArticles(b, st, slugs, now, nil)
}

// BenchmarkArticleRenderRelated is BenchmarkArticleRender with the "Lire
// aussi" articles chosen by the related engine, as serve wires it, on 500
// articles (computing the related lists of 2,000 takes minutes).
func BenchmarkArticleRenderRelated(b *testing.B) {
	st, slugs, now := benchSite(b, 500)
	engine := &related.Engine{Store: st, Now: func() time.Time { return now }}
	if err := engine.Rebuild(context.Background(), nil); err != nil {
		b.Fatal(err)
	}
	benchArticles(b, st, slugs, now, engine)
}

// benchSite is a SQLite site of n articles made from the demo's texts.
func benchSite(b *testing.B, n int) (*sqlite.Store, []string, time.Time) {
	ctx := context.Background()
	now := time.Date(2026, 11, 27, 14, 30, 0, 0, time.UTC)
	st := storetest.OpenSQLite(b, func() time.Time { return now })
	if _, err := demo.Load(ctx, st, now); err != nil {
		b.Fatal(err)
	}
	models, err := demo.Articles(now)
	if err != nil {
		b.Fatal(err)
	}
	var slugs []string
	for i := range n {
		a, err := st.ArticleByExternalID(ctx, models[i%len(models)].ExternalID)
		if err != nil {
			b.Fatal(err)
		}
		a.ID, a.Slug, a.ExternalID = 0, "", fmt.Sprintf("bench-%d", i)
		a.Title = fmt.Sprintf("%s (%d)", a.Title, i)
		a.Status, a.PublishedAt = "published", now.Add(-time.Duration(i)*time.Minute)
		if err := st.CreateArticle(ctx, a); err != nil {
			b.Fatal(err)
		}
		slugs = append(slugs, a.Slug)
	}
	return st, slugs, now
}

// benchArticles requests the articles at slugs in turn, uncached.
func benchArticles(b *testing.B, st *sqlite.Store, slugs []string, now time.Time, readAlso ReadAlsoChooser) {
	// Wired as serve wires it: settings and navigation follow the events.
	bus := &cluster.Local{}
	h, err := New(Options{Store: st, Messages: i18n.MustNew(), Now: func() time.Time { return now }, Events: bus.Subscribe, ReadAlso: readAlso})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	defer reportCPU(b)()
	i := 0
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/"+slugs[i%len(slugs)]+"/", nil))
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
		i++
	}
}

// reportCPU adds the process's CPU time (user and system) per operation to
// a benchmark's results: unlike ns/op it hardly moves when other programs
// load the machine. Call it just before the loop: defer reportCPU(b)().
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
		}
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkCachedArticle measures an article page served from the page
// cache through the whole public stack (access log, panic recovery,
// security headers, body limit, cache), as a reader's browser asks for it:
// the cost of a hit under a traffic spike.
func BenchmarkCachedArticle(b *testing.B) {
	f := newFixture(b)
	bus := &cluster.Local{}
	h, err := New(Options{Store: f.st, Messages: i18n.MustNew(), Now: func() time.Time { return f.now },
		Cache: cache.New(cache.Options{}), Events: bus.Subscribe})
	if err != nil {
		b.Fatal(err)
	}
	r := httptest.NewRequest("GET", "/"+f.main+"/", nil)
	r.Header.Set("Accept-Encoding", "gzip, deflate, br")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		b.Fatalf("status %d", w.Code)
	}
	b.ReportAllocs()
	defer reportCPU(b)()
	b.RunParallel(func(pb *testing.PB) {
		w := &discardWriter{h: http.Header{}}
		for pb.Next() {
			clear(w.h)
			h.ServeHTTP(w, r)
		}
	})
}

// discardWriter is a ResponseWriter that keeps nothing but its header map,
// emptied between responses as net/http does.
type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (d *discardWriter) WriteHeader(int)             {}

// BenchmarkArticleTemplate measures only the execution of the article
// page's template (with its chrome), on the fixture's main article (three
// "Lire aussi" boxes, an in-article ad) with its data prepared once.
func BenchmarkArticleTemplate(b *testing.B) {
	h, a := fixtureArticle(b)
	p, err := h.articlePage(context.Background(), a)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		buf.Reset()
		if err := h.execute(&buf, "article", p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes")
}

// fixtureArticle is the fixture's handler (no page cache, no events) and
// its main article, loaded.
func fixtureArticle(t testing.TB) (*handler, *article.Article) {
	t.Helper()
	f := newFixture(t)
	h, err := newHandler(Options{Store: f.st, Messages: i18n.MustNew(), Now: func() time.Time { return f.now }})
	if err != nil {
		t.Fatal(err)
	}
	a, err := h.visibleArticle(context.Background(), f.main)
	if err != nil {
		t.Fatal(err)
	}
	return h, a
}
