package web

import (
	"context"
	"html/template"
	"strings"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/seo"
	"github.com/kiosque/kiosque/internal/store"
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
	if p.heads == nil {
		return m.Head()
	}
	return p.heads.head(m)
}

// articleMeta is the metadata of an article page, with its translations
// as hreflang alternates.
func (h *handler) articleMeta(ctx context.Context, p Page, a *article.Article) *seo.Meta {
	// seo.ForArticle describes the article by its lead, else its body:
	// the same rule, with each description computed once per text.
	bare := *a
	bare.Lead, bare.Body = "", ""
	m := seo.ForArticle(p.Site, &bare, h.translations(ctx, p, a), p.Site.URL(h.views.icon.url))
	if m.Description = h.descs.get(a.Lead); m.Description == "" {
		m.Description = h.descs.get(a.Body)
	}
	return &m
}

// translations returns the other visible language versions of a, one a
// language. A failure costs only the alternates: it is logged.
func (h *handler) translations(ctx context.Context, p Page, a *article.Article) []seo.Alternate {
	if a.TranslationGroup == 0 {
		return nil
	}
	list, _, err := h.store.ListArticles(ctx, store.ArticleFilter{
		VisibleAt: h.now(), TranslationGroup: a.TranslationGroup, ExcludeID: a.ID, Limit: 10,
	})
	if err != nil {
		h.log.WarnContext(ctx, "translations unavailable", "request_id", requestID(ctx), "article_id", a.ID, "err", err)
		return nil
	}
	seen := map[string]bool{a.Lang: true}
	var out []seo.Alternate
	for _, t := range list {
		if !seen[t.Lang] {
			seen[t.Lang] = true
			out = append(out, seo.Alternate{Lang: t.Lang, URL: p.Site.URL("/" + t.Slug + "/")})
		}
	}
	return out
}

// listingFeeds returns the discovery links of a category's or author's own
// feeds; other listings have none.
func listingFeeds(p Page, kind, heading, base string) []seo.Feed {
	if kind != "category" && kind != "author" {
		return nil
	}
	return seo.Feeds(p.Site, strings.TrimSpace(p.Site.Name+" – "+heading), base)
}
