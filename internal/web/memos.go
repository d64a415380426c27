package web

import (
	"fmt"
	"hash/maphash"
	"html/template"
	"reflect"
	"strings"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/markup"
	"github.com/kiosque/kiosque/internal/seo"
)

// bodyCacheBytes bounds the memory of rendered article bodies: about the
// Markdown source plus its HTML, so some 5,000 articles of 3 KB.
const bodyCacheBytes = 32 << 20

// descriptionCacheBytes bounds the memory of descriptions: a lead or body
// and some 200 characters made of it.
const descriptionCacheBytes = 16 << 20

// renderedBody is an article body as its page shows it.
type renderedBody struct {
	blocks []markup.Block // markup.Blocks(src); shared, never modified
	text   string         // truncate(markup.Text(src), 200): the description of an article without lead
	size   int
}

// textMemo keeps what compute makes of a text (an article body, a lead),
// least recently used out first. It is keyed by the text itself (a hash,
// then a comparison), so an edited text can never be served in its old
// form and nothing needs purging: an old revision simply ages out.
type textMemo[V any] struct {
	seed    maphash.Seed
	lru     *lru[uint64, *memoEntry[V]]
	compute func(src string) V
}

type memoEntry[V any] struct {
	src string
	val V
}

// newTextMemo keeps up to maxBytes, as size counts what a value costs
// besides its source.
func newTextMemo[V any](maxBytes int, compute func(string) V, size func(V) int) *textMemo[V] {
	return &textMemo[V]{seed: maphash.MakeSeed(), compute: compute,
		lru: newLRU[uint64](maxBytes, func(e *memoEntry[V]) int { return len(e.src) + size(e.val) + 64 })}
}

// get returns compute(src), computing it on a miss.
func (m *textMemo[V]) get(src string) V {
	key := maphash.String(m.seed, src)
	if e, ok := m.lru.get(key); ok && e.src == src {
		return e.val
	}
	v := m.compute(src)
	m.lru.put(key, &memoEntry[V]{src: src, val: v})
	return v
}

// newBodyCache keeps rendered article bodies.
func newBodyCache(maxBytes int) *textMemo[*renderedBody] {
	return newTextMemo(maxBytes, renderBody, func(b *renderedBody) int { return b.size })
}

// newDescriptionCache keeps seo.Description of leads and bodies: each is
// a Markdown rendering.
func newDescriptionCache(maxBytes int) *textMemo[string] {
	return newTextMemo(maxBytes, seo.Description, func(d string) int { return len(d) })
}

func renderBody(src string) *renderedBody {
	b := &renderedBody{blocks: markup.Blocks(src), text: truncate(markup.Text(src), 200)}
	b.size = len(b.text)
	for _, bl := range b.blocks {
		b.size += len(bl.HTML) + 32
	}
	return b
}

// headCacheBytes bounds the memory of rendered <head> metadata (some 3 KB
// a page).
const headCacheBytes = 16 << 20

// renderedHead is a page's metadata and the tags seo.Meta.Head made of it.
type renderedHead struct {
	meta seo.Meta
	html template.HTML
}

// headCache keeps the rendered <head> metadata of pages by canonical URL.
// A hit is used only when the metadata is the same as the page's now
// (reflect.DeepEqual: a handful of strings, far cheaper than rendering),
// so nothing needs purging.
type headCache struct {
	lru *lru[string, *renderedHead]
}

func newHeadCache(maxBytes int) *headCache {
	return &headCache{lru: newLRU[string](maxBytes, func(h *renderedHead) int { return 2*len(h.html) + 256 })}
}

// head returns m.Head(), from the cache when m has not changed.
func (c *headCache) head(m seo.Meta) template.HTML {
	if h, ok := c.lru.get(m.Canonical); ok && reflect.DeepEqual(h.meta, m) {
		return h.html
	}
	h := &renderedHead{meta: m, html: m.Head()}
	c.lru.put(m.Canonical, h)
	return h.html
}

// teaserCacheBytes bounds the memory of rendered teasers (some 700 bytes).
const teaserCacheBytes = 4 << 20

// teaserKey is everything the teaser template reads of a Teaser: equal
// keys make equal HTML, so a rendered teaser is kept by its key.
type teaserKey struct {
	big                             bool
	url, image, kicker, kickerURL   string
	date, iso, reading, title, lead string
}

