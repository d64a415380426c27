package web

import (
	"errors"
	"html/template"
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
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/markup"
)

// TestArticleAnatomy checks the article page has every part of the seed
// page's anatomy (DESIGN.md), found by selector in the parsed HTML.
func TestArticleAnatomy(t *testing.T) {
	f := newFixture(t)
	doc := f.page(t, "/"+f.main+"/", 200)
	const title = "Les ministres d’Asie centrale réunis à Astana"

	t.Run("title and h1", func(t *testing.T) {
		if got := text(first(t, doc, "title", "")); got != title+" – Nouvelles Du Monde" {
			t.Errorf("<title> %q", got)
		}
		if h1 := find(doc, "h1", ""); len(h1) != 1 || text(h1[0]) != title {
			t.Errorf("want one h1 %q, got %d", title, len(h1))
		}
	})
	t.Run("metadata", func(t *testing.T) {
		meta := map[string]string{}
		for _, m := range find(doc, "meta", "") {
			meta[attr(m, "property")+attr(m, "name")] = attr(m, "content")
		}
		want := map[string]string{
			"og:title":    title,
			"og:type":     "article",
			"og:url":      "https://nouvelles.example/" + f.main + "/",
			"og:image":    "https://nouvelles.example/media/demo/astana.svg",
			"description": "Une rencontre sans éclat mais riche en accords techniques.",
		}
		for k, v := range want {
			if meta[k] != v {
				t.Errorf("meta %s = %q, want %q", k, meta[k], v)
			}
		}
		var ld []*html.Node
		for _, s := range find(doc, "script", "") {
			if attr(s, "type") == "application/ld+json" {
				ld = append(ld, s)
			}
		}
		if len(ld) != 1 || !strings.Contains(text(ld[0]), `"@type":"NewsArticle"`) {
			t.Errorf("no NewsArticle JSON-LD")
		}
	})
	t.Run("lead, breadcrumb, byline", func(t *testing.T) {
		if got := text(first(t, doc, "p", "lead")); got != "Une rencontre sans éclat mais riche en accords techniques." {
			t.Errorf("lead %q", got)
		}
		crumbs := find(first(t, doc, "nav", "breadcrumb"), "a", "")
		if len(crumbs) != 2 || attr(crumbs[0], "href") != "/" || attr(crumbs[1], "href") != "/category/monde/" || text(crumbs[1]) != "Monde" {
			t.Errorf("breadcrumb is not home › Monde")
		}
		byline := first(t, doc, "p", "byline")
		var authors []string
		for _, a := range find(byline, "a", "") {
			authors = append(authors, attr(a, "href"))
		}
		if strings.Join(authors, " ") != "/author/claire-dubois/ /author/marc-petit/" {
			t.Errorf("byline author links %v", authors)
		}
		tm := first(t, byline, "time", "")
		if text(tm) != "27 novembre 2026" || !strings.HasPrefix(attr(tm, "datetime"), "2026-11-27T15:00:00+01:00") {
			t.Errorf("date %q (%s)", text(tm), attr(tm, "datetime"))
		}
		if got := text(first(t, byline, "span", "reading-time")); got != "Lecture : 1 min" {
			t.Errorf("reading time %q", got)
		}
	})
	t.Run("featured image", func(t *testing.T) {
		fig := first(t, doc, "figure", "featured")
		img := first(t, fig, "img", "")
		if attr(img, "src") != "/media/demo/astana.svg" || attr(img, "alt") != "La place centrale d’Astana" {
			t.Errorf("featured img %v", img.Attr)
		}
		if got := text(first(t, fig, "figcaption", "")); got != "Astana, mardi. Crédit : Rédaction" {
			t.Errorf("caption %q", got)
		}
	})
	t.Run("body with read-also boxes and ad", func(t *testing.T) {
		body := first(t, doc, "div", "article-body")
		var seq []string
		for c := body.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type != html.ElementNode:
			case hasClass(c, "read-also"):
				seq = append(seq, "R")
			case hasClass(c, "ad-slot"):
				seq = append(seq, "A")
			case c.Data == "p":
				seq = append(seq, "p")
			default:
				seq = append(seq, c.Data)
			}
		}
		// Boxes after paragraphs 3, 7 and 11; the ad after paragraph 5.
		want := "p p p R p p A p p R p p p p R p p p"
		if got := strings.Join(seq, " "); got != want {
			t.Errorf("body layout\n got %s\nwant %s", got, want)
		}
		for _, box := range find(body, "aside", "read-also") {
			a := first(t, box, "a", "")
			href := attr(a, "href")
			if !strings.HasPrefix(text(box), "Lire aussi") || href == "/"+f.main+"/" || text(a) == "" {
				t.Errorf("read-also box %q → %s", text(box), href)
			}
			for _, hidden := range []string{f.draft, f.scheduled, f.future} {
				if href == "/"+hidden+"/" {
					t.Errorf("read-also links the unpublished %s", hidden)
				}
			}
		}
	})
	t.Run("source and tags", func(t *testing.T) {
		if got := text(first(t, doc, "p", "source")); got != "Source : Agence Exemple · Traduit de l’original en anglais" {
			t.Errorf("source %q", got)
		}
		tags := find(first(t, doc, "ul", "tags"), "a", "")
		if len(tags) != 2 || attr(tags[0], "href") != "/tag/asie-centrale/" {
			t.Errorf("tags %d", len(tags))
		}
	})
	t.Run("share links", func(t *testing.T) {
		links := find(first(t, doc, "section", "share"), "a", "")
		got := map[string]string{}
		for _, a := range links {
			got[text(a)] = attr(a, "href")
		}
		for _, name := range []string{"Facebook", "X", "LinkedIn", "Pinterest", "WhatsApp", "Bluesky", "Mastodon", "Courriel"} {
			if got[name] == "" {
				t.Errorf("no %s share link", name)
			}
		}
		pin, err := url.Parse(got["Pinterest"])
		if err != nil || pin.Query().Get("media") != "https://nouvelles.example/media/demo/astana.svg" {
			t.Errorf("Pinterest link without the image: %s", got["Pinterest"])
		}
		fb, _ := url.Parse(got["Facebook"])
		if fb.Query().Get("u") != "https://nouvelles.example/"+f.main+"/" {
			t.Errorf("Facebook link %s", got["Facebook"])
		}
	})
	t.Run("read also list", func(t *testing.T) {
		list := find(first(t, doc, "section", "read-also-list"), "article", "teaser")
		if len(list) == 0 || len(list) > readAlsoAtEnd {
			t.Errorf("%d articles in the end list", len(list))
		}
	})
	t.Run("ad slots", func(t *testing.T) {
		slots := find(doc, "aside", "ad-slot")
		pos := map[string]bool{}
		for _, s := range slots {
			pos[attr(s, "data-position")] = true
			if got := text(first(t, s, "span", "ad-label")); got != "Publicité" {
				t.Errorf("ad label %q", got)
			}
		}
		for _, p := range []string{"header", "in-article", "end"} {
			if !pos[p] {
				t.Errorf("no %s ad slot", p)
			}
		}
	})
	t.Run("comments", func(t *testing.T) {
		c := first(t, doc, "section", "comments")
		form := first(t, c, "form", "comment-form")
		if attr(form, "method") != "post" || attr(form, "action") != "/"+f.main+"/comments/" {
			t.Errorf("form posts %s to %s", attr(form, "method"), attr(form, "action"))
		}
		names := map[string]bool{}
		for _, in := range all(form, func(n *html.Node) bool { return n.Data == "input" || n.Data == "textarea" }) {
			names[attr(in, "name")] = true
			if id := attr(in, "id"); len(all(form, func(n *html.Node) bool { return n.Data == "label" && attr(n, "for") == id })) != 1 {
				t.Errorf("field %s has no label", attr(in, "name"))
			}
		}
		for _, n := range []string{"name", "email", "url", "text"} {
			if !names[n] {
				t.Errorf("no %s field", n)
			}
		}
		notice := first(t, c, "p", "spam-notice")
		if a := first(t, notice, "a", ""); attr(a, "href") != "/privacy/" {
			t.Errorf("spam notice links %q", attr(a, "href"))
		}
		if !strings.Contains(text(notice), "filtre anti-spam") {
			t.Errorf("spam notice %q", text(notice))
		}
	})
}

