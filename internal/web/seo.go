package web

import (
	"html/template"
	"strings"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/seo"
)

// Head returns the page's metadata for the layout's <head>: description,
// canonical URL, hreflang alternates, feed discovery links, Open Graph,
// Twitter card and, on articles, the JSON-LD NewsArticle (package seo).
// Pages that set p.SEO (articles) get it as it is; the others get a
// "website" description built from the page's title, description and image.
func (p Page) Head() template.HTML {
	var m seo.Meta
	if p.SEO != nil {
		m = *p.SEO
	} else {
		title := p.Title
		if title == "" {
			title = p.Site.Name
		}
		m = seo.Meta{
			Title: title, Description: seo.Description(p.Description), Canonical: p.Canonical,
			Type: "website", SiteName: p.Site.Name, Lang: p.Lang,
		}
		if p.Image != "" {
			m.Image = &seo.Image{URL: p.Image}
		}
	}
	m.NoIndex = p.NoIndex
	m.Feeds = append(append([]seo.Feed(nil), p.Feeds...), seo.Feeds(p.Site, p.Site.Name, "/")...)
	return m.Head()
}

// articleMeta is the metadata of an article page. alternates are its
// translations (none until the store can list them).
func (h *handler) articleMeta(p Page, a *article.Article, alternates []seo.Alternate) *seo.Meta {
	m := seo.ForArticle(p.Site, a, alternates, p.Site.URL(h.views.icon.url))
	return &m
}

// listingFeeds returns the discovery links of a category's or author's own
// feeds; other listings have none.
func listingFeeds(p Page, kind, heading, base string) []seo.Feed {
	if kind != "category" && kind != "author" {
		return nil
	}
	return seo.Feeds(p.Site, strings.TrimSpace(p.Site.Name+" – "+heading), base)
}
