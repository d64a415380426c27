package admin

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/scheduler"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/user"
)

func formFor(title, action string, extra ...string) url.Values {
	v := url.Values{"title": {title}, "lead": {"Le chapô."}, "body": {"Premier paragraphe.\n\nSecond *paragraphe*."},
		"lang": {"fr"}, "action": {action}}
	for i := 0; i+1 < len(extra); i += 2 {
		v[extra[i]] = append(v[extra[i]], extra[i+1])
	}
	return v
}

// created returns the article ID from the editor's redirect.
func created(t *testing.T, r *resp) article.ID {
	t.Helper()
	r.want(t, http.StatusSeeOther)
	var id article.ID
	if _, err := fmt.Sscanf(r.Header.Get("Location"), "/admin/articles/%d", &id); err != nil {
		t.Fatalf("redirect %q: %v", r.Header.Get("Location"), err)
	}
	return id
}

func (e *env) article(t *testing.T, id article.ID) *article.Article {
	t.Helper()
	a, err := e.st.Article(context.Background(), id)
	must(t, err)
	return a
}

func TestEditorWritesAndPublishes(t *testing.T) {
	e := newEnv(t)
	c := e.as(user.Editor)
	c.get("/admin/articles/new").want(t, http.StatusOK).contains(t, "Nouvel article", `name="body"`)
	id := created(t, c.post("/admin/articles/new", formFor("Blinken met en garde l'Asie centrale", "save",
		"category", fmt.Sprint(e.cat.ID), "tags", "Asie centrale, Diplomatie, asie centrale", "authors", fmt.Sprint(e.author.ID),
		"image_url", "/media/1/orig", "image_alt", "Une salle", "image_credit", "AFP",
		"source_name", "Agence", "source_url", "https://example.org/x", "translated_from", "en")))
	a := e.article(t, id)
	if a.Status != article.Draft || a.Slug != "blinken-met-en-garde-lasie-centrale" || a.Category.ID != e.cat.ID ||
		len(a.Tags) != 2 || len(a.Authors) != 1 || a.Image.Credit != "AFP" || a.Source.TranslatedFrom != "en" {
		t.Fatalf("saved draft: %+v", a)
	}
	c.get(fmt.Sprintf("/admin/articles/%d", id)).want(t, http.StatusOK).contains(t, "Brouillon créé.", "Asie centrale, Diplomatie")

	// Preview without JavaScript: the form comes back with the rendered
	// body and nothing is saved.
	c.post(fmt.Sprintf("/admin/articles/%d", id), formFor("Titre changé", "preview")).want(t, http.StatusOK).
		contains(t, "<em>paragraphe</em>", `value="Titre changé"`)
	if e.article(t, id).Title == "Titre changé" {
		t.Fatal("preview saved the article")
	}
	// The script's preview endpoint renders the same way.
	c.post("/admin/preview", url.Values{"body": {"**gras** <script>alert(1)</script>"}}).want(t, http.StatusOK).
		contains(t, "<strong>gras</strong>")

	c.post(fmt.Sprintf("/admin/articles/%d", id), formFor("Blinken met en garde l'Asie centrale", "publish")).want(t, http.StatusSeeOther)
	a = e.article(t, id)
	if a.Status != article.Published || !a.PublishedAt.Equal(e.clock.Now()) {
		t.Fatalf("published: %s at %v", a.Status, a.PublishedAt)
	}
	if len(e.changes) == 0 || e.changes[len(e.changes)-1].ArticleID != id {
		t.Errorf("publishing did not notify: %+v", e.changes)
	}
	c.post(fmt.Sprintf("/admin/articles/%d", id), formFor("Blinken met en garde l'Asie centrale", "unpublish")).want(t, http.StatusSeeOther)
	if st := e.article(t, id).Status; st != article.Draft {
		t.Fatalf("unpublished: %s", st)
	}
	c.post(fmt.Sprintf("/admin/articles/%d", id), formFor("Blinken met en garde l'Asie centrale", "archive")).want(t, http.StatusSeeOther)
	if st := e.article(t, id).Status; st != article.Archived {
		t.Fatalf("archived: %s", st)
	}
	revs, err := e.st.ListRevisions(context.Background(), id)
	must(t, err)
	if len(revs) != 4 || revs[0].UserName != "User editor" {
		t.Fatalf("want 4 revisions (save, publish, unpublish, archive), got %d", len(revs))
	}
	entries, _, _ := e.st.ListAudit(context.Background(), 10, 0)
	if entries[0].Action != "article.archive" || entries[0].Target != fmt.Sprintf("article:%d", id) {
		t.Errorf("audit: %+v", entries[0])
	}
}

