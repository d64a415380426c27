package seo

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/site"
)

var now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

func testSite() site.Settings {
	s := site.Defaults()
	s.Name = "Nouvelles Du Monde"
	s.BaseURL = "https://example.org"
	return s
}

const hostile = `Fin </script><script>alert(1)</script> & "guillemets" <b>`

func testArticle() *article.Article {
	return &article.Article{
		ID: 7, Slug: "blinken-astana", Title: hostile, Lead: "Le **chef** de la diplomatie américaine à Astana.",
		Body: "Texte.", Lang: "fr", Status: article.Published,
		PublishedAt: now.Add(-2 * time.Hour), UpdatedAt: now.Add(-time.Hour),
		Category: &article.Category{Slug: "monde", Name: "Monde"},
		Tags:     []article.Tag{{Slug: "asie", Name: "Asie centrale"}, {Slug: "diplomatie", Name: "Diplomatie"}},
		Authors:  []article.Author{{Slug: "marie-dupont", Name: "Marie Dupont"}},
		Image:    article.Image{URL: "/static/demo/astana.svg", Alt: "La ville", Width: 1200, Height: 630},
	}
}

// head is the parsed result of Meta.Head: meta properties/names, links and
// the JSON-LD blocks.
type head struct {
	meta    map[string][]string // property or name → contents
	links   []map[string]string
	scripts []script
}

type script struct{ typ, text string }

