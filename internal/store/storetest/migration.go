package storetest

import (
	"context"
	"database/sql"
	"math"
	"os"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/kiosque/kiosque/internal/store"
)

// SignatureMigration checks that the migrations which keep each signature
// in one row and count the indexed articles fill them from a database
// already holding signatures: it migrates db, the store's, down and up
// again with the migrations of the test's package directory.
func SignatureMigration(t *testing.T, s store.Store, db *sql.DB, dialect goose.Dialect, now time.Time) {
	ctx := context.Background()
	a := indexed(t, s, NewArticle("Antony Blinken à Astana", nil, now.Add(-time.Hour)))
	b := indexed(t, s, NewArticle("Astana sous la neige", nil, now.Add(-2*time.Hour)))
	w := func(term string, x float64) store.WeightedTerm { return store.WeightedTerm{Term: term, Weight: x} }
	sig := []store.WeightedTerm{w("astan", 0.1), w("neig", 1.0/3), w("blinken", math.Sqrt(2)/7)}
	must(t, s.SaveSignature(ctx, a.ID, sig[:1]))
	must(t, s.SaveSignature(ctx, b.ID, sig))
	p, err := goose.NewProvider(dialect, db, os.DirFS("migrations"), goose.WithDisableGlobalRegistry(true))
	must(t, err)
	_, err = p.DownTo(ctx, 69)
	must(t, err)
	_, err = p.Up(ctx)
	must(t, err)
	if _, n, err := s.DocFreqs(ctx, []string{"astan"}); err != nil || n != 2 {
		t.Errorf("indexed articles after the migration = %d, %v; want 2", n, err)
	}
	cands, err := s.RelatedCandidates(ctx, store.CandidateQuery{Sig: sig, FindBy: 1, Lang: "fr", Exclude: a.ID, VisibleAt: now, Limit: 10})
	must(t, err)
	want := 0.1*0.1 + 1.0/9 + 2.0/49 // the whole signatures, to the last digits
	if len(cands) != 1 || cands[0].ArticleID != b.ID || math.Abs(cands[0].Overlap-want) > 1e-15 {
		t.Errorf("candidates after the migration = %+v, want B with overlap %v", cands, want)
	}
}
