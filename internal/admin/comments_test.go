package admin

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/user"
)

// commentEnv is the admin with one published article; moves records what
// OnModerate reported ("ID:from→to").
type commentEnv struct {
	*env
	art   *article.Article
	moves []string
}

func newCommentEnv(t *testing.T) *commentEnv {
	t.Helper()
	e := newEnv(t)
	a := &article.Article{Title: "Sommet d’Astana", Lang: "fr", Status: article.Published, PublishedAt: e.clock.Now().Add(-time.Hour)}
	must(t, e.st.CreateArticle(context.Background(), a))
	ce := &commentEnv{env: e, art: a}
	e.h.onModerate = func(_ context.Context, c comment.Comment, to comment.State) {
		ce.moves = append(ce.moves, idStr(c.ID)+":"+string(c.State)+"→"+string(to))
	}
	return ce
}

func (ce *commentEnv) add(t *testing.T, name, text string, state comment.State) *comment.Comment {
	t.Helper()
	c := &comment.Comment{ArticleID: ce.art.ID, AuthorName: name, AuthorEmail: strings.ToLower(name) + "@example.org",
		Text: text, IP: "192.0.2.1", State: state, SpamScore: 0.62,
		SpamReasons: []comment.Reason{{Key: "spam.reason.links", Args: []any{3}}}}
	created, err := ce.st.CreateComment(context.Background(), c)
	must(t, err)
	if !created {
		t.Fatal("duplicate")
	}
	ce.clock.Add(time.Second)
	return c
}

func (ce *commentEnv) state(t *testing.T, id comment.ID) comment.State {
	t.Helper()
	c, err := ce.st.Comment(context.Background(), id)
	must(t, err)
	return c.State
}

func idStr(id comment.ID) string { return strconv.FormatInt(int64(id), 10) }

func TestCommentQueue(t *testing.T) {
	ce := newCommentEnv(t)
	held := ce.add(t, "Zoé", `Regardez <script>alert("x")</script> ici`, comment.Pending)
	ce.add(t, "Bob", "Déjà publié.", comment.Approved)
	c := ce.as(user.Editor)
	r := c.get("/admin/comments/").want(t, http.StatusOK)
	r.contains(t, "Modération des commentaires", "Zoé", "zoé@example.org", "&lt;script&gt;", "Probabilité de spam : 62 %",
		"En attente <span class=\"count\">(1)</span>", "Approuvés <span class=\"count\">(1)</span>", "Sommet d’Astana")
	if strings.Contains(r.body, "<script>alert") || strings.Contains(r.body, "Déjà publié") {
		t.Error("queue shows raw script or a comment of another state")
	}
	c.get("/admin/comments/?state=approved").want(t, http.StatusOK).contains(t, "Déjà publié")
	c.get("/admin/comments/?state=&article="+strconv.FormatInt(int64(ce.art.ID), 10)).want(t, http.StatusOK).contains(t, "Zoé", "Bob")
	c.get("/admin/comments/?state=bogus").want(t, http.StatusOK).contains(t, "Zoé")
	ce.as(user.Author).get("/admin/comments/").want(t, http.StatusForbidden)
	// The dashboard counts what waits.
	c.get("/admin/").want(t, http.StatusOK).contains(t, "Commentaires à modérer : 1")
	if r := ce.as(user.Author).get("/admin/").want(t, http.StatusOK); strings.Contains(r.body, "Commentaires à modérer") {
		t.Error("an author sees the moderation count")
	}
	_ = held
}

func TestCommentModeration(t *testing.T) {
	ce := newCommentEnv(t)
	a := ce.add(t, "Alice", "Un avis réfléchi sur la diplomatie régionale.", comment.Pending)
	b := ce.add(t, "Bot", "Cheap watches, buy now, best prices online.", comment.Pending)
	s := ce.add(t, "Carl", "Je ne suis pas un robot, promis.", comment.Spam)
	c := ce.as(user.Editor)

	c.post("/admin/comments/", url.Values{"row": {idStr(a.ID) + ":approve"}}).want(t, http.StatusSeeOther)
	if got := ce.state(t, a.ID); got != comment.Approved {
		t.Errorf("approve: %s", got)
	}
	if len(ce.changes) == 0 || ce.changes[len(ce.changes)-1] != (Change{Kind: "article", ArticleID: ce.art.ID}) {
		t.Errorf("no purge: %v", ce.changes)
	}
	c.post("/admin/comments/", url.Values{"row": {idStr(b.ID) + ":spam"}}).want(t, http.StatusSeeOther)
	c.post("/admin/comments/", url.Values{"row": {idStr(s.ID) + ":unspam"}}).want(t, http.StatusSeeOther)
	if ce.state(t, b.ID) != comment.Spam || ce.state(t, s.ID) != comment.Approved {
		t.Errorf("spam/not spam: %s %s", ce.state(t, b.ID), ce.state(t, s.ID))
	}
	want := idStr(a.ID) + ":pending→approved " + idStr(b.ID) + ":pending→spam " + idStr(s.ID) + ":spam→approved"
	if got := strings.Join(ce.moves, " "); got != want {
		t.Errorf("OnModerate saw %q, want %q", got, want)
	}
	// Bulk: trash two, then delete them for good.
	r := c.post("/admin/comments/", url.Values{"ids": {idStr(b.ID), idStr(s.ID)}, "action": {"trash"}, "back": {"/admin/comments/?state=spam"}}).want(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/admin/comments/?state=spam" {
		t.Errorf("back to %q", loc)
	}
	if ce.state(t, b.ID) != comment.Trash || ce.state(t, s.ID) != comment.Trash {
		t.Error("bulk trash")
	}
	c.post("/admin/comments/", url.Values{"ids": {idStr(b.ID), idStr(s.ID)}, "action": {"delete"}}).want(t, http.StatusSeeOther)
	if _, err := ce.st.Comment(context.Background(), b.ID); err == nil {
		t.Error("bulk delete kept the comment")
	}
	// Nothing ticked, a bogus action, a foreign redirect.
	c.post("/admin/comments/", url.Values{"action": {"approve"}}).want(t, http.StatusSeeOther)
	c.post("/admin/comments/", url.Values{"ids": {idStr(a.ID)}, "action": {"publish"}}).want(t, http.StatusBadRequest)
	c.post("/admin/comments/", url.Values{"ids": {"x"}, "action": {"trash"}}).want(t, http.StatusBadRequest)
	r = c.post("/admin/comments/", url.Values{"ids": {idStr(a.ID)}, "action": {"approve"}, "back": {"https://evil.example/"}}).want(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/admin/comments/" {
		t.Errorf("open redirect to %q", loc)
	}
}

