package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/store"
)

// RunComments runs the comment conformance cases against stores made by
// open. Every case gets a fresh database.
func RunComments(t *testing.T, open Opener) {
	cases := []struct {
		name string
		fn   func(t *testing.T, s store.Store, clock *Clock)
	}{
		{"CommentRoundTrip", testCommentRoundTrip},
		{"CommentOnMissingArticle", testCommentMissingArticle},
		{"CommentDuplicateWithinAMinute", testCommentDuplicate},
		{"CommentListsAndCounts", testCommentLists},
		{"CommentStates", testCommentStates},
		{"CommentEditAndDelete", testCommentEditDelete},
		{"CommentDataRights", testCommentRights},
		{"CommentForgetIPs", testCommentForgetIPs},
		{"CommentExpire", testCommentExpire},
		{"CommentsGoWithTheirArticle", testCommentsCascade},
		{"Sightings", testSightings},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			clock := NewClock(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
			c.fn(t, open(t, clock.Now), clock)
		})
	}
}

// NewComment returns an approved comment (not stored) on article id.
func NewComment(id article.ID, name, text string) *comment.Comment {
	return &comment.Comment{
		ArticleID: id, AuthorName: name, AuthorEmail: Email(name), AuthorURL: "https://example.org/" + name,
		Text: text, IP: "192.0.2.7", UserAgent: "Mozilla/5.0 (test)", State: comment.Approved,
	}
}

// Email is the e-mail NewComment gives name.
func Email(name string) string { return name + "@example.org" }

// AddComment stores c and fails the test unless it was created.
func AddComment(t testing.TB, s store.Comments, c *comment.Comment) *comment.Comment {
	t.Helper()
	created, err := s.CreateComment(context.Background(), c)
	must(t, err)
	if !created {
		t.Fatalf("comment %q was taken for a duplicate of %d", c.Text, c.ID)
	}
	return c
}

func commentTexts(list []comment.Comment) []string {
	out := []string{}
	for _, c := range list {
		out = append(out, c.Text)
	}
	return out
}

func testCommentRoundTrip(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	a := create(t, s, NewArticle("Titre", nil, clock.Now().Add(-time.Hour)))
	c := NewComment(a.ID, "alice", "Premier ! <script>alert(1)</script> émoji 🗞️\n\nSecond paragraphe.")
	c.State, c.SpamScore, c.SpamReasons = comment.Spam, 0.93, []comment.Reason{{Key: "spam.reason.links", Args: []any{4}}, {Key: "spam.reason.honeypot"}, {Key: "spam.reason.bad_domain", Args: []any{"spam.example"}}}
	AddComment(t, s, c)
	if c.ID == 0 || !c.CreatedAt.Equal(clock.Now()) || !c.UpdatedAt.Equal(clock.Now()) {
		t.Fatalf("after create: %+v", c)
	}
	clock.Add(time.Minute)
	r := NewComment(a.ID, "bob", "Réponse")
	r.ParentID, r.Depth, r.NotifyReplies = c.ID, 1, true
	AddComment(t, s, r)
	for _, want := range []*comment.Comment{c, r} {
		got, err := s.Comment(ctx, want.ID)
		must(t, err)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got  %+v\nwant %+v", got, want)
		}
	}
	if _, err := s.Comment(ctx, 98765); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing comment: %v", err)
	}
}

func testCommentMissingArticle(t *testing.T, s store.Store, _ *Clock) {
	_, err := s.CreateComment(context.Background(), NewComment(4242, "alice", "Bonjour"))
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("comment on a missing article: %v, want ErrNotFound", err)
	}
}

func testCommentDuplicate(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	a := create(t, s, NewArticle("Un", nil, clock.Now()))
	b := create(t, s, NewArticle("Deux", nil, clock.Now()))
	first := AddComment(t, s, NewComment(a.ID, "alice", "Même texte"))
	clock.Add(59 * time.Second)
	again := NewComment(a.ID, "alice", "Même texte")
	created, err := s.CreateComment(ctx, again)
	must(t, err)
	if created || again.ID != first.ID {
		t.Errorf("double submission: created %v, id %d, want the first comment %d", created, again.ID, first.ID)
	}
	AddComment(t, s, NewComment(b.ID, "alice", "Même texte")) // another article
	AddComment(t, s, NewComment(a.ID, "alice", "Autre texte"))
	AddComment(t, s, NewComment(a.ID, "bob", "Même texte")) // another person
	clock.Add(2 * time.Second)                              // a minute and a second after the first
	AddComment(t, s, NewComment(a.ID, "alice", "Même texte"))
	_, total, err := s.ListComments(ctx, store.CommentFilter{ArticleID: a.ID})
	must(t, err)
	if total != 4 {
		t.Errorf("comments on the article: %d, want 4", total)
	}
}

