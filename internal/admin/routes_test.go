package admin

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/user"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 && !testing.Short() && os.Getenv("ADMIN_SKIP_COVERAGE") == "" {
		// Every template must have been executed by some test.
		entries, _ := fs.ReadDir(templateFS, "templates") // embedded: cannot fail
		var missing []string
		for _, e := range entries {
			name := strings.TrimSuffix(e.Name(), ".html")
			if _, ok := usedTemplates.Load(name); !ok && name != "layout" && flagRunAll() {
				missing = append(missing, name)
			}
		}
		if len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "templates never executed by the tests: %s\n", strings.Join(missing, ", "))
			code = 1
		}
	}
	os.Exit(code)
}

// flagRunAll reports whether the whole package's tests ran (no -run).
func flagRunAll() bool {
	for _, a := range os.Args {
		if strings.HasPrefix(a, "-test.run") {
			return false
		}
	}
	return true
}

// allowed lists, for every route, the roles that may use it. It is written
// out here, not derived from the route table, so that a change of rights
// shows up as a test change.
var allowed = map[string]string{
	"GET /admin/{$}":                                    "admin editor author",
	"POST /admin/logout":                                "admin editor author",
	"POST /admin/preview":                               "admin editor author",
	"GET /admin/articles/":                              "admin editor author",
	"GET /admin/articles/new":                           "admin editor author",
	"POST /admin/articles/new":                          "admin editor author",
	"GET /admin/articles/{id}":                          "admin editor author",
	"POST /admin/articles/{id}":                         "admin editor author",
	"POST /admin/articles/{id}/delete":                  "admin editor",
	"POST /admin/articles/{id}/translate":               "admin editor author",
	"GET /admin/articles/{id}/revisions":                "admin editor author",
	"GET /admin/articles/{id}/revisions/{rev}":          "admin editor author",
	"GET /admin/articles/{id}/compare":                  "admin editor author",
	"POST /admin/articles/{id}/revisions/{rev}/restore": "admin editor",
	"GET /admin/categories/":                            "admin editor",
	"POST /admin/categories/":                           "admin editor",
	"POST /admin/categories/{id}/delete":                "admin editor",
	"GET /admin/tags/":                                  "admin editor",
	"POST /admin/tags/{id}":                             "admin editor",
	"POST /admin/tags/{id}/delete":                      "admin editor",
	"GET /admin/authors/":                               "admin editor",
	"POST /admin/authors/":                              "admin editor",
	"POST /admin/authors/{id}/delete":                   "admin editor",
	"GET /admin/settings":                               "admin",
	"POST /admin/settings":                              "admin",
	"GET /admin/settings/ads":                           "admin",
	"POST /admin/settings/ads":                          "admin",
	"GET /admin/users/":                                 "admin",
	"POST /admin/users/":                                "admin",
	"POST /admin/users/{id}":                            "admin",
	"GET /admin/apikeys/":                               "admin",
	"POST /admin/apikeys/":                              "admin",
	"POST /admin/apikeys/{id}/revoke":                   "admin",
	"GET /admin/audit/":                                 "admin",
	"GET /admin/media/":                                 "admin editor author",
	"POST /admin/media/":                                "admin editor author",
	"POST /admin/media/{id}":                            "admin editor",
	"POST /admin/media/{id}/delete":                     "admin editor",
	"GET /admin/sources/":                               "admin",
	"POST /admin/sources/":                              "admin",
	"POST /admin/sources/{id}/pull":                     "admin",
	"POST /admin/sources/{id}/delete":                   "admin",
	"GET /admin/comments/{$}":                           "admin editor",
	"POST /admin/comments/{$}":                          "admin editor",
	"GET /admin/comments/{id}":                          "admin editor",
	"POST /admin/comments/{id}":                         "admin editor",
	"POST /admin/comments/{id}/reply":                   "admin editor",
	"GET /admin/comments/privacy":                       "admin",
	"POST /admin/comments/privacy/export":               "admin",
	"POST /admin/comments/privacy/erase":                "admin",
}

