package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kiosque/kiosque/internal/store"
)

// routes returns the public site: every route and its middleware on one
// screen. Patterns ending in {$} match exactly; everything unmatched is the
// localized 404 page.
func (h *handler) routes() http.Handler {
	mux := http.NewServeMux()
	handle := func(pattern string, f handlerFunc) { mux.Handle(pattern, h.handle(f)) }

	handle("GET /{$}", h.home)
	handle("GET /page/{n}/{$}", h.homePage)
	handle("GET /category/{slug}/{$}", h.category)
	handle("GET /category/{slug}/page/{n}/{$}", h.category)
	handle("GET /tag/{slug}/{$}", h.tag)
	handle("GET /tag/{slug}/page/{n}/{$}", h.tag)
	handle("GET /author/{slug}/{$}", h.author)
	handle("GET /author/{slug}/page/{n}/{$}", h.author)
	handle("GET /privacy/{$}", h.privacy)
	handle("GET /healthz", h.healthz)
	handle("GET /static/{file}", h.serveStatic)
	handle("GET /favicon.ico", h.favicon)
	if h.media != nil {
		mux.Handle("GET /media/demo/{file...}", h.handle(h.serveMedia))
	}
	// Later surfaces plug in here, next to the article route:
	//   GET /search                 (search page)
	//   GET /feed/ …, /sitemap.xml  (feeds)
	//   (POST /{slug}/comments/ is the comment form, below)
	h.feedRoutes(handle) // feeds.go: /feed/…, sitemaps, robots.txt, ads.txt
	handle("GET /search", h.search)
	handle("GET /{slug}/{$}", h.article)
	handle("POST /{slug}/comments/{$}", h.postComment)
	handle("/", h.notFound)

	pages := h.adsPolicy(mux) // the CSP extended for the site's ads (ads.go)
	if h.cache != nil {
		pages = h.cache.Middleware(pages)
	}
	// Old WordPress URLs are looked up outside the cache, so an import
	// takes effect at once.
	pages = OldURLs(h.redirect, pages)
	return RequestLog{Logger: h.log, Observe: h.observe}.Wrap(h.recoverPanic(securityHeaders(strings.HasPrefix(h.baseURL, "https://"), limitBody(h.maxBody, pages))))
}

// healthz answers "ok" when the database answers, and 503 "database
// unavailable" when it does not, so that a load balancer sends readers to
// the nodes that can take comments and edits (this one still serves its
// cached pages to whoever reaches it).
func (h *handler) healthz(w http.ResponseWriter, r *http.Request) error {
	if err := h.store.Ping(r.Context()); err != nil {
		h.log.WarnContext(r.Context(), "health check failed", "request_id", requestID(r.Context()), "err", err)
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Retry-After", strconv.Itoa(int(store.RetryAfter.Seconds())))
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return nil
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write([]byte("ok\n"))
	return err
}
