package sqlite_test

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/related"
	"github.com/kiosque/kiosque/internal/search"
	"github.com/kiosque/kiosque/internal/store/sqlite"
)

// The search benchmarks run on a generated corpus of -bench.size articles
// of realistic length (400–700 words, 200 topics, 1,000 recurring names),
// built and analyzed once per run:
//
//	go test ./internal/store/sqlite -run '^$' -bench 'Search|Related|Reindex' -benchtime 200x -bench.size 10000
var benchSize = flag.Int("bench.size", 2000, "articles in the generated search benchmark corpus")

type benchCorpus struct {
	st        *sqlite.Store
	gen       *corpusGen
	reindex   time.Duration
	indexMB   float64
	articles  int
	setupErr  error
	queryPool []string
}

var (
	corpusOnce sync.Once
	corpus     benchCorpus
)

func benchStore(b *testing.B) *benchCorpus {
	b.Helper()
	corpusOnce.Do(func() { corpus = buildCorpus(*benchSize) })
	if corpus.setupErr != nil {
		b.Fatal(corpus.setupErr)
	}
	return &corpus
}

func buildCorpus(n int) benchCorpus {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "kiosque-bench")
	if err != nil {
		return benchCorpus{setupErr: err}
	}
	path := filepath.Join(dir, "bench.db")
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	st, err := sqlite.Open(ctx, path, sqlite.Options{Now: func() time.Time { return now }})
	if err != nil {
		return benchCorpus{setupErr: err}
	}
	g := newCorpusGen(1)
	for i := 0; i < n; i++ {
		a := g.article(now.Add(-time.Duration(n-i) * 10 * time.Minute))
		if err := st.CreateArticle(ctx, a); err != nil {
			return benchCorpus{setupErr: err}
		}
	}
	before := dbSize(path)
	start := time.Now()
	eng := &related.Engine{Store: st, Now: func() time.Time { return now }}
	if err := eng.Rebuild(ctx, nil); err != nil {
		return benchCorpus{setupErr: err}
	}
	took := time.Since(start)
	if _, err := st.W.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return benchCorpus{setupErr: err}
	}
	return benchCorpus{st: st, gen: g, reindex: took, articles: n,
		indexMB: float64(dbSize(path)-before) / (1 << 20), queryPool: g.queries(200)}
}

func dbSize(path string) int64 {
	var total int64
	for _, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			total += fi.Size()
		}
	}
	return total
}

// BenchmarkSearch runs reader queries (one to three words, phrases, names,
// common and rare words) through search.Searcher, as the /search page
// does: store query, articles loaded, snippets. It reports p50 and p99.
func BenchmarkSearch(b *testing.B) {
	c := benchStore(b)
	s := &search.Searcher{Store: c.st, Now: func() time.Time { return time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) }}
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := c.queryPool[i%len(c.queryPool)]
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