// matrixFixture makes one of everything a route may point at, and returns
// the path with its {placeholders} filled.
func matrixFixture(t *testing.T, e *env) func(pattern string) (method, path string) {
	ctx := context.Background()
	a := &article.Article{Title: "Papier d'Ada", Lang: "fr", Status: article.Draft, Authors: []article.Author{*e.author}}
	must(t, e.st.CreateArticle(ctx, a))
	saved, err := e.st.Article(ctx, a.ID)
	must(t, err)
	rev := &store.Revision{ArticleID: a.ID, UserID: e.users[user.Author].ID, UserName: "Ada", CreatedAt: e.clock.Now(), Article: *saved}
	must(t, e.st.AddRevision(ctx, rev))
	tag, err := e.st.EnsureTag(ctx, "Asie")
	must(t, err)
	_, key, err := CreateAPIKey(ctx, e.st, "wire", 0, e.clock.Now())
	must(t, err)
	m := &store.Media{Name: "x.png", MIME: "image/png", Width: 1, Height: 1, CreatedAt: e.clock.Now()}
	must(t, e.st.CreateMedia(ctx, m))
	src := &store.FeedSource{Name: "Fil", URL: "http://127.0.0.1:1/feed", Enabled: true} // nothing listens: a pull fails fast
	must(t, e.st.SaveFeedSource(ctx, src))
	cm := &comment.Comment{ArticleID: a.ID, AuthorName: "Lectrice", AuthorEmail: "lectrice@example.org", Text: "Bravo.", State: comment.Pending}
	_, err = e.st.CreateComment(ctx, cm)
	must(t, err)
	ids := map[string]string{
		"comments": fmt.Sprint(cm.ID),
		"articles": fmt.Sprint(a.ID), "categories": fmt.Sprint(e.cat.ID), "tags": fmt.Sprint(tag.ID),
		"authors": fmt.Sprint(e.author.ID), "users": fmt.Sprint(e.users[user.Author].ID),
		"apikeys": fmt.Sprint(key.ID), "media": fmt.Sprint(m.ID), "sources": fmt.Sprint(src.ID),
	}
	return func(pattern string) (string, string) {
		method, path, _ := strings.Cut(pattern, " ")
		path = strings.TrimSuffix(path, "{$}")
		section := strings.Split(path, "/")[2]
		path = strings.ReplaceAll(path, "{id}", ids[section])
		path = strings.ReplaceAll(path, "{rev}", fmt.Sprint(rev.ID))
		if strings.HasSuffix(path, "/compare") {
			path += fmt.Sprintf("?from=%d&to=%d", rev.ID, rev.ID)
		}
		return method, path
	}
}

// TestRoleMatrix sends every route as every role: allowed roles never get
// 403 (nor a server error), the others always do.
func TestRoleMatrix(t *testing.T) {
	e := newEnv(t)
	fill := matrixFixture(t, e)
	var patterns []string
	for _, rt := range e.h.routes {
		patterns = append(patterns, rt.pattern)
		if _, ok := allowed[rt.pattern]; !ok {
			t.Errorf("route %q is missing from the matrix test", rt.pattern)
		}
	}
	if len(patterns) != len(allowed) {
		t.Errorf("matrix lists %d routes, the admin has %d", len(allowed), len(patterns))
	}
	sort.Strings(patterns)
	// Least powerful first, and logout last, so the fixtures that admins
	// delete and the sessions stay available as long as possible.
	for _, role := range []user.Role{user.Author, user.Editor, user.Admin} {
		for _, p := range patterns {
			if p == "POST /admin/logout" {
				continue
			}
			method, path := fill(p)
			c := e.as(role)
			var r *resp
			if method == "GET" {
				r = c.get(path)
			} else {
				r = c.post(path, nil)
			}
			may := strings.Contains(" "+allowed[p]+" ", " "+string(role)+" ")
			switch {
			case may && (r.StatusCode == http.StatusForbidden || r.StatusCode >= 500):
				t.Errorf("%s as %s: status %d, want allowed\n%s", p, role, r.StatusCode, snippet(r.body))
			case !may && r.StatusCode != http.StatusForbidden:
				t.Errorf("%s as %s: status %d, want 403", p, role, r.StatusCode)
			}
		}
		e.as(role).post("/admin/logout", nil).want(t, http.StatusSeeOther)
	}
}

// TestCSRFRejected posts to every state-changing route as an admin without
// the token, and with a token from another session: always 403, nothing
// done.
func TestCSRFRejected(t *testing.T) {
	e := newEnv(t)
	fill := matrixFixture(t, e)
	other := e.as(user.Editor).csrf
	for _, rt := range e.h.routes {
		method, path := fill(rt.pattern)
		if method != "POST" {
			continue
		}
		for name, token := range map[string]string{"missing": "", "other session's": other} {
			c := e.as(user.Admin)
			form := map[string][]string{"csrf": {token}, "title": {"Piège"}, "name": {"Piège"}, "action": {"publish"}}
			r := c.do("POST", path, form)
			if r.StatusCode != http.StatusForbidden {
				t.Errorf("%s with %s token: status %d, want 403", rt.pattern, name, r.StatusCode)
			}
		}
	}
	list, total, err := e.st.ListArticles(context.Background(), store.ArticleFilter{Status: article.Published})
	must(t, err)
	if total != 0 {
		t.Fatalf("a forged request published %q", list[0].Title)
	}
}

func TestLoggedOut(t *testing.T) {
	e := newEnv(t)
	c := e.anon()
	r := c.get("/admin/articles/?status=draft").want(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/admin/login?next=%2Fadmin%2Farticles%2F%3Fstatus%3Ddraft" {
		t.Errorf("redirect to %q", loc)
	}
	c.post("/admin/articles/new", map[string][]string{"title": {"x"}}).want(t, http.StatusUnauthorized)
	c.get("/admin/nowhere").want(t, http.StatusNotFound)
	// A session of a disabled account no longer works.
	admin := e.as(user.Admin)
	u := e.users[user.Editor]
	ed := e.as(user.Editor)
	admin.post(fmt.Sprintf("/admin/users/%d", u.ID), map[string][]string{"role": {"editor"}, "disabled": {"1"}}).want(t, http.StatusSeeOther)
	ed.get("/admin/articles/").want(t, http.StatusSeeOther)
}
