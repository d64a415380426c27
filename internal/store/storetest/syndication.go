package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

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
