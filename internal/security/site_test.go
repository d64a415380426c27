package security

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/spam"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/sqlite"
	"github.com/kiosque/kiosque/internal/store/storetest"
	"github.com/kiosque/kiosque/internal/web"
)

// now is the suite's fixed clock.
var now = time.Date(2026, 11, 27, 14, 30, 0, 0, time.UTC)

// hostileSite is the public site over a store where every field a reader,
// author or editor can write holds a payload.
type hostileSite struct {
	st    *sqlite.Store
	h     http.Handler
	pages []string // paths of every page showing planted content
}

// newHostileSite plants each payload in site settings, categories, tags,
// authors, articles (title, lead, Markdown body, image URL, alt, caption,
// credit, source) and approved comments (name, website, text).
func newHostileSite(t testing.TB, opts web.Options) *hostileSite {
	t.Helper()
	ctx := context.Background()
	s := &hostileSite{st: storetest.OpenSQLite(t, func() time.Time { return now })}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.st.SaveSettings(ctx, map[string]string{
		"site.name": "Le Canard " + Payloads[0], "site.tagline": Payloads[1], "site.lang": "fr",
		"site.timezone": "Europe/Paris", "privacy.text": strings.Join(Payloads, "\n\n"),
	}))
	s.pages = []string{"/", "/page/2/", "/privacy/"}
	for i, p := range Payloads {
		cat := &article.Category{Slug: fmt.Sprintf("rubrique-%d", i), Name: p, Description: p, Position: i}
		must(s.st.SaveCategory(ctx, cat))
		au := &article.Author{Slug: fmt.Sprintf("auteur-%d", i), Name: p, Bio: p, Photo: p}
		must(s.st.SaveAuthor(ctx, au))
		tag, err := s.st.EnsureTag(ctx, p)
		must(err)
		a := &article.Article{
			Title: p, Lead: p, Lang: "fr", Status: article.Published, PublishedAt: now.Add(-time.Duration(i+1) * time.Hour),
			Body:     strings.Repeat(p+"\n\n", 5) + "Un paragraphe ordinaire.\n\n" + p,
			Category: cat, Tags: []article.Tag{*tag}, Authors: []article.Author{*au},
			Image:  article.Image{URL: p, Alt: p, Caption: p, Credit: p},
			Source: article.Source{Name: p, URL: p, TranslatedFrom: "en"},
		}
		must(s.st.CreateArticle(ctx, a))
		c := &comment.Comment{ArticleID: a.ID, AuthorName: p, AuthorEmail: "x@example.org", AuthorURL: p,
			Text: p, State: comment.Approved}
		_, err = s.st.CreateComment(ctx, c)
		must(err)
		s.pages = append(s.pages, "/"+a.Slug+"/", "/category/"+cat.Slug+"/", "/tag/"+tag.Slug+"/", "/author/"+au.Slug+"/")
	}
	opts.Store, opts.Messages, opts.Now = s.st, i18n.MustNew(), func() time.Time { return now }
	if opts.BaseURL == "" {
		opts.BaseURL = "https://canard.example"
	}
	h, err := web.New(opts)
	must(err)
	s.h = h
	return s
}

func get(t testing.TB, h http.Handler, target string) *http.Response {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
	return w.Result()
}

// TestPlantedPayloadsNeverRun renders every page that shows planted
// content and checks, in the parsed HTML, that no payload became markup
// that runs: no script element, no event-handler attribute, no
// javascript:/vbscript:/data: URL, no frame, object, base or refresh.
func TestPlantedPayloadsNeverRun(t *testing.T) {
	s := newHostileSite(t, web.Options{})
	for _, path := range s.pages {
		resp := get(t, s.h, path)
		body, _ := io.ReadAll(resp.Body) // a recorder's body cannot fail
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", path, resp.StatusCode)
			continue
		}
		checkHTML(t, path, string(body))
		checkCSP(t, path, resp.Header)
	}
	t.Logf("%d pages, %d payloads in %d kinds of field", len(s.pages), len(Payloads), 17)
}

