package feed

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/site"
)

// Limits from the sitemap protocol and Google News rules.
const (
	MaxSitemapURLs = 50000          // per regular sitemap
	MaxNewsURLs    = 1000           // per news sitemap
	NewsWindow     = 48 * time.Hour // news sitemaps list articles published this recently
)

// URL is one entry of a regular sitemap.
type URL struct {
	Loc     string
	LastMod time.Time // zero: no lastmod
}

// Sitemap is one entry of a sitemap index.
type Sitemap struct {
	Loc     string
	LastMod time.Time
}

type sitemapIndex struct {
	XMLName  xml.Name       `xml:"sitemapindex"`
	NS       string         `xml:"xmlns,attr"`
	Sitemaps []sitemapEntry `xml:"sitemap"`
}

type sitemapEntry struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	NSNews  string       `xml:"xmlns:news,attr,omitempty"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string    `xml:"loc"`
	LastMod string    `xml:"lastmod,omitempty"`
	News    *newsNews `xml:"news:news"`
}

type newsNews struct {
	Publication newsPublication `xml:"news:publication"`
	Date        string          `xml:"news:publication_date"`
	Title       string          `xml:"news:title"`
}

type newsPublication struct {
	Name     string `xml:"news:name"`
	Language string `xml:"news:language"`
}

func lastmod(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return rfc3339(t)
}

// WriteSitemapIndex writes a sitemap index listing sitemaps.
func WriteSitemapIndex(w io.Writer, sitemaps []Sitemap) error {
	idx := sitemapIndex{NS: NSSitemap}
	for _, s := range sitemaps {
		idx.Sitemaps = append(idx.Sitemaps, sitemapEntry{Loc: clean(s.Loc), LastMod: lastmod(s.LastMod)})
	}
	return writeXML(w, idx)
}

// WriteSitemap writes a regular sitemap (urlset). It refuses more than
// MaxSitemapURLs entries: callers page with ArticleSitemapCount.
func WriteSitemap(w io.Writer, urls []URL) error {
	if len(urls) > MaxSitemapURLs {
		return fmt.Errorf("feed: sitemap: %d URLs, at most %d", len(urls), MaxSitemapURLs)
	}
	set := urlset{NS: NSSitemap, URLs: []sitemapURL{}}
	for _, u := range urls {
		set.URLs = append(set.URLs, sitemapURL{Loc: clean(u.Loc), LastMod: lastmod(u.LastMod)})
	}
	return writeXML(w, set)
}

// ArticleSitemapCount is how many article sitemaps hold total articles
// (at least one, so the index never points nowhere).
func ArticleSitemapCount(total int) int {
	if total <= 0 {
		return 1
	}
	return (total + MaxSitemapURLs - 1) / MaxSitemapURLs
}

// ArticleSitemapPath is the site path of the n-th (1-based) article sitemap.
func ArticleSitemapPath(n int) string { return fmt.Sprintf("/sitemaps/articles-%d.xml", n) }

// ParseArticleSitemapFile reads n from "articles-N.xml" (the last segment
// of ArticleSitemapPath), with ok false for any other name.
func ParseArticleSitemapFile(name string) (n int, ok bool) {
	num, found := strings.CutPrefix(name, "articles-")
	num, found2 := strings.CutSuffix(num, ".xml")
	if !found || !found2 || num == "" || len(num) > 6 || num[0] == '0' {
		return 0, false
	}
	for _, r := range num {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}

// Site paths of the other sitemaps.
const (
	SitemapIndexPath    = "/sitemap.xml"
	TaxonomySitemapPath = "/sitemaps/taxonomy.xml"
	NewsSitemapPath     = "/news-sitemap.xml"
)

// ArticleURLs lists articles as sitemap entries (permalink, last change).
func ArticleURLs(s site.Settings, arts []article.Article) []URL {
	out := make([]URL, 0, len(arts))
	for _, a := range arts {
		mod := a.UpdatedAt
		if mod.Before(a.PublishedAt) {
			mod = a.PublishedAt
		}
		out = append(out, URL{Loc: s.URL(ArticlePath(a.Slug)), LastMod: mod.UTC()})
	}
	return out
}

// TaxonomyURLs lists the home page, category, tag and author pages.
func TaxonomyURLs(s site.Settings, cats []article.Category, tags []article.Tag, authors []article.Author) []URL {
	out := []URL{{Loc: s.URL("/")}}
	for _, c := range cats {
		out = append(out, URL{Loc: s.URL("/category/" + c.Slug + "/")})
	}
	for _, t := range tags {
		out = append(out, URL{Loc: s.URL("/tag/" + t.Slug + "/")})
	}
	for _, a := range authors {
		out = append(out, URL{Loc: s.URL("/author/" + a.Slug + "/")})
	}
	return out
}

// SitemapIndex lists the sitemaps of a site holding total visible articles,
// the newest of them changed at newest.
func SitemapIndex(s site.Settings, total int, newest time.Time) []Sitemap {
	var out []Sitemap
	for n := 1; n <= ArticleSitemapCount(total); n++ {
		out = append(out, Sitemap{Loc: s.URL(ArticleSitemapPath(n)), LastMod: newest})
	}
	return append(out, Sitemap{Loc: s.URL(TaxonomySitemapPath)})
}

// Publication names the site in a Google News sitemap.
type Publication struct {
	Name string // as shown on Google News
	Lang string // ISO 639 code, e.g. "fr"
}

// WriteNewsSitemap writes a Google News sitemap of the articles published
// within NewsWindow before now (at most MaxNewsURLs, in the given order):
// others are left out. Articles not visible at now are left out too.
func WriteNewsSitemap(w io.Writer, s site.Settings, pub Publication, arts []article.Article, now time.Time) error {
	set := urlset{NS: NSSitemap, NSNews: NSNews, URLs: []sitemapURL{}}
	since := now.Add(-NewsWindow)
	for i := range arts {
		a := &arts[i]
		if !a.Visible(now) || a.PublishedAt.Before(since) {
			continue
		}
		if len(set.URLs) == MaxNewsURLs {
			break
		}
		set.URLs = append(set.URLs, sitemapURL{
			Loc: clean(s.URL(ArticlePath(a.Slug))),
			News: &newsNews{
				Publication: newsPublication{Name: clean(newsName(pub.Name)), Language: clean(pub.Lang)},
				Date:        rfc3339(a.PublishedAt),
				Title:       clean(a.Title),
			},
		})
	}
	return writeXML(w, set)
}

// newsName drops a trailing parenthetical, as Google News asks.
func newsName(name string) string {
	name = strings.TrimSpace(name)
	if strings.HasSuffix(name, ")") {
		if i := strings.LastIndex(name, "("); i > 0 {
			return strings.TrimSpace(name[:i])
		}
	}
	return name
}

// RobotsTxt returns a robots.txt that lets every crawler in except on the
// admin and API paths, and names the sitemap index and the news sitemap.
func RobotsTxt(s site.Settings) string {
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	b.WriteString("Disallow: /admin/\n")
	b.WriteString("Disallow: /api/\n")
	b.WriteString("Disallow: /1.1/\n")
	b.WriteString("Disallow: /search\n")
	b.WriteString("\n")
	fmt.Fprintf(&b, "Sitemap: %s\n", s.URL(SitemapIndexPath))
	fmt.Fprintf(&b, "Sitemap: %s\n", s.URL(NewsSitemapPath))
	return b.String()
}