func testCommentLists(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	a := create(t, s, NewArticle("Un", nil, clock.Now()))
	b := create(t, s, NewArticle("Deux", nil, clock.Now()))
	states := []comment.State{comment.Approved, comment.Pending, comment.Spam, comment.Approved, comment.Trash}
	for i := 0; i < 15; i++ {
		id := a.ID
		if i >= 10 {
			id = b.ID
		}
		c := NewComment(id, fmt.Sprintf("c%d", i%3), fmt.Sprintf("Texte %02d", i))
		c.State = states[i%len(states)]
		AddComment(t, s, c)
		clock.Add(time.Second)
	}
	// Readers: approved only, oldest first.
	got, err := s.ArticleComments(ctx, a.ID)
	must(t, err)
	if want := []string{"Texte 00", "Texte 03", "Texte 05", "Texte 08"}; !reflect.DeepEqual(commentTexts(got), want) {
		t.Errorf("article comments %q, want %q", commentTexts(got), want)
	}
	for _, c := range []struct {
		name  string
		f     store.CommentFilter
		total int
		want  []string
	}{
		{"queue, newest first", store.CommentFilter{Limit: 3}, 15, []string{"Texte 14", "Texte 13", "Texte 12"}},
		{"second page", store.CommentFilter{Limit: 3, Offset: 3}, 15, []string{"Texte 11", "Texte 10", "Texte 09"}},
		{"beyond the end", store.CommentFilter{Offset: 100}, 15, []string{}},
		{"pending", store.CommentFilter{States: []comment.State{comment.Pending}}, 3, []string{"Texte 11", "Texte 06", "Texte 01"}},
		{"spam or trash on b", store.CommentFilter{ArticleID: b.ID, States: []comment.State{comment.Spam, comment.Trash}}, 2, []string{"Texte 14", "Texte 12"}},
		{"oldest first", store.CommentFilter{ArticleID: b.ID, Oldest: true, Limit: 2}, 5, []string{"Texte 10", "Texte 11"}},
		{"by e-mail, any case", store.CommentFilter{Email: " C1@Example.org", Limit: 2}, 5, []string{"Texte 13", "Texte 10"}},
	} {
		list, total, err := s.ListComments(ctx, c.f)
		must(t, err)
		if total != c.total || !reflect.DeepEqual(commentTexts(list), c.want) {
			t.Errorf("%s: %q (total %d), want %q (total %d)", c.name, commentTexts(list), total, c.want, c.total)
		}
	}
	counts, err := s.CommentCounts(ctx, 0)
	must(t, err)
	if want := map[comment.State]int{comment.Approved: 6, comment.Pending: 3, comment.Spam: 3, comment.Trash: 3}; !reflect.DeepEqual(counts, want) {
		t.Errorf("site counts %v, want %v", counts, want)
	}
	counts, err = s.CommentCounts(ctx, b.ID)
	must(t, err)
	if want := map[comment.State]int{comment.Approved: 2, comment.Pending: 1, comment.Spam: 1, comment.Trash: 1}; !reflect.DeepEqual(counts, want) {
		t.Errorf("article counts %v, want %v", counts, want)
	}
	empty := create(t, s, NewArticle("Trois", nil, clock.Now()))
	per, err := s.ApprovedCommentCounts(ctx, []article.ID{a.ID, b.ID, empty.ID})
	must(t, err)
	if want := map[article.ID]int{a.ID: 4, b.ID: 2}; !reflect.DeepEqual(per, want) {
		t.Errorf("approved per article %v, want %v", per, want)
	}
	if per, err := s.ApprovedCommentCounts(ctx, nil); err != nil || len(per) != 0 {
		t.Errorf("no articles: %v %v", per, err)
	}
}