func TestEditorValidation(t *testing.T) {
	e := newEnv(t)
	c := e.as(user.Editor)
	// Errors come back with what was typed.
	r := c.post("/admin/articles/new", formFor("", "save", "slug", "admin")).want(t, http.StatusUnprocessableEntity)
	r.contains(t, "Champ obligatoire.", "Premier paragraphe.", "Certains champs sont à corriger")
	c.post("/admin/articles/new", formFor("Programmé sans date", "schedule")).want(t, http.StatusUnprocessableEntity).
		contains(t, "Indiquez la date et l&#39;heure de publication.")
	c.post("/admin/articles/new", formFor("Programmé hier", "schedule", "publish_at", "2026-11-26T10:00")).
		want(t, http.StatusUnprocessableEntity).contains(t, "doit être dans le futur")
	// A slug taken by another article is a field error, not a crash.
	one := created(t, c.post("/admin/articles/new", formFor("Un", "save")))
	two := created(t, c.post("/admin/articles/new", formFor("Deux", "save")))
	c.post(fmt.Sprintf("/admin/articles/%d", two), formFor("Deux", "save", "slug", e.article(t, one).Slug)).
		want(t, http.StatusConflict).contains(t, "Cette adresse est déjà prise.")
	c.post("/admin/articles/new", formFor("X", "explode")).want(t, http.StatusBadRequest)
	c.post("/admin/articles/new", formFor("Lien piégé", "save", "source_url", "javascript:alert(1)", "image_url", "//evil.example/x.png")).
		want(t, http.StatusUnprocessableEntity).contains(t, "Adresse web invalide")
	c.get("/admin/articles/9999").want(t, http.StatusNotFound).contains(t, "Page introuvable.")
	c.get("/admin/articles/abc").want(t, http.StatusNotFound)
}

// TestScheduledArticleGoesLive schedules from the editor (in the site's
// time zone, Europe/Paris) and lets the scheduler publish it at the time,
// with no request involved.
func TestScheduledArticleGoesLive(t *testing.T) {
	e := newEnv(t)
	c := e.as(user.Editor)
	// 10:00 UTC is 11:00 in Paris; schedule for 12:30 Paris = 11:30 UTC.
	id := created(t, c.post("/admin/articles/new", formFor("À paraître", "schedule", "publish_at", "2026-11-27T12:30")))
	a := e.article(t, id)
	want := time.Date(2026, 11, 27, 11, 30, 0, 0, time.UTC)
	if a.Status != article.Scheduled || !a.PublishedAt.Equal(want) {
		t.Fatalf("scheduled: %s at %v, want %v", a.Status, a.PublishedAt, want)
	}
	sch := scheduler.New(e.st, nil, e.clock.Now)
	e.clock.Set(want.Add(-time.Second))
	if ids, _ := sch.Tick(context.Background()); len(ids) != 0 {
		t.Fatal("published a second early")
	}
	e.clock.Set(want)
	if ids, _ := sch.Tick(context.Background()); len(ids) != 1 || ids[0] != id {
		t.Fatalf("not published on time: %v", ids)
	}
	_, n, err := e.st.ListArticles(context.Background(), store.ArticleFilter{VisibleAt: e.clock.Now()})
	must(t, err)
	if n != 1 {
		t.Fatalf("readers see %d articles, want 1", n)
	}
}

