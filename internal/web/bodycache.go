package web

import (
	"container/list"
	"hash/maphash"
	"sync"

	"github.com/kiosque/kiosque/internal/markup"
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

// bodyCache keeps the rendered Markdown of article bodies, least recently
// used out first. It is keyed by the source text itself (a hash, then a
// comparison), so an edited body can never be served in its old form and
// nothing needs purging: an old revision simply ages out.
type bodyCache struct {
	max  int
	seed maphash.Seed

	mu    sync.Mutex
	size  int
	byKey map[uint64]*list.Element // of *renderedBody
	lru   list.List                // front: most recently used
}

func newBodyCache(maxBytes int) *bodyCache {
	return &bodyCache{max: maxBytes, seed: maphash.MakeSeed(), byKey: map[uint64]*list.Element{}}
}

// get returns the rendered body of src, rendering it on a miss.
func (c *bodyCache) get(src string) *renderedBody {
	key := maphash.String(c.seed, src)
	c.mu.Lock()
	if el, ok := c.byKey[key]; ok {
		if b := el.Value.(*renderedBody); b.src == src {
			c.lru.MoveToFront(el)
			c.mu.Unlock()
			return b
		}
	}
	c.mu.Unlock()

	b := renderBody(src)
	if b.size > c.max/8 {
		return b // a giant body would push out too many others
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok { // rendered meanwhile, or a collision: replace
		c.size -= el.Value.(*renderedBody).size
		c.lru.Remove(el)
	}
	c.byKey[key] = c.lru.PushFront(b)
	c.size += b.size
	for c.size > c.max {
		last := c.lru.Back()
		old := last.Value.(*renderedBody)
		c.lru.Remove(last)
		delete(c.byKey, maphash.String(c.seed, old.src))
		c.size -= old.size
	}
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
