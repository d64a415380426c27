package cluster_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/cluster"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

func TestNotifyingStore(t *testing.T) {
	ctx := context.Background()
	s, events, clock := notifying(t)

	a := storetest.NewArticle("Un", nil, clock.Now())
	if err := s.CreateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	a.Title = "Deux"
	if err := s.UpdateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	sched := storetest.NewArticle("Plus tard", nil, clock.Now().Add(time.Minute))
	sched.Status = article.Scheduled
	s.CreateArticle(ctx, sched)
	s.PublishDue(ctx, clock.Now()) // nothing due: no event
	s.PublishDue(ctx, clock.Now().Add(time.Hour))
	s.SaveSettings(ctx, map[string]string{"site.name": "X"})
	if err := s.DeleteArticle(ctx, 9999); err == nil {
		t.Fatal("deleting a missing article must fail")
	}
	want := []cluster.Event{
		{Kind: "article", Tags: []string{cluster.Lists, cluster.ArticleTag(a.ID)}},
		{Kind: "article", Tags: []string{cluster.Lists, cluster.ArticleTag(a.ID)}},
		{Kind: "article", Tags: []string{cluster.Lists, cluster.ArticleTag(sched.ID)}},
		{Kind: "article", Tags: []string{cluster.Lists, cluster.ArticleTag(sched.ID)}},
		{Kind: "settings", All: true},
	}
	if got := *events; !reflect.DeepEqual(got, want) {
		t.Errorf("events:\n got %+v\nwant %+v", got, want)
	}
}

// notifying returns a NotifyingStore over a fresh SQLite store, the
// events it publishes, and its clock.
func notifying(t *testing.T) (*cluster.NotifyingStore, *[]cluster.Event, *storetest.Clock) {
	clock := storetest.NewClock(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
	bus := &cluster.Local{}
	var got []cluster.Event
	bus.Subscribe(func(e cluster.Event) { got = append(got, e) })
	return &cluster.NotifyingStore{Store: storetest.OpenSQLite(t, clock.Now), Bus: bus}, &got, clock
}

func TestNotifyingStoreComments(t *testing.T) {
	ctx := context.Background()
	clock := storetest.NewClock(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
	bus := &cluster.Local{}
	var got []cluster.Event
	bus.Subscribe(func(e cluster.Event) { got = append(got, e) })
	raw := storetest.OpenSQLite(t, clock.Now)
	a := storetest.NewArticle("Un", nil, clock.Now())
	if err := raw.CreateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	s := &cluster.NotifyingStore{Store: raw, Bus: bus}
	pending := &comment.Comment{ArticleID: a.ID, AuthorName: "Anne", AuthorEmail: "anne@example.org", Text: "En attente", State: comment.Pending}
	if _, err := s.CreateComment(ctx, pending); err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Fatalf("a pending comment purged pages: %+v", got)
	}
	if _, err := s.SetCommentState(ctx, comment.Approved, pending.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteComment(ctx, pending.ID); err != nil {
		t.Fatal(err)
	}
	want := cluster.Event{Kind: "article", Tags: []string{cluster.Lists, cluster.ArticleTag(a.ID)}}
	if len(got) != 2 || !reflect.DeepEqual(got[0], want) || !reflect.DeepEqual(got[1], want) {
		t.Errorf("events %+v, want twice %+v", got, want)
	}
}

// A related list that changes purges its article's page; rewriting the
// same list purges nothing.
func TestNotifyingStoreRelated(t *testing.T) {
	ctx := context.Background()
	clock := storetest.NewClock(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
	raw := storetest.OpenSQLite(t, clock.Now)
	var ids []article.ID
	for _, title := range []string{"Un", "Deux", "Trois"} {
		a := storetest.NewArticle(title, nil, clock.Now())
		if err := raw.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	bus := &cluster.Local{}
	var got []cluster.Event
	bus.Subscribe(func(e cluster.Event) { got = append(got, e) })
	s := &cluster.NotifyingStore{Store: raw, Bus: bus}
	one, two, three := ids[0], ids[1], ids[2]
	purged := []cluster.Event{{Kind: "related", Tags: []string{cluster.ArticleTag(one)}}}
	for _, tc := range []struct {
		name  string
		links []store.RelatedLink
		want  []cluster.Event
	}{
		{"first list", []store.RelatedLink{{Related: two, Score: 0.5}}, purged},
		{"same list", []store.RelatedLink{{Related: two, Score: 0.5}}, nil},
		{"an article joins", []store.RelatedLink{{Related: three, Score: 0.4}, {Related: two, Score: 0.5}}, purged},
		{"same articles, same order, other scores", []store.RelatedLink{{Related: two, Score: 0.6}, {Related: three, Score: 0.3}}, nil},
		{"the order moves", []store.RelatedLink{{Related: two, Score: 0.2}, {Related: three, Score: 0.3}}, purged},
		{"an article leaves", []store.RelatedLink{{Related: three, Score: 0.3}}, purged},
		{"empty", nil, purged},
		{"still empty", nil, nil},
	} {
		got = nil
		if err := s.SaveRelated(ctx, one, tc.links); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: events %+v, want %+v", tc.name, got, tc.want)
		}
	}
	// The related engine saves an article's list and its neighbours' at
	// once: one event names the pages whose list changed.
	got = nil
	lists := []store.RelatedList{{ArticleID: one, Links: nil}, {ArticleID: two, Links: []store.RelatedLink{{Related: three, Score: 0.4}}}}
	if err := s.SaveRelatedLists(ctx, lists); err != nil {
		t.Fatal(err)
	}
	if want := []cluster.Event{{Kind: "related", Tags: []string{cluster.ArticleTag(two)}}}; !reflect.DeepEqual(got, want) {
		t.Errorf("two lists, one changed: events %+v, want %+v", got, want)
	}
}

// An article's other language versions link to it: publishing, editing
// or deleting one purges them all.
func TestNotifyingStoreVersions(t *testing.T) {
	ctx := context.Background()
	s, events, clock := notifying(t)
	fr := storetest.NewArticle("Le sommet de Douchanbé", nil, clock.Now())
	fr.TranslationGroup = 7
	if err := s.CreateArticle(ctx, fr); err != nil {
		t.Fatal(err)
	}
	en := storetest.NewArticle("The Dushanbe summit", nil, clock.Now())
	en.Lang, en.TranslationGroup = "en", 7
	if err := s.CreateArticle(ctx, en); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteArticle(ctx, en.ID); err != nil {
		t.Fatal(err)
	}
	want := []cluster.Event{
		{Kind: "article", Tags: []string{cluster.Lists, cluster.ArticleTag(fr.ID)}},
		{Kind: "article", Tags: []string{cluster.Lists, cluster.ArticleTag(en.ID), cluster.ArticleTag(fr.ID)}},
		{Kind: "article", Tags: []string{cluster.Lists, cluster.ArticleTag(en.ID), cluster.ArticleTag(fr.ID)}},
	}
	if got := *events; !reflect.DeepEqual(got, want) {
		t.Errorf("events:\n got %+v\nwant %+v", got, want)
	}
}