func TestAuthorWorkflow(t *testing.T) {
	e := newEnv(t)
	c := e.as(user.Author)
	// The editor offers no publish button to an author...
	r := c.get("/admin/articles/new").want(t, http.StatusOK)
	if strings.Contains(r.body, `value="publish"`) || !strings.Contains(r.body, `value="submit"`) {
		t.Fatal("author's editor shows publish or lacks submit")
	}
	// ...and the server refuses it anyway.
	c.post("/admin/articles/new", formFor("Scoop", "publish")).want(t, http.StatusForbidden)
	c.post("/admin/articles/new", formFor("Scoop", "schedule", "publish_at", "2026-12-01T10:00")).want(t, http.StatusForbidden)
	// The author's article is signed by them even when they untick
	// themselves, so it stays theirs.
	id := created(t, c.post("/admin/articles/new", formFor("Mon brouillon", "save")))
	if a := e.article(t, id); len(a.Authors) != 1 || a.Authors[0].ID != e.author.ID {
		t.Fatalf("authors %+v, want the author's profile", a.Authors)
	}
	c.post(fmt.Sprintf("/admin/articles/%d", id), formFor("Mon brouillon", "submit")).want(t, http.StatusSeeOther)
	if st := e.article(t, id).Status; st != article.Pending {
		t.Fatalf("submitted: %s, want pending", st)
	}
	// Someone else's article: neither view nor edit.
	other := created(t, e.as(user.Editor).post("/admin/articles/new", formFor("Article de la rédaction", "publish")))
	c.get(fmt.Sprintf("/admin/articles/%d", other)).want(t, http.StatusForbidden)
	c.post(fmt.Sprintf("/admin/articles/%d", other), formFor("Détourné", "save")).want(t, http.StatusForbidden)
	c.get(fmt.Sprintf("/admin/articles/%d/revisions", other)).want(t, http.StatusForbidden)
	// Once an editor publishes it, the author can no longer change it.
	e.as(user.Editor).post(fmt.Sprintf("/admin/articles/%d", id), formFor("Mon brouillon", "publish")).want(t, http.StatusSeeOther)
	c.post(fmt.Sprintf("/admin/articles/%d", id), formFor("Changé après coup", "save")).want(t, http.StatusForbidden)

	// An author account without a profile gets one on first article.
	u := &user.User{Email: "new@example.org", Name: "Nouvelle Plume", Role: user.Author, PasswordHash: testHash(t)}
	must(t, e.st.CreateUser(context.Background(), u))
	e.users["new"] = u
	id = created(t, e.as("new").post("/admin/articles/new", formFor("Premier papier", "save")))
	got, _ := e.st.User(context.Background(), u.ID)
	if a := e.article(t, id); got.AuthorID == 0 || len(a.Authors) != 1 || a.Authors[0].ID != got.AuthorID || a.Authors[0].Name != "Nouvelle Plume" {
		t.Fatalf("profile not created and linked: user %+v, authors %+v", got, a.Authors)
	}
}

func TestArticleList(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	sport := &article.Category{Name: "Sport"}
	must(t, e.st.SaveCategory(ctx, sport))
	for i := 0; i < 35; i++ {
		a := &article.Article{Title: fmt.Sprintf("Dépêche %02d", i), Lang: "fr", Status: article.Draft, Category: e.cat}
		if i%5 == 0 {
			a.Status, a.PublishedAt, a.Category = article.Published, e.clock.Now().Add(-time.Duration(i)*time.Hour), sport
			a.Authors = []article.Author{*e.author}
		}
		must(t, e.st.CreateArticle(ctx, a))
	}
	c := e.as(user.Author)
	r := c.get("/admin/articles/").want(t, http.StatusOK).contains(t, "(35)", "page=2")
	if n := strings.Count(r.body, `<tr>`); n != 31 { // header + 30
		t.Errorf("first page has %d rows, want 30", n-1)
	}
	c.get("/admin/articles/?page=2").want(t, http.StatusOK).contains(t, "page=1")
	tests := []struct{ query, want string }{
		{"status=published", "(7)"},
		{"category=" + fmt.Sprint(sport.ID), "(7)"},
		{"author=" + fmt.Sprint(e.author.ID), "(7)"},
		{"q=" + url.QueryEscape("pêche 1"), "(10)"},
		{"status=published&q=15", "(1)"},
	}
	for _, tt := range tests {
		c.get("/admin/articles/?"+tt.query).want(t, http.StatusOK).contains(t, tt.want)
	}
	e.as(user.Editor).get("/admin/").want(t, http.StatusOK).contains(t, "Tableau de bord", "<td>28</td>", "<td>7</td>")
}

