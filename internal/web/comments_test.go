package web

import (
	"bytes"
	"context"
	stdhtml "html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/comment/notify"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/spam"
	"github.com/kiosque/kiosque/internal/store"
)

// commentSite is the fixture's site with the real spam filter and form
// tokens, as serve wires them.
type commentSite struct {
	*fixture
	tokens *spam.Tokens
}

func newCommentSite(t testing.TB) *commentSite {
	t.Helper()
	f := newFixture(t)
	cs := &commentSite{fixture: f}
	now := func() time.Time { return f.now }
	tokens, err := spam.NewTokens([]byte("0123456789abcdef0123456789abcdef"), nil)
	if err != nil {
		t.Fatal(err)
	}
	filter, err := spam.New(spam.Options{Tokens: tokens, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	cs.tokens = tokens
	h, err := New(Options{Store: f.st, Messages: i18n.MustNew(), Now: now, DemoMedia: demoFS,
		Spam: filter, Tokens: tokens})
	if err != nil {
		t.Fatal(err)
	}
	f.h = h
	return cs
}

// form returns valid form values for the main article, with a token issued
// a minute ago; edit changes them.
func (cs *commentSite) form(t testing.TB, edit func(url.Values)) url.Values {
	t.Helper()
	a, err := cs.st.ArticleBySlug(context.Background(), cs.main)
	if err != nil {
		t.Fatal(err)
	}
	v := url.Values{
		"name":  {"Aïcha Benali"},
		"email": {"aicha@example.org"},
		"url":   {"https://aicha.example.org/"},
		"text":  {"Merci pour cet article très clair sur la réunion d’Astana.\n\nLes accords ferroviaires méritent un suivi."},
		"token": {cs.tokens.Issue(cs.now.Add(-time.Minute), strconv.FormatInt(int64(a.ID), 10))},
	}
	if edit != nil {
		edit(v)
	}
	return v
}

// post sends the comment form from addr.
func (cs *commentSite) post(t testing.TB, slug string, v url.Values, addr string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/"+slug+"/comments/", strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = addr + ":4242"
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	cs.h.ServeHTTP(rec, req)
	return rec
}

func parse(t testing.TB, rec *httptest.ResponseRecorder) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func byID(doc *html.Node, id string) *html.Node {
	m := all(doc, func(n *html.Node) bool { return attr(n, "id") == id })
	if len(m) == 0 {
		return nil
	}
	return m[0]
}

func (cs *commentSite) comments(t testing.TB) []comment.Comment {
	t.Helper()
	list, _, err := cs.st.ListComments(context.Background(), store.CommentFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func TestPostCommentAndReply(t *testing.T) {
	cs := newCommentSite(t)
	doc := cs.page(t, "/"+cs.main+"/", 200)
	form := first(t, doc, "form", "comment-form")
	if attr(form, "action") != "/"+cs.main+"/comments/" || attr(form, "method") != "post" {
		t.Errorf("form posts to %q %q", attr(form, "method"), attr(form, "action"))
	}
	if hp := first(t, doc, "p", "comment-hp"); !hasAttr(hp, "hidden") {
		t.Error("the honeypot is visible")
	}
	if tok := all(doc, func(n *html.Node) bool { return attr(n, "name") == "token" }); len(tok) != 1 || attr(tok[0], "value") == "" {
		t.Error("no form token")
	}

	rec := cs.post(t, cs.main, cs.form(t, nil), "192.0.2.10")
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("post: %d\n%s", rec.Code, rec.Body)
	}
	list := cs.comments(t)
	if len(list) != 1 || list[0].State != comment.Approved {
		t.Fatalf("stored: %+v", list)
	}
	c := list[0]
	want := "/" + cs.main + "/#comment-" + strconv.FormatInt(int64(c.ID), 10)
	if loc := rec.Header().Get("Location"); loc != want {
		t.Errorf("Location %q, want %q", loc, want)
	}
	if c.IP != "192.0.2.10" || c.AuthorEmail != "aicha@example.org" {
		t.Errorf("stored %+v", c)
	}

	// Reply through the no-JavaScript link.
	doc = cs.page(t, "/"+cs.main+"/?replyto="+strconv.FormatInt(int64(c.ID), 10), 200)
	if h3 := text(first(t, doc, "form", "comment-form")); !strings.Contains(h3, "Répondre à Aïcha Benali") {
		t.Errorf("reply form: %q", h3)
	}
	parent := all(doc, func(n *html.Node) bool { return attr(n, "name") == "parent" })
	if len(parent) != 1 || attr(parent[0], "value") != strconv.FormatInt(int64(c.ID), 10) {
		t.Fatalf("parent field: %v", parent)
	}
	cs.now = cs.now.Add(time.Minute)
	rec = cs.post(t, cs.main, cs.form(t, func(v url.Values) {
		v.Set("parent", attr(parent[0], "value"))
		v.Set("name", "Jean")
		v.Set("email", "jean@example.org")
		v.Set("text", "Je partage votre avis sur les corridors ferroviaires : la réunion d’Astana a montré que les pays de la région veulent avancer ensemble.")
	}), "192.0.2.11")
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("reply: %d", rec.Code)
	}
	doc = cs.page(t, "/"+cs.main+"/", 200)
	first(t, doc, "section", "comments")
	top := byID(doc, "comment-"+strconv.FormatInt(int64(c.ID), 10))
	if top == nil || !hasClass(top, "comment-level-1") {
		t.Fatalf("no top-level comment in the page")
	}
	replies := find(top, "li", "comment-level-2")
	if len(replies) != 1 || !strings.Contains(text(replies[0]), "corridors") {
		t.Errorf("reply not nested under its parent: %+v", cs.comments(t))
	}
	if got := text(first(t, top, "div", "comment-text")); !strings.Contains(got, "Les accords ferroviaires") {
		t.Errorf("text %q", got)
	}
	if n := len(find(top, "p", "")); n < 2 {
		t.Errorf("paragraphs kept: %d <p>", n)
	}
	if got := text(first(t, doc, "h2", "")); got == "" {
		t.Error("no title")
	}
	if a := first(t, top, "span", "comment-author"); !strings.Contains(text(a), "Aïcha") {
		t.Errorf("author %q", text(a))
	}
	if strings.Contains(cs.get(t, "/"+cs.main+"/").Body.String(), "aicha@example.org") {
		t.Error("the e-mail address is shown")
	}
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func TestCommentBadInput(t *testing.T) {
	script := `<script>alert("x")</script><img src=x onerror=alert(1)>`
	for _, c := range []struct {
		name   string
		edit   func(url.Values)
		status int
		field  string // id of the expected field error, "" if none
		msg    string // class of the form-level message
	}{
		{"empty fields", func(v url.Values) { v.Set("name", ""); v.Set("email", ""); v.Set("text", " ") }, 422, "c-text-error", "comment-error"},
		{"text too long", func(v url.Values) { v.Set("text", strings.Repeat("é", comment.MaxText+1)) }, 422, "c-text-error", "comment-error"},
		{"name too long", func(v url.Values) { v.Set("name", strings.Repeat("n", 101)) }, 422, "c-name-error", "comment-error"},
		{"invalid UTF-8", func(v url.Values) { v.Set("text", "Bonjour \xff\xfe") }, 422, "c-text-error", "comment-error"},
		{"bad e-mail", func(v url.Values) { v.Set("email", script) }, 422, "c-email-error", "comment-error"},
		{"javascript URL", func(v url.Values) { v.Set("url", "javascript:alert(1)") }, 422, "c-url-error", "comment-error"},
		{"forged parent", func(v url.Values) { v.Set("parent", "987654") }, 422, "", "comment-error"},
		{"parent not a number", func(v url.Values) { v.Set("parent", "1 OR 1=1") }, 422, "", "comment-error"},
		{"missing token", func(v url.Values) { v.Del("token") }, 422, "", "comment-error"},
		{"tampered token", func(v url.Values) { v.Set("token", v.Get("token")[:10]+"AAAA"+v.Get("token")[14:]) }, 422, "", "comment-error"},
		{"token of another article", func(v url.Values) { v.Set("token", "") }, 422, "", "comment-error"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cs := newCommentSite(t)
			v := cs.form(t, c.edit)
			rec := cs.post(t, cs.main, v, "192.0.2.20")
			if rec.Code != c.status {
				t.Fatalf("status %d, want %d", rec.Code, c.status)
			}
			doc := parse(t, rec)
			if c.field != "" && byID(doc, c.field) == nil {
				t.Errorf("no #%s", c.field)
			}
			first(t, doc, "p", c.msg)
			if n := len(cs.comments(t)); n != 0 {
				t.Errorf("%d comments stored", n)
			}
			// The reader's input comes back intact (the text as typed, once
			// tidied), with a fresh token.
			if ta := first(t, doc, "textarea", ""); utf8Valid(v.Get("text")) && rawText(ta) != strings.TrimSpace(v.Get("text")) {
				t.Errorf("text not kept: %q", rawText(ta))
			}
			if tok := all(doc, func(n *html.Node) bool { return attr(n, "name") == "token" }); len(tok) != 1 || attr(tok[0], "value") == v.Get("token") {
				t.Error("no fresh token")
			}
			if rec.Header().Get("Cache-Control") != "private, no-store" {
				t.Errorf("Cache-Control %q", rec.Header().Get("Cache-Control"))
			}
		})
	}
}

// rawText is the text of n's first child, white space kept.
func rawText(n *html.Node) string {
	if n.FirstChild == nil {
		return ""
	}
	return n.FirstChild.Data
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "") == s }

func TestCommentScriptShownAsText(t *testing.T) {
	cs := newCommentSite(t)
	script := `<script>alert("x")</script>`
	rec := cs.post(t, cs.main, cs.form(t, func(v url.Values) {
		v.Set("name", "Zoé "+script)
		v.Set("text", "Voici du code : "+script+` <a href="javascript:alert(1)">lien</a> <b onmouseover=alert(1)>gras</b>`)
	}), "192.0.2.30")
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("status %d", rec.Code)
	}
	list := cs.comments(t)
	if len(list) != 1 {
		t.Fatalf("stored %d", len(list))
	}
	if list[0].State != comment.Approved {
		cs.st.SetCommentState(context.Background(), comment.Approved, list[0].ID)
	}
	body := cs.get(t, "/"+cs.main+"/").Body.String()
	for _, bad := range []string{"<script>alert", "<b onmouseover", `href="javascript:`, "<a href=\"javascript"} {
		if strings.Contains(body, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if !strings.Contains(body, "&lt;script&gt;alert") {
		t.Error("the script is not shown as text")
	}
}

func TestCommentNotFoundAndClosed(t *testing.T) {
	cs := newCommentSite(t)
	for name, slug := range map[string]string{"missing": "nexiste-pas", "draft": cs.draft, "future": cs.future} {
		if rec := cs.post(t, slug, cs.form(t, nil), "192.0.2.40"); rec.Code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", name, rec.Code)
		}
	}
	if rec := httptestDo(cs.fixture, http.MethodGet, "/"+cs.main+"/comments/"); rec.Code != http.StatusNotFound && rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET comments/: %d", rec.Code)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(cs.st.SaveSettings(context.Background(), map[string]string{"comments.policy": "closed"}))
	doc := cs.page(t, "/"+cs.main+"/", 200)
	if len(find(doc, "form", "comment-form")) != 0 {
		t.Error("form shown on a closed site")
	}
	first(t, doc, "p", "comments-closed")
	rec := cs.post(t, cs.main, cs.form(t, nil), "192.0.2.40")
	if rec.Code != http.StatusForbidden {
		t.Fatalf("closed: %d", rec.Code)
	}
	doc = parse(t, rec)
	if !strings.Contains(text(first(t, doc, "p", "comment-error")), "fermés") {
		t.Error("no closed message")
	}
	// Closed after N days: the main article is 30 minutes old.
	must(cs.st.SaveSettings(context.Background(), map[string]string{"comments.policy": "open", "comments.close_after_days": "1"}))
	first(t, cs.page(t, "/"+cs.main+"/", 200), "form", "comment-form")
	cs.now = cs.now.Add(24 * time.Hour)
	if rec := cs.post(t, cs.main, cs.form(t, nil), "192.0.2.40"); rec.Code != http.StatusForbidden {
		t.Errorf("a day later: %d", rec.Code)
	}
	if n := len(cs.comments(t)); n != 0 {
		t.Errorf("%d comments stored", n)
	}
}

func TestCommentDuplicateAndRemember(t *testing.T) {
	cs := newCommentSite(t)
	v := cs.form(t, func(v url.Values) { v.Set("remember", "1") })
	rec := cs.post(t, cs.main, v, "192.0.2.50")
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("first: %d", rec.Code)
	}
	var ck *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == CommenterCookie {
			ck = c
		}
	}
	if ck == nil || ck.MaxAge <= 0 || !ck.HttpOnly || !strings.Contains(ck.Value, "aicha") {
		t.Fatalf("remember cookie: %+v", ck)
	}
	// A double click sends the same form, same token, twice: the second
	// lands on the first's comment, not on an error.
	if dbl := cs.post(t, cs.main, v, "192.0.2.50"); dbl.Code != http.StatusSeeOther || dbl.Header().Get("Location") != rec.Header().Get("Location") {
		t.Errorf("double click: %d %q", dbl.Code, dbl.Header().Get("Location"))
	}
	cs.now = cs.now.Add(30 * time.Second)
	again := cs.post(t, cs.main, cs.form(t, nil), "192.0.2.50") // same text, fresh token
	if again.Code != http.StatusSeeOther || again.Header().Get("Location") != rec.Header().Get("Location") {
		t.Errorf("double submission: %d %q", again.Code, again.Header().Get("Location"))
	}
	if n := len(cs.comments(t)); n != 1 {
		t.Errorf("%d comments after a double submission", n)
	}
	for _, c := range again.Result().Cookies() {
		if c.Name == CommenterCookie && c.MaxAge >= 0 {
			t.Errorf("unticked remember kept the cookie: %+v", c)
		}
	}
	// The remembered reader finds the form filled in.
	req := httptest.NewRequest(http.MethodGet, "/"+cs.main+"/", nil)
	req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	w := httptest.NewRecorder()
	cs.h.ServeHTTP(w, req)
	doc := parse(t, w)
	if got := attr(byID(doc, "c-email"), "value"); got != "aicha@example.org" {
		t.Errorf("remembered e-mail %q", got)
	}
	if !hasAttr(byID(doc, "c-remember"), "checked") {
		t.Error("remember box not ticked")
	}
	// Without the cookie nobody else's data appears.
	if strings.Contains(cs.get(t, "/"+cs.main+"/").Body.String(), `value="aicha@example.org"`) {
		t.Error("someone's e-mail in the shared page")
	}
}