func parseHead(t testing.TB, h string) head {
	t.Helper()
	doc, err := html.Parse(strings.NewReader("<!doctype html><html><head>" + h + "</head><body></body></html>"))
	if err != nil {
		t.Fatal(err)
	}
	out := head{meta: map[string][]string{}}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attrs := map[string]string{}
			for _, a := range n.Attr {
				attrs[a.Key] = a.Val
			}
			switch n.Data {
			case "meta":
				key := attrs["property"]
				if key == "" {
					key = attrs["name"]
				}
				out.meta[key] = append(out.meta[key], attrs["content"])
			case "link":
				out.links = append(out.links, attrs)
			case "script":
				var text string
				if n.FirstChild != nil {
					text = n.FirstChild.Data
				}
				out.scripts = append(out.scripts, script{attrs["type"], text})
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

func one(t testing.TB, h head, key string) string {
	t.Helper()
	if len(h.meta[key]) != 1 {
		t.Errorf("%s: got %q, want one value", key, h.meta[key])
		return ""
	}
	return h.meta[key][0]
}

func TestArticleHead(t *testing.T) {
	s := testSite()
	m := ForArticle(s, testArticle(), []Alternate{{Lang: "en", URL: "https://example.org/blinken-astana-en/"}}, "https://example.org/static/logo.png")
	m.Feeds = Feeds(s, s.Name, "/")
	h := parseHead(t, string(m.Head()))

	want := map[string]string{
		"description":            "Le chef de la diplomatie américaine à Astana.",
		"og:type":                "article",
		"og:title":               hostile,
		"og:description":         "Le chef de la diplomatie américaine à Astana.",
		"og:url":                 "https://example.org/blinken-astana/",
		"og:site_name":           "Nouvelles Du Monde",
		"og:locale":              "fr_FR",
		"og:locale:alternate":    "en_US",
		"og:image":               "https://example.org/static/demo/astana.svg",
		"og:image:width":         "1200",
		"og:image:height":        "630",
		"article:published_time": "2026-11-27T10:00:00Z",
		"article:modified_time":  "2026-11-27T11:00:00Z",
		"article:section":        "Monde",
		"article:author":         "https://example.org/author/marie-dupont/",
		"twitter:card":           "summary_large_image",
		"twitter:title":          hostile,
		"twitter:image":          "https://example.org/static/demo/astana.svg",
	}
	for k, v := range want {
		if got := one(t, h, k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if got := strings.Join(h.meta["article:tag"], ","); got != "Asie centrale,Diplomatie" {
		t.Errorf("article:tag = %q", got)
	}

	links := map[string]string{}
	for _, l := range h.links {
		key := l["rel"]
		if l["hreflang"] != "" {
			key += ":" + l["hreflang"]
		}
		if l["type"] != "" {
			key += ":" + l["type"]
		}
		links[key] = l["href"]
	}
	for k, v := range map[string]string{
		"canonical":                       "https://example.org/blinken-astana/",
		"alternate:fr":                    "https://example.org/blinken-astana/",
		"alternate:en":                    "https://example.org/blinken-astana-en/",
		"alternate:application/rss+xml":   "https://example.org/feed/",
		"alternate:application/atom+xml":  "https://example.org/feed/atom/",
		"alternate:application/feed+json": "https://example.org/feed/json/",
	} {
		if links[k] != v {
			t.Errorf("link %s = %q, want %q (all: %v)", k, links[k], v, links)
		}
	}

	if len(h.scripts) != 1 || h.scripts[0].typ != "application/ld+json" {
		t.Fatalf("scripts = %+v: the hostile title broke out of the JSON-LD block", h.scripts)
	}
	var ld map[string]any
	if err := json.Unmarshal([]byte(h.scripts[0].text), &ld); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, h.scripts[0].text)
	}
	if ld["@context"] != "https://schema.org" || ld["@type"] != "NewsArticle" || ld["headline"] != hostile || ld["inLanguage"] != "fr" {
		t.Errorf("JSON-LD = %v", ld)
	}
	for _, k := range []string{"datePublished", "dateModified"} {
		if _, err := time.Parse(time.RFC3339, ld[k].(string)); err != nil {
			t.Errorf("%s: %v", k, err)
		}
	}
	pub := ld["publisher"].(map[string]any)
	if pub["name"] != "Nouvelles Du Monde" || pub["logo"].(map[string]any)["url"] != "https://example.org/static/logo.png" {
		t.Errorf("publisher = %v", pub)
	}
	if ld["mainEntityOfPage"].(map[string]any)["@id"] != "https://example.org/blinken-astana/" {
		t.Errorf("mainEntityOfPage = %v", ld["mainEntityOfPage"])
	}
	authors := ld["author"].([]any)
	if len(authors) != 1 || authors[0].(map[string]any)["name"] != "Marie Dupont" {
		t.Errorf("author = %v", authors)
	}
	img := ld["image"].([]any)[0].(map[string]any)
	if img["url"] != "https://example.org/static/demo/astana.svg" || img["width"] != 1200.0 {
		t.Errorf("image = %v", img)
	}
}

func TestPageHead(t *testing.T) {
	s := testSite()
	m := ForPage(s, "Monde", "Toute l'actualité internationale.", "/category/monde/")
	h := parseHead(t, string(m.Head()))
	if one(t, h, "og:type") != "website" || one(t, h, "twitter:card") != "summary" {
		t.Errorf("meta = %v", h.meta)
	}
	if len(h.scripts) != 0 {
		t.Errorf("listing page has JSON-LD: %v", h.scripts)
	}
	if _, ok := h.meta["article:published_time"]; ok {
		t.Error("listing page has article tags")
	}
}

func TestDescription(t *testing.T) {
	long := strings.Repeat("mot ", 100)
	tests := []struct {
		name, in, want string
	}{
		{"short", "Un *court* chapeau.", "Un court chapeau."},
		{"empty", "", ""},
		{"long cut at a word", long, strings.TrimSpace(strings.Repeat("mot ", 39)) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Description(tt.in)
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if utf8.RuneCountInString(got) > MaxDescription {
				t.Errorf("%d characters", utf8.RuneCountInString(got))
			}
		})
	}
}

func FuzzHead(f *testing.F) {
	f.Add(hostile, "lead")
	f.Add("</script>", "\xff\xfe<!--")
	f.Add("\u2028\u2029", "<script>")
	s := testSite()
	f.Fuzz(func(t *testing.T, title, lead string) {
		a := testArticle()
		a.Title, a.Lead = title, lead
		a.Tags = []article.Tag{{Name: title}}
		h := parseHead(t, string(ForArticle(s, a, nil, "").Head()))
		if len(h.scripts) != 1 {
			t.Fatalf("got %d scripts", len(h.scripts))
		}
		var ld NewsArticleLD
		if err := json.Unmarshal([]byte(h.scripts[0].text), &ld); err != nil {
			t.Fatalf("JSON-LD: %v", err)
		}
		if utf8.ValidString(title) && ld.Headline != title {
			t.Fatalf("headline = %q, want %q", ld.Headline, title)
		}
	})
}
