package web

import (
	"context"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/cluster"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/markup"
	"github.com/kiosque/kiosque/internal/seo"
)

// TestBodyCache: a body is rendered as markup renders it, once; an edited
// body is rendered anew; the cache stays within its bytes, oldest out.
func TestBodyCache(t *testing.T) {
	c := newBodyCache(8 << 10)
	src := "Premier paragraphe, avec *emphase*.\n\n## Un titre\n\nSecond paragraphe."
	b := c.get(src)
	if want := markup.Blocks(src); !reflect.DeepEqual(b.blocks, want) {
		t.Errorf("blocks %+v, want %+v", b.blocks, want)
	}
	if want := truncate(markup.Text(src), 200); b.text != want {
		t.Errorf("text %q, want %q", b.text, want)
	}
	if c.get(src) != b {
		t.Error("the same body rendered twice")
	}
	edited := strings.Replace(src, "Second", "Deuxième", 1)
	if got := c.get(edited); !strings.Contains(got.blocks[len(got.blocks)-1].HTML, "Deuxième") {
		t.Errorf("edited body shows %q", got.blocks[len(got.blocks)-1].HTML)
	}
	for i := range 200 {
		c.get(src + "\n\nParagraphe " + strconv.Itoa(i) + ".")
		if c.lru.used > c.lru.max {
			t.Fatalf("size %d over %d", c.lru.used, c.lru.max)
		}
	}
	if n := c.lru.len(); n != c.lru.order.Len() || n > 100 {
		t.Errorf("%d keys, %d entries", n, c.lru.order.Len())
	}
	if c.get(src) == b {
		t.Error("the oldest body was never pushed out")
	}
}

// BenchmarkBodyCache compares rendering an article body's Markdown with
// finding it in the body cache.
func BenchmarkBodyCache(b *testing.B) {
	src := strings.Repeat("Un paragraphe d’une quarantaine de mots, avec *emphase* et un [lien](https://example.org/), "+
		"comme en écrivent les rédactions pour leurs articles du jour.\n\n", 12)
	c := newBodyCache(bodyCacheBytes)
	c.get(src)
	benchRenderHit(b, func() { renderBody(src) }, func() { c.get(src) })
}

// TestHeadCache: the same metadata gives the tags rendered the first time;
// any change to it (here the title) renders them anew.
func TestHeadCache(t *testing.T) {
	c := newHeadCache(headCacheBytes)
	m := seo.Meta{Title: "Un titre", Canonical: "https://example.org/un-titre/", Type: "article", Lang: "fr",
		Tags: []string{"Asie"}, Image: &seo.Image{URL: "https://example.org/a.svg"}}
	first := c.head(m)
	if first != m.Head() {
		t.Fatalf("head %q, want %q", first, m.Head())
	}
	again := m
	again.Tags = []string{"Asie"} // equal, not the same slice
	if got := c.head(again); got != first {
		t.Errorf("head %q, want %q", got, first)
	}
	edited := m
	edited.Title = "Un autre titre"
	if got := c.head(edited); !strings.Contains(string(got), "Un autre titre") {
		t.Errorf("after an edit, head %q", got)
	}
}

// BenchmarkHeadCache compares rendering an article's <head> metadata with
// finding it in the head cache.
func BenchmarkHeadCache(b *testing.B) {
	m := seo.Meta{Title: "Un titre", Description: "Une description de deux cents caractères au plus.",
		Canonical: "https://example.org/un-titre/", Type: "article", SiteName: "Nouvelles", Lang: "fr",
		Tags: []string{"Asie", "Diplomatie"}, Image: &seo.Image{URL: "https://example.org/a.svg", Width: 1200, Height: 675},
		Authors: []seo.Person{{Name: "Claire Dubois", URL: "https://example.org/author/claire-dubois/"}}}
	c := newHeadCache(headCacheBytes)
	c.head(m)
	benchRenderHit(b, func() { m.Head() }, func() { c.head(m) })
}

// benchRenderHit compares making a piece of a page (render) with finding
// it kept (hit).
func benchRenderHit(b *testing.B, render, hit func()) {
	for _, bb := range []struct {
		name string
		fn   func()
	}{{"render", render}, {"hit", hit}} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bb.fn()
			}
		})
	}
}

