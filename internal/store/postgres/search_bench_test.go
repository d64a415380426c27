package postgres_test

import (
	"context"
	"flag"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/store/storetest"
)

var benchSize = flag.Int("bench.size", 2000, "articles in the generated search benchmark corpus")

// BenchmarkPostgres runs the search and related-article benchmarks of
// package storetest on a generated corpus of -bench.size articles, written
// and analyzed first (PostgreSQL from scripts/test or KIOSQUE_TEST_POSTGRES):
//
//	KIOSQUE_TEST_PG_PORT=54332 scripts/test ./internal/store/postgres -run '^$' -bench Postgres -benchtime 400x -bench.size 20000
func BenchmarkPostgres(b *testing.B) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	st := storetest.OpenPostgres(b, func() time.Time { return now })
	took, err := storetest.WriteCorpus(context.Background(), st, storetest.NewCorpusGen(1), *benchSize, now, nil)
	if err != nil {
		b.Fatal(err)
	}
	g := storetest.NewCorpusGen(2)
	b.Run("Reindex", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
		}
		b.ReportMetric(took.Seconds(), "reindex_s")
		b.ReportMetric(float64(*benchSize), "articles")
	})
	b.Run("Search", func(b *testing.B) { storetest.BenchSearch(b, st, g, now) })
	b.Run("SearchIndex", func(b *testing.B) { storetest.BenchSearchIndex(b, st, g, now) })
	b.Run("RelatedNewArticle", func(b *testing.B) { storetest.BenchRelatedNewArticle(b, st, g, now) })
}
