package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/kiosque/kiosque/internal/cache"
	"github.com/kiosque/kiosque/internal/cluster"
	"github.com/kiosque/kiosque/internal/feed"
	"github.com/kiosque/kiosque/internal/site"
	"github.com/kiosque/kiosque/internal/store"
)

// The feed formats served under each feed base (/, /category/x/,
// /author/x/): path suffix, Content-Type and writer.
type feedFormat struct {
	suffix      string
	contentType string
	write       func(io.Writer, feed.Channel, []feed.Item) error
}

var (
	rssFormat  = feedFormat{"feed/", "application/rss+xml; charset=utf-8", feed.WriteRSS}
	atomFormat = feedFormat{"feed/atom/", "application/atom+xml; charset=utf-8", feed.WriteAtom}
	jsonFormat = feedFormat{"feed/json/", "application/feed+json; charset=utf-8", feed.WriteJSONFeed}
)

// Content types of the other machine-read files.
const (
	xmlType  = "application/xml; charset=utf-8"
	textType = "text/plain; charset=utf-8"
)

// siteFeed serves the latest visible articles of the whole site.
func (h *handler) siteFeed(f feedFormat) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		s, err := h.settings(r.Context())
		if err != nil {
			return err
		}
		c := feed.Channel{Title: s.Name, Description: s.Tagline, HomeURL: s.URL("/"), FeedURL: s.URL("/" + f.suffix)}
		return h.serveFeed(w, r, s, f, c, store.ArticleFilter{})
	}
}

// categoryFeed serves the latest visible articles of /category/{slug}/.
func (h *handler) categoryFeed(f feedFormat) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		s, err := h.settings(r.Context())
		if err != nil {
			return err
		}
		cat, err := h.store.CategoryBySlug(r.Context(), r.PathValue("slug"))
		if err != nil {
			return err
		}
		base := "/category/" + cat.Slug + "/"
		c := feed.Channel{Title: s.Name + " – " + cat.Name, Description: cat.Description, HomeURL: s.URL(base), FeedURL: s.URL(base + f.suffix)}
		return h.serveFeed(w, r, s, f, c, store.ArticleFilter{CategoryID: cat.ID})
	}
}

// authorFeed serves the latest visible articles signed by /author/{slug}/.
func (h *handler) authorFeed(f feedFormat) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		s, err := h.settings(r.Context())
		if err != nil {
			return err
		}
		au, err := h.store.AuthorBySlug(r.Context(), r.PathValue("slug"))
		if err != nil {
			return err
		}
		base := "/author/" + au.Slug + "/"
		c := feed.Channel{Title: s.Name + " – " + au.Name, HomeURL: s.URL(base), FeedURL: s.URL(base + f.suffix)}
		return h.serveFeed(w, r, s, f, c, store.ArticleFilter{AuthorID: au.ID})
	}
}

// serveFeed lists the feed's articles (filter narrowed to what readers may
// see now) and writes them in format f.
func (h *handler) serveFeed(w http.ResponseWriter, r *http.Request, s site.Settings, f feedFormat, c feed.Channel, filter store.ArticleFilter) error {
	filter.VisibleAt = h.now()
	filter.Limit = feed.FeedSize
	arts, _, err := h.store.ListArticles(r.Context(), filter)
	if err != nil {
		return fmt.Errorf("web: feed %s: %w", r.URL.Path, err)
	}
	c.Lang, c.Generator = s.Lang, "Kiosque"
	items := feed.Items(s, arts)
	var buf bytes.Buffer
	if err := f.write(&buf, c, items); err != nil {
		return err
	}
	return serveGenerated(w, r, f.contentType, feed.Newest(items), buf.Bytes())
}

// serveGenerated writes a generated document with an ETag (hash of the
// body) and Last-Modified (modified, when known), answering conditional
// requests with 304 Not Modified and HEAD without a body. Behind the page
// cache, the cache keeps the document and answers with its own validators.
func serveGenerated(w http.ResponseWriter, r *http.Request, contentType string, modified time.Time, body []byte) error {
	// Feeds, sitemaps and robots.txt change with any article or setting.
	cache.Tag(r.Context(), cluster.Lists)
	sum := sha256.Sum256(body)
	hd := w.Header()
	hd.Set("Content-Type", contentType)
	hd.Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	hd.Set("Cache-Control", "public, max-age=300")
	http.ServeContent(w, r, "", modified, bytes.NewReader(body))
	return nil
}

// sitemapIndex serves /sitemap.xml: the article sitemaps and the taxonomy
// sitemap.
func (h *handler) sitemapIndex(w http.ResponseWriter, r *http.Request) error {
	s, err := h.settings(r.Context())
	if err != nil {
		return err
	}
	newest, total, err := h.newestVisible(r.Context())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := feed.WriteSitemapIndex(&buf, feed.SitemapIndex(s, total, newest)); err != nil {
		return err
	}
	return serveGenerated(w, r, xmlType, newest, buf.Bytes())
}

// newestVisible returns the last change among visible articles (by the
// newest published one) and how many there are.
func (h *handler) newestVisible(ctx context.Context) (time.Time, int, error) {
	arts, total, err := h.store.ListArticles(ctx, store.ArticleFilter{VisibleAt: h.now(), Limit: 1})
	if err != nil {
		return time.Time{}, 0, fmt.Errorf("web: sitemap: %w", err)
	}
	var newest time.Time
	if len(arts) > 0 {
		newest = arts[0].UpdatedAt
		if arts[0].PublishedAt.After(newest) {
			newest = arts[0].PublishedAt
		}
	}
	return newest.UTC(), total, nil
}