// TestArticleMetaAsSEO: the article metadata, with its descriptions taken
// from the cache, is what seo.ForArticle makes, with a lead and without.
func TestArticleMetaAsSEO(t *testing.T) {
	h, a := fixtureArticle(t)
	ctx := context.Background()
	p, err := h.newPage(ctx, "/"+a.Slug+"/")
	if err != nil {
		t.Fatal(err)
	}
	noLead := *a
	noLead.Lead = ""
	for _, a := range []*article.Article{a, &noLead} {
		for range 2 { // computed, then from the cache
			got := h.articleMeta(ctx, p, a)
			want := seo.ForArticle(p.Site, a, h.translations(ctx, p, a), p.Site.URL(h.views.icon.url))
			if !reflect.DeepEqual(*got, want) {
				t.Errorf("lead %q:\ngot  %+v\nwant %+v", a.Lead, *got, want)
			}
		}
	}
}

// TestTeaserHTML: a kept teaser is what the template writes for it, and a
// teaser with any other text is rendered anew.
func TestTeaserHTML(t *testing.T) {
	h, _ := fixtureArticle(t)
	tz := Teaser{Article: article.Article{Title: "Un titre « cité »", Lead: "Un chapô & plus"}, URL: "/un-titre/",
		Image: "/media/a.svg", Kicker: "Monde", KickerURL: "/category/monde/", Date: "27 novembre 2026",
		ISO: "2026-11-27T15:30:00+01:00", Reading: "Lecture : 2 min"}
	for _, edit := range []func(*Teaser){
		func(*Teaser) {},
		func(*Teaser) {}, // kept
		func(t *Teaser) { t.Article.Title = "Un autre titre" },
		func(t *Teaser) { t.Big = true },
	} {
		edit(&tz)
		got, err := h.teaserHTML(tz)
		if err != nil {
			t.Fatal(err)
		}
		var want strings.Builder
		if err := h.views.pages["article"].ExecuteTemplate(&want, "teaser", tz); err != nil {
			t.Fatal(err)
		}
		if string(got) != want.String() {
			t.Errorf("got  %s\nwant %s", got, want.String())
		}
	}
}

// TestArticlePieces: an article's parts around its body are kept while
// the article is unchanged, and rendered anew after any change to it.
func TestArticlePieces(t *testing.T) {
	f := newFixture(t)
	bus := &cluster.Local{}
	h, err := newHandler(Options{Store: f.st, Messages: i18n.MustNew(), Now: func() time.Time { return f.now }, Events: bus.Subscribe})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	a, err := h.visibleArticle(ctx, f.main)
	if err != nil {
		t.Fatal(err)
	}
	first, err := h.articlePage(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	again, err := h.articlePage(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if again.ArticleTop != first.ArticleTop || again.ArticleBottom != first.ArticleBottom {
		t.Error("the same article rendered different parts")
	}
	for _, edit := range []func(*article.Article){
		func(a *article.Article) { a.Title = "Un autre titre" },
		func(a *article.Article) { a.Category = &article.Category{Slug: "sport", Name: "Sport"} },
		func(a *article.Article) { a.Tags = append(a.Tags, article.Tag{Slug: "nouveau", Name: "Nouveau"}) },
		func(a *article.Article) { a.Source.Name = "Une agence" },
	} {
		edited := *a
		edit(&edited)
		p, err := h.articlePage(ctx, &edited)
		if err != nil {
			t.Fatal(err)
		}
		var want strings.Builder
		for _, name := range []string{"article-top", "article-bottom"} {
			if err := h.views.pages["article"].ExecuteTemplate(&want, name, p); err != nil {
				t.Fatal(err)
			}
		}
		if got := string(p.ArticleTop + p.ArticleBottom); got != want.String() {
			t.Errorf("after an edit, kept parts:\n%s", firstDiff(want.String(), got))
		}
	}
}

// TestMinutesMemo: kept reading times are article.ReadingMinutes, and a
// longer body or lead gives its own.
func TestMinutesMemo(t *testing.T) {
	m := newMinutesMemo(minutesBytes)
	a := article.Article{Lead: "Un chapô.", Body: strings.Repeat("mot ", 400)}
	for _, edit := range []func(*article.Article){
		func(*article.Article) {},
		func(*article.Article) {}, // kept
		func(a *article.Article) { a.Body += strings.Repeat("encore ", 300) },
		func(a *article.Article) { a.Lead += strings.Repeat(" chapô", 300) },
	} {
		edit(&a)
		if got, want := m.of(&a), a.ReadingMinutes(); got != want {
			t.Errorf("%d minutes, want %d", got, want)
		}
	}
	if (*minutesMemo)(nil).of(&a) != a.ReadingMinutes() {
		t.Error("a nil memo")
	}
}
