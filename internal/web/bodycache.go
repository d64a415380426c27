package web

import (
	"hash/maphash"
	"html/template"
	"reflect"

	"github.com/kiosque/kiosque/internal/markup"
	"github.com/kiosque/kiosque/internal/seo"
)

// bodyCacheBytes bounds the memory of rendered article bodies: about the
// Markdown source plus its HTML, so some 5,000 articles of 3 KB.
const bodyCacheBytes = 32 << 20

// renderedBody is an article body as its page shows it.
type renderedBody struct {
	src    string         // the Markdown source, compared on every hit
	blocks []markup.Block // markup.Blocks(src); shared, never modified
	text   string         // truncate(markup.Text(src), 200): the description of an article without lead
	size   int
}

// bodyCache keeps the rendered Markdown of article bodies. It is keyed by
// the source text itself (a hash, then a comparison), so an edited body
// can never be served in its old form and nothing needs purging: an old
// revision simply ages out.
type bodyCache struct {
	seed maphash.Seed
	lru  *lru[uint64, *renderedBody]
}

func newBodyCache(maxBytes int) *bodyCache {
	return &bodyCache{seed: maphash.MakeSeed(),
		lru: newLRU[uint64](maxBytes, func(b *renderedBody) int { return b.size })}
}

// get returns the rendered body of src, rendering it on a miss.
func (c *bodyCache) get(src string) *renderedBody {
	key := maphash.String(c.seed, src)
	if b, ok := c.lru.get(key); ok && b.src == src {
		return b
	}
	b := renderBody(src)
	c.lru.put(key, b)
	return b
}

func renderBody(src string) *renderedBody {
	b := &renderedBody{src: src, blocks: markup.Blocks(src), text: truncate(markup.Text(src), 200)}
	b.size = len(src) + len(b.text) + 64
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