// BenchmarkRelatedNewArticle measures the analysis of one newly published
// article: search index, signature, related articles, neighbours' lists.
func BenchmarkRelatedNewArticle(b *testing.B) {
	c := benchStore(b)
	ctx := context.Background()
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	eng := &related.Engine{Store: c.st, Now: func() time.Time { return now }}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		a := c.gen.article(now.Add(-time.Minute))
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

// BenchmarkReindex reports the time the corpus took to analyze from
// scratch (kiosque reindex) and the size the index added to the database.
func BenchmarkReindex(b *testing.B) {
	c := benchStore(b)
	for i := 0; i < b.N; i++ {
	}
	b.ReportMetric(c.reindex.Seconds(), "reindex_s")
	b.ReportMetric(c.indexMB, "index_MB")
	b.ReportMetric(float64(c.articles), "articles")
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

// corpusGen writes French-looking articles: words drawn from a Zipf law
// over a made-up vocabulary, each article leaning on its topic's words and
// naming a few recurring people and places.
type corpusGen struct {
	r      *rand.Rand
	words  []string
	zipf   *rand.Zipf
	topics [][]string
	names  []string
	n      int
}

func newCorpusGen(seed uint64) *corpusGen {
	r := rand.New(rand.NewPCG(seed, 42))
	syll := []string{"ba", "ro", "ti", "lé", "ma", "che", "on", "pré", "si", "dou", "ran", "té", "vi", "ai", "gu", "mon", "eu", "ca", "lis", "ter", "ven", "or", "né", "pa"}
	g := &corpusGen{r: r}
	seen := map[string]bool{}
	for len(g.words) < 30000 {
		var w strings.Builder
		for k := 0; k < 2+r.IntN(3); k++ {
			w.WriteString(syll[r.IntN(len(syll))])
		}
		if !seen[w.String()] {
			seen[w.String()] = true
			g.words = append(g.words, w.String())
		}
	}
	// Common French words lead the Zipf law, as in real text.
	g.words = append([]string{"de", "la", "le", "et", "les", "des", "en", "un", "une", "du", "dans", "pour", "qui", "que", "sur", "au", "pas", "plus", "par", "avec"}, g.words...)
	g.zipf = rand.NewZipf(r, 1.1, 2, uint64(len(g.words)-1))
	for t := 0; t < 200; t++ {
		var tw []string
		for k := 0; k < 30; k++ {
			tw = append(tw, g.words[200+r.IntN(20000)])
		}
		g.topics = append(g.topics, tw)
	}
	for k := 0; k < 1000; k++ {
		g.names = append(g.names, capital(g.words[500+r.IntN(20000)])+" "+capital(g.words[500+r.IntN(20000)]))
	}
	return g
}

func capital(w string) string { return strings.ToUpper(w[:1]) + w[1:] }

func (g *corpusGen) sentence(topic []string, names []string, words int) string {
	var b strings.Builder
	for k := 0; k < words; k++ {
		if k > 0 {
			b.WriteByte(' ')
		}
		switch x := g.r.IntN(100); {
		case x < 12:
			b.WriteString(topic[g.r.IntN(len(topic))])
		case x < 14:
			b.WriteString(names[g.r.IntN(len(names))])
		default:
			b.WriteString(g.words[g.zipf.Uint64()])
		}
	}
	s := b.String()
	return capital(s) + "."
}

func (g *corpusGen) article(published time.Time) *article.Article {
	g.n++
	topic := g.topics[g.r.IntN(len(g.topics))]
	names := []string{g.names[g.r.IntN(len(g.names))], g.names[g.r.IntN(len(g.names))], g.names[g.r.IntN(len(g.names))]}
	var paras []string
	for p := 0; p < 6+g.r.IntN(5); p++ {
		var ss []string
		for s := 0; s < 3; s++ {
			ss = append(ss, g.sentence(topic, names, 18+g.r.IntN(8)))
		}
		paras = append(paras, strings.Join(ss, " "))
	}
	return &article.Article{Title: fmt.Sprintf("%s (%d)", g.sentence(topic, names, 8), g.n), Lead: g.sentence(topic, names, 25),
		Body: strings.Join(paras, "\n\n"), Lang: "fr", Status: article.Published, PublishedAt: published}
}

// queries returns reader-like queries: topic words, names, common words,
// two and three words, phrases.
func (g *corpusGen) queries(n int) []string {
	var qs []string
	for len(qs) < n {
		t := g.topics[g.r.IntN(len(g.topics))]
		switch len(qs) % 5 {
		case 0:
			qs = append(qs, t[0])
		case 1:
			qs = append(qs, g.names[g.r.IntN(len(g.names))])
		case 2:
			qs = append(qs, g.words[20+g.r.IntN(50)]) // a very common word
		case 3:
			qs = append(qs, t[1]+" "+t[2]+" "+g.words[g.zipf.Uint64()])
		default:
			qs = append(qs, `"`+g.names[g.r.IntN(len(g.names))]+`"`)
		}
	}
	return qs
}
