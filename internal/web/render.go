package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/kiosque/kiosque/internal/site"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// asset is an embedded file served under a URL that changes with its
// content, so browsers may keep it forever.
type asset struct {
	url, contentType string
	body             []byte
}

// views holds the parsed page templates and the static assets.
type views struct {
	pages   map[string]*template.Template
	css     asset
	icon    asset
	shareJS asset            // static/share.js: copy link, Web Share API
	assets  map[string]asset // by file name under /static/
}

// pageNames are the page templates; each is layout.html + partials.html +
// <name>.html.
var pageNames = []string{"home", "article", "list", "privacy", "error", "search"}

// rendered records which page templates were executed, so a test can fail
// when one never is.
var rendered sync.Map

func parseViews() (*views, error) {
	funcs := template.FuncMap{
		"add": func(a, b int) int { return a + b },
	}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/partials.html", "templates/comments.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	v := &views{pages: map[string]*template.Template{}, assets: map[string]asset{}}
	for _, name := range pageNames {
		t, err := template.Must(base.Clone()).ParseFS(templateFiles, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		v.pages[name] = t
	}
	css, err := fs.ReadFile(staticFiles, "static/site.css")
	if err != nil {
		return nil, fmt.Errorf("web: stylesheet: %w", err)
	}
	v.css = hashed("site", ".css", "text/css; charset=utf-8", css)
	v.assets[path.Base(v.css.url)] = v.css
	icon, err := fs.ReadFile(staticFiles, "static/favicon.svg")
	if err != nil {
		return nil, fmt.Errorf("web: icon: %w", err)
	}
	v.icon = hashed("favicon", ".svg", "image/svg+xml", icon)
	v.assets[path.Base(v.icon.url)] = v.icon
	share, err := fs.ReadFile(staticFiles, "static/share.js")
	if err != nil {
		return nil, fmt.Errorf("web: share script: %w", err)
	}
	v.shareJS = hashed("share", ".js", "text/javascript; charset=utf-8", share)
	v.assets[path.Base(v.shareJS.url)] = v.shareJS
	return v, nil
}

func hashed(name, ext, contentType string, body []byte) asset {
	sum := sha256.Sum256(body)
	return asset{
		url:         "/static/" + name + "." + hex.EncodeToString(sum[:6]) + ext,
		contentType: contentType,
		body:        body,
	}
}

// render executes page template name into a buffer and then writes it with
// status, so that a template error becomes a clean 500, never half a page.
func (h *handler) render(w http.ResponseWriter, status int, name string, data any) error {
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(buf)
	if err := h.execute(buf, name, data); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	// A failed write means the client went away: the answer has started,
	// so there is no error page to show and nothing else to do.
	_, _ = w.Write(buf.Bytes())
	return nil
}

// pageBuffers recycles render's buffers: a page is some 20 KB, which a
// fresh buffer would reach by growing (and copying) six times.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func putPageBuffer(buf *bytes.Buffer) {
	if buf.Cap() > 1<<20 { // a rare giant page: let it go
		return
	}
	buf.Reset()
	pageBuffers.Put(buf)
}

// execute writes page template name with data into buf, with the page's
// chrome (chrome.go).
func (h *handler) execute(buf *bytes.Buffer, name string, data any) error {
	t, ok := h.views.pages[name]
	if !ok {
		return fmt.Errorf("web: no page template %q", name)
	}
	if d, ok := data.(interface{ base() *Page }); ok {
		p := d.base()
		if p.L == nil { // a fallback page (fallbackPage)
			p.L = h.labelsFor(p.Lang)
		}
		c, err := h.chrome(p)
		if err != nil {
			return err
		}
		p.Chrome = c
	}
	if err := t.ExecuteTemplate(buf, "layout", data); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	rendered.Store(name, true)
	return nil
}

// serveStatic serves the embedded, content-hashed assets.
func (h *handler) serveStatic(w http.ResponseWriter, r *http.Request) error {
	a, ok := h.views.assets[r.PathValue("file")]
	if !ok {
		return errNotFound
	}
	w.Header().Set("Content-Type", a.contentType)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
	return nil
}

// favicon sends browsers that ask for /favicon.ico to the site's icon.
func (h *handler) favicon(w http.ResponseWriter, r *http.Request) error {
	http.Redirect(w, r, h.views.icon.url, http.StatusMovedPermanently)
	return nil
}

// absURL makes a possibly relative URL absolute against the site.
func absURL(s site.Settings, u string) string {
	if u == "" || strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
		return u
	}
	if !strings.HasPrefix(u, "/") {
		u = "/" + u
	}
	return s.URL(u)
}

// serveMedia serves the demo's images from Options.DemoMedia: files only,
// no directory listings.
func (h *handler) serveMedia(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("file")
	if !fs.ValidPath(name) {
		return errNotFound
	}
	st, err := fs.Stat(h.media, name)
	if err != nil || st.IsDir() {
		return errNotFound
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	http.ServeFileFS(w, r, h.media, name)
	return nil
}