func TestCommentHeldAndSpam(t *testing.T) {
	cs := newCommentSite(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(cs.st.SaveSettings(context.Background(), map[string]string{"comments.hold_first": "true"}))
	rec := cs.post(t, cs.main, cs.form(t, nil), "192.0.2.60")
	if loc := rec.Header().Get("Location"); rec.Code != 303 || loc != "/"+cs.main+"/?comment=pending#comments" {
		t.Fatalf("held: %d %q", rec.Code, loc)
	}
	loc, _, _ := strings.Cut(rec.Header().Get("Location"), "#") // browsers keep the fragment
	doc := cs.page(t, loc, 200)
	if !strings.Contains(text(first(t, doc, "p", "comment-notice")), "modération") {
		t.Error("no awaiting-moderation notice")
	}
	if len(find(doc, "li", "comment")) != 0 {
		t.Error("a held comment is shown")
	}
	// The honeypot: silently not published.
	rec = cs.post(t, cs.main, cs.form(t, func(v url.Values) {
		v.Set("website2", "http://bot.example/")
		v.Set("text", "Great post, visit my site for cheap watches.")
	}), "192.0.2.61")
	if rec.Code != 303 || !strings.Contains(rec.Header().Get("Location"), "comment=pending") {
		t.Errorf("honeypot: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	for _, c := range cs.comments(t) {
		if c.State == comment.Approved {
			t.Errorf("published: %+v", c)
		}
	}
}

func TestCommentRateLimit(t *testing.T) {
	cs := newCommentSite(t)
	var last *httptest.ResponseRecorder
	for i := range 12 {
		last = cs.post(t, cs.main, cs.form(t, func(v url.Values) {
			v.Set("text", "Commentaire numéro "+strconv.Itoa(i)+" sur la diplomatie régionale.")
		}), "192.0.2.70")
		cs.now = cs.now.Add(10 * time.Second)
	}
	if last.Code != http.StatusTooManyRequests || last.Header().Get("Retry-After") == "" {
		t.Fatalf("12th comment in two minutes: %d, Retry-After %q", last.Code, last.Header().Get("Retry-After"))
	}
	doc := parse(t, last)
	if !strings.Contains(text(first(t, doc, "p", "comment-error")), "minutes") {
		t.Error("no rate-limit message")
	}
	if ta := first(t, doc, "textarea", ""); !strings.Contains(text(ta), "numéro 11") {
		t.Error("text lost on 429")
	}
	// Another address may still comment.
	if rec := cs.post(t, cs.main, cs.form(t, func(v url.Values) { v.Set("text", "Une autre personne, un autre avis.") }), "192.0.2.71"); rec.Code != 303 {
		t.Errorf("other address: %d", rec.Code)
	}
}

func TestClientIP(t *testing.T) {
	for _, c := range []struct {
		name   string
		trust  bool
		remote string
		xff    []string
		want   string
	}{
		{"direct", false, "192.0.2.1:5000", nil, "192.0.2.1"},
		{"forwarded header ignored by default", false, "127.0.0.1:5000", []string{"198.51.100.7"}, "127.0.0.1"},
		{"behind a proxy", true, "127.0.0.1:5000", []string{"203.0.113.9, 198.51.100.7"}, "198.51.100.7"},
		{"several headers: the proxy's is last", true, "10.0.0.2:5000", []string{"203.0.113.9", "198.51.100.8"}, "198.51.100.8"},
		{"public peer cannot claim an address", true, "192.0.2.1:5000", []string{"198.51.100.7"}, "192.0.2.1"},
		{"garbage", true, "127.0.0.1:5000", []string{"<script>"}, "127.0.0.1"},
		{"IPv6", false, "[2001:db8::1]:443", nil, "2001:db8::1"},
	} {
		h := &handler{trustXFF: c.trust}
		r := httptest.NewRequest(http.MethodPost, "/", nil)
		r.RemoteAddr = c.remote
		for _, v := range c.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := h.clientIP(r); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestCommentNotifyOptIn(t *testing.T) {
	cs := newCommentSite(t)
	if byID(cs.page(t, "/"+cs.main+"/", 200), "c-notify") != nil {
		t.Error("the form offers e-mails without an SMTP server")
	}
	// An unreachable server: the offer shows, and a failed e-mail never
	// loses the comment.
	n := notify.New(notify.Config{Addr: "127.0.0.1:1", From: "site@example.org", Moderators: []string{"mod@example.org"}}, i18n.MustNew(), nil)
	h, err := New(Options{Store: cs.st, Messages: i18n.MustNew(), Now: func() time.Time { return cs.now }, Tokens: cs.tokens, Notify: n})
	if err != nil {
		t.Fatal(err)
	}
	cs.h = h
	if byID(cs.page(t, "/"+cs.main+"/", 200), "c-notify") == nil {
		t.Fatal("no notify box")
	}
	rec := cs.post(t, cs.main, cs.form(t, func(v url.Values) { v.Set("notify", "1") }), "192.0.2.80")
	n.Wait()
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("status %d", rec.Code)
	}
	list := cs.comments(t)
	if len(list) != 1 || !list[0].NotifyReplies || list[0].State != comment.Pending {
		t.Errorf("stored %+v (no filter: held)", list)
	}
}

// FuzzPostComment sends arbitrary form bodies to the comment handler: it
// never fails with a server error, and whatever it stores is a valid
// comment.
func FuzzPostComment(f *testing.F) {
	cs := newCommentSite(f)
	good := cs.form(f, nil)
	f.Add(good.Encode())
	f.Add("name=%3Cscript%3E&email=a%40b.c&text=%FF%FE&parent=-1&url=javascript:x")
	f.Add("text=" + strings.Repeat("é", 5001) + "&name=a&email=a%40b.co")
	f.Add("parent=99999999999999999999&token=%00&website2=x&remember=1")
	f.Add("%zz=&&&=")
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, "/"+cs.main+"/comments/", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		cs.h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("status %d for %q", rec.Code, body)
		}
		for _, c := range cs.comments(t) {
			in := comment.Input{Name: c.AuthorName, Email: c.AuthorEmail, URL: c.AuthorURL, Text: c.Text}
			if err := in.Validate(); err != nil {
				t.Fatalf("stored an invalid comment %+v: %v", c, err)
			}
		}
	})
}

