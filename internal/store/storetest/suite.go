package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store"
)

// Run runs the conformance suite against stores made by open. Every case
// gets a fresh database.
func Run(t *testing.T, open Opener) {
	cases := []struct {
		name string
		fn   func(t *testing.T, s store.Store, clock *Clock)
	}{
		{"ArticleRoundTrip", testArticleRoundTrip},
		{"SlugDerivedAndSuffixed", testSlugs},
		{"ExternalIDConflict", testExternalID},
		{"UpdateArticle", testUpdate},
		{"DeleteArticle", testDelete},
		{"NotFound", testNotFound},
		{"ArticlesByID", testArticlesByID},
		{"VisibleOnly", testVisible},
		{"ListFiltersAndPages", testListFilters},
		{"Cursor", testCursor},
		{"PublishDue", testPublishDue},
		{"Taxonomy", testTaxonomy},
		{"DeleteCategoryKeepsArticles", testDeleteCategory},
		{"Settings", testSettings},
		{"Blobs", testBlobs},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			clock := NewClock(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
			c.fn(t, open(t, clock.Now), clock)
		})
	}
}

// Fixture holds taxonomy made by NewFixture.
type Fixture struct {
	Monde, Sport article.Category
	Asie, Foot   article.Tag
	Alice, Bob   article.Author
}

// NewFixture creates two categories, two tags and two authors.
func NewFixture(t testing.TB, s store.Store) *Fixture {
	t.Helper()
	ctx := context.Background()
	f := &Fixture{
		Monde: article.Category{Name: "Monde", Description: "Le monde", Position: 1},
		Sport: article.Category{Name: "Sport", Position: 2},
		Alice: article.Author{Name: "Alice Martin", Bio: "Reporter"},
		Bob:   article.Author{Name: "Bob Durand"},
	}
	must(t, s.SaveCategory(ctx, &f.Monde))
	must(t, s.SaveCategory(ctx, &f.Sport))
	must(t, s.SaveAuthor(ctx, &f.Alice))
	must(t, s.SaveAuthor(ctx, &f.Bob))
	asie, err := s.EnsureTag(ctx, "Asie centrale")
	must(t, err)
	foot, err := s.EnsureTag(ctx, "Football")
	must(t, err)
	f.Asie, f.Foot = *asie, *foot
	return f
}