// TestCommentFormEchoesPayloads sends the comment form back with errors:
// the reader's input is shown again in the form, where payloads must stay
// inert text.
func TestCommentFormEchoesPayloads(t *testing.T) {
	s := newHostileSite(t, web.Options{})
	_, n, _ := s.st.ListArticles(context.Background(), storeAll)
	if n == 0 {
		t.Fatal("no article")
	}
	slug := strings.Trim(s.pages[3], "/")
	for i, p := range Payloads {
		form := url.Values{"name": {p}, "email": {"pas-une-adresse " + p}, "url": {p}, "text": {p}, "parent": {p}}
		req := httptest.NewRequest(http.MethodPost, "/"+slug+"/comments/", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		s.h.ServeHTTP(w, req)
		if w.Code >= 500 || w.Code < 400 {
			t.Errorf("payload %d: status %d, want the form back with errors", i, w.Code)
		}
		checkHTML(t, fmt.Sprintf("comment form with payload %d", i), w.Body.String())
	}
}

// TestHostilePaths asks for paths with payloads, SQL metacharacters,
// traversal attempts, invalid UTF-8 and overlong encodings: never a 500,
// never a file from outside, never a payload that runs in the error page,
// and the database still whole afterwards.
func TestHostilePaths(t *testing.T) {
	s := newHostileSite(t, web.Options{DemoMedia: mediaFS})
	srv := httptest.NewServer(s.h)
	t.Cleanup(srv.Close)
	_, before, err := s.st.ListArticles(context.Background(), storeAll)
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{
		// SQL metacharacters.
		"/'%20OR%201=1--/", "/category/'%3B%20DROP%20TABLE%20articles%3B--/", "/tag/%22)%3B%20DELETE%20FROM%20tags%3B--/",
		"/author/1'%20or%20'1'='1/", "/page/1%20OR%201=1/", "/category/x/page/1;SELECT%20*/",
		"/?q='%20OR%201=1--", "/%25%27%20UNION%20SELECT%20password%20FROM%20users--/", "/tag/%5C'/",
		// Payloads in the path and the query.
		"/%3Cscript%3Ewindow.__xss=1%3C/script%3E/", "/%22%3E%3Cimg%20src=x%20onerror=window.__xss=1%3E/",
		"/?replyto=%22%3E%3Cscript%3Ewindow.__xss=1%3C/script%3E", "/privacy/?comment=%3Cscript%3E",
		// Traversal.
		"/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd",
		"/static/%2fetc%2fpasswd", "/static//etc/passwd", "/static/..%5c..%5cetc%5cpasswd", "/static/site.css%00.png",
		"/media/demo/../../../../etc/passwd", "/media/demo/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/media/demo/..%2f..%2f..%2fetc%2fpasswd",
		"/media/demo/%2fetc%2fpasswd", "/media/demo//etc/passwd", "/media/demo/.%2e/.%2e/go.mod", "/media/demo/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
		"/media/demo/..;/..;/etc/passwd", "/media/%2e%2e/%2e%2e/etc/passwd",
		// Invalid UTF-8, overlong encodings, control characters.
		"/%ff%fe/", "/%c0%af/", "/%e0%80%af/", "/%ed%a0%80/", "/category/%c0%ae%c0%ae/", "/tag/%00/", "/author/%0d%0aSet-Cookie:%20x=1/",
		"/%f4%90%80%80/", "/page/%ef%bc%91/", "/tag/%e2%80%ae%e2%80%8f/",
	}
	for _, p := range paths {
		resp, err := srv.Client().Get(srv.URL + p)
		if err != nil {
			t.Errorf("GET %s: %v", p, err)
			continue
		}
		body, _ := io.ReadAll(resp.Body) // checked below as far as it came
		resp.Body.Close()
		switch {
		case resp.StatusCode >= 500:
			t.Errorf("GET %s: %d", p, resp.StatusCode)
		case strings.Contains(string(body), "root:") || strings.Contains(string(body), "module github.com"):
			t.Errorf("GET %s: served a file from outside: %.80q", p, body)
		case resp.Header.Get("Set-Cookie") != "":
			t.Errorf("GET %s: the path set a cookie", p)
		}
		if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			checkHTML(t, "GET "+p, string(body))
		}
	}
	_, after, err := s.st.ListArticles(context.Background(), storeAll)
	if err != nil || after != before {
		t.Errorf("articles after the hostile paths: %d (%v), before: %d", after, err, before)
	}
}

