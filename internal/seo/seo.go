// Package seo builds what search engines and social networks read in a
// page's head: canonical URL, meta description, Open Graph, Twitter card,
// JSON-LD NewsArticle, hreflang alternates and feed discovery links. Pages
// build a Meta and put Meta.Head() in their <head>.
package seo

import (
	"bytes"
	"embed"
	"encoding/json"
	"html/template"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/feed"
	"github.com/kiosque/kiosque/internal/markup"
	"github.com/kiosque/kiosque/internal/site"
)

// MaxDescription is the length, in characters, a meta description is cut to.
const MaxDescription = 160

// Image is a picture for social cards, with an absolute URL.
type Image struct {
	URL    string
	Alt    string
	Width  int
	Height int
}

// Person is an article author with the URL of their page.
type Person struct {
	Name string
	URL  string
}

// Alternate is the same page in another language (hreflang).
type Alternate struct {
	Lang string // "fr", "en"
	URL  string // absolute
}

// Feed is a feed offered for discovery on a page.
type Feed struct {
	Title string
	Type  string // application/rss+xml, application/atom+xml, application/feed+json
	URL   string
}

// Meta is everything a page's head says about it. The zero value of each
// field leaves its tags out.
type Meta struct {
	Title       string // the page title (without the site name)
	Description string
	Canonical   string // absolute URL
	Type        string // Open Graph type: "article" or "website"
	SiteName    string
	Lang        string // "fr", "en"
	Image       *Image
	Published   time.Time
	Modified    time.Time
	Section     string
	Tags        []string
	Authors     []Person
	Alternates  []Alternate // other languages of this page
	Feeds       []Feed
	// PublisherLogo is the absolute URL of the site's logo, for JSON-LD.
	PublisherLogo string
	// NoIndex asks robots not to index the page (search results, 404).
	NoIndex bool
}

// Locale returns the Open Graph locale of a language ("fr_FR", "en_US").
func Locale(lang string) string {
	switch lang {
	case "en":
		return "en_US"
	case "fr":
		return "fr_FR"
	}
	return lang
}

// Description makes a meta description from Markdown or plain text: plain
// text, white space folded, cut at a word boundary to at most MaxDescription
// characters with an ellipsis when cut.
func Description(md string) string {
	if md == "" {
		return "" // without parsing: article pages pass "" (web.articleMeta)
	}
	t := markup.Text(md)
	if utf8.RuneCountInString(t) <= MaxDescription {
		return t
	}
	r := []rune(t)[:MaxDescription-1]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > MaxDescription/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.–-") + "…"
}

// ForArticle builds the metadata of an article page. alternates lists the
// article's translations (may be nil); logo is the absolute URL of the
// site's logo.
func ForArticle(s site.Settings, a *article.Article, alternates []Alternate, logo string) Meta {
	m := Meta{
		Title:         a.Title,
		Description:   Description(a.Lead),
		Canonical:     s.URL(feed.ArticlePath(a.Slug)),
		Type:          "article",
		SiteName:      s.Name,
		Lang:          a.Lang,
		Published:     a.PublishedAt.UTC(),
		Modified:      a.UpdatedAt.UTC(),
		Alternates:    alternates,
		PublisherLogo: logo,
	}
	if m.Description == "" {
		m.Description = Description(a.Body)
	}
	if m.Modified.Before(m.Published) {
		m.Modified = m.Published
	}
	if a.Category != nil {
		m.Section = a.Category.Name
	}
	for _, t := range a.Tags {
		m.Tags = append(m.Tags, t.Name)
	}
	for _, au := range a.Authors {
		m.Authors = append(m.Authors, Person{Name: au.Name, URL: s.URL("/author/" + au.Slug + "/")})
	}
	if a.Image.URL != "" {
		m.Image = &Image{URL: feed.Absolute(s, a.Image.URL), Alt: a.Image.Alt, Width: a.Image.Width, Height: a.Image.Height}
	}
	return m
}

// ForPage builds the metadata of a listing or static page at path (home,
// category, author…): Open Graph type website.
func ForPage(s site.Settings, title, description, path string) Meta {
	return Meta{
		Title:       title,
		Description: Description(description),
		Canonical:   s.URL(path),
		Type:        "website",
		SiteName:    s.Name,
		Lang:        s.Lang,
	}
}

// Feeds returns the three discovery links of the feeds under base ("/" for
// the site, "/category/monde/" for a category), titled title.
func Feeds(s site.Settings, title, base string) []Feed {
	base = strings.TrimSuffix(base, "/")
	return []Feed{
		{Title: title + " (RSS)", Type: "application/rss+xml", URL: s.URL(base + "/feed/")},
		{Title: title + " (Atom)", Type: "application/atom+xml", URL: s.URL(base + "/feed/atom/")},
		{Title: title + " (JSON Feed)", Type: "application/feed+json", URL: s.URL(base + "/feed/json/")},
	}
}

//go:embed head.html
var headFS embed.FS

var headTmpl = template.Must(template.New("head.html").Funcs(template.FuncMap{
	"locale":  Locale,
	"rfc3339": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
}).ParseFS(headFS, "head.html"))

// Head returns the tags for the page's <head>: description, canonical,
// hreflang alternates, feed links, Open Graph, Twitter card and, for
// articles, the JSON-LD NewsArticle block. It does not write <title>.
func (m Meta) Head() template.HTML {
	var b bytes.Buffer
	if err := headTmpl.Execute(&b, headData{Meta: m, LD: m.jsonLDScript()}); err != nil {
		// The template is fixed and its data plain strings: failing here is
		// a programming error that the package tests catch.
		panic("seo: head template: " + err.Error())
	}
	return template.HTML(b.String())
}

type headData struct {
	Meta
	LD template.HTML
}

// jsonLDScript returns the <script type="application/ld+json"> element, or
// "" for pages that are not articles. encoding/json escapes <, > and & as
// \u003c…, so no title can close the element early.
func (m Meta) jsonLDScript() template.HTML {
	if m.Type != "article" {
		return ""
	}
	raw, err := json.Marshal(m.NewsArticle())
	if err != nil {
		panic("seo: json-ld: " + err.Error()) // plain structs always marshal
	}
	return template.HTML(`<script type="application/ld+json">` + string(raw) + `</script>`)
}
