package web

import (
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/net/html"

	"github.com/kiosque/kiosque/internal/demo"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

var demoFS = fstest.MapFS{
	"astana.svg": {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="16" height="9"/>`)},
}

// TestMain fails the run when some page template was never executed by the
// tests (only on a full run, not with -run).
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" {
		for _, name := range pageNames {
			if _, ok := rendered.Load(name); !ok {
				fmt.Fprintf(os.Stderr, "template %s.html was never executed by the tests\n", name)
				code = 1
			}
		}
	}
	os.Exit(code)
}

func TestStatusCodes(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name, path string
		want       int
	}{
		{"home", "/", 200},
		{"home page 2", "/page/2/", 200},
		{"home past the end", "/page/3/", 404},
		{"home page 1 spelled out", "/page/1/", 301},
		{"home page 0", "/page/0/", 404},
		{"home page not a number", "/page/deux/", 404},
		{"home page with leading zero", "/page/02/", 404},
		{"article", "/" + f.main + "/", 200},
		{"article without slash", "/" + f.main, 307},
		{"unknown article", "/cet-article-nexiste-pas/", 404},
		{"draft", "/" + f.draft + "/", 404},
		{"scheduled", "/" + f.scheduled + "/", 404},
		{"published in the future", "/" + f.future + "/", 404},
		{"category", "/category/monde/", 200},
		{"empty category", "/category/culture/", 200},
		{"category page past the end", "/category/monde/page/2/", 404},
		{"category page 1 spelled out", "/category/monde/page/1/", 301},
		{"unknown category", "/category/inconnue/", 404},
		{"tag", "/tag/asie-centrale/", 200},
		{"tag page 2", "/tag/asie-centrale/page/2/", 200},
		{"tag past the end", "/tag/asie-centrale/page/3/", 404},
		{"unknown tag", "/tag/inconnu/", 404},
		{"author", "/author/claire-dubois/", 200},
		{"unknown author", "/author/personne/", 404},
		{"privacy", "/privacy/", 200},
		{"health", "/healthz", 200},
		{"unknown static file", "/static/site.css", 404},
		{"favicon", "/favicon.ico", 301},
		{"demo media", "/media/demo/astana.svg", 200},
		{"missing demo media", "/media/demo/absent.svg", 404},
		{"no listing of demo media", "/media/demo/", 404},
		{"deep unknown path", "/a/b/c/", 404},
		{"comments not yet", "/" + f.main + "/comments/", 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.get(t, tt.path)
			if rec.Code != tt.want {
				t.Errorf("GET %s: status %d, want %d", tt.path, rec.Code, tt.want)
			}
			if tt.want == 404 && strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
				if !strings.Contains(rec.Body.String(), "Page introuvable") {
					t.Errorf("GET %s: 404 page is not the French one", tt.path)
				}
			}
		})
	}
}

func TestRedirectsAndMethods(t *testing.T) {
	f := newFixture(t)
	if got := f.get(t, "/page/1/").Header().Get("Location"); got != "/" {
		t.Errorf("/page/1/ redirects to %q, want /", got)
	}
	icon := f.get(t, "/favicon.ico").Header().Get("Location")
	if rec := f.get(t, icon); rec.Code != 200 || rec.Header().Get("Content-Type") != "image/svg+xml" {
		t.Errorf("icon %s: %d %s", icon, rec.Code, rec.Header().Get("Content-Type"))
	}
	rec := httptestDo(f, http.MethodPost, "/privacy/")
	if rec.Code != http.StatusMethodNotAllowed && rec.Code != http.StatusNotFound {
		t.Errorf("POST /privacy/: status %d, want 405 or 404", rec.Code)
	}
	if rec := httptestDo(f, http.MethodHead, "/"); rec.Code != 200 {
		t.Errorf("HEAD /: status %d", rec.Code)
	}
}

func TestHealthz(t *testing.T) {
	f := newFixture(t)
	rec := f.get(t, "/healthz")
	if rec.Code != 200 || strings.TrimSpace(rec.Body.String()) != "ok" {
		t.Fatalf("healthz: %d %q", rec.Code, rec.Body.String())
	}
	f.st.Close()
	if rec := f.get(t, "/healthz"); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("healthz with the database closed: %d, want 503", rec.Code)
	}
}

func TestServerErrorPage(t *testing.T) {
	f := newFixture(t)
	f.st.Close() // the database goes away
	doc := f.page(t, "/", http.StatusInternalServerError)
	if got := attr(first(t, doc, "html", ""), "lang"); got != "fr" {
		t.Errorf("500 page lang=%q, want fr", got)
	}
	if got := text(first(t, doc, "h1", "")); got != "Erreur du serveur" {
		t.Errorf("500 page h1 = %q", got)
	}
	if ref := find(doc, "p", "reference"); len(ref) != 1 || !regexp.MustCompile(`[0-9a-f]{16}`).MatchString(text(ref[0])) {
		t.Errorf("500 page shows no incident reference")
	}
}

func TestStylesheet(t *testing.T) {
	f := newFixture(t)
	doc := f.page(t, "/", 200)
	var href string
	for _, l := range find(doc, "link", "") {
		if attr(l, "rel") == "stylesheet" {
			href = attr(l, "href")
		}
	}
	if !regexp.MustCompile(`^/static/site\.[0-9a-f]{12}\.css$`).MatchString(href) {
		t.Fatalf("stylesheet URL %q has no content hash", href)
	}
	rec := f.get(t, href)
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/css") {
		t.Fatalf("GET %s: %d %s", href, rec.Code, rec.Header().Get("Content-Type"))
	}
	if cc := rec.Header().Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("stylesheet Cache-Control %q", cc)
	}
	if strings.Contains(rec.Body.String(), "url(") || strings.Contains(rec.Body.String(), "@import") {
		t.Errorf("the stylesheet loads something else")
	}
}

func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/", "/" + f.main + "/", "/inconnu/", "/healthz", "/privacy/"} {
		rec := f.get(t, path)
		h := rec.Header()
		for k, want := range map[string]string{
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "strict-origin-when-cross-origin",
			"X-Frame-Options":         "DENY",
			"Content-Security-Policy": ContentSecurityPolicy,
		} {
			if got := h.Get(k); got != want {
				t.Errorf("GET %s: %s = %q, want %q", path, k, got, want)
			}
		}
		if h.Get("X-Request-Id") == "" {
			t.Errorf("GET %s: no X-Request-Id", path)
		}
	}
}

// TestPagesPassCSP checks what the Content-Security-Policy forbids: inline
// styles, scripts that run, and anything loaded from elsewhere.
func TestPagesPassCSP(t *testing.T) {
	f := newFixture(t)
	for _, path := range publicPages(f) {
		doc := f.page(t, path.path, path.status)
		for _, n := range all(doc, func(*html.Node) bool { return true }) {
			if attr(n, "style") != "" || n.Data == "style" {
				t.Errorf("%s: inline style on <%s>", path.path, n.Data)
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: event handler %s on <%s>", path.path, a.Key, n.Data)
				}
			}
			if n.Data == "script" && attr(n, "type") != "application/ld+json" && attr(n, "src") == "" {
				t.Errorf("%s: a script that would run", path.path)
			}
			src := attr(n, "src")
			if n.Data == "link" && (attr(n, "rel") == "stylesheet" || attr(n, "rel") == "icon") {
				src = attr(n, "href")
			}
			if (n.Data == "img" || n.Data == "link" || n.Data == "script") && src != "" {
				if u, err := url.Parse(src); err != nil || u.Host != "" {
					t.Errorf("%s: <%s> loads %q from elsewhere", path.path, n.Data, src)
				}
			}
		}
	}
}

type pageCase struct {
	path   string
	status int
}

// publicPages lists one URL of every public page of the fixture.
func publicPages(f *fixture) []pageCase {
	return []pageCase{
		{"/", 200}, {"/page/2/", 200}, {"/" + f.main + "/", 200}, {"/category/monde/", 200},
		{"/category/culture/", 200}, {"/tag/asie-centrale/", 200}, {"/tag/asie-centrale/page/2/", 200},
		{"/author/claire-dubois/", 200}, {"/privacy/", 200}, {"/inconnu/", 404},
	}
}

// TestFrenchSiteShowsNoEnglish renders every public page of a French site
// and fails if a string of the English catalog that French does not share
// shows up, or if a catalog key is shown instead of its message.
func TestFrenchSiteShowsNoEnglish(t *testing.T) {
	check := noEnglish(t)
	f := newFixture(t)
	pages := append(publicPages(f), pageCase{"/page/9/", 404})
	for _, p := range pages {
		check(p.path, f.page(t, p.path, p.status))
	}
	f.st.Close() // and the 500 page
	check("500", f.page(t, "/", 500))
}

// noEnglish returns a check that fails the test when a French page shows
// English from the catalogs or a raw catalog key, in its text or in the
// attributes readers see or hear.
func noEnglish(t *testing.T) func(path string, doc *html.Node) {
	msgs := i18n.MustNew()
	fr, en := msgs.Messages("fr"), msgs.Messages("en")
	verb := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]`)
	var english []string
	for k, e := range en {
		if fr[k] == e {
			continue
		}
		for _, frag := range verb.Split(e, -1) {
			frag = strings.TrimSpace(frag)
			if len([]rune(frag)) >= 4 && !strings.Contains(fr[k], frag) {
				english = append(english, frag)
			}
		}
	}
	if len(english) < 50 {
		t.Fatalf("only %d English fragments to look for: is the catalog loaded?", len(english))
	}
	key := regexp.MustCompile(`\b(web|core)\.[a-z_]+(\.[a-z_]+)*\b`)
	check := func(path, s string) {
		for _, frag := range english {
			if strings.Contains(s, frag) {
				t.Errorf("%s: English %q in %q", path, frag, s)
			}
		}
		if m := key.FindString(s); m != "" {
			t.Errorf("%s: catalog key %q shown instead of a message", path, m)
		}
	}
	return func(path string, doc *html.Node) {
		t.Helper()
		if got := attr(first(t, doc, "html", ""), "lang"); got != "fr" {
			t.Errorf("%s: <html lang=%q>", path, got)
		}
		for _, n := range all(doc, func(*html.Node) bool { return true }) {
			if n.Data == "script" {
				continue
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.TextNode {
					check(path, c.Data)
				}
			}
			for _, a := range []string{"aria-label", "alt", "title", "placeholder", "content"} {
				check(path, attr(n, a))
			}
		}
	}
}

// TestDemoSiteShowsNoEnglish loads the demo site "Nouvelles Du Monde" and
// visits every page reachable from its home page: each answers 200, is
// French only, and links nothing that is not found.
func TestDemoSiteShowsNoEnglish(t *testing.T) {
	check := noEnglish(t)
	st := storetest.OpenSQLite(t, func() time.Time { return fixtureNow })
	if _, err := demo.Load(t.Context(), st, fixtureNow); err != nil {
		t.Fatal(err)
	}
	h, err := New(Options{Store: st, Messages: i18n.MustNew(), Now: func() time.Time { return fixtureNow }, DemoMedia: demo.Images})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{"/": true}
	queue := []string{"/", "/privacy/"}
	for len(queue) > 0 {
		path := queue[0]
		queue = queue[1:]
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s: %d", path, rec.Code)
			continue
		}
		if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			continue
		}
		doc, err := html.Parse(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		check(path, doc)
		for _, n := range all(doc, func(n *html.Node) bool { return n.Data == "a" || n.Data == "img" }) {
			link := attr(n, "href") + attr(n, "src")
			if strings.HasPrefix(link, "/") && !strings.HasPrefix(link, "//") && !strings.Contains(link, "/comments/") && !seen[link] {
				seen[link] = true
				queue = append(queue, link)
			}
		}
	}
	t.Logf("%d pages and images visited", len(seen))
	if len(seen) < 100 {
		t.Errorf("only %d pages reached from the home page", len(seen))
	}
}

func TestEnglishSite(t *testing.T) {
	f := newFixture(t)
	if err := f.st.SaveSettings(t.Context(), map[string]string{"site.lang": "en", "site.timezone": "America/New_York"}); err != nil {
		t.Fatal(err)
	}
	doc := f.page(t, "/"+f.main+"/", 200)
	if got := attr(first(t, doc, "html", ""), "lang"); got != "en" {
		t.Errorf("<html lang=%q>, want en", got)
	}
	if got := text(first(t, doc, "aside", "read-also")); !strings.HasPrefix(got, "Read also") {
		t.Errorf("read-also box %q", got)
	}
	if got := text(first(t, first(t, doc, "span", "published"), "time", "")); got != "November 27, 2026" {
		t.Errorf("date %q", got)
	}
	// The article itself stays French.
	if got := attr(first(t, doc, "article", "article"), "lang"); got != "fr" {
		t.Errorf("article lang=%q, want fr", got)
	}
}

func httptestDo(f *fixture, method, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec
}