// NewArticle returns a valid published article (not stored) in category c.
func NewArticle(title string, c *article.Category, published time.Time) *article.Article {
	return &article.Article{
		Title: title, Lead: "Chapô de " + title, Body: "Premier paragraphe.\n\nSecond paragraphe.",
		Lang: "fr", Status: article.Published, PublishedAt: published, Category: c,
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func create(t testing.TB, s store.Store, a *article.Article) *article.Article {
	t.Helper()
	must(t, s.CreateArticle(context.Background(), a))
	return a
}

func testArticleRoundTrip(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	f := NewFixture(t, s)
	pub := clock.Now().Add(-time.Hour)
	a := &article.Article{
		ExternalID: "wp-42", Title: "Blinken met en garde l’Asie centrale", Lead: "À Astana, « C5+1 ».",
		Body: "Un.\n\nDeux — émoji 🗞️.", Lang: "fr", Status: article.Published, PublishedAt: pub,
		Category: &f.Monde, Tags: []article.Tag{f.Foot, f.Asie}, Authors: []article.Author{f.Bob, f.Alice},
		Image:            article.Image{URL: "/media/demo/a.svg", Alt: "Carte", Caption: "La région", Credit: "NDM", Width: 1200, Height: 675},
		Source:           article.Source{Name: "AP", URL: "https://example.org/x", TranslatedFrom: "en"},
		TranslationGroup: 7,
	}
	create(t, s, a)
	if a.ID == 0 || a.Slug != "blinken-met-en-garde-lasie-centrale" {
		t.Fatalf("after create: id %d slug %q", a.ID, a.Slug)
	}
	if !a.CreatedAt.Equal(clock.Now()) || !a.UpdatedAt.Equal(clock.Now()) {
		t.Errorf("created %v updated %v, want %v", a.CreatedAt, a.UpdatedAt, clock.Now())
	}
	for _, get := range []func() (*article.Article, error){
		func() (*article.Article, error) { return s.Article(ctx, a.ID) },
		func() (*article.Article, error) { return s.ArticleBySlug(ctx, a.Slug) },
		func() (*article.Article, error) { return s.ArticleByExternalID(ctx, "wp-42") },
	} {
		got, err := get()
		must(t, err)
		if !reflect.DeepEqual(got, a) {
			t.Errorf("got  %+v\nwant %+v", got, a)
		}
	}
}

// testArticlesByID: the articles come in the order asked, loaded as
// Article loads them; missing IDs are left out and repeated ones given once.
func testArticlesByID(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	f := NewFixture(t, s)
	pub := clock.Now().Add(-time.Hour)
	a := NewArticle("Premier", &f.Monde, pub)
	a.Tags, a.Authors = []article.Tag{f.Foot, f.Asie}, []article.Author{f.Alice}
	b := NewArticle("Deuxième", nil, pub)
	c := NewArticle("Troisième", &f.Sport, pub)
	c.Status, c.PublishedAt = article.Draft, time.Time{}
	c.Authors = []article.Author{f.Bob, f.Alice}
	for _, x := range []*article.Article{a, b, c} {
		create(t, s, x)
	}
	got, err := s.ArticlesByID(ctx, []article.ID{c.ID, 999999, a.ID, c.ID, b.ID}, true)
	must(t, err)
	want := []*article.Article{c, a, b}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", titles(got), []string{c.Title, a.Title, b.Title})
	}
	for i, w := range want {
		one, err := s.Article(ctx, w.ID)
		must(t, err)
		if !reflect.DeepEqual(&got[i], one) {
			t.Errorf("article %d:\ngot  %+v\nwant %+v", i, got[i], *one)
		}
	}
	bare, err := s.ArticlesByID(ctx, []article.ID{a.ID}, false)
	must(t, err)
	if len(bare) != 1 || bare[0].Title != a.Title || bare[0].Category == nil || bare[0].Category.ID != f.Monde.ID ||
		len(bare[0].Tags) != 0 || len(bare[0].Authors) != 0 {
		t.Errorf("without links: %+v", bare)
	}
	for _, ids := range [][]article.ID{nil, {999999}} {
		got, err := s.ArticlesByID(ctx, ids, true)
		if err != nil || got == nil || len(got) != 0 {
			t.Errorf("ArticlesByID(%v) = %v, %v; want empty, no error", ids, got, err)
		}
	}
}

func testSlugs(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	var got []string
	for _, title := range []string{"Élection à Paris", "Election a Paris", "ÉLECTION À PARIS !"} {
		got = append(got, create(t, s, NewArticle(title, nil, clock.Now())).Slug)
	}
	want := []string{"election-a-paris", "election-a-paris-2", "election-a-paris-3"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("slugs %q, want %q", got, want)
	}
	for title, want := range map[string]string{"Admin": "admin-1", "Feed": "feed-1", "!!!": "article"} {
		if a := create(t, s, NewArticle(title, nil, clock.Now())); a.Slug != want {
			t.Errorf("title %q: slug %q, want %q", title, a.Slug, want)
		}
	}
	long := strings.Repeat("Un titre très long ", 8)
	seen := map[string]bool{}
	for i := 0; i < 12; i++ {
		slug := create(t, s, NewArticle(fmt.Sprintf("%s (%d)", long, i), nil, clock.Now())).Slug
		if seen[slug] || len(slug) > article.MaxSlug {
			t.Fatalf("long title %d: slug %q repeated or too long", i, slug)
		}
		seen[slug] = true
	}
	a := NewArticle("Autre titre", nil, clock.Now())
	a.Slug = "mon-slug"
	if create(t, s, a); a.Slug != "mon-slug" {
		t.Errorf("chosen slug: got %q", a.Slug)
	}
	if _, err := s.ArticleBySlug(ctx, "election-a-paris-2"); err != nil {
		t.Error(err)
	}
}

func testExternalID(t *testing.T, s store.Store, clock *Clock) {
	a := NewArticle("Un", nil, clock.Now())
	a.ExternalID = "x1"
	create(t, s, a)
	b := NewArticle("Deux", nil, clock.Now())
	b.ExternalID = "x1"
	if err := s.CreateArticle(context.Background(), b); !errors.Is(err, store.ErrConflict) {
		t.Errorf("duplicate external id: got %v, want ErrConflict", err)
	}
	// Several articles without external id are fine.
	create(t, s, NewArticle("Trois", nil, clock.Now()))
	create(t, s, NewArticle("Quatre", nil, clock.Now()))
}

func testUpdate(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	f := NewFixture(t, s)
	a := create(t, s, NewArticle("Titre", &f.Monde, clock.Now()))
	other := create(t, s, NewArticle("Autre", &f.Monde, clock.Now()))
	clock.Add(time.Minute)
	a.Title, a.Slug, a.Category, a.Tags, a.Authors = "Nouveau", "nouveau", &f.Sport, []article.Tag{f.Asie}, []article.Author{f.Alice}
	must(t, s.UpdateArticle(ctx, a))
	got, err := s.Article(ctx, a.ID)
	must(t, err)
	if got.Title != "Nouveau" || got.Slug != "nouveau" || got.Category.ID != f.Sport.ID ||
		len(got.Tags) != 1 || len(got.Authors) != 1 || !got.UpdatedAt.Equal(clock.Now()) {
		t.Errorf("after update: %+v", got)
	}
	other.Slug = "nouveau"
	if err := s.UpdateArticle(ctx, other); !errors.Is(err, store.ErrConflict) {
		t.Errorf("taken slug: got %v, want ErrConflict", err)
	}
	missing := NewArticle("X", nil, clock.Now())
	missing.ID, missing.Slug = 99999, "x"
	if err := s.UpdateArticle(ctx, missing); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing: got %v, want ErrNotFound", err)
	}
}