func TestCommentsClosed(t *testing.T) {
	f := newFixture(t)
	if err := f.st.SaveSettings(t.Context(), map[string]string{"comments.policy": "closed"}); err != nil {
		t.Fatal(err)
	}
	doc := f.page(t, "/"+f.main+"/", 200)
	if len(find(doc, "form", "comment-form")) != 0 {
		t.Error("comment form shown on a site with comments closed")
	}
	first(t, doc, "p", "comments-closed")
}

func TestLayoutBody(t *testing.T) {
	related := make([]article.Article, 5)
	for i := range related {
		related[i].ID = article.ID(i + 1)
	}
	paras := func(n int) []markup.Block {
		b := make([]markup.Block, n)
		for i := range b {
			b[i] = markup.Block{HTML: "<p>x</p>", Paragraph: true}
		}
		return b
	}
	tests := []struct {
		name    string
		blocks  []markup.Block
		related int
		want    string
		used    int
	}{
		{"empty", nil, 5, "", 0},
		{"three paragraphs: no box after the last", paras(3), 5, "ppp", 0},
		{"four paragraphs", paras(4), 5, "pppRp", 1},
		{"no related articles", paras(8), 0, "pppppAppp", 0},
		{"long article: at most three boxes", paras(20), 5, "pppRppAppRppppRppppppppp", 3},
		{"fewer related than slots", paras(12), 1, "pppRppAppppppp", 1},
		{"headings do not count", append([]markup.Block{{HTML: "<h2>t</h2>"}}, paras(4)...), 5, "hpppRp", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, used := layoutBody(tt.blocks, related[:tt.related], map[int]template.HTML{5: "ad"})
			var b strings.Builder
			for _, p := range parts {
				switch {
				case p.ReadAlso != nil:
					b.WriteString("R")
				case p.Ad != "":
					b.WriteString("A")
				case strings.HasPrefix(string(p.HTML), "<p>"):
					b.WriteString("p")
				default:
					b.WriteString("h")
				}
			}
			if b.String() != tt.want || used != tt.used {
				t.Errorf("got %s (used %d), want %s (used %d)", b.String(), used, tt.want, tt.used)
			}
		})
	}
}

