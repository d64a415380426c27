package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/store"
)

// RunSyndication runs the conformance cases of store.Redirects and
// store.Syndication against stores made by open, each on a fresh database.
func RunSyndication(t *testing.T, open Opener) {
	cases := []struct {
		name string
		fn   func(t *testing.T, s store.Store, clock *Clock)
	}{
		{"Redirects", testRedirects},
		{"FeedSources", testFeedSources},
		{"FeedItems", testFeedItems},
		{"ImportComments", testImportComments},
		{"ImportArticle", testImportArticle},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			clock := NewClock(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
			c.fn(t, open(t, clock.Now), clock)
		})
	}
}

func testRedirects(t *testing.T, s store.Store, _ *Clock) {
	ctx := context.Background()
	rs, ok := s.(store.Redirects)
	if !ok {
		t.Fatalf("%T does not implement store.Redirects", s)
	}
	a := NewArticle("Les routes de l'eau", nil, time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC))
	must(t, s.CreateArticle(ctx, a))
	must(t, rs.SaveRedirect(ctx, store.Redirect{Path: "/?p=101", ArticleID: a.ID}))
	must(t, rs.SaveRedirect(ctx, store.Redirect{Path: "/2026/11/20/routes/", ArticleID: a.ID}))
	must(t, rs.SaveRedirect(ctx, store.Redirect{Path: "/category/monde/asie/", Target: "/category/asie/"}))
	r, err := rs.Redirect(ctx, "/?p=101")
	must(t, err)
	if r.ArticleID != a.ID || r.Slug != a.Slug {
		t.Errorf("redirect = %+v, want article %d slug %q", r, a.ID, a.Slug)
	}
	// The slug is read at lookup time, so a renamed article still redirects right.
	a.Slug = "nouveau-titre"
	must(t, s.UpdateArticle(ctx, a))
	if r, err = rs.Redirect(ctx, "/2026/11/20/routes/"); err != nil || r.Slug != "nouveau-titre" {
		t.Errorf("after rename: %+v, %v", r, err)
	}
	if r, err = rs.Redirect(ctx, "/category/monde/asie/"); err != nil || r.Target != "/category/asie/" || r.ArticleID != 0 {
		t.Errorf("fixed target: %+v, %v", r, err)
	}
	// Saving again replaces.
	must(t, rs.SaveRedirect(ctx, store.Redirect{Path: "/category/monde/asie/", Target: "/category/autre/"}))
	if r, _ = rs.Redirect(ctx, "/category/monde/asie/"); r.Target != "/category/autre/" {
		t.Errorf("replaced target = %q", r.Target)
	}
	paths, err := rs.RedirectsTo(ctx, a.ID)
	must(t, err)
	if len(paths) != 2 {
		t.Errorf("RedirectsTo = %v", paths)
	}
	if _, err := rs.Redirect(ctx, "/nope/"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing redirect: %v", err)
	}
	must(t, s.DeleteArticle(ctx, a.ID))
	if _, err := rs.Redirect(ctx, "/?p=101"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("redirect of a deleted article: %v, want ErrNotFound", err)
	}
}

func testFeedSources(t *testing.T, s store.Store, _ *Clock) {
	ctx := context.Background()
	sy, ok := s.(store.Syndication)
	if !ok {
		t.Fatalf("%T does not implement store.Syndication", s)
	}
	src := &store.FeedSource{Name: "Agence Nord", URL: "https://agence.example/rss", TranslateFrom: "en", Enabled: true}
	must(t, sy.SaveFeedSource(ctx, src))
	if src.ID == 0 || src.Lang != "fr" || src.Interval != 15*time.Minute {
		t.Errorf("defaults not filled: %+v", src)
	}
	src.ETag, src.PolledAt, src.Publish = `"abc"`, time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC), true
	must(t, sy.SaveFeedSource(ctx, src))
	got, err := sy.FeedSourceByURL(ctx, src.URL)
	must(t, err)
	if *got != *src {
		t.Errorf("got %+v\nwant %+v", got, src)
	}
	dup := &store.FeedSource{Name: "Doublon", URL: src.URL}
	if err := sy.SaveFeedSource(ctx, dup); !errors.Is(err, store.ErrConflict) {
		t.Errorf("duplicate URL: %v, want ErrConflict", err)
	}
	list, err := sy.FeedSources(ctx)
	must(t, err)
	if len(list) != 1 {
		t.Errorf("sources = %+v", list)
	}
	must(t, sy.DeleteFeedSource(ctx, src.ID))
	if _, err := sy.FeedSource(ctx, src.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted source: %v", err)
	}
}

func testFeedItems(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	sy := s.(store.Syndication)
	seen, err := sy.FeedItemSeen(ctx, "g1", "https://a.example/1")
	must(t, err)
	if seen {
		t.Error("empty store has seen an item")
	}
	must(t, sy.SaveFeedItem(ctx, store.FeedItem{GUID: "g1", URL: "https://a.example/1", Fingerprint: 1 << 63}))
	clock.Add(time.Hour)
	must(t, sy.SaveFeedItem(ctx, store.FeedItem{GUID: "g2", Fingerprint: 42}))
	for _, c := range []struct {
		guid, url string
		want      bool
	}{{"g1", "", true}, {"other", "https://a.example/1", true}, {"other", "", false}, {"g2", "", true}} {
		if got, err := sy.FeedItemSeen(ctx, c.guid, c.url); err != nil || got != c.want {
			t.Errorf("FeedItemSeen(%q, %q) = %v, %v", c.guid, c.url, got, err)
		}
	}
	if err := sy.SaveFeedItem(ctx, store.FeedItem{GUID: "g1"}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("same GUID twice: %v, want ErrConflict", err)
	}
	fps, err := sy.RecentFingerprints(ctx, clock.Now().Add(-2*time.Hour), 10)
	must(t, err)
	if len(fps) != 2 || fps[0] != 42 || fps[1] != 1<<63 {
		t.Errorf("fingerprints = %v", fps)
	}
	if fps, _ = sy.RecentFingerprints(ctx, clock.Now().Add(-time.Minute), 10); len(fps) != 1 {
		t.Errorf("since filter: %v", fps)
	}
}

