package sqlite_test

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/related"
	"github.com/kiosque/kiosque/internal/search"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/sqlite"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

// The search benchmarks run on a generated corpus of -bench.size news
// articles of 400–1000 words, French and English (storetest.CorpusGen).
// The database is generated and analyzed once, into
// $TMPDIR/kiosque-bench-search-v1-SIZE.db (rebuilt when missing); each
// run works on a copy of it, removed at the end:
//
//	go test ./internal/store/sqlite -run '^$' -bench 'Search|Related|IndexSize' -benchtime 400x -bench.size 100000
//	go test ./internal/store/sqlite -run '^$' -bench Reindex -benchtime 1x -bench.size 100000
var benchSize = flag.Int("bench.size", 2000, "articles in the generated search benchmark corpus")

// benchNow is the benchmarks' clock: the newest article is 10 minutes old.
var benchNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

type benchCorpus struct {
	st       *sqlite.Store
	path     string
	gen      *storetest.CorpusGen
	articles int
	err      error
}

var (
	corpusOnce sync.Once
	corpus     benchCorpus
	benchDir   string // this run's copy, removed by TestMain
)

func TestMain(m *testing.M) {
	code := m.Run()
	if corpus.st != nil {
		corpus.st.Close()
	}
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

func benchStore(b *testing.B) *benchCorpus {
	b.Helper()
	corpusOnce.Do(func() { corpus = openCorpus(*benchSize) })
	if corpus.err != nil {
		b.Fatal(corpus.err)
	}
	return &corpus
}

func openCorpus(n int) benchCorpus {
	ctx := context.Background()
	cached := filepath.Join(os.TempDir(), fmt.Sprintf("kiosque-bench-search-v1-%d.db", n))
	if _, err := os.Stat(cached); err != nil {
		if err := buildCorpus(ctx, cached, n); err != nil {
			return benchCorpus{err: err}
		}
	}
	dir, err := os.MkdirTemp("", "kiosque-search-bench-")
	if err != nil {
		return benchCorpus{err: err}
	}
	benchDir = dir
	path := filepath.Join(dir, "bench.db")
	if err := copyFile(cached, path); err != nil {
		return benchCorpus{err: err}
	}
	st, err := sqlite.Open(ctx, path, sqlite.Options{Now: func() time.Time { return benchNow }})
	if err != nil {
		return benchCorpus{err: err}
	}
	// The generator continues after the corpus for new articles.
	g := storetest.NewCorpusGen(2)
	return benchCorpus{st: st, path: path, gen: g, articles: n}
}

// buildCorpus writes n articles, one every 10 minutes up to benchNow, and
// analyzes them with related.Engine.Rebuild, into a database moved to path
// when complete.
func buildCorpus(ctx context.Context, path string, n int) error {
	tmp := path + ".building"
	for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		os.Remove(p)
	}
	st, err := sqlite.Open(ctx, tmp, sqlite.Options{Now: func() time.Time { return benchNow }})
	if err != nil {
		return err
	}
	defer st.Close()
	g := storetest.NewCorpusGen(1)
	start := time.Now()
	for i := 0; i < n; i++ {
		a := g.Article(benchNow.Add(-time.Duration(n-i) * 10 * time.Minute))
		if err := st.CreateArticle(ctx, a); err != nil {
			return err
		}
		if (i+1)%10000 == 0 {
			log.Printf("bench corpus: %d/%d articles written in %s", i+1, n, time.Since(start).Round(time.Second))
		}
	}
	start = time.Now()
	eng := &related.Engine{Store: st, Now: func() time.Time { return benchNow }}
	if err := eng.Rebuild(ctx, nil); err != nil {
		return err
	}
	log.Printf("bench corpus: %d articles analyzed (Rebuild) in %s", n, time.Since(start).Round(time.Millisecond))
	if _, err := st.W.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return err
	}
	if err := st.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

