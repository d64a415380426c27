package admin

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/site"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/user"
)

func TestRevisions(t *testing.T) {
	e := newEnv(t)
	c := e.as(user.Editor)
	id := created(t, c.post("/admin/articles/new", formFor("Version une", "save")))
	v2 := formFor("Version deux", "save")
	v2.Set("body", "Premier paragraphe.\n\nUn paragraphe ajouté.\n\nSecond *paragraphe*.")
	c.post(fmt.Sprintf("/admin/articles/%d", id), v2).want(t, http.StatusSeeOther)
	revs, err := e.st.ListRevisions(context.Background(), id)
	must(t, err)
	if len(revs) != 2 {
		t.Fatalf("%d revisions, want 2", len(revs))
	}
	newer, older := revs[0], revs[1]
	c.get(fmt.Sprintf("/admin/articles/%d/revisions", id)).want(t, http.StatusOK).contains(t, "Version une", "Version deux", "User editor")
	c.get(fmt.Sprintf("/admin/articles/%d/revisions/%d", id, older.ID)).want(t, http.StatusOK).
		contains(t, "Version une", "<em>paragraphe</em>", "Restaurer cette version")
	r := c.get(fmt.Sprintf("/admin/articles/%d/compare?from=%d&to=%d", id, older.ID, newer.ID)).want(t, http.StatusOK)
	r.contains(t, `<div class="del">Titre: Version une</div>`, `<div class="add">Titre: Version deux</div>`,
		`<div class="add">Un paragraphe ajouté.</div>`, `<div class="same">Premier paragraphe.</div>`)
	// A revision of another article is not found through this one.
	other := created(t, c.post("/admin/articles/new", formFor("Autre", "save")))
	c.get(fmt.Sprintf("/admin/articles/%d/revisions/%d", other, older.ID)).want(t, http.StatusNotFound)

	c.post(fmt.Sprintf("/admin/articles/%d/revisions/%d/restore", id, older.ID), nil).want(t, http.StatusSeeOther)
	a := e.article(t, id)
	if a.Title != "Version une" || strings.Contains(a.Body, "ajouté") {
		t.Fatalf("restore: %q", a.Title)
	}
	if revs, _ := e.st.ListRevisions(context.Background(), id); len(revs) != 3 {
		t.Fatalf("restoring did not keep a revision: %d", len(revs))
	}
}

func TestTaxonomy(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c := e.as(user.Editor)
	c.post("/admin/categories/", url.Values{"name": {"Économie"}, "position": {"3"}, "description": {"L'argent"}}).want(t, http.StatusSeeOther)
	eco, err := e.st.CategoryBySlug(ctx, "economie")
	must(t, err)
	if eco.Position != 3 || eco.Description != "L'argent" {
		t.Fatalf("category %+v", eco)
	}
	c.get("/admin/categories/").want(t, http.StatusOK).contains(t, "Économie", "Monde")
	c.post("/admin/categories/", url.Values{"id": {fmt.Sprint(eco.ID)}, "name": {"Éco"}, "slug": {"eco"}, "position": {"1"}}).want(t, http.StatusSeeOther)
	c.post("/admin/categories/", url.Values{"name": {"Doublon"}, "slug": {"eco"}}).want(t, http.StatusConflict).contains(t, "Cette adresse est déjà prise.")
	c.post("/admin/categories/", url.Values{"name": {""}}).want(t, http.StatusUnprocessableEntity)
	c.post("/admin/categories/", url.Values{"name": {"Admin"}}).want(t, http.StatusUnprocessableEntity)
	c.post(fmt.Sprintf("/admin/categories/%d/delete", eco.ID), nil).want(t, http.StatusSeeOther)
	if _, err := e.st.Category(ctx, eco.ID); err == nil {
		t.Fatal("category not deleted")
	}

	// Tags: rename, merge (articles move to the other tag), delete.
	a := &article.Article{Title: "Tagué", Lang: "fr", Status: article.Draft}
	asie, _ := e.st.EnsureTag(ctx, "Asie")
	asia, _ := e.st.EnsureTag(ctx, "Asia")
	a.Tags = []article.Tag{*asia}
	must(t, e.st.CreateArticle(ctx, a))
	c.get("/admin/tags/").want(t, http.StatusOK).contains(t, "Asie", "Asia")
	c.post(fmt.Sprintf("/admin/tags/%d", asie.ID), url.Values{"name": {"Asie centrale"}}).want(t, http.StatusSeeOther)
	if got, _ := e.st.TagBySlug(ctx, "asie-centrale"); got == nil || got.ID != asie.ID {
		t.Fatal("tag not renamed")
	}
	c.post(fmt.Sprintf("/admin/tags/%d", asia.ID), url.Values{"merge_into": {fmt.Sprint(asie.ID)}}).want(t, http.StatusSeeOther)
	if got := e.article(t, a.ID); len(got.Tags) != 1 || got.Tags[0].ID != asie.ID {
		t.Fatalf("after merge the article has %+v", got.Tags)
	}
	if _, err := e.st.TagBySlug(ctx, "asia"); err == nil {
		t.Fatal("merged tag still exists")
	}
	c.post(fmt.Sprintf("/admin/tags/%d/delete", asie.ID), nil).want(t, http.StatusSeeOther)

	// Authors.
	c.post("/admin/authors/", url.Values{"name": {"Zoé Reporter"}, "bio": {"Correspondante à Astana."}}).want(t, http.StatusSeeOther)
	z, err := e.st.AuthorBySlug(ctx, "zoe-reporter")
	must(t, err)
	c.get("/admin/authors/").want(t, http.StatusOK).contains(t, "Correspondante à Astana.")
	c.post("/admin/authors/", url.Values{"id": {fmt.Sprint(z.ID)}, "name": {"Zoé R."}, "slug": {"zoe-reporter"}, "photo": {"/media/2/480"}}).want(t, http.StatusSeeOther)
	if got, _ := e.st.Author(ctx, z.ID); got.Name != "Zoé R." || got.Photo != "/media/2/480" {
		t.Fatalf("author %+v", got)
	}
	c.post(fmt.Sprintf("/admin/authors/%d/delete", z.ID), nil).want(t, http.StatusSeeOther)
	c.post("/admin/authors/9999/delete", nil).want(t, http.StatusNotFound)
}

