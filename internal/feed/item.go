// Package feed writes what machines read from a news site: RSS 2.0, Atom and
// JSON Feed 1.1 feeds, sitemaps (index, paged article sitemaps, taxonomy,
// Google News) and robots.txt. It builds them from articles and site settings
// and knows nothing of HTTP: handlers pick the articles and call the writers.
//
// Every string that goes out is cleaned of what XML cannot carry (invalid
// UTF-8, control characters), so the output stays well-formed whatever an
// article contains.
package feed

import (
	"mime"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/markup"
	"github.com/kiosque/kiosque/internal/site"
)

// Size of the public feeds.
const FeedSize = 20

// Channel describes a feed as a whole.
type Channel struct {
	Title       string    // e.g. "Nouvelles Du Monde" or "Nouvelles Du Monde – Économie"
	Description string    // tagline
	HomeURL     string    // absolute URL of the page the feed mirrors
	FeedURL     string    // absolute URL of the feed itself
	Lang        string    // "fr", "en"
	Updated     time.Time // newest change; when zero, taken from the items
	Generator   string    // optional, e.g. "Kiosque"
}

// Person is an author of an item.
type Person struct {
	Name string
	URL  string // absolute URL of the author's page, may be empty
}

// Image is a featured image, with an absolute URL.
type Image struct {
	URL    string
	Type   string // MIME type guessed from the extension, may be empty
	Alt    string
	Width  int
	Height int
}

// Item is one article as feeds and sitemaps see it: absolute URLs, rendered
// HTML, plain-text summary.
type Item struct {
	ID          string // stable id: the permalink
	URL         string
	Title       string
	Summary     string // plain text (the lead)
	ContentHTML string // sanitized HTML of the body (markup.Render)
	Authors     []Person
	Categories  []string // primary category first, then tags
	Published   time.Time
	Updated     time.Time
	Image       *Image // nil when the article has none
	Lang        string
}

// ArticlePath is the site path of an article page.
func ArticlePath(slug string) string { return "/" + slug + "/" }

// ItemFromArticle turns an article into a feed item with URLs made absolute
// against the site's base URL.
func ItemFromArticle(s site.Settings, a *article.Article) Item {
	it := Item{
		ID:          s.URL(ArticlePath(a.Slug)),
		URL:         s.URL(ArticlePath(a.Slug)),
		Title:       a.Title,
		Summary:     markup.Text(a.Lead),
		ContentHTML: absoluteLinks(markup.Render(a.Body), s.BaseURL),
		Published:   a.PublishedAt.UTC(),
		Updated:     a.UpdatedAt.UTC(),
		Lang:        a.Lang,
	}
	if it.Updated.Before(it.Published) {
		it.Updated = it.Published
	}
	for _, au := range a.Authors {
		it.Authors = append(it.Authors, Person{Name: au.Name, URL: s.URL("/author/" + au.Slug + "/")})
	}
	if a.Category != nil {
		it.Categories = append(it.Categories, a.Category.Name)
	}
	for _, t := range a.Tags {
		it.Categories = append(it.Categories, t.Name)
	}
	if a.Image.URL != "" {
		it.Image = &Image{
			URL:    Absolute(s, a.Image.URL),
			Type:   ImageType(a.Image.URL),
			Alt:    a.Image.Alt,
			Width:  a.Image.Width,
			Height: a.Image.Height,
		}
	}
	return it
}

// Items converts a list of articles with ItemFromArticle.
func Items(s site.Settings, arts []article.Article) []Item {
	out := make([]Item, 0, len(arts))
	for i := range arts {
		out = append(out, ItemFromArticle(s, &arts[i]))
	}
	return out
}

// Absolute makes a site path ("/media/x.jpg") absolute against the base URL;
// absolute URLs come back unchanged.
func Absolute(s site.Settings, u string) string {
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
		return s.URL(u)
	}
	return u
}

// ImageType guesses an image's MIME type from its URL's extension, "" when
// unknown.
func ImageType(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	ext := strings.ToLower(path.Ext(u))
	switch ext {
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".svg":
		return "image/svg+xml"
	case ".webp":
		return "image/webp"
	case ".avif":
		return "image/avif"
	}
	t := mime.TypeByExtension(ext)
	if i := strings.IndexByte(t, ';'); i >= 0 {
		t = t[:i]
	}
	return t
}

// Newest returns the latest Updated (or Published) time among items, zero
// when there are none.
func Newest(items []Item) time.Time {
	var t time.Time
	for _, it := range items {
		for _, c := range []time.Time{it.Published, it.Updated} {
			if c.After(t) {
				t = c
			}
		}
	}
	return t
}

func (c Channel) updated(items []Item) time.Time {
	if !c.Updated.IsZero() {
		return c.Updated.UTC()
	}
	return Newest(items)
}

// clean drops what XML 1.0 cannot carry: invalid UTF-8 and characters
// outside the Char production (most control characters, surrogates,
// U+FFFE/U+FFFF).
func clean(s string) string {
	ok := true
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || !xmlChar(r) {
			ok = false
			break
		}
		i += n
	}
	if ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !(r == utf8.RuneError && n == 1) && xmlChar(r) {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		(r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) ||
		(r >= 0x10000 && r <= 0x10FFFF)
}

// langTag turns "fr" into the region-qualified tag feeds like ("fr-FR").
func langTag(lang string) string {
	switch lang {
	case "fr":
		return "fr-FR"
	case "en":
		return "en-US"
	}
	return lang
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }
