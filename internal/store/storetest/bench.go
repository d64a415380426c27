package storetest

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/related"
	"github.com/kiosque/kiosque/internal/search"
	"github.com/kiosque/kiosque/internal/store"
)

// The search and related-article benchmarks, shared by both dialects: each
// dialect's benchmark file makes the store (a corpus written by
// WriteCorpus) and calls these. now is the corpus's clock.

// WriteCorpus writes n articles of g, one every 10 minutes up to now, and
// analyzes them all with related.Engine.Rebuild, which it returns the
// time of.
func WriteCorpus(ctx context.Context, st store.Store, g *CorpusGen, n int, now time.Time, progress func(done int)) (time.Duration, error) {
	for i := 0; i < n; i++ {
		a := g.Article(now.Add(-time.Duration(n-i) * 10 * time.Minute))
		if err := st.CreateArticle(ctx, a); err != nil {
			return 0, err
		}
		if progress != nil && (i+1)%10000 == 0 {
			progress(i + 1)
		}
	}
	start := time.Now()
	eng := &related.Engine{Store: st, Now: func() time.Time { return now }}
	if err := eng.Rebuild(ctx, nil); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

// BenchSearch runs reader queries (CorpusGen.Queries: topic words, names,
// phrases, frequent words, words found nowhere) through search.Searcher as
// the /search page does: store query, the page's articles loaded,
// snippets. It reports p50 and p99.
func BenchSearch(b *testing.B, st store.Store, g *CorpusGen, now time.Time) {
	s := &search.Searcher{Store: st, Now: func() time.Time { return now }}
	queries := g.Queries(500)
	measure(b, nil, func(ctx context.Context, i int) error {
		_, err := s.Search(ctx, search.Request{Q: queries[i%len(queries)], Lang: "fr", PerPage: 10})
		return err
	})
}

// BenchSearchIndex runs the same queries against the store alone
// (store.SearchIndex.Search: matches counted, first page ranked).
func BenchSearchIndex(b *testing.B, st store.Store, g *CorpusGen, now time.Time) {
	queries := g.Queries(500)
	groups := make([][][][]string, len(queries))
	for i, q := range queries {
		groups[i] = search.Parse("fr", q).Groups
	}
	measure(b, nil, func(ctx context.Context, i int) error {
		_, _, err := st.Search(ctx, store.SearchQuery{Groups: groups[i%len(groups)], VisibleAt: now, Limit: 10})
		return err
	})
}

// BenchRelatedNewArticle measures the analysis of one newly published
// article (related.Engine.Update): search index, signature, related
// articles, neighbours' lists.
func BenchRelatedNewArticle(b *testing.B, st store.Store, g *CorpusGen, now time.Time) {
	eng := &related.Engine{Store: st, Now: func() time.Time { return now }}
	var id article.ID
	measure(b, func(ctx context.Context) error {
		a := g.Article(now.Add(-time.Minute))
		id = 0
		if err := st.CreateArticle(ctx, a); err != nil {
			return err
		}
		id = a.ID
		return nil
	}, func(ctx context.Context, i int) error { return eng.Update(ctx, id) })
}

// measure times run b.N times, after setup (untimed) each time, and
// reports the median and 99th percentile.
func measure(b *testing.B, setup func(ctx context.Context) error, run func(ctx context.Context, i int) error) {
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if setup != nil {
			b.StopTimer()
			if err := setup(ctx); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		start := time.Now()
		if err := run(ctx, i); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	ReportPercentiles(b, lat)
}

// ReportPercentiles reports the median and 99th percentile of lat, in
// milliseconds.
func ReportPercentiles(b *testing.B, lat []time.Duration) {
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