func TestSettings(t *testing.T) {
	e := newEnv(t)
	c := e.as(user.Admin)
	c.get("/admin/settings").want(t, http.StatusOK).contains(t, "Europe/Paris")
	form := url.Values{"name": {"Nouvelles Du Monde"}, "tagline": {"L'actualité"}, "lang": {"fr"}, "timezone": {"Asia/Almaty"},
		"base_url": {"https://nouvelles.example/"}, "comments": {"open"}, "hold_first": {"1"}, "close_after_days": {"30"},
		"ip_retention_days": {"14"}, "ads_txt": {"example.com, 123, DIRECT\r\n"}, "privacy_text": {"Nous gardons peu."}}
	c.post("/admin/settings", form).want(t, http.StatusSeeOther)
	kv, err := e.st.Settings(context.Background())
	must(t, err)
	s := site.FromMap(kv)
	if s.Name != "Nouvelles Du Monde" || s.TimeZone != "Asia/Almaty" || s.BaseURL != "https://nouvelles.example" ||
		!s.HoldFirstComment || s.CloseCommentsDays != 30 || s.IPRetentionDays != 14 || s.AdsTxt != "example.com, 123, DIRECT\n" {
		t.Fatalf("saved settings %+v", s)
	}
	// The site is now https: new cookies are Secure.
	if !e.h.secure(httptest.NewRequest("GET", "/", nil).WithContext(withInfo(context.Background(), &reqInfo{Site: s}))) {
		t.Error("https base URL does not make cookies Secure")
	}
	bad := url.Values{"name": {""}, "lang": {"de"}, "timezone": {"Mars/Olympus"}, "base_url": {"ftp://x"}, "comments": {"open"},
		"close_after_days": {"x"}, "ip_retention_days": {"1"}, "tagline": {"Gardé tel quel"}}
	c.post("/admin/settings", bad).want(t, http.StatusUnprocessableEntity).
		contains(t, "Champ obligatoire.", "Fuseau horaire inconnu", "Adresse web invalide", "Gardé tel quel")
	if len(e.changes) == 0 || e.changes[len(e.changes)-1].Kind != "settings" {
		t.Error("saving settings did not notify")
	}
}