// teaserHTML renders t with the teaser template, or finds it rendered.
func (h *handler) teaserHTML(t Teaser) (template.HTML, error) {
	key := teaserKey{big: t.Big, url: t.URL, image: t.Image, kicker: t.Kicker, kickerURL: t.KickerURL,
		date: t.Date, iso: t.ISO, reading: t.Reading, title: t.Article.Title, lead: t.Article.Lead}
	if html, ok := h.teasers.get(key); ok {
		return html, nil
	}
	var b strings.Builder
	if err := h.views.pages["article"].ExecuteTemplate(&b, "teaser", t); err != nil {
		return "", fmt.Errorf("web: render teaser: %w", err)
	}
	html := template.HTML(b.String()) // escaped by html/template
	h.teasers.put(key, html)
	return html, nil
}

// articlePiecesBytes bounds the memory of kept article parts (some 3 KB of
// HTML and the article's fields a page).
const articlePiecesBytes = 16 << 20

// articleInput is everything the templates article-top and article-bottom
// read besides the site view (language, labels, time zone): the article
// (its body only through Minutes), the page's canonical URL and picture.
type articleInput struct {
	article   article.Article // Body left out
	minutes   int
	canonical string
	image     string
}

// keptPieces are an article's parts rendered from in with view.
type keptPieces struct {
	view        *siteView
	in          articleInput
	top, bottom template.HTML
}

// articlePieces renders the parts of p's article around its body, or finds
// them kept: they are used only while everything they show is unchanged
// (reflect.DeepEqual on articleInput), so an edit, a new category name or
// new settings render them anew and nothing needs purging. A page
// re-rendered after its cache entry was purged (a comment approved, a
// related article edited) finds them.
func (h *handler) articlePieces(p *ArticlePage) (top, bottom template.HTML, err error) {
	in := articleInput{article: *p.Article, minutes: p.Minutes, canonical: p.Canonical, image: p.Image}
	in.article.Body = ""
	if k, ok := h.pieces.get(p.Article.ID); ok && p.view != nil && k.view == p.view && reflect.DeepEqual(k.in, in) {
		return k.top, k.bottom, nil
	}
	t := h.views.pages["article"]
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, "article-top", p); err != nil {
		return "", "", fmt.Errorf("web: render article top: %w", err)
	}
	top = template.HTML(b.String()) // escaped by html/template
	b.Reset()
	if err := t.ExecuteTemplate(&b, "article-bottom", p); err != nil {
		return "", "", fmt.Errorf("web: render article bottom: %w", err)
	}
	bottom = template.HTML(b.String())
	if p.view != nil {
		h.pieces.put(p.Article.ID, &keptPieces{view: p.view, in: in, top: top, bottom: bottom})
	}
	return top, bottom, nil
}

// minutesBytes bounds the memory of reading times kept: each keeps its
// lead and body.
const minutesBytes = 8 << 20

// minutesMemo keeps article.ReadingMinutes (a word count of the whole
// body) by the lead and body themselves (a hash, then a comparison).
type minutesMemo struct {
	seed maphash.Seed
	lru  *lru[uint64, *minutesEntry]
}

type minutesEntry struct {
	lead, body string
	minutes    int
}

func newMinutesMemo(maxBytes int) *minutesMemo {
	return &minutesMemo{seed: maphash.MakeSeed(),
		lru: newLRU[uint64](maxBytes, func(e *minutesEntry) int { return len(e.lead) + len(e.body) + 64 })}
}

// of returns a.ReadingMinutes(), kept; a nil memo computes it.
func (m *minutesMemo) of(a *article.Article) int {
	if m == nil {
		return a.ReadingMinutes()
	}
	var h maphash.Hash
	h.SetSeed(m.seed)
	h.WriteString(a.Lead)
	h.WriteByte(0)
	h.WriteString(a.Body)
	key := h.Sum64()
	if e, ok := m.lru.get(key); ok && e.lead == a.Lead && e.body == a.Body {
		return e.minutes
	}
	n := a.ReadingMinutes()
	m.lru.put(key, &minutesEntry{lead: a.Lead, body: a.Body, minutes: n})
	return n
}
