package ads

import (
	"html/template"

	"github.com/kiosque/kiosque/internal/i18n"
)

// Demo returns the demo site's house ads, in lang, for a site named
// siteName: one slot per placement, the sidebar one switched off since the
// default layout has no sidebar.
func Demo(b *i18n.Bundle, lang, siteName string) Set {
	house := func(href, title, text string) string {
		return `<a class="ad-house" href="` + href + `"><strong>` + template.HTMLEscapeString(title) +
			`</strong> <span>` + template.HTMLEscapeString(text) + `</span></a>`
	}
	t := func(key string, args ...any) string { return b.T(lang, key, args...) }
	feed := house("/feed/", t("ads.house.feed_title", siteName), t("ads.house.feed_text"))
	return Set{
		{ID: "header", Placement: Header, Enabled: true, MinHeight: 90, HTML: feed},
		{ID: "article-1", Placement: InArticle, Enabled: true, MinHeight: 250, AfterParagraph: 5,
			HTML: house("/", t("ads.house.advertise_title"), t("ads.house.advertise_text"))},
		{ID: "sidebar", Placement: Sidebar, Enabled: false, MinHeight: 600, HTML: feed},
		{ID: "end", Placement: End, Enabled: true, MinHeight: 250,
			HTML: house("#share-title", t("ads.house.share_title"), t("ads.house.share_text"))},
		{ID: "home-1", Placement: Home, Enabled: true, MinHeight: 100, AfterBlock: 2,
			HTML: house("/feed/", t("ads.house.sections_title"), t("ads.house.sections_text"))},
	}
}