func testDelete(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	f := NewFixture(t, s)
	a := NewArticle("Titre", &f.Monde, clock.Now())
	a.Tags, a.Authors = []article.Tag{f.Asie}, []article.Author{f.Alice}
	create(t, s, a)
	must(t, s.DeleteArticle(ctx, a.ID))
	if _, err := s.Article(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after delete: %v", err)
	}
	if err := s.DeleteArticle(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	if _, err := s.TagBySlug(ctx, f.Asie.Slug); err != nil {
		t.Errorf("tag must survive its article: %v", err)
	}
}

func testNotFound(t *testing.T, s store.Store, _ *Clock) {
	ctx := context.Background()
	for name, err := range map[string]error{
		"Article":                   second(s.Article(ctx, 12345)),
		"ArticleBySlug":             second(s.ArticleBySlug(ctx, "nope")),
		"ArticleByExternalID":       second(s.ArticleByExternalID(ctx, "nope")),
		"ArticleByExternalID empty": second(s.ArticleByExternalID(ctx, "")),
		"Category":                  second(s.Category(ctx, 12345)),
		"CategoryBySlug":            second(s.CategoryBySlug(ctx, "nope")),
		"TagBySlug":                 second(s.TagBySlug(ctx, "nope")),
		"Author":                    second(s.Author(ctx, 12345)),
		"AuthorBySlug":              second(s.AuthorBySlug(ctx, "nope")),
		"DeleteCategory":            s.DeleteCategory(ctx, 12345),
		"DeleteTag":                 s.DeleteTag(ctx, 12345),
		"DeleteAuthor":              s.DeleteAuthor(ctx, 12345),
	} {
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: got %v, want ErrNotFound", name, err)
		}
	}
}

func second[T any](_ T, err error) error { return err }

func titles(list []article.Article) []string {
	out := []string{}
	for _, a := range list {
		out = append(out, a.Title)
	}
	return out
}

