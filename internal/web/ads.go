package web

import (
	"context"
	"html/template"
	"net/http"
	"strings"

	"github.com/kiosque/kiosque/internal/ads"
	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/site"
)

// adConfig is the site's ad slots and the Content-Security-Policy that lets
// them load.
type adConfig struct {
	set  ads.Set
	csp  string
	hsts bool // the site.base_url setting is https
}

// adConfig reads the ad slots and CSP from the settings. It runs when a
// page is rendered, not when the page cache answers: saving settings purges
// the cache, so pages and their policy change together. A site that never
// set ads.slots shows house ads promoting its feeds (ads.Demo); "[]"
// switches ads off. A broken setting is logged and leaves the page without
// those ads and with the strict policy.
func (h *handler) adConfig(ctx context.Context) adConfig {
	v, err := h.site(ctx, false) // kept in memory with the settings (siteMemo)
	if err != nil {
		h.log.WarnContext(ctx, "ads: settings unreadable", "request_id", requestID(ctx), "err", err)
		return adConfig{csp: ContentSecurityPolicy}
	}
	return v.ads
}

// adConfigFrom computes the ad configuration from the raw settings kv.
func (h *handler) adConfigFrom(ctx context.Context, kv map[string]string) adConfig {
	cfg := adConfig{csp: ContentSecurityPolicy}
	var err error
	cfg.hsts = strings.HasPrefix(kv["site.base_url"], "https://")
	if _, ok := kv[ads.SettingSlots]; ok {
		if cfg.set, err = ads.Load(kv); err != nil {
			h.log.WarnContext(ctx, "ads: slots setting ignored", "request_id", requestID(ctx), "err", err)
			cfg.set = nil
		}
	} else {
		s := site.FromMap(kv)
		cfg.set = ads.Demo(h.msgs, s.Lang, s.Name)
	}
	if cfg.csp, err = ads.CSP(ContentSecurityPolicy, kv, cfg.set); err != nil {
		h.log.WarnContext(ctx, "ads: CSP setting ignored", "request_id", requestID(ctx), "err", err)
	}
	return cfg
}

// adsPolicy sends the Content-Security-Policy extended for the site's ads
// (see docs/ads.md) in place of the base one. It sits inside the page
// cache, which keeps the header with the page.
func (h *handler) adsPolicy(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cfg := h.adConfig(r.Context())
		w.Header().Set("Content-Security-Policy", cfg.csp)
		if cfg.hsts && h.baseURL == "" { // a site set up in the newsroom; --base-url wins (securityHeaders)
			w.Header().Set("Strict-Transport-Security", StrictTransportSecurity)
		}
		next.ServeHTTP(w, r)
	})
}

// pageAds is what a page needs to show its ad slots; newPage fills it.
type pageAds struct {
	set   ads.Set
	label string // "Publicité"
}

// pageAds returns the ad slots for a page in lang.
func (h *handler) pageAds(ctx context.Context, lang string) pageAds {
	return pageAds{set: h.adConfig(ctx).set, label: h.msgs.T(lang, "ads.label")}
}

// AdSlot renders the first enabled slot at placement ("header", "sidebar",
// "end") that targets the page's category; empty when there is none.
func (p Page) AdSlot(placement string) template.HTML {
	s, ok := p.ads.set.First(ads.Placement(placement), p.category())
	if !ok {
		return ""
	}
	return s.Render(p.ads.label)
}

// HomeAd renders the home slot that follows section i (0-based), if any.
func (p Page) HomeAd(i int) template.HTML {
	s, ok := p.ads.set.After(ads.Home, p.category())[i+1]
	if !ok {
		return ""
	}
	return s.Render(p.ads.label)
}

// inArticleAds returns the rendered in-article slots of a by the paragraph
// they follow.
func (p Page) inArticleAds(a *article.Article) map[int]template.HTML {
	var category string
	if a.Category != nil {
		category = a.Category.Slug
	}
	out := map[int]template.HTML{}
	for n, s := range p.ads.set.After(ads.InArticle, category) {
		out[n] = s.Render(p.ads.label)
	}
	return out
}

// category is the slug ad slots target on this page: the article's or the
// listed category, "" elsewhere.
func (p Page) category() string { return p.Active }
