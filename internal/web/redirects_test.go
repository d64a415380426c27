package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/kiosque/kiosque/internal/store"
)

func TestOldURLs(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a, err := f.st.ArticleBySlug(ctx, f.main)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []store.Redirect{
		{Path: "/?p=12", ArticleID: a.ID},
		{Path: "/?page_id=7", ArticleID: a.ID},
		{Path: "/2024/05/03/ancien-titre/", ArticleID: a.ID},
		{Path: "/ancien-titre/", ArticleID: a.ID},
		{Path: "/category/monde/asie/", Target: "/category/monde/"},
		{Path: "/evil/", Target: "//evil.example/"},
		{Path: "/" + f.main + "/", ArticleID: a.ID}, // must never loop
	} {
		if err := f.st.SaveRedirect(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	want := "/" + f.main + "/"
	cases := []struct {
		method, path string
		status       int
		location     string
	}{
		{"GET", "/?p=12", 301, want},
		{"GET", "/?p=12&utm_source=x", 301, want},
		{"HEAD", "/?page_id=7", 301, want},
		{"GET", "/2024/05/03/ancien-titre/", 301, want},
		{"GET", "/2024/05/03/ancien-titre", 301, want},
		{"GET", "/ancien-titre/", 301, want},
		{"GET", "/category/monde/asie/", 301, "/category/monde/"},
		{"GET", "/?p=999", 200, ""},      // unknown id: the home page
		{"GET", "/?p=abc", 200, ""},      // not an id
		{"GET", "/nulle-part/", 404, ""}, // nothing there
		{"GET", "/evil/", 404, ""},       // never off-site
		{"GET", want, 200, ""},           // live pages untouched
		{"POST", "/ancien-titre/", 405, ""},
	}
	for _, c := range cases {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			f.h.ServeHTTP(rec, httptest.NewRequest(c.method, c.path, nil))
			if rec.Code != c.status && !(c.method == "POST" && rec.Code >= 400) {
				t.Fatalf("status = %d, want %d", rec.Code, c.status)
			}
			if got := rec.Header().Get("Location"); got != c.location {
				t.Errorf("Location = %q, want %q", got, c.location)
			}
			if c.status == http.StatusMovedPermanently && rec.Body.Len() > 0 {
				t.Errorf("a 301 carries the 404 page: %.80q", rec.Body.String())
			}
		})
	}
}
