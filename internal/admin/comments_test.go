package admin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/user"
)

func TestModeration(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var learned []string
	e.h.onModerate = func(_ context.Context, c comment.Comment, to comment.State) {
		learned = append(learned, fmt.Sprintf("%d:%s→%s", c.ID, c.State, to))
	}
	a := &article.Article{Title: "Sommet d'Astana", Lang: "fr", Status: article.Published, PublishedAt: e.clock.Now()}
	must(t, e.st.CreateArticle(ctx, a))
	mk := func(name, email, text string, st comment.State) comment.ID {
		c := &comment.Comment{ArticleID: a.ID, AuthorName: name, AuthorEmail: email, Text: text, State: st, SpamScore: 0.42,
			SpamReasons: []comment.Reason{{Key: "spam.reason.links", Args: []any{3}}}}
		_, err := e.st.CreateComment(ctx, c)
		must(t, err)
		return c.ID
	}
	ham := mk("Léa", "lea@example.org", "Merci pour ce reportage.", comment.Pending)
	spam := mk("Bot", "bot@spam.example", "Achetez https://spam.example maintenant", comment.Pending)
	mk("Léa", "lea@example.org", "Un second avis, déjà publié.", comment.Approved)

	c := e.as(user.Editor)
	c.get("/admin/").want(t, http.StatusOK).contains(t, "Commentaires à modérer : 2")
	if strings.Contains(e.as(user.Author).get("/admin/").body, "Commentaires à modérer") {
		t.Error("an author sees the moderation queue")
	}
	r := c.get("/admin/comments/").want(t, http.StatusOK)
	r.contains(t, "Merci pour ce reportage.", "lea@example.org", "Sommet d&#39;Astana", "Le commentaire contient 3 liens.", "À modérer (2)")
	if strings.Contains(r.body, "Un second avis") {
		t.Fatal("approved comment in the pending queue")
	}
	c.post("/admin/comments/", url.Values{"state": {"pending"}, "to": {"approved"}, "ids": {fmt.Sprint(ham)}}).want(t, http.StatusSeeOther)
	c.post("/admin/comments/", url.Values{"state": {"pending"}, "to": {"spam"}, "ids": {fmt.Sprint(spam)}}).want(t, http.StatusSeeOther)
	if got, _ := e.st.Comment(ctx, ham); got.State != comment.Approved {
		t.Fatalf("approved: %s", got.State)
	}
	if got, _ := e.st.Comment(ctx, spam); got.State != comment.Spam {
		t.Fatalf("spam: %s", got.State)
	}
	want := fmt.Sprintf("%d:pending→approved %d:pending→spam", ham, spam)
	if strings.Join(learned, " ") != want {
		t.Errorf("the filter learned %v, want %s", learned, want)
	}
	c.get("/admin/comments/?state=spam").want(t, http.StatusOK).contains(t, "Achetez")
	c.post("/admin/comments/", url.Values{"to": {"delete"}, "ids": {fmt.Sprint(spam)}}).want(t, http.StatusSeeOther)
	if _, err := e.st.Comment(ctx, spam); err == nil {
		t.Fatal("spam not deleted")
	}
	c.post("/admin/comments/", url.Values{"to": {"published"}, "ids": {fmt.Sprint(ham)}}).want(t, http.StatusBadRequest)
	c.post("/admin/comments/", url.Values{"to": {"spam"}}).want(t, http.StatusSeeOther) // nothing ticked

	// A reader's data: found, exported as JSON, erased.
	c.get("/admin/comments/reader?email=LEA@example.org").want(t, http.StatusOK).contains(t, "Commentaires trouvés : 2", "Merci pour ce reportage.")
	r = c.get("/admin/comments/reader?email=lea@example.org&format=json").want(t, http.StatusOK)
	var exp comment.Export
	must(t, json.Unmarshal([]byte(r.body), &exp))
	if len(exp.Comments) != 2 || exp.Comments[0].ArticleTitle != "Sommet d'Astana" || !strings.HasSuffix(exp.Comments[0].ArticleURL, "/"+a.Slug+"/") {
		t.Fatalf("export %+v", exp)
	}
	c.post("/admin/comments/reader/erase", url.Values{"email": {"lea@example.org"}}).want(t, http.StatusSeeOther)
	if left, _ := e.st.CommentsByEmail(ctx, "lea@example.org"); len(left) != 0 {
		t.Fatalf("%d comments left after erasure", len(left))
	}
	entries, _, _ := e.st.ListAudit(ctx, 1, 0)
	if entries[0].Action != "comment.erase" || strings.Contains(entries[0].Detail+entries[0].Target, "lea@") {
		t.Errorf("audit of the erasure: %+v", entries[0])
	}
}