// BenchmarkPostComment measures a whole comment submission: validation,
// token, spam filter, SQLite insert, redirect.
func BenchmarkPostComment(b *testing.B) {
	cs := newCommentSite(b)
	a, err := cs.st.ArticleBySlug(context.Background(), cs.main)
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i++
		v := url.Values{
			"name": {"Lecteur"}, "email": {"lecteur" + strconv.Itoa(i) + "@example.org"},
			"text":  {"Merci pour cet article très clair, numéro " + strconv.Itoa(i) + "."},
			"token": {cs.tokens.Issue(cs.now.Add(-time.Minute), strconv.FormatInt(int64(a.ID), 10))},
		}
		// Each from its own address, so the rate limit does not apply.
		if rec := cs.post(b, cs.main, v, "10.1."+strconv.Itoa(i/250%250)+"."+strconv.Itoa(i%250)); rec.Code != http.StatusSeeOther {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkArticleWith200Comments renders an article page under 200
// approved comments (no page cache).
func BenchmarkArticleWith200Comments(b *testing.B) {
	cs := newCommentSite(b)
	a, err := cs.st.ArticleBySlug(context.Background(), cs.main)
	if err != nil {
		b.Fatal(err)
	}
	for i := range 200 {
		c := &comment.Comment{ArticleID: a.ID, AuthorName: "Lecteur", AuthorEmail: "l@example.org",
			Text: "Commentaire " + strconv.Itoa(i) + " avec un lien https://example.org/ et deux paragraphes.\n\nFin.", State: comment.Approved}
		if i%2 == 1 {
			c.ParentID, c.Depth = comment.ID(i), 1
		}
		if _, err := cs.st.CreateComment(context.Background(), c); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if rec := cs.get(b, "/"+cs.main+"/"); rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}

// TestCommentSectionFrenchOnly looks for the English text of the comment
// messages on French pages: threads, the reply form, a form with errors.
func TestCommentSectionFrenchOnly(t *testing.T) {
	cs := newCommentSite(t)
	if rec := cs.post(t, cs.main, cs.form(t, nil), "192.0.2.90"); rec.Code != http.StatusSeeOther {
		t.Fatal(rec.Code)
	}
	id := strconv.FormatInt(int64(cs.comments(t)[0].ID), 10)
	bad := cs.post(t, cs.main, cs.form(t, func(v url.Values) { v.Set("email", "x"); v.Set("text", "") }), "192.0.2.91")
	b := i18n.MustNew()
	fr, en := b.Messages("fr"), b.Messages("en")
	for name, body := range map[string]string{
		"article":  cs.get(t, "/"+cs.main+"/").Body.String(),
		"reply":    cs.get(t, "/"+cs.main+"/?replyto="+id).Body.String(),
		"pending":  cs.get(t, "/"+cs.main+"/?comment=pending").Body.String(),
		"422 form": bad.Body.String(),
	} {
		for k, v := range en {
			if !strings.HasPrefix(k, "comment.") || v == fr[k] || len(v) <= 6 || strings.Contains(v, "%") {
				continue
			}
			if regexp.MustCompile(`(?:^|[^\pL])` + regexp.QuoteMeta(stdhtml.EscapeString(v)) + `(?:$|[^\pL])`).MatchString(body) {
				t.Errorf("%s page shows English %q", name, v)
			}
		}
	}
}