func testVisible(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	now := clock.Now()
	create(t, s, NewArticle("Publié", nil, now.Add(-time.Hour)))
	create(t, s, NewArticle("Publié à l’instant", nil, now))
	future := create(t, s, NewArticle("Futur", nil, now.Add(time.Hour)))
	draft := NewArticle("Brouillon", nil, time.Time{})
	draft.Status = article.Draft
	create(t, s, draft)
	sched := NewArticle("Programmé", nil, now.Add(-time.Minute))
	sched.Status = article.Scheduled // due but not yet published by the scheduler
	create(t, s, sched)
	archived := NewArticle("Archivé", nil, now.Add(-2*time.Hour))
	archived.Status = article.Archived
	create(t, s, archived)

	list, total, err := s.ListArticles(ctx, store.ArticleFilter{VisibleAt: now})
	must(t, err)
	if got, want := titles(list), []string{"Publié à l’instant", "Publié"}; !reflect.DeepEqual(got, want) || total != 2 {
		t.Errorf("visible: %q (total %d), want %q", got, total, want)
	}
	if future.Visible(now) || !future.Visible(now.Add(time.Hour)) {
		t.Error("Visible must follow the publication time")
	}
	_, total, err = s.ListArticles(ctx, store.ArticleFilter{})
	must(t, err)
	if total != 6 {
		t.Errorf("unfiltered total %d, want 6", total)
	}
	list, _, err = s.ListArticles(ctx, store.ArticleFilter{Status: article.Draft})
	must(t, err)
	if got := titles(list); !reflect.DeepEqual(got, []string{"Brouillon"}) {
		t.Errorf("drafts: %q", got)
	}
}

func testListFilters(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	f := NewFixture(t, s)
	now := clock.Now()
	for i := 0; i < 25; i++ {
		c, tags, authors := &f.Monde, []article.Tag{f.Asie}, []article.Author{f.Alice}
		if i%5 == 0 {
			c, tags, authors = &f.Sport, []article.Tag{f.Foot, f.Asie}, []article.Author{f.Bob}
		}
		a := NewArticle(fmt.Sprintf("Article %02d", i), c, now.Add(-time.Duration(i)*time.Hour))
		a.Tags, a.Authors = tags, authors
		if i == 7 {
			a.Lang = "en"
			a.Title = "English Story"
		}
		if i == 7 || i == 8 {
			a.TranslationGroup = 42 // "Article 08" and its English version
		}
		create(t, s, a)
	}
	for _, c := range []struct {
		name  string
		f     store.ArticleFilter
		total int
		first string
		n     int
	}{
		{"first page", store.ArticleFilter{VisibleAt: now, Limit: 10}, 25, "Article 00", 10},
		{"last page", store.ArticleFilter{VisibleAt: now, Limit: 10, Offset: 20}, 25, "Article 20", 5},
		{"beyond the end", store.ArticleFilter{VisibleAt: now, Limit: 10, Offset: 30}, 25, "", 0},
		{"default limit", store.ArticleFilter{VisibleAt: now}, 25, "Article 00", 20},
		{"category", store.ArticleFilter{VisibleAt: now, CategoryID: f.Sport.ID}, 5, "Article 00", 5},
		{"tag", store.ArticleFilter{VisibleAt: now, TagID: f.Foot.ID}, 5, "Article 00", 5},
		{"shared tag", store.ArticleFilter{VisibleAt: now, TagID: f.Asie.ID}, 25, "Article 00", 20},
		{"author", store.ArticleFilter{VisibleAt: now, AuthorID: f.Alice.ID}, 20, "Article 01", 20},
		{"lang", store.ArticleFilter{Lang: "en"}, 1, "English Story", 1},
		{"title, any case", store.ArticleFilter{TitleLike: "ENGLISH"}, 1, "English Story", 1},
		{"exclude", store.ArticleFilter{VisibleAt: now, ExcludeID: 1, Limit: 100}, 24, "Article 01", 24},
		{"no total", store.ArticleFilter{VisibleAt: now, Limit: 10, NoTotal: true}, -1, "Article 00", 10},
		{"category, no total", store.ArticleFilter{VisibleAt: now, CategoryID: f.Monde.ID, ExcludeID: 2, Limit: 3, NoTotal: true}, -1, "Article 02", 3},
		{"translation group", store.ArticleFilter{VisibleAt: now, TranslationGroup: 42}, 2, "English Story", 2},
	} {
		list, total, err := s.ListArticles(ctx, c.f)
		must(t, err)
		first := ""
		if len(list) > 0 {
			first = list[0].Title
		}
		if total != c.total || len(list) != c.n || first != c.first {
			t.Errorf("%s: total %d, %d rows, first %q; want %d, %d, %q", c.name, total, len(list), first, c.total, c.n, c.first)
		}
	}
	list, _, err := s.ListArticles(ctx, store.ArticleFilter{VisibleAt: now, Limit: 1})
	must(t, err)
	if a := list[0]; a.Category == nil || a.Category.Name != "Sport" || len(a.Tags) != 2 || a.Tags[0].Name != "Football" || len(a.Authors) != 1 {
		t.Errorf("list must load links: %+v", a)
	}
	list, _, err = s.ListArticles(ctx, store.ArticleFilter{VisibleAt: now, Limit: 1, NoLinks: true})
	must(t, err)
	if a := list[0]; a.Category == nil || a.Category.Name != "Sport" || a.Tags == nil || len(a.Tags) != 0 || a.Authors == nil || len(a.Authors) != 0 {
		t.Errorf("NoLinks: want the category and empty tags and authors: %+v", a)
	}
}

