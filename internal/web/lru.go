package web

import (
	"container/list"
	"sync"
)

// lru is a map bounded by the total size of its values, least recently
// used out first, safe for concurrent use. It keeps pieces of pages that
// are pure functions of their inputs; callers check that a value found
// still matches what they would compute (see bodyCache, headCache).
type lru[K comparable, V any] struct {
	max  int
	size func(V) int

	mu    sync.Mutex
	used  int
	byKey map[K]*list.Element // of *lruEntry[K, V]
	order list.List           // front: most recently used
}

type lruEntry[K comparable, V any] struct {
	key  K
	val  V
	size int
}

func newLRU[K comparable, V any](maxBytes int, size func(V) int) *lru[K, V] {
	return &lru[K, V]{max: maxBytes, size: size, byKey: map[K]*list.Element{}}
}

func (c *lru[K, V]) get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[k]
	if !ok {
		var zero V
		return zero, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*lruEntry[K, V]).val, true
}

// put stores v under k, replacing what was there, and pushes out the
// least recently used values beyond the budget. A value bigger than an
// eighth of the budget is not kept: it would push out too many others.
func (c *lru[K, V]) put(k K, v V) {
	n := c.size(v)
	if n > c.max/8 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[k]; ok {
		c.used -= el.Value.(*lruEntry[K, V]).size
		c.order.Remove(el)
	}
	c.byKey[k] = c.order.PushFront(&lruEntry[K, V]{key: k, val: v, size: n})
	c.used += n
	for c.used > c.max {
		last := c.order.Back()
		e := last.Value.(*lruEntry[K, V])
		c.order.Remove(last)
		delete(c.byKey, e.key)
		c.used -= e.size
	}
}

// len is the number of values kept.
func (c *lru[K, V]) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.byKey)
}
