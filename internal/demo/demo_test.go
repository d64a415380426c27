package demo_test

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/demo"
	"github.com/kiosque/kiosque/internal/markup"
	"github.com/kiosque/kiosque/internal/site"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

var now = time.Date(2026, 11, 27, 21, 0, 0, 0, time.UTC)

func TestLoad(t *testing.T) {
	for _, db := range []struct {
		name string
		open func(testing.TB, func() time.Time) store.Store
	}{
		{"sqlite", func(t testing.TB, c func() time.Time) store.Store { return storetest.OpenSQLite(t, c) }},
		{"postgres", func(t testing.TB, c func() time.Time) store.Store { return storetest.OpenPostgres(t, c) }},
	} {
		t.Run(db.name, func(t *testing.T) {
			clock := storetest.NewClock(now)
			st := db.open(t, clock.Now)
			testLoad(t, st)
		})
	}
}

func testLoad(t *testing.T, st store.Store) {
	ctx := context.Background()
	// An operator's base URL, saved before the demo loads, is kept.
	if err := st.SaveSettings(ctx, map[string]string{"site.base_url": "https://nouvelles.example"}); err != nil {
		t.Fatal(err)
	}
	res, err := demo.Load(ctx, st, now)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("loaded %s", res)
	if res.Published < 40 || res.Drafts != 1 || res.Scheduled != 1 || res.Articles != res.Published+2 {
		t.Errorf("result %s", res)
	}

	kv, err := st.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s := site.FromMap(kv)
	if s.Name != "Nouvelles Du Monde" || s.Lang != "fr" || s.TimeZone != "Europe/Paris" || s.Tagline == "" {
		t.Errorf("settings %+v", s)
	}
	if s.BaseURL != "https://nouvelles.example" {
		t.Errorf("base URL %q was not kept", s.BaseURL)
	}
	if fe := s.Validate(); fe != nil {
		t.Errorf("settings invalid: %v", fe)
	}

	visible, total, err := st.ListArticles(ctx, store.ArticleFilter{VisibleAt: now, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if total < 40 || total != res.Published || len(visible) != total {
		t.Errorf("visible: %d listed, total %d, want %d ≥ 40", len(visible), total, res.Published)
	}
	recent := 0
	for _, a := range visible {
		if a.Status != article.Published || a.PublishedAt.After(now) {
			t.Errorf("%s visible with status %s at %v", a.ExternalID, a.Status, a.PublishedAt)
		}
		if now.Sub(a.PublishedAt) <= 48*time.Hour {
			recent++
		}
		if a.Category == nil || len(a.Authors) == 0 || len(a.Tags) == 0 || a.Slug == "" {
			t.Errorf("%s: category %v, %d authors, %d tags, slug %q", a.ExternalID, a.Category, len(a.Authors), len(a.Tags), a.Slug)
		}
		if _, err := fs.Stat(demo.Images, strings.TrimPrefix(a.Image.URL, demo.ImageURLPrefix)); err != nil ||
			!strings.HasPrefix(a.Image.URL, demo.ImageURLPrefix) {
			t.Errorf("%s: image %q does not resolve in Images: %v", a.ExternalID, a.Image.URL, err)
		}
		paras := 0
		for _, b := range markup.Blocks(a.Body) {
			if b.Paragraph {
				paras++
			}
		}
		if paras < 6 {
			t.Errorf("%s: %d paragraphs", a.ExternalID, paras)
		}
		if strings.Contains(a.ExternalID, "045") || strings.Contains(a.ExternalID, "046") {
			t.Errorf("%s (draft or scheduled) is visible", a.ExternalID)
		}
	}
	if recent < 3 {
		t.Errorf("%d articles in the last 48 hours, want ≥3 for the news sitemap", recent)
	}

	cats, err := st.Categories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	authors, err := st.Authors(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cats) < 5 || len(authors) < 4 {
		t.Errorf("%d categories, %d authors", len(cats), len(authors))
	}
	tags, err := st.Tags(ctx)
	if err != nil {
		t.Fatal(err)
	}
	shared := 0
	for _, tg := range tags {
		_, n, err := st.ListArticles(ctx, store.ArticleFilter{VisibleAt: now, TagID: tg.ID, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if n >= 3 {
			shared++
		}
	}
	if shared < 8 {
		t.Errorf("%d tags on ≥3 visible articles, want ≥8", shared)
	}

	c51, err := st.ArticleByExternalID(ctx, "demo-001")
	if err != nil {
		t.Fatal(err)
	}
	if !c51.Visible(now) || !strings.Contains(c51.Title, "Astana") || !strings.Contains(c51.Body, "C5+1") ||
		!strings.Contains(c51.Body, "Tachkent") {
		t.Errorf("C5+1 article: %q visible=%v", c51.Title, c51.Visible(now))
	}
	if got, err := st.ArticleBySlug(ctx, c51.Slug); err != nil || got.ExternalID != "demo-001" {
		t.Errorf("by slug %q: %v", c51.Slug, err)
	}
	for _, id := range []string{"demo-045", "demo-046"} {
		a, err := st.ArticleByExternalID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if a.Visible(now) {
			t.Errorf("%s (%s) is visible", id, a.Status)
		}
	}

	// A second load changes nothing.
	if _, err := demo.Load(ctx, st, now); !errors.Is(err, demo.ErrNotEmpty) {
		t.Errorf("second Load: %v, want ErrNotEmpty", err)
	}
	_, all, err := st.ListArticles(ctx, store.ArticleFilter{Limit: 1})
	if err != nil || all != res.Articles {
		t.Errorf("after second Load: %d articles, want %d (%v)", all, res.Articles, err)
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		st := storetest.OpenSQLite(b, storetest.NewClock(now).Now)
		b.StartTimer()
		if _, err := demo.Load(context.Background(), st, now); err != nil {
			b.Fatal(err)
		}
	}
}
