// Package admin is the newsroom at /admin/: login, articles and their
// revisions, taxonomy, media, settings, accounts, API keys and the audit
// log. Every page works without JavaScript; every action is authorized on
// the server by role (package user) and every form is protected from
// cross-site forgery.
package admin

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/comment/notify"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/site"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/user"
)

// Store is everything the admin needs from the database.
type Store interface {
	store.Articles
	store.Comments
	store.Taxonomy
	store.Settings
	store.Newsroom
}

// Change tells the rest of the program what the newsroom changed, so page
// caches can be purged (on every node).
type Change struct {
	Kind      string     // "article", "settings", "taxonomy"
	ArticleID article.ID // for Kind "article"
}

// Options configure the admin. Store and I18n are required.
type Options struct {
	Store  Store
	I18n   *i18n.Bundle
	Logger *slog.Logger     // nil: discard
	Now    func() time.Time // nil: time.Now
	// BaseURL, when set, overrides the stored site setting to decide
	// whether cookies are Secure (https).
	BaseURL string
	// Throttle is the login throttling rule; zero: user.DefaultThrottle.
	Throttle user.Throttle
	// MaxUpload is the largest image accepted, in bytes; 0: 10 MiB.
	MaxUpload int64
	// OnChange, when set, is called after each change readers could see.
	OnChange func(ctx context.Context, c Change)
	// OnModerate, when set, is called for each comment a moderator moves
	// to another state (c.State is the old one): the spam filter learns
	// from it (to spam: spam; to approved: ham).
	OnModerate func(ctx context.Context, c comment.Comment, to comment.State)
	// Notify e-mails a commenter who asked when a reply is published; nil
	// sends nothing.
	Notify *notify.Notifier
}

// Handler serves the admin. Build it with New.
type Handler struct {
	store      Store
	i18n       *i18n.Bundle
	logger     *slog.Logger
	now        func() time.Time
	baseURL    string
	throttle   user.Throttle
	maxUpload  int64
	onChange   func(ctx context.Context, c Change)
	onModerate func(ctx context.Context, c comment.Comment, to comment.State)
	pages      map[string]*template.Template
	assets     *assets
	mux        *http.ServeMux
	routes     []route
	onRender   func(page string) // tests: which templates ran
	notify     *notify.Notifier
	// lastSite is the last settings read, for the error pages shown while
	// the database is away (a French newsroom stays French).
	lastSite atomic.Pointer[site.Settings]
}

//go:embed templates/*.html
var templateFS embed.FS

// New builds the admin handler, to be mounted at /admin/ (it expects full
// paths, so mount it with mux.Handle("/admin/", h)). It parses every
// template now, so a broken template stops the start.
func New(o Options) (http.Handler, error) {
	h, err := newHandler(o)
	if err != nil {
		return nil, err
	}
	return h, nil
}

func newHandler(o Options) (*Handler, error) {
	if o.Store == nil || o.I18n == nil {
		return nil, errors.New("admin: Options.Store and Options.I18n are required")
	}
	h := &Handler{
		store: o.Store, i18n: o.I18n, logger: o.Logger, now: o.Now, baseURL: o.BaseURL,
		throttle: o.Throttle, maxUpload: o.MaxUpload, onChange: o.OnChange, onModerate: o.OnModerate,
		notify: o.Notify,
	}
	if h.logger == nil {
		h.logger = slog.New(slog.DiscardHandler)
	}
	h.logger = h.logger.With("component", "admin")
	if h.now == nil {
		h.now = time.Now
	}
	if h.throttle.Max == 0 {
		h.throttle = user.DefaultThrottle
	}
	if h.maxUpload == 0 {
		h.maxUpload = 10 << 20
	}
	var err error
	if h.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if err := h.parseTemplates(); err != nil {
		return nil, err
	}
	h.mux = http.NewServeMux()
	h.registerRoutes()
	return h, nil
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mux.ServeHTTP(w, r)
}

func (h *Handler) parseTemplates() error {
	funcs := template.FuncMap{
		"asset":   h.assets.url,
		"join":    strings.Join,
		"add":     func(a, b int) int { return a + b },
		"safe":    func(s string) template.HTML { return template.HTML(s) }, // only for markup.Render output
		"statusc": func(s article.Status) string { return "status-" + string(s) },
	}
	layout, err := fs.ReadFile(templateFS, "templates/layout.html")
	if err != nil {
		return fmt.Errorf("admin: templates: %w", err)
	}
	entries, err := fs.ReadDir(templateFS, "templates")
	if err != nil {
		return fmt.Errorf("admin: templates: %w", err)
	}
	h.pages = map[string]*template.Template{}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".html")
		if name == "layout" {
			continue
		}
		body, err := fs.ReadFile(templateFS, "templates/"+e.Name())
		if err != nil {
			return fmt.Errorf("admin: templates: %w", err)
		}
		t := template.New("layout").Funcs(funcs)
		if _, err := t.Parse(string(layout)); err != nil {
			return fmt.Errorf("admin: template layout: %w", err)
		}
		if _, err := t.Parse(string(body)); err != nil {
			return fmt.Errorf("admin: template %s: %w", name, err)
		}
		h.pages[name] = t
	}
	return nil
}

// settings returns the site's settings (defaults for missing keys).
func (h *Handler) settings(ctx context.Context) (site.Settings, error) {
	kv, err := h.store.Settings(ctx)
	if err != nil {
		return site.Settings{}, fmt.Errorf("admin: settings: %w", err)
	}
	s := site.FromMap(kv)
	h.lastSite.Store(&s)
	return s, nil
}

func (h *Handler) changed(ctx context.Context, c Change) {
	if h.onChange != nil {
		h.onChange(ctx, c)
	}
}

// audit appends to the audit log; a failure is logged, not returned, since
// the action itself has already succeeded.
func (h *Handler) audit(ctx context.Context, u *user.User, action, target, detail string) {
	e := &user.AuditEntry{At: h.now().UTC(), Action: action, Target: target, Detail: detail}
	if u != nil {
		e.UserID, e.UserName = u.ID, u.Name
	}
	if err := h.store.AddAudit(ctx, e); err != nil {
		h.logger.ErrorContext(ctx, "audit log", "action", action, "err", err)
	}
}