func testCursor(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	now := clock.Now()
	// Same publication time for all: the id breaks ties.
	for i := 0; i < 7; i++ {
		create(t, s, NewArticle(fmt.Sprintf("A%d", i), nil, now.Add(-time.Minute)))
	}
	var seen []string
	f := store.ArticleFilter{VisibleAt: now, Limit: 3}
	for pages := 0; pages < 10; pages++ {
		list, total, err := s.ListArticles(ctx, f)
		must(t, err)
		if total != 7 {
			t.Fatalf("total %d, want 7 whatever the cursor", total)
		}
		if len(list) == 0 {
			break
		}
		seen = append(seen, titles(list)...)
		last := list[len(list)-1]
		f.Before = &store.Cursor{PublishedAt: last.PublishedAt, ID: last.ID}
	}
	if want := []string{"A6", "A5", "A4", "A3", "A2", "A1", "A0"}; !reflect.DeepEqual(seen, want) {
		t.Errorf("cursor pages: %q, want %q", seen, want)
	}
}

func testPublishDue(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	now := clock.Now()
	due := NewArticle("Dû", nil, now.Add(-time.Second))
	due.Status = article.Scheduled
	later := NewArticle("Plus tard", nil, now.Add(time.Hour))
	later.Status = article.Scheduled
	create(t, s, due)
	create(t, s, later)
	ids, err := s.PublishDue(ctx, now)
	must(t, err)
	if len(ids) != 1 || ids[0] != due.ID {
		t.Fatalf("PublishDue = %v, want [%d]", ids, due.ID)
	}
	got, err := s.Article(ctx, due.ID)
	must(t, err)
	if got.Status != article.Published || !got.PublishedAt.Equal(due.PublishedAt) {
		t.Errorf("after PublishDue: %s at %v", got.Status, got.PublishedAt)
	}
	if ids, _ := s.PublishDue(ctx, now); len(ids) != 0 {
		t.Errorf("second run published %v again", ids)
	}
	if ids, _ := s.PublishDue(ctx, now.Add(2*time.Hour)); len(ids) != 1 || ids[0] != later.ID {
		t.Errorf("later run: %v", ids)
	}
}

