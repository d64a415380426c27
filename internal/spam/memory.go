package spam

import (
	"container/list"
	"sync"
	"time"
)

// Recent remembers how often keys were seen lately: the same text posted
// again, the posts from one address, the form tokens already used. Memory
// keeps it in this process; Shared keeps it in the database, for the nodes
// of a site to agree. Implementations must be safe for
// concurrent use and handle their own errors: a failing shared memory should
// answer 1 (seen once) rather than block a comment.
type Recent interface {
	// Add records one sighting of key at now and returns how many times key
	// was seen within the memory's window, this one included.
	Add(key string, now time.Time) int
}

// Memory is a bounded in-process Recent. It keeps at most Max keys (the
// least recently seen are forgotten first) and at most maxSightings times
// per key.
type Memory struct {
	window time.Duration
	max    int

	mu    sync.Mutex
	keys  map[string]*list.Element
	order *list.List // of *sighting, most recent first
}

const maxSightings = 64

type sighting struct {
	key   string
	times []time.Time
}

// NewMemory returns a Memory counting sightings within window, holding at
// most max keys.
func NewMemory(window time.Duration, max int) *Memory {
	return &Memory{window: window, max: max, keys: map[string]*list.Element{}, order: list.New()}
}

// Add implements Recent.
func (m *Memory) Add(key string, now time.Time) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	since := now.Add(-m.window)
	el, ok := m.keys[key]
	if !ok {
		el = m.order.PushFront(&sighting{key: key})
		m.keys[key] = el
	} else {
		m.order.MoveToFront(el)
	}
	s := el.Value.(*sighting)
	kept := s.times[:0]
	for _, t := range s.times {
		if t.After(since) {
			kept = append(kept, t)
		}
	}
	s.times = append(kept, now)
	if len(s.times) > maxSightings {
		s.times = s.times[len(s.times)-maxSightings:]
	}
	m.evict(since)
	return len(s.times)
}

// evict forgets keys beyond the bound and keys not seen within the window.
func (m *Memory) evict(since time.Time) {
	for m.order.Len() > 0 {
		back := m.order.Back()
		s := back.Value.(*sighting)
		if m.order.Len() <= m.max && s.times[len(s.times)-1].After(since) {
			return
		}
		m.order.Remove(back)
		delete(m.keys, s.key)
	}
}

// Len returns how many keys the memory holds.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.order.Len()
}
