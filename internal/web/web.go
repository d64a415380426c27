// Package web is Kiosque's public site: the home, article, category, tag,
// author and privacy pages, their templates and stylesheet, and the
// middleware every public request goes through.
//
// New builds the whole surface as one http.Handler from its dependencies;
// routes.go shows every route on one screen.
package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/cache"
	"github.com/kiosque/kiosque/internal/cluster"
	"github.com/kiosque/kiosque/internal/comment/notify"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/site"
	"github.com/kiosque/kiosque/internal/spam"
	"github.com/kiosque/kiosque/internal/store"
)

// Store is what the public site reads from the database: visible articles,
// the taxonomy and the site settings. store.Store satisfies it.
type Store interface {
	ArticleBySlug(ctx context.Context, slug string) (*article.Article, error)
	ListArticles(ctx context.Context, f store.ArticleFilter) ([]article.Article, int, error)
	Categories(ctx context.Context) ([]article.Category, error)
	CategoryBySlug(ctx context.Context, slug string) (*article.Category, error)
	TagBySlug(ctx context.Context, slug string) (*article.Tag, error)
	AuthorBySlug(ctx context.Context, slug string) (*article.Author, error)
	Tags(ctx context.Context) ([]article.Tag, error)       // taxonomy sitemap
	Authors(ctx context.Context) ([]article.Author, error) // taxonomy sitemap
	Settings(ctx context.Context) (map[string]string, error)
	Ping(ctx context.Context) error
}

// Options are the public site's dependencies. Store and Messages are
// required; the rest have defaults.
type Options struct {
	Store    Store
	Messages *i18n.Bundle
	Logger   *slog.Logger // default: discard
	// Observe, when set, counts every request answered (RequestLog).
	Observe func(path string, status int, took time.Duration)
	Now     func() time.Time // default: time.Now
	// BaseURL, when set (from --base-url), overrides the site.base_url
	// setting for canonical and share URLs.
	BaseURL string
	// ReadAlso chooses the "Lire aussi" articles; default SameCategory.
	ReadAlso ReadAlsoChooser
	// DemoMedia, when set, is served at /media/demo/ (the demo's images).
	DemoMedia fs.FS
	// MaxBodyBytes caps request bodies; default 1 MiB.
	MaxBodyBytes int64
	// Cache, when set, keeps rendered pages for anonymous readers; pages
	// tag themselves (cluster.ArticleTag, cluster.Lists) for purges.
	Cache *cache.Cache
	// Redirects answers old URLs of an imported site (see OldURLs);
	// default: Store, when it implements Redirector.
	Redirects Redirector
	// Comments stores readers' comments; default: Store itself when it has
	// the methods (store.Store does). Without it no comments are shown or
	// taken.
	Comments CommentStore
	// Spam judges new comments (*spam.Classifier); nil holds every comment
	// for a moderator. Tokens signs the comment form; nil: no form token.
	Spam   SpamFilter
	Tokens *spam.Tokens
	// TrustProxy takes a commenter's address (rate limit, moderation) from
	// the last X-Forwarded-For entry when the request comes from a loopback
	// or private address: set it behind a reverse proxy.
	TrustProxy bool
	// Events, when set (the cluster bus's Subscribe), lets the site keep the
	// settings and the navigation in memory instead of reading them for
	// every page: they are read again after any event with All set, which
	// every settings or taxonomy change publishes (cluster.NotifyingStore).
	// Without it they are read for every page.
	Events func(fn func(cluster.Event))
	// Notify e-mails moderators about held comments and commenters about
	// replies; nil sends nothing.
	Notify *notify.Notifier
}

// handler holds the public site's dependencies; its methods are the
// handlers listed in routes.go.
type handler struct {
	store    Store
	msgs     *i18n.Bundle
	log      *slog.Logger
	observe  func(path string, status int, took time.Duration)
	now      func() time.Time
	baseURL  string
	readAlso ReadAlsoChooser
	media    fs.FS
	maxBody  int64
	redirect Redirector
	views    *views
	cache    *cache.Cache

	comments CommentStore
	spam     SpamFilter
	tokens   *spam.Tokens
	trustXFF bool
	notify   *notify.Notifier

	memo    *siteMemo                // nil: settings and navigation read for every page
	bodies  *textMemo[*renderedBody] // rendered article bodies
	descs   *textMemo[string]        // seo.Description of leads and bodies
	heads   *headCache               // rendered <head> metadata
	teasers *lru[teaserKey, template.HTML]
	pieces  *lru[article.ID, *keptPieces] // article parts around the body
	minutes *minutesMemo                  // reading times
	labels  map[string]*Labels
	// lastSite is the last settings read, for the error pages shown while
	// the database is away (a French site stays French).
	lastSite atomic.Pointer[site.Settings]
}

