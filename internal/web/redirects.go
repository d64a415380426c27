package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/kiosque/kiosque/internal/store"
)

// Redirector finds where an old URL of an imported site went (see
// importer.ImportWXR). The SQLite and PostgreSQL stores implement it.
type Redirector interface {
	Redirect(ctx context.Context, path string) (*store.Redirect, error)
}

// OldURLs answers the old addresses of an imported WordPress site with a
// 301 to their Kiosque page. "/?p=ID" and "/?page_id=ID" are looked up
// first, since the home page would answer them; any other GET or HEAD is
// looked up only when next answers 404, so pages that exist cost nothing.
// With a nil rd, OldURLs returns next.
func OldURLs(rd Redirector, next http.Handler) http.Handler {
	if rd == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		if r.URL.Path == "/" && r.URL.RawQuery != "" {
			q := r.URL.Query()
			for _, k := range []string{"p", "page_id"} {
				if id, err := strconv.ParseInt(q.Get(k), 10, 64); err == nil && id > 0 {
					if to := lookup(r.Context(), rd, "/?"+k+"="+strconv.FormatInt(id, 10)); to != "" {
						permanent(w, to)
						return
					}
				}
			}
		}
		next.ServeHTTP(&catch404{ResponseWriter: w, r: r, rd: rd}, r)
	})
}

// lookup returns the local path an old path redirects to, or "".
func lookup(ctx context.Context, rd Redirector, path string) string {
	red, err := rd.Redirect(ctx, path)
	if err != nil {
		return "" // not found, or the database failed: the 404 stands
	}
	to := red.Target
	if red.ArticleID != 0 {
		to = "/" + red.Slug + "/"
	}
	// Only local paths: a redirect never sends readers to another site.
	if !strings.HasPrefix(to, "/") || strings.HasPrefix(to, "//") || strings.HasPrefix(to, "/\\") || to == path {
		return ""
	}
	return to
}

func permanent(w http.ResponseWriter, to string) {
	h := w.Header()
	for _, k := range []string{"Content-Type", "Content-Length", "Content-Encoding", "Etag", "Last-Modified"} {
		h.Del(k)
	}
	h.Set("Location", to)
	h.Set("Cache-Control", "public, max-age=86400")
	w.WriteHeader(http.StatusMovedPermanently)
}

// catch404 passes a response through unless its status is 404 and the path
// is an old URL: then it answers 301 and drops the 404 page.
type catch404 struct {
	http.ResponseWriter
	r       *http.Request
	rd      Redirector
	decided bool
	dropped bool
}

func (c *catch404) WriteHeader(code int) {
	if c.decided {
		return
	}
	c.decided = true
	if code == http.StatusNotFound {
		p := c.r.URL.Path
		to := lookup(c.r.Context(), c.rd, p)
		if to == "" && !strings.HasSuffix(p, "/") {
			to = lookup(c.r.Context(), c.rd, p+"/")
		}
		if to != "" {
			c.dropped = true
			permanent(c.ResponseWriter, to)
			return
		}
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *catch404) Write(b []byte) (int, error) {
	if !c.decided {
		c.WriteHeader(http.StatusOK)
	}
	if c.dropped {
		return len(b), nil
	}
	return c.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the real writer.
func (c *catch404) Unwrap() http.ResponseWriter { return c.ResponseWriter }