func TestUsers(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c := e.as(user.Admin)
	c.get("/admin/users/").want(t, http.StatusOK).contains(t, "editor@example.org", "Administrateur")
	c.post("/admin/users/", url.Values{"email": {"New@Example.org"}, "name": {"Nouveau"}, "role": {"editor"}, "password": {"ten chars!!"}}).want(t, http.StatusSeeOther)
	u, err := e.st.UserByEmail(ctx, "new@example.org")
	must(t, err)
	if u.Role != user.Editor || user.CheckPassword(u.PasswordHash, "ten chars!!") != nil {
		t.Fatalf("created %+v", u)
	}
	c.post("/admin/users/", url.Values{"email": {"new@example.org"}, "name": {"Encore"}, "role": {"editor"}, "password": {"ten chars!!"}}).
		want(t, http.StatusUnprocessableEntity).contains(t, "Un compte utilise déjà cette adresse.", `value="Encore"`)
	c.post("/admin/users/", url.Values{"email": {"bad"}, "name": {"X"}, "role": {"king"}, "password": {"short"}}).
		want(t, http.StatusUnprocessableEntity).contains(t, "Adresse e-mail invalide.", "au moins 10 caractères")
	// Role change, author link, password reset: audited.
	c.post(fmt.Sprintf("/admin/users/%d", u.ID), url.Values{"role": {"author"}, "author": {fmt.Sprint(e.author.ID)}, "password": {"a brand new one"}}).want(t, http.StatusSeeOther)
	u, _ = e.st.User(ctx, u.ID)
	if u.Role != user.Author || u.AuthorID != e.author.ID || user.CheckPassword(u.PasswordHash, "a brand new one") != nil {
		t.Fatalf("saved %+v", u)
	}
	entries, _, _ := e.st.ListAudit(ctx, 1, 0)
	if entries[0].Action != "user.save" || entries[0].Detail != "editor → author" {
		t.Errorf("audit %+v", entries[0])
	}
	// An admin cannot demote or disable themselves.
	me := e.users[user.Admin]
	c.post(fmt.Sprintf("/admin/users/%d", me.ID), url.Values{"role": {"editor"}}).want(t, http.StatusForbidden)
	c.post(fmt.Sprintf("/admin/users/%d", me.ID), url.Values{"role": {"admin"}, "disabled": {"1"}}).want(t, http.StatusForbidden)
	c.post(fmt.Sprintf("/admin/users/%d", u.ID), url.Values{"role": {"emperor"}}).want(t, http.StatusBadRequest)
}

func TestAPIKeys(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c := e.as(user.Admin)
	r := c.post("/admin/apikeys/", url.Values{"name": {"Agence"}}).want(t, http.StatusCreated)
	r.contains(t, "elle ne sera plus jamais affichée")
	i := strings.Index(r.body, `id="new-key">`)
	if i < 0 {
		t.Fatal("key not shown")
	}
	key := r.body[i+len(`id="new-key">`):]
	key = key[:strings.Index(key, "<")]
	check := APIKeyChecker(e.st)
	must(t, check(ctx, key))
	keys, _ := e.st.ListAPIKeys(ctx)
	if len(keys) != 1 || keys[0].Hash == key || strings.Contains(keys[0].Hash, key) {
		t.Fatal("the key itself is stored")
	}
	// The list never shows the key again.
	if page := c.get("/admin/apikeys/").want(t, http.StatusOK); strings.Contains(page.body, key) {
		t.Fatal("the key is shown in the list")
	}
	c.post(fmt.Sprintf("/admin/apikeys/%d/revoke", keys[0].ID), nil).want(t, http.StatusSeeOther)
	if err := check(ctx, key); err != ErrBadAPIKey {
		t.Fatalf("revoked key: %v", err)
	}
	c.get("/admin/apikeys/").want(t, http.StatusOK).contains(t, "Révoquée le")
	c.post("/admin/apikeys/", url.Values{"name": {"  "}}).want(t, http.StatusUnprocessableEntity)
	if err := check(ctx, ""); err != ErrBadAPIKey {
		t.Fatal("empty key accepted")
	}
}

func TestAuditPage(t *testing.T) {
	e := newEnv(t)
	c := e.as(user.Admin)
	for i := 0; i < 60; i++ {
		e.h.audit(context.Background(), e.users[user.Editor], "article.publish", fmt.Sprintf("article:%d", i), "Titre")
	}
	c.get("/admin/audit/").want(t, http.StatusOK).contains(t, "article.publish", "User editor", "page=2")
	c.get("/admin/audit/?page=2").want(t, http.StatusOK).contains(t, "page=1")
}