func testTaxonomy(t *testing.T, s store.Store, _ *Clock) {
	ctx := context.Background()
	f := NewFixture(t, s)
	cats, err := s.Categories(ctx)
	must(t, err)
	if len(cats) != 2 || cats[0].Slug != "monde" || cats[1].Slug != "sport" || cats[0].Description != "Le monde" {
		t.Errorf("categories: %+v", cats)
	}
	dup := article.Category{Name: "Monde"}
	if err := s.SaveCategory(ctx, &dup); !errors.Is(err, store.ErrConflict) {
		t.Errorf("duplicate category slug: %v", err)
	}
	f.Sport.Position = 0
	f.Sport.Name = "Sports"
	must(t, s.SaveCategory(ctx, &f.Sport))
	cats, _ = s.Categories(ctx)
	if cats[0].Name != "Sports" {
		t.Errorf("order by position: %+v", cats)
	}
	again, err := s.EnsureTag(ctx, " Asie Centrale ")
	must(t, err)
	if again.ID != f.Asie.ID {
		t.Errorf("EnsureTag made a second tag for the same slug: %+v vs %+v", again, f.Asie)
	}
	if _, err := s.EnsureTag(ctx, "!!!"); !errors.Is(err, article.ErrInvalid) {
		t.Errorf("tag without letters: %v", err)
	}
	tags, err := s.Tags(ctx)
	must(t, err)
	if len(tags) != 2 {
		t.Errorf("tags: %+v", tags)
	}
	f.Foot.Name = "Foot"
	must(t, s.SaveTag(ctx, &f.Foot))
	if got, _ := s.TagBySlug(ctx, "football"); got == nil || got.Name != "Foot" {
		t.Errorf("renamed tag: %+v", got)
	}
	must(t, s.DeleteTag(ctx, f.Foot.ID))
	authors, err := s.Authors(ctx)
	must(t, err)
	if len(authors) != 2 || authors[0].Slug != "alice-martin" || authors[0].Bio != "Reporter" {
		t.Errorf("authors: %+v", authors)
	}
	got, err := s.AuthorBySlug(ctx, "bob-durand")
	must(t, err)
	if got.ID != f.Bob.ID {
		t.Errorf("author by slug: %+v", got)
	}
	must(t, s.DeleteAuthor(ctx, f.Bob.ID))
}

func testDeleteCategory(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	f := NewFixture(t, s)
	a := create(t, s, NewArticle("Titre", &f.Monde, clock.Now()))
	must(t, s.DeleteCategory(ctx, f.Monde.ID))
	got, err := s.Article(ctx, a.ID)
	must(t, err)
	if got.Category != nil {
		t.Errorf("category of an article whose category was deleted: %+v", got.Category)
	}
}

func testSettings(t *testing.T, s store.Store, _ *Clock) {
	ctx := context.Background()
	kv, err := s.Settings(ctx)
	must(t, err)
	if len(kv) != 0 {
		t.Errorf("new store settings: %v", kv)
	}
	must(t, s.SaveSettings(ctx, map[string]string{"site.name": "Nouvelles", "site.lang": "fr"}))
	must(t, s.SaveSettings(ctx, map[string]string{"site.name": "Nouvelles Du Monde", "ads.txt": "x, 1, DIRECT"}))
	kv, err = s.Settings(ctx)
	must(t, err)
	want := map[string]string{"site.name": "Nouvelles Du Monde", "site.lang": "fr", "ads.txt": "x, 1, DIRECT"}
	if !reflect.DeepEqual(kv, want) {
		t.Errorf("settings %v, want %v", kv, want)
	}
}

func testBlobs(t *testing.T, s store.Store, _ *Clock) {
	ctx := context.Background()
	if _, err := s.Blob(ctx, "spam"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing blob: %v", err)
	}
	big := make([]byte, 300<<10)
	for i := range big {
		big[i] = byte(i * 7)
	}
	must(t, s.SaveBlob(ctx, "spam", []byte{0, 1, 2}))
	must(t, s.SaveBlob(ctx, "spam", big))
	got, err := s.Blob(ctx, "spam")
	must(t, err)
	if !reflect.DeepEqual(got, big) {
		t.Errorf("blob round trip: %d bytes back, want %d", len(got), len(big))
	}
}
