package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/demo"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

// BenchmarkArticleRender measures one uncached article page (store reads,
// "Lire aussi", Markdown, template) on a SQLite site of 2,000 articles made
// from the demo's texts: the cost of every page-cache miss.
func BenchmarkArticleRender(b *testing.B) {
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
	for i := 0; i < 2000; i++ {
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
	h, err := New(Options{Store: st, Messages: i18n.MustNew(), Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
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