func testImportComments(t *testing.T, s store.Store, _ *Clock) {
	ctx := context.Background()
	ci, ok := s.(store.CommentImporter)
	if !ok {
		t.Fatalf("%T does not implement store.CommentImporter", s)
	}
	cs, ok := s.(store.Comments)
	if !ok {
		t.Fatalf("%T does not implement store.Comments", s)
	}
	a := NewArticle("Un fil importé", nil, time.Date(2026, 1, 2, 8, 0, 0, 0, time.UTC))
	must(t, s.CreateArticle(ctx, a))
	at := func(h int) time.Time { return time.Date(2026, 1, 2, h, 0, 0, 0, time.UTC) }
	list := []comment.Comment{
		{ID: 501, AuthorName: "Hélène", AuthorEmail: "Helene@Example.org", Text: "Merci !", State: comment.Approved, CreatedAt: at(9)},
		{ID: 502, ParentID: 501, Depth: 1, AuthorName: "Marion", AuthorEmail: "m@example.org", Text: "Merci !", State: comment.Approved, CreatedAt: at(10)},
		{ID: 503, ParentID: 999, Depth: 1, AuthorName: "Orphelin", AuthorEmail: "o@example.org", Text: "Réponse perdue", State: comment.Pending, CreatedAt: at(11)},
		{ID: 504, AuthorName: "spam", AuthorEmail: "s@spam.example", Text: "pills", State: comment.Spam, CreatedAt: at(12)},
	}
	must(t, ci.ImportComments(ctx, a.ID, list))
	got, total, err := cs.ListComments(ctx, store.CommentFilter{ArticleID: a.ID, Oldest: true})
	must(t, err)
	if total != 4 {
		t.Fatalf("stored %d comments, want 4 (no duplicate check on import)", total)
	}
	if got[1].ParentID != got[0].ID || got[1].Depth != 1 || got[0].ID != list[0].ID || got[1].ID != list[1].ID {
		t.Errorf("threading: %+v", got[:2])
	}
	if got[2].ParentID != 0 || got[2].Depth != 0 {
		t.Errorf("reply to an unknown parent must be top level: %+v", got[2])
	}
	if !got[0].CreatedAt.Equal(at(9)) || got[0].AuthorEmail != "helene@example.org" || got[3].State != comment.Spam {
		t.Errorf("fields: %+v / %+v", got[0], got[3])
	}
	if err := ci.ImportComments(ctx, a.ID+1000, list[:1]); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing article: %v, want ErrNotFound", err)
	}
}

func testImportArticle(t *testing.T, s store.Store, _ *Clock) {
	ctx := context.Background()
	a := NewArticle("Un article venu d'ailleurs", nil, time.Date(2026, 1, 2, 8, 0, 0, 0, time.UTC))
	a.ExternalID, a.Slug = "wp:7", "venu-dailleurs"
	reds := []store.Redirect{{Path: "/?p=7"}, {Path: "/2026/01/02/venu-dailleurs/"}, {Path: "/venu-dailleurs/"}}
	cs := []comment.Comment{
		{ID: 70, AuthorName: "A", AuthorEmail: "a@example.org", Text: "Premier", State: comment.Approved, CreatedAt: a.PublishedAt},
		{ID: 71, ParentID: 70, Depth: 1, AuthorName: "B", AuthorEmail: "b@example.org", Text: "Réponse", State: comment.Approved, CreatedAt: a.PublishedAt},
	}
	n, err := s.ImportArticle(ctx, a, reds, cs)
	must(t, err)
	if n != 2 || a.ID == 0 {
		t.Fatalf("saved %d redirects (want 2: not the article's own address), id %d", n, a.ID)
	}
	if r, err := s.Redirect(ctx, "/?p=7"); err != nil || r.ArticleID != a.ID {
		t.Errorf("redirect = %+v, %v", r, err)
	}
	if _, err := s.Redirect(ctx, "/venu-dailleurs/"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("own address stored as a redirect: %v", err)
	}
	got, total, err := s.ListComments(ctx, store.CommentFilter{ArticleID: a.ID, Oldest: true})
	must(t, err)
	if total != 2 || got[1].ParentID != got[0].ID || cs[1].ParentID != cs[0].ID {
		t.Errorf("comments = %+v", got)
	}
	// Same external id: nothing at all is written.
	b := NewArticle("Doublon", nil, a.PublishedAt)
	b.ExternalID = "wp:7"
	if _, err := s.ImportArticle(ctx, b, []store.Redirect{{Path: "/?p=8"}}, cs[:1]); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate external id: %v, want ErrConflict", err)
	}
	if _, err := s.Redirect(ctx, "/?p=8"); !errors.Is(err, store.ErrNotFound) {
		t.Error("a failed import left a redirect")
	}
	if _, total, _ := s.ListArticles(ctx, store.ArticleFilter{}); total != 1 {
		t.Errorf("articles = %d, want 1", total)
	}
}