func TestShareLinksEncoding(t *testing.T) {
	pageURL := "https://nouvelles.example/l-ete-a-paris/?x=1&y=2"
	title := "L’été à Paris : 100 % soleil & « chaleur » #canicule"
	for _, l := range shareLinks(pageURL, title, "https://nouvelles.example/i.svg", "Courriel") {
		u, err := url.Parse(l.URL)
		if err != nil {
			t.Fatalf("%s: %v", l.Network, err)
		}
		if strings.ContainsAny(l.URL, " +«#") && l.Network != "email" {
			t.Errorf("%s: unencoded characters in %s", l.Network, l.URL)
		}
		q := u.Query()
		if strings.Contains(l.URL, "+") {
			t.Errorf("%s: + for spaces: %s", l.Network, l.URL)
		}
		var values []string
		for _, v := range q {
			values = append(values, v...)
		}
		all := strings.Join(values, "\n")
		if !strings.Contains(all, pageURL) {
			t.Errorf("%s: the page URL does not survive encoding: %q", l.Network, all)
		}
		if l.Network != "facebook" && l.Network != "linkedin" && !strings.Contains(all, title) {
			t.Errorf("%s: the title does not survive encoding: %q", l.Network, all)
		}
	}
}

func TestListPages(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		path, h1 string
		teasers  int
		next     string
	}{
		{"/category/monde/", "Monde", 9, ""},
		{"/category/culture/", "Culture", 0, ""},
		{"/tag/asie-centrale/", "Asie centrale", perPage, "/tag/asie-centrale/page/2/"},
		{"/tag/asie-centrale/page/2/", "Asie centrale", f.visible - perPage, ""},
		{"/tag/diplomatie/", "Diplomatie", 1, ""},
		{"/author/claire-dubois/", "Claire Dubois", 1, ""},
		{"/author/marc-petit/", "Marc Petit", perPage, "/author/marc-petit/page/2/"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			doc := f.page(t, tt.path, 200)
			if got := text(first(t, doc, "h1", "")); got != tt.h1 {
				t.Errorf("h1 %q, want %q", got, tt.h1)
			}
			teasers := find(doc, "article", "teaser")
			if len(teasers) != tt.teasers {
				t.Errorf("%d teasers, want %d", len(teasers), tt.teasers)
			}
			if tt.teasers == 0 {
				first(t, doc, "p", "empty")
			}
			var next string
			for _, a := range find(doc, "a", "") {
				if attr(a, "rel") == "next" {
					next = attr(a, "href")
				}
			}
			if next != tt.next {
				t.Errorf("next page %q, want %q", next, tt.next)
			}
			for _, a := range find(doc, "a", "") {
				for _, hidden := range []string{f.draft, f.scheduled, f.future} {
					if attr(a, "href") == "/"+hidden+"/" {
						t.Errorf("links the unpublished %s", hidden)
					}
				}
			}
		})
	}
}