// sitemapFile serves /sitemaps/articles-N.xml (visible articles, newest
// first, feed.MaxSitemapURLs a file) and /sitemaps/taxonomy.xml.
func (h *handler) sitemapFile(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("file")
	if name == "taxonomy.xml" {
		return h.taxonomySitemap(w, r)
	}
	n, ok := feed.ParseArticleSitemapFile(name)
	if !ok {
		return errNotFound
	}
	s, err := h.settings(r.Context())
	if err != nil {
		return err
	}
	const page = 1000 // the store's largest page
	filter := store.ArticleFilter{VisibleAt: h.now(), Limit: page, Offset: (n - 1) * feed.MaxSitemapURLs}
	// Articles come with their bodies: keep only their URLs, a page at a
	// time, so memory stays bounded by one page.
	var urls []feed.URL
	for len(urls) < feed.MaxSitemapURLs {
		got, total, err := h.store.ListArticles(r.Context(), filter)
		if err != nil {
			return fmt.Errorf("web: sitemap %d: %w", n, err)
		}
		if n > feed.ArticleSitemapCount(total) {
			return errNotFound
		}
		urls = append(urls, feed.ArticleURLs(s, got)...)
		if len(got) < page {
			break
		}
		filter.Offset += page
	}
	var newest time.Time
	for _, u := range urls {
		if u.LastMod.After(newest) {
			newest = u.LastMod
		}
	}
	var buf bytes.Buffer
	if err := feed.WriteSitemap(&buf, urls); err != nil {
		return err
	}
	return serveGenerated(w, r, xmlType, newest, buf.Bytes())
}

// taxonomySitemap lists the home, category, tag and author pages.
func (h *handler) taxonomySitemap(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	s, err := h.settings(ctx)
	if err != nil {
		return err
	}
	cats, err := h.store.Categories(ctx)
	if err != nil {
		return fmt.Errorf("web: sitemap: %w", err)
	}
	tags, err := h.store.Tags(ctx)
	if err != nil {
		return fmt.Errorf("web: sitemap: %w", err)
	}
	authors, err := h.store.Authors(ctx)
	if err != nil {
		return fmt.Errorf("web: sitemap: %w", err)
	}
	var buf bytes.Buffer
	if err := feed.WriteSitemap(&buf, feed.TaxonomyURLs(s, cats, tags, authors)); err != nil {
		return err
	}
	return serveGenerated(w, r, xmlType, time.Time{}, buf.Bytes())
}

// newsSitemap serves /news-sitemap.xml: what was published in the last two
// days, for Google News.
func (h *handler) newsSitemap(w http.ResponseWriter, r *http.Request) error {
	s, err := h.settings(r.Context())
	if err != nil {
		return err
	}
	now := h.now()
	arts, _, err := h.store.ListArticles(r.Context(), store.ArticleFilter{VisibleAt: now, Limit: feed.MaxNewsURLs})
	if err != nil {
		return fmt.Errorf("web: news sitemap: %w", err)
	}
	var buf bytes.Buffer
	if err := feed.WriteNewsSitemap(&buf, s, feed.Publication{Name: s.Name, Lang: s.Lang}, arts, now); err != nil {
		return err
	}
	var newest time.Time
	if len(arts) > 0 {
		newest = arts[0].PublishedAt
	}
	return serveGenerated(w, r, xmlType, newest, buf.Bytes())
}

// robotsTxt serves /robots.txt, naming the sitemaps.
func (h *handler) robotsTxt(w http.ResponseWriter, r *http.Request) error {
	s, err := h.settings(r.Context())
	if err != nil {
		return err
	}
	return serveGenerated(w, r, textType, time.Time{}, []byte(feed.RobotsTxt(s)))
}

// adsTxt serves /ads.txt from the ads.txt setting; 404 when it is empty.
func (h *handler) adsTxt(w http.ResponseWriter, r *http.Request) error {
	s, err := h.settings(r.Context())
	if err != nil {
		return err
	}
	if s.AdsTxt == "" {
		return errNotFound
	}
	body := s.AdsTxt
	if body[len(body)-1] != '\n' {
		body += "\n"
	}
	return serveGenerated(w, r, textType, time.Time{}, []byte(body))
}

// feedRoutes lists the feed and sitemap routes, for routes.go.
func (h *handler) feedRoutes(handle func(pattern string, f handlerFunc)) {
	for _, f := range []feedFormat{rssFormat, atomFormat, jsonFormat} {
		handle("GET /"+f.suffix+"{$}", h.siteFeed(f))
		handle("GET /category/{slug}/"+f.suffix+"{$}", h.categoryFeed(f))
		handle("GET /author/{slug}/"+f.suffix+"{$}", h.authorFeed(f))
	}
	handle("GET "+feed.SitemapIndexPath, h.sitemapIndex)
	handle("GET /sitemaps/{file}", h.sitemapFile)
	handle("GET "+feed.NewsSitemapPath, h.newsSitemap)
	handle("GET /robots.txt", h.robotsTxt)
	handle("GET /ads.txt", h.adsTxt)
}
