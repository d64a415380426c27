package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/kiosque/kiosque/internal/article"
)

// headOf collects a page's meta tags (property or name → contents), its
// <link> elements and its JSON-LD blocks.
func headOf(doc *html.Node) (meta map[string][]string, links []*html.Node, ld []string) {
	meta = map[string][]string{}
	for _, m := range find(doc, "meta", "") {
		k := attr(m, "property") + attr(m, "name")
		meta[k] = append(meta[k], attr(m, "content"))
	}
	for _, s := range find(doc, "script", "") {
		if attr(s, "type") == "application/ld+json" {
			ld = append(ld, text(s))
		}
	}
	return meta, find(doc, "link", ""), ld
}

func TestArticleMetadata(t *testing.T) {
	f := newFixture(t)
	doc := f.page(t, "/"+f.main+"/", http.StatusOK)
	meta, links, ld := headOf(doc)
	canonical := "https://nouvelles.example/" + f.main + "/"
	for k, want := range map[string]string{
		"og:type": "article", "og:url": canonical, "og:site_name": "Nouvelles Du Monde", "og:locale": "fr_FR",
		"og:image": "https://nouvelles.example/media/demo/astana.svg", "article:section": "Monde",
		"twitter:card": "summary_large_image", "description": "Une rencontre sans éclat mais riche en accords techniques.",
	} {
		if got := meta[k]; len(got) != 1 || got[0] != want {
			t.Errorf("meta %s = %q, want %q", k, got, want)
		}
	}
	for _, k := range []string{"article:published_time", "article:modified_time"} {
		if len(meta[k]) != 1 {
			t.Fatalf("meta %s = %q", k, meta[k])
		}
		if _, err := time.Parse(time.RFC3339, meta[k][0]); err != nil {
			t.Errorf("%s: %v", k, err)
		}
	}
	if len(meta["article:tag"]) != 2 || len(meta["article:author"]) != 2 {
		t.Errorf("article:tag %q, article:author %q", meta["article:tag"], meta["article:author"])
	}
	if len(meta["description"]) != 1 || len(meta["og:title"]) != 1 {
		t.Errorf("description or og:title repeated: %q %q", meta["description"], meta["og:title"])
	}

	rels := map[string]string{}
	for _, l := range links {
		rels[attr(l, "rel")+" "+attr(l, "type")] = attr(l, "href")
	}
	for k, want := range map[string]string{
		"canonical ":                      canonical,
		"alternate application/rss+xml":   "https://nouvelles.example/feed/",
		"alternate application/atom+xml":  "https://nouvelles.example/feed/atom/",
		"alternate application/feed+json": "https://nouvelles.example/feed/json/",
	} {
		if rels[k] != want {
			t.Errorf("link %q = %q, want %q", k, rels[k], want)
		}
	}
	icon := rels["icon image/svg+xml"]
	if icon == "" || f.get(t, icon).Code != http.StatusOK {
		t.Errorf("icon %q not served", icon)
	}

	if len(ld) != 1 {
		t.Fatalf("%d JSON-LD blocks", len(ld))
	}
	var na struct {
		Type             string `json:"@type"`
		Headline         string `json:"headline"`
		DatePublished    string `json:"datePublished"`
		DateModified     string `json:"dateModified"`
		InLanguage       string `json:"inLanguage"`
		Image            []struct{ URL string }
		Author           []struct{ Name, URL string }
		MainEntityOfPage struct {
			ID string `json:"@id"`
		} `json:"mainEntityOfPage"`
		Publisher struct {
			Name string
			Logo struct{ URL string }
		}
	}
	if err := json.Unmarshal([]byte(ld[0]), &na); err != nil {
		t.Fatalf("JSON-LD: %v\n%s", err, ld[0])
	}
	if na.Type != "NewsArticle" || na.Headline != "Les ministres d’Asie centrale réunis à Astana" || na.InLanguage != "fr" ||
		na.MainEntityOfPage.ID != canonical || len(na.Image) != 1 || len(na.Author) != 2 || na.Publisher.Name != "Nouvelles Du Monde" {
		t.Errorf("JSON-LD = %+v", na)
	}
	if !strings.HasPrefix(na.Publisher.Logo.URL, "https://nouvelles.example/static/favicon.") {
		t.Errorf("publisher logo %q", na.Publisher.Logo.URL)
	}
	for _, d := range []string{na.DatePublished, na.DateModified} {
		if _, err := time.Parse(time.RFC3339, d); err != nil {
			t.Errorf("JSON-LD date: %v", err)
		}
	}
}

func TestListingFeedLinks(t *testing.T) {
	f := newFixture(t)
	tests := []struct{ path, want string }{
		{"/", ""},
		{"/category/monde/", "https://nouvelles.example/category/monde/feed/"},
		{"/author/claire-dubois/", "https://nouvelles.example/author/claire-dubois/feed/"},
		{"/tag/asie-centrale/", ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			_, links, ld := headOf(f.page(t, tt.path, http.StatusOK))
			var rss []string
			for _, l := range links {
				if attr(l, "type") == "application/rss+xml" {
					rss = append(rss, attr(l, "href"))
				}
			}
			want := []string{"https://nouvelles.example/feed/"}
			if tt.want != "" {
				want = append([]string{tt.want}, want...)
			}
			if strings.Join(rss, " ") != strings.Join(want, " ") {
				t.Errorf("RSS links %v, want %v", rss, want)
			}
			if len(ld) != 0 {
				t.Errorf("listing page has JSON-LD")
			}
			for _, feed := range rss {
				u, _ := url.Parse(feed)
				if rec := f.get(t, u.Path); rec.Code != http.StatusOK {
					t.Errorf("%s: status %d", u.Path, rec.Code)
				}
			}
		})
	}
}