func TestHomePage(t *testing.T) {
	f := newFixture(t)
	doc := f.page(t, "/", 200)
	top := first(t, first(t, doc, "div", "top-story"), "a", "")
	if attr(top, "href") == "" {
		t.Fatal("no top story link")
	}
	if got := attr(first(t, first(t, doc, "div", "top-story"), "h2", "teaser-title").FirstChild, "href"); got != "/"+f.main+"/" {
		t.Errorf("top story %q, want the newest article", got)
	}
	sections := find(doc, "section", "section")
	var names []string
	for _, s := range sections {
		names = append(names, text(first(t, s, "h2", "")))
	}
	// Culture has nothing to show; Monde and Économie have older articles.
	if strings.Join(names, ",") != "Monde,Économie" {
		t.Errorf("category blocks %v", names)
	}
	if got := len(find(doc, "article", "teaser")); got < perPage {
		t.Errorf("%d teasers on the home page", got)
	}
	seen := map[string]int{}
	for _, a := range find(doc, "h3", "teaser-title") {
		seen[attr(a.FirstChild, "href")]++
	}
	for href, n := range seen {
		if n > 1 {
			t.Errorf("%s shown %d times", href, n)
		}
	}
	page2 := f.page(t, "/page/2/", 200)
	if got := len(find(page2, "article", "teaser")); got != f.visible-perPage {
		t.Errorf("page 2: %d teasers, want %d", got, f.visible-perPage)
	}
	if got := text(first(t, page2, "h1", "")); got != "Page 2" {
		t.Errorf("page 2 h1 %q", got)
	}
}

func TestHomeEmptySite(t *testing.T) {
	f := newFixture(t)
	f.now = fixtureNow.AddDate(-1, 0, 0) // before anything was published
	doc := f.page(t, "/", 200)
	if got := text(first(t, doc, "p", "empty")); got != "Aucun article n’est encore publié." {
		t.Errorf("empty home says %q", got)
	}
	f.page(t, "/page/2/", 404)
}

func TestScheduledArticleAppearsOnTime(t *testing.T) {
	f := newFixture(t)
	f.page(t, "/"+f.future+"/", 404)
	f.now = fixtureNow.Add(25 * time.Hour)
	f.page(t, "/"+f.future+"/", 200)
}

func TestPrivacyPage(t *testing.T) {
	f := newFixture(t)
	doc := f.page(t, "/privacy/", 200)
	body := text(first(t, doc, "main", ""))
	for _, want := range []string{"nom", "adresse électronique", "site web", "adresse IP", "navigateur", "texte de votre commentaire",
		"14 jours", "Pour toute question, écrivez à la rédaction."} {
		if !strings.Contains(body, want) {
			t.Errorf("privacy page does not mention %q", want)
		}
	}
}