// BenchmarkSearch runs reader queries (storetest.CorpusGen.Queries: topic
// words, names, phrases, frequent words, words found nowhere) through
// search.Searcher as the /search page does: store query, the page's
// articles loaded, snippets. It reports p50 and p99.
func BenchmarkSearch(b *testing.B) {
	c := benchStore(b)
	s := &search.Searcher{Store: c.st, Now: func() time.Time { return benchNow }}
	ctx := context.Background()
	queries := c.gen.Queries(500)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := queries[i%len(queries)]
		start := time.Now()
		if _, err := s.Search(ctx, search.Request{Q: q, Lang: "fr", PerPage: 10}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	reportPercentiles(b, lat)
	b.ReportMetric(float64(c.articles), "articles")
}

// BenchmarkSearchIndex runs the same queries against the store alone
// (store.SearchIndex.Search: matches counted, first page ranked).
func BenchmarkSearchIndex(b *testing.B) {
	c := benchStore(b)
	ctx := context.Background()
	queries := c.gen.Queries(500)
	groups := make([][][][]string, len(queries))
	for i, q := range queries {
		groups[i] = search.Parse("fr", q).Groups
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, _, err := c.st.Search(ctx, store.SearchQuery{Groups: groups[i%len(groups)], VisibleAt: benchNow, Limit: 10}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	reportPercentiles(b, lat)
}

// BenchmarkRelatedNewArticle measures the analysis of one newly published
// article (related.Engine.Update): search index, signature, related
// articles, neighbours' lists.
func BenchmarkRelatedNewArticle(b *testing.B) {
	c := benchStore(b)
	ctx := context.Background()
	eng := &related.Engine{Store: c.st, Now: func() time.Time { return benchNow }}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		a := c.gen.Article(benchNow.Add(-time.Minute))
		if err := c.st.CreateArticle(ctx, a); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		if err := eng.Update(ctx, a.ID); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	reportPercentiles(b, lat)
}

var (
	reindexOnce sync.Once
	reindexTook time.Duration
)

// BenchmarkReindex runs related.Engine.Rebuild over the whole corpus once
// (kiosque reindex), whatever -benchtime says, and reports its time.
func BenchmarkReindex(b *testing.B) {
	c := benchStore(b)
	reindexOnce.Do(func() {
		eng := &related.Engine{Store: c.st, Now: func() time.Time { return benchNow }}
		start := time.Now()
		if err := eng.Rebuild(context.Background(), nil); err != nil {
			b.Fatal(err)
		}
		reindexTook = time.Since(start)
	})
	for i := 0; i < b.N; i++ {
	}
	b.ReportMetric(reindexTook.Seconds(), "reindex_s")
	b.ReportMetric(float64(c.articles), "articles")
}

// BenchmarkIndexSize reports the size on disk of the search index (the
// analyzed terms, term statistics and the FTS5 index), the signatures and
// the related lists, next to the articles themselves.
func BenchmarkIndexSize(b *testing.B) {
	c := benchStore(b)
	for i := 0; i < b.N; i++ {
	}
	rows, err := c.st.R.QueryContext(context.Background(), `SELECT name, SUM(pgsize) FROM dbstat GROUP BY name`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	size := map[string]float64{}
	var total float64
	for rows.Next() {
		var name string
		var n int64
		if err := rows.Scan(&name, &n); err != nil {
			b.Fatal(err)
		}
		mb := float64(n) / (1 << 20)
		total += mb
		switch {
		case name == "article_terms" || name == "term_stats" || len(name) > 11 && name[:11] == "article_fts":
			size["search_MB"] += mb
		case name == "article_signatures" || name == "article_signatures_by_article":
			size["signatures_MB"] += mb
		case name == "related_articles" || name == "related_articles_by_related" || name == "sqlite_autoindex_related_articles_1":
			size["related_MB"] += mb
		case name == "articles":
			size["articles_MB"] += mb
		}
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	for k, v := range size {
		b.ReportMetric(v, k)
	}
	b.ReportMetric(total, "db_MB")
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50_ms")
	b.ReportMetric(pct(0.99), "p99_ms")
}
