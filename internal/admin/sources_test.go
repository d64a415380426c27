package admin

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/user"
)

// TestSources adds a feed source, pulls it from a local server, and shows
// that machine translation is visibly off without a provider.
func TestSources(t *testing.T) {
	feed, err := os.ReadFile("../syndication/testdata/agency.rss")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(feed) }))
	defer srv.Close()
	e := newEnv(t)
	ctx := context.Background()
	c := e.as(user.Admin)
	c.get("/admin/sources/").want(t, http.StatusOK).contains(t, "Traduction automatique désactivée", "Aucune source")
	c.post("/admin/sources/", url.Values{"url": {"ftp://nope"}}).want(t, http.StatusUnprocessableEntity).contains(t, "adresse complète")
	c.post("/admin/sources/", url.Values{"url": {srv.URL}, "publish": {"0"}, "interval": {"30"}}).want(t, http.StatusSeeOther)
	c.post("/admin/sources/", url.Values{"url": {srv.URL}}).want(t, http.StatusConflict).contains(t, "déjà une source")
	srcs, err := e.st.FeedSources(ctx)
	must(t, err)
	if len(srcs) != 1 || srcs[0].Publish || srcs[0].Interval.Minutes() != 30 || srcs[0].Lang != "fr" {
		t.Fatalf("sources = %+v", srcs)
	}
	id := srcs[0].ID
	c.post(fmt.Sprintf("/admin/sources/%d/pull", id), nil).want(t, http.StatusOK).contains(t, "2 nouveaux articles, 1 déjà vus, 1 quasi-doublons", "North Wire")
	drafts, _, err := e.st.ListArticles(ctx, store.ArticleFilter{Status: article.Draft})
	must(t, err)
	if len(drafts) != 2 || drafts[0].Source.Name != "North Wire" {
		t.Fatalf("drafts = %+v", drafts)
	}
	// Marked for translation without a provider: refused, and said so.
	c.post("/admin/sources/", url.Values{"id": {fmt.Sprint(id)}, "url": {srv.URL}, "name": {"North Wire"}, "translate": {"1"}, "enabled": {"1"}}).want(t, http.StatusSeeOther)
	c.post(fmt.Sprintf("/admin/sources/%d/pull", id), nil).want(t, http.StatusOK).contains(t, "Traduction automatique désactivée")
	must(t, e.st.SaveSettings(ctx, map[string]string{"translate.url": "https://traduction.example"}))
	c.get("/admin/sources/").want(t, http.StatusOK).contains(t, "Traduction automatique par traduction.example")
	c.post(fmt.Sprintf("/admin/sources/%d/delete", id), nil).want(t, http.StatusSeeOther)
	if srcs, _ := e.st.FeedSources(ctx); len(srcs) != 0 {
		t.Errorf("after delete: %+v", srcs)
	}
	e.as(user.Editor).get("/admin/sources/").want(t, http.StatusForbidden)
}