func multipartUpload(t *testing.T, c *client, name string, data []byte, fields map[string]string) *resp {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		must(t, mw.WriteField(k, v))
	}
	must(t, mw.WriteField("csrf", c.csrf))
	fw, err := mw.CreateFormFile("file", name)
	must(t, err)
	_, _ = fw.Write(data)
	must(t, mw.Close())
	req, err := http.NewRequest("POST", c.e.srv.URL+"/admin/media/", &buf)
	must(t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.http.Do(req)
	must(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return &resp{Response: res, body: string(b)}
}

func TestMedia(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c := e.as(user.Author)
	multipartUpload(t, c, "place.png", testImage(t, "png", 1200, 600), map[string]string{"alt": "La place", "credit": "Rédaction"}).want(t, http.StatusSeeOther)
	list, total, err := e.st.ListMedia(ctx, 10, 0)
	must(t, err)
	if total != 1 || list[0].Width != 1200 || list[0].Alt != "La place" || list[0].UserID != e.users[user.Author].ID {
		t.Fatalf("media %+v", list)
	}
	m, _ := e.st.MediaByID(ctx, list[0].ID)
	if len(m.Variants) != 3 {
		t.Fatalf("variants %+v, want orig, 480, 960", m.Variants)
	}
	c.get("/admin/media/?pick=1").want(t, http.StatusOK).contains(t, fmt.Sprintf(`data-pick="/media/%d/orig"`, m.ID), "La place")

	// Served publicly with long cache headers, revalidated by ETag.
	srv := httptest.NewServer(func() http.Handler {
		mux := http.NewServeMux()
		mux.Handle("GET /media/{id}/{variant}", MediaHandler(e.st, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusTeapot)
		})))
		return mux
	}())
	defer srv.Close()
	res, err := http.Get(fmt.Sprintf("%s/media/%d/480", srv.URL, m.ID))
	must(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" || !strings.Contains(res.Header.Get("Cache-Control"), "max-age=31536000") || len(body) == 0 {
		t.Fatalf("variant: %d %v", res.StatusCode, res.Header)
	}
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/media/%d/480", srv.URL, m.ID), nil)
	req.Header.Set("If-None-Match", res.Header.Get("ETag"))
	res2, err := http.DefaultClient.Do(req)
	must(t, err)
	res2.Body.Close()
	if res2.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: %d", res2.StatusCode)
	}
	// A width wider than the original serves the original.
	res3, err := http.Get(fmt.Sprintf("%s/media/%d/1600", srv.URL, m.ID))
	must(t, err)
	res3.Body.Close()
	if res3.StatusCode != 200 {
		t.Errorf("1600 of a 1200-wide image: %d, want the original", res3.StatusCode)
	}
	// Picked in the editor, the image brings its size and texts.
	id := created(t, e.as(user.Editor).post("/admin/articles/new", formFor("Avec image", "save", "image_url", fmt.Sprintf("/media/%d/orig", m.ID))))
	if img := e.article(t, id).Image; img.Width != 1200 || img.Height != 600 || img.Alt != "La place" || img.Credit != "Rédaction" {
		t.Errorf("featured image %+v", img)
	}
	for path, want := range map[string]int{fmt.Sprintf("/media/%d/big", m.ID): 404, "/media/999/orig": 404, "/media/demo/x.svg": http.StatusTeapot} {
		res, err := http.Get(srv.URL + path)
		must(t, err)
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, res.StatusCode, want)
		}
	}

	// Type comes from the bytes; size is limited.
	multipartUpload(t, c, "virus.jpg", []byte("MZ this is not an image"), nil).want(t, http.StatusUnsupportedMediaType).contains(t, "Seules les images")
	e.h.maxUpload = 1000
	multipartUpload(t, c, "big.png", testImage(t, "png", 600, 600), nil).want(t, http.StatusRequestEntityTooLarge)
	e.h.maxUpload = 10 << 20

	// Editors edit and delete; authors cannot.
	ed := e.as(user.Editor)
	ed.post(fmt.Sprintf("/admin/media/%d", m.ID), url.Values{"alt": {"La place centrale"}, "caption": {"Astana"}}).want(t, http.StatusSeeOther)
	if got, _ := e.st.MediaByID(ctx, m.ID); got.Alt != "La place centrale" || got.Caption != "Astana" {
		t.Fatalf("edited %+v", got)
	}
	c.post(fmt.Sprintf("/admin/media/%d/delete", m.ID), nil).want(t, http.StatusForbidden)
	ed.post(fmt.Sprintf("/admin/media/%d/delete", m.ID), nil).want(t, http.StatusSeeOther)
	if _, err := e.st.MediaByID(ctx, m.ID); err == nil {
		t.Fatal("not deleted")
	}
	var _ store.MediaStore = e.st
}

func TestStaticAssets(t *testing.T) {
	e := newEnv(t)
	url := e.h.assets.url("admin.css")
	r := e.anon().get(url).want(t, http.StatusOK)
	if !strings.Contains(r.Header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("asset headers %v", r.Header)
	}
	e.anon().get("/admin/static/admin.css").want(t, http.StatusNotFound)
	page := e.as(user.Admin).get("/admin/articles/")
	if page.Header.Get("Content-Security-Policy") == "" || page.Header.Get("X-Frame-Options") != "DENY" {
		t.Fatalf("security headers missing: %v", page.Header)
	}
}