func testCommentStates(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	a := create(t, s, NewArticle("Un", nil, clock.Now()))
	var ids []comment.ID
	for i := 0; i < 3; i++ {
		c := NewComment(a.ID, "alice", fmt.Sprintf("T%d", i))
		c.State = comment.Pending
		ids = append(ids, AddComment(t, s, c).ID)
	}
	clock.Add(time.Hour)
	n, err := s.SetCommentState(ctx, comment.Approved, ids[0], ids[2], 99999)
	must(t, err)
	if n != 2 {
		t.Errorf("bulk approve changed %d, want 2", n)
	}
	got, err := s.ArticleComments(ctx, a.ID)
	must(t, err)
	if !reflect.DeepEqual(commentTexts(got), []string{"T0", "T2"}) || !got[0].UpdatedAt.Equal(clock.Now()) {
		t.Errorf("after approve: %+v", got)
	}
	if n, err := s.SetCommentState(ctx, comment.Spam, ids[1]); err != nil || n != 1 {
		t.Errorf("single: %d %v", n, err)
	}
	if n, err := s.SetCommentState(ctx, comment.Trash); err != nil || n != 0 {
		t.Errorf("no ids: %d %v", n, err)
	}
	if _, err := s.SetCommentState(ctx, "deleted", ids[0]); err == nil {
		t.Error("unknown state accepted")
	}
}

