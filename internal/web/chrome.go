package web

import (
	"bytes"
	"fmt"
	"html/template"
)

// Chrome is the layout around a page's own content that many pages share:
// the masthead, the navigation with the header ad, and the footer. It is
// rendered from the templates chrome-masthead, chrome-nav and
// chrome-footer (layout.html) once per site view, which the memo renews
// after every settings or taxonomy change, and per what else it shows.
type Chrome struct {
	Masthead, Nav, Footer template.HTML
}

// chromeKey is everything the chrome shows that is not in the site view.
type chromeKey struct {
	active  string // highlighted category
	home    bool   // "Accueil" highlighted
	noIndex bool   // no header ad
	year    int    // in the copyright line
}

// base gives render the Page inside every page's data.
func (p *Page) base() *Page { return p }

// chrome returns p's chrome: from its site view when rendered already.
func (h *handler) chrome(p *Page) (Chrome, error) {
	key := chromeKey{active: p.Active, home: p.Canonical == p.Site.URL("/"), noIndex: p.NoIndex, year: p.Now.Year()}
	if p.view != nil {
		if c, ok := p.view.chrome.Load(key); ok {
			return c.(Chrome), nil
		}
	}
	t := h.views.pages[pageNames[0]] // every page's set holds layout.html
	var parts [3]template.HTML
	var buf bytes.Buffer
	for i, name := range []string{"chrome-masthead", "chrome-nav", "chrome-footer"} {
		buf.Reset()
		if err := t.ExecuteTemplate(&buf, name, p); err != nil {
			return Chrome{}, fmt.Errorf("web: render %s: %w", name, err)
		}
		parts[i] = template.HTML(buf.String()) // escaped by html/template
	}
	c := Chrome{Masthead: parts[0], Nav: parts[1], Footer: parts[2]}
	if p.view != nil {
		p.view.chrome.Store(key, c)
	}
	return c, nil
}
