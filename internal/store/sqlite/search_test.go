package sqlite_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/search"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/sqlite"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

func TestSearchConformance(t *testing.T) {
	storetest.RunSearch(t, storetest.Dialects["sqlite"])
}

// A query matching more than RankWindow articles ranks the most recently
// added ones, and still counts every visible match.
func TestSearchRankWindow(t *testing.T) {
	defer func(w int) { sqlite.RankWindow = w }(sqlite.RankWindow)
	sqlite.RankWindow = 3
	ctx := context.Background()
	clock := storetest.NewClock(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
	st := storetest.OpenSQLite(t, clock.Now)
	var ids []article.ID
	for i := 0; i < 6; i++ {
		a := storetest.NewArticle(fmt.Sprintf("Neige numéro %d", i), nil, clock.Now().Add(-time.Duration(10-i)*time.Hour))
		if i == 4 {
			a.Status, a.PublishedAt = article.Draft, time.Time{}
		}
		if err := st.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		if err := st.IndexArticle(ctx, search.Doc(a)); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	q := store.SearchQuery{Groups: search.Parse("fr", "neige").Groups, VisibleAt: clock.Now(), Limit: 2}
	hits, total, err := st.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	// The 3 most recent matches are articles 5, 4 (a draft) and 3.
	if total != 5 || len(hits) != 2 || hits[0].ArticleID != ids[5] || hits[1].ArticleID != ids[3] {
		t.Errorf("window: %+v of %d, want articles %d and %d of 5", hits, total, ids[5], ids[3])
	}
	q.Offset = 2 // beyond the window: everything ranked, the best first
	q.Limit = 10
	hits, total, err = st.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if total != 5 || len(hits) != 3 {
		t.Errorf("page 2: %+v of %d", hits, total)
	}
	q.Offset = 0
	hits, _, err = st.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 5 {
		t.Errorf("a page beyond the window ranks all: %+v", hits)
	}
}