func testCommentEditDelete(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	a := create(t, s, NewArticle("Un", nil, clock.Now()))
	parent := AddComment(t, s, NewComment(a.ID, "alice", "Parent"))
	reply := NewComment(a.ID, "bob", "Réponse")
	reply.ParentID, reply.Depth = parent.ID, 1
	AddComment(t, s, reply)
	clock.Add(time.Minute)
	must(t, s.UpdateCommentText(ctx, parent.ID, "Parent corrigé"))
	got, err := s.Comment(ctx, parent.ID)
	must(t, err)
	if got.Text != "Parent corrigé" || !got.UpdatedAt.Equal(clock.Now()) || !got.CreatedAt.Equal(parent.CreatedAt) {
		t.Errorf("after edit: %+v", got)
	}
	must(t, s.DeleteComment(ctx, parent.ID))
	if err := s.DeleteComment(ctx, parent.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	if err := s.UpdateCommentText(ctx, parent.ID, "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("edit a deleted comment: %v", err)
	}
	got, err = s.Comment(ctx, reply.ID)
	must(t, err)
	if got.ParentID != 0 {
		t.Errorf("reply of a deleted comment still points to it: %+v", got)
	}
}

func testCommentRights(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	a := create(t, s, NewArticle("Un", nil, clock.Now()))
	b := create(t, s, NewArticle("Deux", nil, clock.Now()))
	if known, err := s.HasApprovedComment(ctx, Email("alice")); err != nil || known {
		t.Errorf("new commenter known: %v %v", known, err)
	}
	held := NewComment(a.ID, "alice", "En attente")
	held.State = comment.Pending
	AddComment(t, s, held)
	if known, _ := s.HasApprovedComment(ctx, Email("alice")); known {
		t.Error("a pending comment makes a known commenter")
	}
	AddComment(t, s, NewComment(b.ID, "alice", "Publié"))
	other := AddComment(t, s, NewComment(a.ID, "bob", "Autre personne"))
	if known, _ := s.HasApprovedComment(ctx, "ALICE@example.org"); !known {
		t.Error("an approved comment does not make a known commenter")
	}
	mine, err := s.CommentsByEmail(ctx, Email("alice"))
	must(t, err)
	if !reflect.DeepEqual(commentTexts(mine), []string{"En attente", "Publié"}) || mine[0].IP == "" {
		t.Errorf("export: %+v", mine)
	}
	n, err := s.EraseCommentsByEmail(ctx, Email("alice"))
	must(t, err)
	if n != 2 {
		t.Errorf("erased %d, want 2", n)
	}
	if mine, _ := s.CommentsByEmail(ctx, Email("alice")); len(mine) != 0 {
		t.Errorf("after erasure: %+v", mine)
	}
	if n, _ := s.EraseCommentsByEmail(ctx, ""); n != 0 {
		t.Errorf("empty e-mail erased %d", n)
	}
	if _, err := s.Comment(ctx, other.ID); err != nil {
		t.Errorf("someone else's comment: %v", err)
	}
}

func testCommentForgetIPs(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	a := create(t, s, NewArticle("Un", nil, clock.Now()))
	old := AddComment(t, s, NewComment(a.ID, "alice", "Ancien"))
	clock.Add(31 * 24 * time.Hour)
	recent := AddComment(t, s, NewComment(a.ID, "bob", "Récent"))
	n, err := comment.ForgetIPs(ctx, s, clock.Now(), 30)
	must(t, err)
	if n != 1 {
		t.Errorf("forgot %d, want 1", n)
	}
	got, _ := s.Comment(ctx, old.ID)
	if got.IP != "" || got.UserAgent != "" || got.Text != "Ancien" {
		t.Errorf("old comment: %+v", got)
	}
	got, _ = s.Comment(ctx, recent.ID)
	if got.IP == "" || got.UserAgent == "" {
		t.Errorf("recent comment lost its IP: %+v", got)
	}
	if n, _ := comment.ForgetIPs(ctx, s, clock.Now(), 0); n != 0 { // 0: the default, 30 days
		t.Errorf("second run changed %d", n)
	}
}

func testCommentsCascade(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	a := create(t, s, NewArticle("Un", nil, clock.Now()))
	c := AddComment(t, s, NewComment(a.ID, "alice", "Texte"))
	must(t, s.DeleteArticle(ctx, a.ID))
	if _, err := s.Comment(ctx, c.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("comment of a deleted article: %v", err)
	}
}

func testCommentExpire(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	a := create(t, s, NewArticle("Un", nil, clock.Now()))
	var old []*comment.Comment
	for i, st := range []comment.State{comment.Approved, comment.Pending, comment.Spam, comment.Trash} {
		c := NewComment(a.ID, "old", fmt.Sprintf("Ancien %d", i))
		c.State = st
		old = append(old, AddComment(t, s, c))
	}
	clock.Add(31 * 24 * time.Hour)
	recent := NewComment(a.ID, "new", "Spam récent")
	recent.State = comment.Spam
	AddComment(t, s, recent)
	forgot, purged, err := comment.Expire(ctx, s, clock.Now(), 30)
	must(t, err)
	if forgot != 4 || purged != 2 {
		t.Errorf("forgot %d, purged %d; want 4 (all old ones, before spam and trash go) and 2", forgot, purged)
	}
	for i, c := range old {
		_, err := s.Comment(ctx, c.ID)
		if gone := errors.Is(err, store.ErrNotFound); gone != (i >= 2) {
			t.Errorf("old %s comment: %v", c.State, err)
		}
	}
	if _, err := s.Comment(ctx, recent.ID); err != nil {
		t.Errorf("recent spam: %v", err)
	}
	if n, _ := s.PurgeComments(ctx, clock.Now()); n != 0 {
		t.Errorf("no state purged %d", n)
	}
}

// testSightings: sightings are counted per key within the window asked,
// and old ones are forgotten.
func testSightings(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	t0 := clock.Now()
	add := func(key string, at time.Time, window time.Duration) int {
		t.Helper()
		n, err := s.AddSighting(ctx, key, at, at.Add(-window))
		must(t, err)
		return n
	}
	if n := add("a", t0, time.Hour); n != 1 {
		t.Errorf("first sighting: %d", n)
	}
	if n := add("b", t0, time.Hour); n != 1 {
		t.Errorf("another key: %d", n)
	}
	if n := add("a", t0.Add(time.Minute), time.Hour); n != 2 {
		t.Errorf("second sighting: %d", n)
	}
	if n := add("a", t0.Add(2*time.Hour), time.Hour); n != 1 {
		t.Errorf("after the window: %d", n)
	}
	n, err := s.ForgetSightings(ctx, t0.Add(time.Hour))
	must(t, err)
	if n != 3 {
		t.Errorf("forgot %d, want 3", n)
	}
	if n := add("a", t0.Add(2*time.Hour), 24*time.Hour); n != 2 {
		t.Errorf("after forgetting: %d, want the two sightings kept", n)
	}
}