func TestCommentEditAndReply(t *testing.T) {
	ce := newCommentEnv(t)
	held := ce.add(t, "Alice", "Texte avec une fote.", comment.Pending)
	c := ce.as(user.Editor)
	path := "/admin/comments/" + idStr(held.ID)
	c.get(path).want(t, http.StatusOK).contains(t, "Texte avec une fote.", "Répondre à Alice")
	c.post(path, url.Values{"text": {"Texte sans faute."}}).want(t, http.StatusSeeOther)
	got, err := ce.st.Comment(context.Background(), held.ID)
	must(t, err)
	if got.Text != "Texte sans faute." {
		t.Errorf("edit: %q", got.Text)
	}
	c.post(path, url.Values{"text": {strings.Repeat("x", comment.MaxText+1)}}).want(t, http.StatusUnprocessableEntity).contains(t, "5 000")
	c.post(path+"/reply", url.Values{"text": {"  "}}).want(t, http.StatusUnprocessableEntity)
	c.post(path+"/reply", url.Values{"text": {"Merci, c’est corrigé."}}).want(t, http.StatusSeeOther)
	list, err := ce.st.ArticleComments(context.Background(), ce.art.ID)
	must(t, err)
	if len(list) != 2 || list[1].ParentID != held.ID || list[1].Depth != 1 || list[1].AuthorName != ce.users[user.Editor].Name {
		t.Fatalf("after reply: %+v", list)
	}
	c.get("/admin/comments/999999").want(t, http.StatusNotFound)
}

func TestCommentExportAndErase(t *testing.T) {
	ce := newCommentEnv(t)
	ce.add(t, "Alice", "Premier commentaire.", comment.Approved)
	ce.add(t, "Alice", "Second, en attente.", comment.Pending)
	other := ce.add(t, "Bob", "Autre personne.", comment.Approved)
	c := ce.as(user.Admin)
	c.get("/admin/comments/privacy").want(t, http.StatusOK)
	r := c.post("/admin/comments/privacy/export", url.Values{"email": {" ALICE@example.org "}}).want(t, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("export headers %q %q", ct, r.Header.Get("Content-Disposition"))
	}
	var ex comment.Export
	if err := json.Unmarshal([]byte(r.body), &ex); err != nil {
		t.Fatal(err)
	}
	if ex.Email != "alice@example.org" || len(ex.Comments) != 2 || ex.Comments[0].IP != "192.0.2.1" ||
		ex.Comments[0].ArticleTitle != "Sommet d’Astana" || !strings.HasSuffix(ex.Comments[0].ArticleURL, "/"+ce.art.Slug+"/") {
		t.Errorf("export %+v", ex)
	}
	c.post("/admin/comments/privacy/export", url.Values{"email": {"pas-une-adresse"}}).want(t, http.StatusUnprocessableEntity)
	c.post("/admin/comments/privacy/erase", url.Values{"email": {"alice@example.org"}}).want(t, http.StatusUnprocessableEntity).contains(t, "Cochez")
	c.post("/admin/comments/privacy/erase", url.Values{"email": {"alice@example.org"}, "confirm": {"1"}}).want(t, http.StatusOK).contains(t, "2 commentaire(s) effacé(s)")
	if left, _ := ce.st.CommentsByEmail(context.Background(), "alice@example.org"); len(left) != 0 {
		t.Errorf("left after erasure: %+v", left)
	}
	if _, err := ce.st.Comment(context.Background(), other.ID); err != nil {
		t.Errorf("erased someone else: %v", err)
	}
	ce.as(user.Editor).post("/admin/comments/privacy/erase", url.Values{"email": {"bob@example.org"}, "confirm": {"1"}}).want(t, http.StatusForbidden)
}

// TestCommentPagesFrenchOnly looks for the English text of every comment
// message on the French moderation pages.
func TestCommentPagesFrenchOnly(t *testing.T) {
	ce := newCommentEnv(t)
	c1 := ce.add(t, "Alice", "Un avis.", comment.Pending)
	b := i18n.MustNew()
	fr, en := b.Messages("fr"), b.Messages("en")
	c := ce.as(user.Admin)
	for _, path := range []string{"/admin/comments/", "/admin/comments/?state=", "/admin/comments/" + idStr(c1.ID), "/admin/comments/privacy", "/admin/articles/"} {
		body := c.get(path).want(t, http.StatusOK).body
		for k, v := range en {
			if !strings.HasPrefix(k, "comment.") || v == fr[k] || len(v) <= 6 || strings.Contains(v, "%") {
				continue
			}
			if regexp.MustCompile(`(?:^|[^\pL])` + regexp.QuoteMeta(html.EscapeString(v)) + `(?:$|[^\pL])`).MatchString(body) {
				t.Errorf("%s shows English %q", path, v)
			}
		}
	}
}
