package web

import (
	"context"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/seo"
	"github.com/kiosque/kiosque/internal/site"
)

// Page is what every page template gets: the site, its language and the
// document's metadata. Each page's data struct embeds it.
type Page struct {
	Site        site.Settings
	Lang        string
	Title       string // document title, without the site name; "" on the home page
	Description string
	Canonical   string // absolute URL of this page
	Nav         []article.Category
	Active      string // slug of the category to highlight in the navigation
	OGType      string // "website" or "article"
	Image       string // absolute URL of the page's picture, if any
	NoIndex     bool   // error pages ask robots to stay away
	Now         time.Time
	L           *Labels // fixed texts in Lang (labels.go)
	Chrome      Chrome  // filled by render (chrome.go)

	msgs *i18n.Bundle
	loc  *time.Location
	css  string

	// Metadata, feeds and ads (seo.go, ads.go).
	SEO     *seo.Meta  // article metadata; nil: built from the fields above
	Feeds   []seo.Feed // this page's own feeds, besides the site's
	ads     pageAds
	icon    string
	shareJS string
	heads   *headCache // nil: rendered every time
	view    *siteView  // where the chrome is kept; nil: rendered every time
	minutes *minutesMemo
}

// T translates a catalog key into the site's language.
func (p Page) T(key string, args ...any) string { return p.msgs.T(p.Lang, key, args...) }

// Date writes the day of t in the site's time zone and language.
func (p Page) Date(t time.Time) string { return i18n.Date(p.Lang, t.In(p.loc)) }

// DateTime writes the day and time of t in the site's time zone and language.
func (p Page) DateTime(t time.Time) string { return i18n.DateTime(p.Lang, t.In(p.loc)) }

// ISO writes t for a <time datetime> attribute.
func (p Page) ISO(t time.Time) string { return t.In(p.loc).Format(time.RFC3339) }

// CSS is the content-hashed URL of the stylesheet.
func (p Page) CSS() string { return p.css }

// Icon is the content-hashed URL of the site's icon.
func (p Page) Icon() string { return p.icon }

// DocTitle is the text of <title>.
func (p Page) DocTitle() string {
	if p.Title == "" {
		if p.Site.Tagline != "" {
			return p.Site.Name + " – " + p.Site.Tagline
		}
		return p.Site.Name
	}
	return p.Title + " – " + p.Site.Name
}

// newPage loads what every page shows (settings, navigation) for path.
func (h *handler) newPage(ctx context.Context, urlPath string) (Page, error) {
	v, err := h.site(ctx, true)
	if err != nil {
		return Page{}, err
	}
	s := v.settings
	return Page{
		Site:      s,
		Lang:      s.Lang,
		Canonical: s.URL(urlPath),
		Nav:       v.nav,
		OGType:    "website",
		Now:       h.now(),
		L:         h.labelsFor(s.Lang),
		msgs:      h.msgs,
		loc:       v.loc,
		css:       h.views.css.url,
		ads:       h.pageAds(ctx, s.Lang),
		icon:      h.views.icon.url,
		shareJS:   h.views.shareJS.url,
		heads:     h.heads,
		view:      v,
		minutes:   h.minutes,
	}, nil
}

// OGLocale is the page's Open Graph locale ("fr_FR", "en_US").
func (p Page) OGLocale() string {
	if p.Lang == "en" {
		return "en_US"
	}
	return "fr_FR"
}

// ShareJS is the URL of the share block's script.
func (p Page) ShareJS() string { return p.shareJS }

// Teaser is an article as lists show it.
type Teaser struct {
	Article   article.Article
	Big       bool
	URL       string
	Image     string
	Kicker    string // category name
	KickerURL string
	Date, ISO string
	Reading   string
}

// Teaser prepares a for a list.
func (p Page) Teaser(a article.Article) Teaser {
	t := Teaser{
		Article: a,
		URL:     "/" + a.Slug + "/",
		Image:   a.Image.URL,
		Date:    p.Date(a.PublishedAt),
		ISO:     p.ISO(a.PublishedAt),
		Reading: p.T("web.reading_time", p.minutes.of(&a)),
	}
	if a.Category != nil {
		t.Kicker, t.KickerURL = a.Category.Name, "/category/"+a.Category.Slug+"/"
	}
	return t
}

// TopStory prepares a as the home page's first, larger story.
func (p Page) TopStory(a article.Article) Teaser {
	t := p.Teaser(a)
	t.Big = true
	return t
}

// TranslatedFrom says from which language an article was translated.
func (p Page) TranslatedFrom(lang string) string {
	key := "web.lang." + lang
	if !p.msgs.Has(key) {
		return p.T("web.translated_from_code", lang)
	}
	return p.T("web.translated_from", p.T(key))
}