func TestDeleteArticle(t *testing.T) {
	e := newEnv(t)
	c := e.as(user.Editor)
	id := created(t, c.post("/admin/articles/new", formFor("À supprimer", "publish")))
	c.post(fmt.Sprintf("/admin/articles/%d/delete", id), nil).want(t, http.StatusSeeOther)
	if _, err := e.st.Article(context.Background(), id); err == nil {
		t.Fatal("article still there")
	}
}

func TestTranslate(t *testing.T) {
	e := newEnv(t)
	c := e.as(user.Editor)
	id := created(t, c.post("/admin/articles/new", formFor("Sommet à Astana", "publish", "category", fmt.Sprint(e.cat.ID))))
	c.get(fmt.Sprintf("/admin/articles/%d", id)).want(t, http.StatusOK).contains(t, "Créer la version en anglais")
	tr := created(t, c.post(fmt.Sprintf("/admin/articles/%d/translate", id), url.Values{"lang": {"en"}}))
	orig, got := e.article(t, id), e.article(t, tr)
	if got.Lang != "en" || got.Status != article.Draft || got.Source.TranslatedFrom != "fr" || got.Category == nil ||
		got.TranslationGroup == 0 || got.TranslationGroup != orig.TranslationGroup {
		t.Fatalf("translation %+v of %+v", got, orig)
	}
	c.post(fmt.Sprintf("/admin/articles/%d/translate", id), url.Values{"lang": {"fr"}}).want(t, http.StatusBadRequest)
}

// TestEditorListsTranslations: the editor of each version lists the others
// with their language, title, status and a link to edit them; the button to
// create a version that exists is gone.
func TestEditorListsTranslations(t *testing.T) {
	e := newEnv(t)
	c := e.as(user.Editor)
	id := created(t, c.post("/admin/articles/new", formFor("Sommet à Astana", "publish", "category", fmt.Sprint(e.cat.ID))))
	if r := c.get(fmt.Sprintf("/admin/articles/%d", id)).want(t, http.StatusOK); strings.Contains(r.body, "Autres langues") {
		t.Errorf("an article without translations lists some")
	}
	tr := created(t, c.post(fmt.Sprintf("/admin/articles/%d/translate", id), url.Values{"lang": {"en"}}))
	en := formFor("Summit in Astana", "save")
	en.Set("lang", "en")
	c.post(fmt.Sprintf("/admin/articles/%d", tr), en).want(t, http.StatusSeeOther)

	r := c.get(fmt.Sprintf("/admin/articles/%d", id)).want(t, http.StatusOK)
	r.contains(t, "Autres langues", `<td lang="en">anglais</td>`, fmt.Sprintf(`<a href="/admin/articles/%d">Summit in Astana</a>`, tr), "Brouillon")
	if strings.Contains(r.body, "Créer la version en anglais") {
		t.Errorf("still offers to create the English version")
	}
	orig := e.article(t, id)
	r = c.get(fmt.Sprintf("/admin/articles/%d", tr)).want(t, http.StatusOK)
	r.contains(t, "Autres langues", `<td lang="fr">français</td>`, fmt.Sprintf(`<a href="/admin/articles/%d">Sommet à Astana</a>`, id),
		"Publié", fmt.Sprintf(`<a href="/%s/">`, orig.Slug))

	// An author sees the versions but links only to those they may edit.
	a := e.as(user.Author)
	mine := created(t, a.post("/admin/articles/new", formFor("Brouillon d'Ada", "save", "authors", fmt.Sprint(e.author.ID))))
	must(t, e.st.UpdateArticle(context.Background(), withGroup(e.article(t, mine), orig.TranslationGroup)))
	r = a.get(fmt.Sprintf("/admin/articles/%d", mine)).want(t, http.StatusOK).contains(t, "Sommet à Astana", "Summit in Astana")
	if strings.Contains(r.body, fmt.Sprintf(`href="/admin/articles/%d"`, id)) {
		t.Errorf("an author gets a link to an editor's published article")
	}
}

func withGroup(a *article.Article, g int64) *article.Article {
	a.TranslationGroup = g
	return a
}
