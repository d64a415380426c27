package sqlite_test

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/related"
	"github.com/kiosque/kiosque/internal/store/sqlite"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

// The search benchmarks run on a generated corpus of -bench.size news
// articles of 400–1000 words, French and English (storetest.CorpusGen).
// The database is generated and analyzed once, into
// $TMPDIR/kiosque-bench-search-v2-SIZE.db (rebuilt when missing); each
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
	cached := filepath.Join(os.TempDir(), fmt.Sprintf("kiosque-bench-search-v2-%d.db", n))
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
	start := time.Now()
	took, err := storetest.WriteCorpus(ctx, st, storetest.NewCorpusGen(1), n, benchNow, func(done int) {
		log.Printf("bench corpus: %d/%d articles written in %s", done, n, time.Since(start).Round(time.Second))
	})
	if err != nil {
		return err
	}
	log.Printf("bench corpus: %d articles analyzed (Rebuild) in %s", n, took.Round(time.Millisecond))
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

// BenchmarkSearch: storetest.BenchSearch (the /search page's work).
func BenchmarkSearch(b *testing.B) {
	c := benchStore(b)
	storetest.BenchSearch(b, c.st, c.gen, benchNow)
	b.ReportMetric(float64(c.articles), "articles")
}

// BenchmarkSearchIndex: storetest.BenchSearchIndex (the store alone).
func BenchmarkSearchIndex(b *testing.B) {
	c := benchStore(b)
	storetest.BenchSearchIndex(b, c.st, c.gen, benchNow)
}

// BenchmarkRelatedNewArticle: storetest.BenchRelatedNewArticle.
func BenchmarkRelatedNewArticle(b *testing.B) {
	c := benchStore(b)
	storetest.BenchRelatedNewArticle(b, c.st, c.gen, benchNow)
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
		case name == "article_signatures" || name == "article_signatures_by_article" || name == "signature_vectors":
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