// TestHostileForms posts comments with invalid UTF-8, overlong encodings,
// NUL bytes, oversized fields and an oversized body: refused with a 4xx,
// never a 500, nothing stored.
func TestHostileForms(t *testing.T) {
	s := newHostileSite(t, web.Options{MaxBodyBytes: 64 << 10})
	slug := strings.Trim(s.pages[3], "/")
	a, err := s.st.ArticleBySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	before := commentCount(t, s.st, a.ID)
	ok := url.Values{"name": {"Lectrice"}, "email": {"l@example.org"}, "text": {"Bonjour"}}
	with := func(k, v string) string {
		f := url.Values{}
		for kk, vv := range ok {
			f[kk] = vv
		}
		f.Set(k, v)
		return f.Encode()
	}
	tests := []struct {
		name, body, ctype string
		want              int // 0: any 4xx; -1: anything but a 5xx (the input is tidied, then taken)
	}{
		{"invalid UTF-8 in the text", with("text", "caf\xe9 \xff\xfe"), "", 0},
		{"invalid UTF-8 in the name", with("name", "\xc3\x28"), "", 0},
		{"overlong slash in the website", with("url", "http://x.example/\xc0\xaf"), "", 0},
		{"overlong NUL in the text", with("text", "a\xc0\x80b"), "", 0},
		{"surrogate half in the e-mail", with("email", "l\xed\xa0\x80@example.org"), "", 0},
		{"NUL in the e-mail", with("email", "l@example.org\x00.evil"), "", -1},
		{"javascript website", with("url", "javascript:window.__xss=1"), "", 0},
		{"header injection in the name", with("name", "Lea\r\nSet-Cookie: x=1"), "", -1},
		{"huge text", with("text", strings.Repeat("é", 40_000)), "", 0},
		{"body over the limit", with("text", strings.Repeat("a", 70<<10)), "", http.StatusRequestEntityTooLarge},
		{"broken percent-encoding", "name=%zz&text=%", "", 0},
		{"multipart with a file", "--b\r\nContent-Disposition: form-data; name=\"text\"; filename=\"../../x\"\r\n\r\n<script>\r\n--b--\r\n", "multipart/form-data; boundary=b", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctype := tt.ctype
			if ctype == "" {
				ctype = "application/x-www-form-urlencoded"
			}
			req := httptest.NewRequest(http.MethodPost, "/"+slug+"/comments/", strings.NewReader(tt.body))
			req.Header.Set("Content-Type", ctype)
			w := httptest.NewRecorder()
			s.h.ServeHTTP(w, req)
			switch {
			case tt.want == -1:
				if w.Code >= 500 {
					t.Errorf("status %d", w.Code)
				}
			case tt.want != 0 && w.Code != tt.want:
				t.Errorf("status %d, want %d", w.Code, tt.want)
			case w.Code < 400 || w.Code >= 500:
				t.Errorf("status %d, want a 4xx", w.Code)
			}
			if c := w.Header().Get("Set-Cookie"); strings.Contains(c, "\n") || strings.Contains(c, "x=1") {
				t.Errorf("cookie header carries input: %q", c)
			}
			checkHTML(t, tt.name, w.Body.String())
		})
	}
	// At most the two tidied forms were taken (the second may count as a
	// duplicate of the first); nothing else.
	if got := commentCount(t, s.st, a.ID); got > before+2 {
		t.Errorf("%d comments stored from hostile forms, want at most 2", got-before)
	}
	list, _, err := s.st.ListComments(context.Background(), store.CommentFilter{ArticleID: a.ID, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		for _, v := range []string{c.AuthorName, c.AuthorEmail, c.AuthorURL, c.Text} {
			if !utf8.ValidString(v) || strings.ContainsAny(v, "\x00\r\ufffd") {
				t.Errorf("stored comment %d holds %q", c.ID, v)
			}
		}
	}
}