// TestShareBlock checks the share links of the rendered article: each one
// points where formats.md says and carries the canonical URL and the title.
func TestShareBlock(t *testing.T) {
	f := newFixture(t)
	doc := f.page(t, "/"+f.main+"/", http.StatusOK)
	canonical := "https://nouvelles.example/" + f.main + "/"
	title := "Les ministres d’Asie centrale réunis à Astana"
	image := "https://nouvelles.example/media/demo/astana.svg"
	share := first(t, doc, "section", "share")
	if attr(share, "data-url") != canonical || attr(share, "data-title") != title {
		t.Errorf("share block data-url %q data-title %q", attr(share, "data-url"), attr(share, "data-title"))
	}
	// host and path, then query parameter → what it must hold.
	want := map[string]struct {
		prefix string
		params map[string][]string
	}{
		"facebook":  {"https://www.facebook.com/sharer/sharer.php", map[string][]string{"u": {canonical}}},
		"x":         {"https://twitter.com/intent/tweet", map[string][]string{"url": {canonical}, "text": {title}}},
		"linkedin":  {"https://www.linkedin.com/sharing/share-offsite/", map[string][]string{"url": {canonical}}},
		"pinterest": {"https://pinterest.com/pin/create/button/", map[string][]string{"url": {canonical}, "media": {image}, "description": {title}}},
		"whatsapp":  {"https://wa.me/", map[string][]string{"text": {title, canonical}}},
		"bluesky":   {"https://bsky.app/intent/compose", map[string][]string{"text": {title, canonical}}},
		"email":     {"mailto:", map[string][]string{"subject": {title}, "body": {canonical}}},
	}
	seen := map[string]bool{}
	for _, a := range find(share, "a", "") {
		href := attr(a, "href")
		network := strings.TrimPrefix(attr(a, "class"), "share-")
		seen[network] = true
		w, ok := want[network]
		if !ok {
			continue // a network formats.md leaves open (Mastodon's trampoline)
		}
		if !strings.HasPrefix(href, w.prefix) {
			t.Errorf("%s: %s does not start with %s", network, href, w.prefix)
		}
		u, err := url.Parse(href)
		if err != nil {
			t.Fatalf("%s: %v", network, err)
		}
		q, err := url.ParseQuery(u.RawQuery)
		if err != nil {
			t.Fatalf("%s: %v", network, err)
		}
		for param, parts := range w.params {
			for _, part := range parts {
				if !strings.Contains(q.Get(param), part) {
					t.Errorf("%s: %s = %q, want it to hold %q", network, param, q.Get(param), part)
				}
			}
		}
		if network != "email" && (attr(a, "rel") == "" || !strings.Contains(attr(a, "rel"), "noopener")) {
			t.Errorf("%s: rel %q", network, attr(a, "rel"))
		}
	}
	for network := range want {
		if !seen[network] {
			t.Errorf("no %s link", network)
		}
	}

	// The copy-link and native share buttons wait, hidden, for the script.
	for _, class := range []string{"share-copy", "share-native"} {
		b := first(t, share, "button", class)
		if !hasAttr(b, "hidden") || text(b) == "" {
			t.Errorf("button %s: hidden=%v text %q", class, hasAttr(b, "hidden"), text(b))
		}
	}
	script := first(t, share, "script", "")
	rec := f.get(t, attr(script, "src"))
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/javascript") ||
		!strings.Contains(rec.Body.String(), "navigator.share") {
		t.Errorf("share script %s: %d %q", attr(script, "src"), rec.Code, rec.Header().Get("Content-Type"))
	}
}

func TestHreflangAlternates(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	mk := func(title, lang string, status article.Status) *article.Article {
		a := &article.Article{Title: title, Body: "Texte.", Lang: lang, Status: status,
			PublishedAt: f.now.Add(-time.Hour), TranslationGroup: 7}
		if err := f.st.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	fr := mk("Le sommet de Douchanbé", "fr", article.Published)
	en := mk("The Dushanbe summit", "en", article.Published)
	mk("Brouillon en anglais", "en", article.Draft)

	doc := f.page(t, "/"+fr.Slug+"/", http.StatusOK)
	// Readers see the other version too, named in the page's language.
	p := first(t, doc, "p", "translations")
	a := first(t, p, "a", "")
	if text(a) != "anglais" || attr(a, "href") != "https://nouvelles.example/"+en.Slug+"/" || attr(a, "hreflang") != "en" {
		t.Errorf("translation link %q → %s (hreflang %q)", text(a), attr(a, "href"), attr(a, "hreflang"))
	}
	_, links, _ := headOf(doc)
	got := map[string]string{}
	for _, l := range links {
		if h := attr(l, "hreflang"); h != "" {
			got[h] = attr(l, "href")
		}
	}
	want := map[string]string{
		"fr": "https://nouvelles.example/" + fr.Slug + "/",
		"en": "https://nouvelles.example/" + en.Slug + "/",
	}
	if len(got) != 2 || got["fr"] != want["fr"] || got["en"] != want["en"] {
		t.Errorf("hreflang links %v, want %v", got, want)
	}
	// An article without translations has none.
	doc = f.page(t, "/"+f.main+"/", http.StatusOK)
	if len(all(doc, func(n *html.Node) bool { return n.Data == "p" && hasClass(n, "translations") })) != 0 {
		t.Error("a translations line on an article that has none")
	}
	_, links, _ = headOf(doc)
	for _, l := range links {
		if attr(l, "hreflang") != "" {
			t.Errorf("unexpected hreflang link %s", attr(l, "href"))
		}
	}
}