// siteMemo keeps what every page shows and rarely changes: the settings
// (with the time zone loaded and the ad slots parsed) and the navigation,
// until the next change event.
type siteMemo struct {
	mu  sync.Mutex
	gen uint64    // bumped by every change, so a read that raced one is not kept
	v   *siteView // nil until read after the last change
}

// siteView is the site as pages show it. Callers must not modify it.
type siteView struct {
	settings site.Settings
	loc      *time.Location
	nav      []article.Category // nil when not asked for (no memo)
	ads      adConfig
	chrome   sync.Map // chromeKey → Chrome, rendered with these settings
	forms    sync.Map // formKey → *formPieces (formpiece.go)
}

func (m *siteMemo) invalidate() {
	m.mu.Lock()
	m.gen++
	m.v = nil
	m.mu.Unlock()
}

// New checks the options, parses the templates (a broken template is an
// error here, never at request time) and returns the public site.
func New(o Options) (http.Handler, error) {
	h, err := newHandler(o)
	if err != nil {
		return nil, err
	}
	return h.routes(), nil
}

func newHandler(o Options) (*handler, error) {
	if o.Store == nil || o.Messages == nil {
		return nil, errors.New("web: Options.Store and Options.Messages are required")
	}
	if o.BaseURL != "" {
		if u, err := url.Parse(o.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("web: base URL %q: want http(s)://host", o.BaseURL)
		}
	}
	h := &handler{
		store:    o.Store,
		msgs:     o.Messages,
		log:      o.Logger,
		observe:  o.Observe,
		now:      o.Now,
		baseURL:  o.BaseURL,
		readAlso: o.ReadAlso,
		media:    o.DemoMedia,
		maxBody:  o.MaxBodyBytes,
		redirect: o.Redirects,
		cache:    o.Cache,

		comments: o.Comments,
		spam:     o.Spam,
		tokens:   o.Tokens,
		trustXFF: o.TrustProxy,
		notify:   o.Notify,
		bodies:   newBodyCache(bodyCacheBytes),
		heads:    newHeadCache(headCacheBytes),
		descs:    newDescriptionCache(descriptionCacheBytes),
		minutes:  newMinutesMemo(minutesBytes),
		teasers:  newLRU[teaserKey](teaserCacheBytes, func(h template.HTML) int { return 2*len(h) + 256 }),
		pieces: newLRU[article.ID](articlePiecesBytes, func(k *keptPieces) int {
			return 2*(len(k.top)+len(k.bottom)) + len(k.in.article.Lead) + len(k.in.article.Title) + 1024
		}),
		labels: newLabels(o.Messages),
	}
	if cs, ok := o.Store.(CommentStore); ok && h.comments == nil {
		h.comments = cs
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	h.log = h.log.With("component", "web")
	if h.now == nil {
		h.now = time.Now
	}
	if h.readAlso == nil {
		h.readAlso = SameCategory{Store: o.Store}
	}
	if rd, ok := o.Store.(Redirector); ok && h.redirect == nil {
		h.redirect = rd
	}
	if h.maxBody <= 0 {
		h.maxBody = 1 << 20
	}
	v, err := parseViews()
	if err != nil {
		return nil, err
	}
	h.views = v
	if o.Events != nil {
		h.memo = &siteMemo{}
		o.Events(func(e cluster.Event) {
			if e.All {
				h.memo.invalidate()
			}
		})
	}
	return h, nil
}

// site returns the settings, with the --base-url override applied, their
// time zone and, when withNav is set, the navigation: from the memo when
// there is one (it always holds the navigation).
func (h *handler) site(ctx context.Context, withNav bool) (*siteView, error) {
	m := h.memo
	var gen uint64
	if m != nil {
		m.mu.Lock()
		v, g := m.v, m.gen
		m.mu.Unlock()
		if v != nil {
			return v, nil
		}
		gen, withNav = g, true
	}
	kv, err := h.store.Settings(ctx)
	if err != nil {
		return nil, fmt.Errorf("web: settings: %w", err)
	}
	v := &siteView{settings: site.FromMap(kv)}
	if h.baseURL != "" {
		v.settings.BaseURL = h.baseURL
	}
	if !h.msgs.Supported(v.settings.Lang) {
		v.settings.Lang = i18n.Languages[0]
	}
	v.loc = v.settings.Location()
	h.lastSite.Store(&v.settings)
	v.ads = h.adConfigFrom(ctx, kv)
	if withNav {
		if v.nav, err = h.store.Categories(ctx); err != nil {
			return nil, fmt.Errorf("web: categories: %w", err)
		}
	}
	if m != nil {
		m.mu.Lock()
		if m.gen == gen {
			m.v = v
		}
		m.mu.Unlock()
	}
	return v, nil
}

// settings loads the site settings, with the --base-url override applied.
func (h *handler) settings(ctx context.Context) (site.Settings, error) {
	v, err := h.site(ctx, false)
	if err != nil {
		return site.Defaults(), err
	}
	return v.settings, nil
}