// TestCommentFloodIsRateLimited posts comments from one address as fast as
// a bot would: after the limit the site answers 429 with Retry-After, while
// a reader at another address still comments and reads.
func TestCommentFloodIsRateLimited(t *testing.T) {
	filter, err := spam.New(spam.Options{RateLimit: 5, RateWindow: 10 * time.Minute, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	s := newHostileSite(t, web.Options{Spam: filter})
	slug := strings.Trim(s.pages[3], "/")
	post := func(ip string, n int) *httptest.ResponseRecorder {
		form := url.Values{"name": {"Robot"}, "email": {"robot@example.org"}, "text": {fmt.Sprintf("Message numéro %d, bien écrit.", n)}}
		req := httptest.NewRequest(http.MethodPost, "/"+slug+"/comments/", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = ip + ":40000"
		w := httptest.NewRecorder()
		s.h.ServeHTTP(w, req)
		return w
	}
	limited := 0
	for n := range 50 {
		w := post("203.0.113.9", n)
		if w.Code == http.StatusTooManyRequests {
			limited++
			if w.Header().Get("Retry-After") == "" {
				t.Error("429 without Retry-After")
			}
		}
	}
	if limited < 40 {
		t.Errorf("%d of 50 flood posts refused with 429, want at least 40", limited)
	}
	if w := post("198.51.100.7", 1000); w.Code != http.StatusSeeOther {
		t.Errorf("a reader at another address: %d, want 303", w.Code)
	}
	if resp := get(t, s.h, "/"+slug+"/"); resp.StatusCode != http.StatusOK {
		t.Errorf("article during the flood: %d", resp.StatusCode)
	}
}

// checkHTML fails the test if the page holds markup that runs: a script
// element other than our own (checkScript), an event handler attribute,
// a javascript:, vbscript: or non-image data: URL, or an element that
// loads or redirects (iframe, object, embed, base, meta refresh).
func checkHTML(t testing.TB, where, page string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Errorf("%s: unparsable HTML: %v", where, err)
		return
	}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.Data {
		case "script":
			checkScript(t, where, n)
		case "iframe", "frame", "frameset", "object", "embed", "applet", "base":
			t.Errorf("%s: <%s> element in the page", where, n.Data)
		case "meta":
			for _, a := range n.Attr {
				if strings.EqualFold(a.Key, "http-equiv") && strings.EqualFold(a.Val, "refresh") {
					t.Errorf("%s: <meta http-equiv=refresh>", where)
				}
			}
		}
		for _, a := range n.Attr {
			key := strings.ToLower(a.Key)
			if strings.HasPrefix(key, "on") {
				t.Errorf("%s: <%s %s=%q>", where, n.Data, a.Key, a.Val)
			}
			if isURLAttr(key) && dangerousURL(key, a.Val) {
				t.Errorf("%s: <%s %s=%q>", where, n.Data, a.Key, a.Val)
			}
			if key == "style" && (strings.Contains(strings.ToLower(a.Val), "javascript:") || strings.Contains(strings.ToLower(a.Val), "expression(")) {
				t.Errorf("%s: <%s style=%q>", where, n.Data, a.Val)
			}
		}
	}
}

// checkScript accepts the script elements the pages have of their own:
// the article's structured data (type application/ld+json, no src, a body
// that is one valid JSON document: a payload that closed the element early
// would leave broken JSON behind) and our scripts from /static/ (a src,
// no inline body).
func checkScript(t testing.TB, where string, n *html.Node) {
	t.Helper()
	var typ, src string
	for _, a := range n.Attr {
		switch strings.ToLower(a.Key) {
		case "type":
			typ = a.Val
		case "src":
			src = a.Val
		}
	}
	var body strings.Builder
	for c := range n.ChildNodes() {
		if c.Type == html.TextNode {
			body.WriteString(c.Data)
		}
	}
	switch {
	case src != "" && strings.HasPrefix(src, "/static/") && !strings.Contains(src, "..") && strings.TrimSpace(body.String()) == "":
	case src == "" && typ == "application/ld+json" && json.Valid([]byte(body.String())):
	default:
		t.Errorf("%s: <script type=%q src=%q> that is not ours: %.120q", where, typ, src, body.String())
	}
}

func isURLAttr(key string) bool {
	switch key {
	case "href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "srcset", "cite", "manifest", "ping":
		return true
	}
	return false
}

// dangerousURL reports whether the URL in attribute key would run script
// when loaded or followed, as a browser reads it (spaces and control
// characters dropped, any case). Images may be data:image/ URLs.
func dangerousURL(key, v string) bool {
	v = strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToLower(v))
	for _, bad := range []string{"javascript:", "vbscript:", "livescript:"} {
		if strings.HasPrefix(v, bad) {
			return true
		}
	}
	if strings.HasPrefix(v, "data:") {
		return !(key == "src" || key == "srcset") || !strings.HasPrefix(v, "data:image/")
	}
	return false
}

// checkCSP fails unless the response carries a Content-Security-Policy
// that forbids inline script.
func checkCSP(t testing.TB, where string, h http.Header) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	if csp == "" || strings.Contains(csp, "'unsafe-inline'") && strings.Contains(csp, "script-src") ||
		strings.Contains(csp, "'unsafe-eval'") || !strings.Contains(csp, "object-src 'none'") {
		t.Errorf("%s: Content-Security-Policy %q", where, csp)
	}
	if strings.Contains(csp, "script-src") {
		for _, d := range strings.Split(csp, ";") {
			d = strings.TrimSpace(d)
			if strings.HasPrefix(d, "script-src") && (strings.Contains(d, "*") || strings.Contains(d, "data:") || strings.Contains(d, "http")) {
				t.Errorf("%s: loose %q", where, d)
			}
		}
	} else if !strings.Contains(csp, "default-src 'self'") && !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("%s: no script-src and no strict default-src in %q", where, csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options %q", where, h.Get("X-Content-Type-Options"))
	}
}