func TestRecoverPanic(t *testing.T) {
	f := newFixture(t)
	h, err := newHandler(Options{Store: f.st, Messages: i18n.MustNew(), Now: func() time.Time { return f.now }})
	if err != nil {
		t.Fatal(err)
	}
	boom := h.recoverPanic(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	rec := httptest.NewRecorder()
	boom.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), "Erreur du serveur") {
		t.Errorf("panic gave %d", rec.Code)
	}
}

func TestBodyLimit(t *testing.T) {
	var got error
	h := limitBody(10, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, got = io.ReadAll(r.Body)
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("x", 11))))
	var maxErr *http.MaxBytesError
	if !errors.As(got, &maxErr) {
		t.Errorf("reading 11 bytes with a limit of 10: %v", got)
	}
}

func TestTruncate(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"court", "court"},
		{"un deux trois quatre", "un deux…"},
	} {
		if got := truncate(tt.in, 10); got != tt.want {
			t.Errorf("truncate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCommentFormKeepsInput renders the page as the comment handler will
// when a form comes back with errors: what the reader typed stays.
func TestCommentFormKeepsInput(t *testing.T) {
	f := newFixture(t)
	h, err := newHandler(Options{Store: f.st, Messages: i18n.MustNew(), Now: func() time.Time { return f.now }})
	if err != nil {
		t.Fatal(err)
	}
	a, err := h.visibleArticle(t.Context(), f.main)
	if err != nil {
		t.Fatal(err)
	}
	p, err := h.articlePage(t.Context(), a)
	if err != nil {
		t.Fatal(err)
	}
	p.Comments.Form = CommentForm{Name: "Léa", Email: "pas-une-adresse", Text: "Très <b>bon</b> article.",
		Errors: map[string]string{"email": "web.comments.email"}}
	rec := httptest.NewRecorder()
	if err := h.render(rec, http.StatusUnprocessableEntity, "article", p); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	form := first(t, doc, "form", "comment-form")
	values := map[string]string{}
	for _, in := range find(form, "input", "") {
		values[attr(in, "name")] = attr(in, "value")
	}
	values["text"] = text(first(t, form, "textarea", ""))
	if values["name"] != "Léa" || values["email"] != "pas-une-adresse" || values["text"] != "Très <b>bon</b> article." {
		t.Errorf("form values %v", values)
	}
	if errs := find(form, "span", "field-error"); len(errs) != 1 {
		t.Errorf("%d field errors shown, want 1", len(errs))
	}
}

// FuzzShareLinks checks that any title and URL survive the encoding of
// every share link: the URL parses and gives back the values.
func FuzzShareLinks(f *testing.F) {
	f.Add("https://nouvelles.example/a/", "L’été : 100 % & « chaleur » #x")
	f.Add("https://n.example/?q=a+b&c=d", "a+b=c;d/e?f")
	f.Add("https://n.example/", "\x00\n\t ")
	f.Fuzz(func(t *testing.T, pageURL, title string) {
		if !utf8.ValidString(title) || !utf8.ValidString(pageURL) {
			t.Skip()
		}
		for _, l := range shareLinks(pageURL, title, pageURL, "Courriel") {
			u, err := url.Parse(l.URL)
			if err != nil {
				t.Fatalf("%s: %v", l.Network, err)
			}
			var got []string
			for _, v := range u.Query() {
				got = append(got, v...)
			}
			if !strings.Contains(strings.Join(got, "\x00"), pageURL) {
				t.Fatalf("%s: page URL lost in %s", l.Network, l.URL)
			}
		}
	})
}

// BenchmarkArticlePage measures a whole article page, store included
// (no page cache yet).
func BenchmarkArticlePage(b *testing.B) {
	f := newFixture(b)
	path := "/" + f.main + "/"
	b.ReportAllocs()
	for b.Loop() {
		if rec := f.get(b, path); rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}
