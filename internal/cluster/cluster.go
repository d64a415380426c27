// Package cluster carries events between the parts of one Kiosque node and,
// on PostgreSQL, between nodes: a change made anywhere (an article published,
// a comment approved, settings saved) reaches every node's page cache through
// LISTEN/NOTIFY. It also elects the one node that runs periodic jobs.
package cluster

import (
	"context"
	"encoding/json"
	"sync"
)

// Event says what changed. Tags are the page-cache tags to purge
// ("article:12", "lists"…); All purges everything.
type Event struct {
	Kind string   `json:"kind"` // "article", "comment", "settings"…, for logs
	Tags []string `json:"tags,omitempty"`
	All  bool     `json:"all,omitempty"`
	// Node is the id of the node that published the event; set by the bus.
	Node string `json:"node,omitempty"`
}

// Bus delivers events to every subscriber on every node.
type Bus interface {
	// Publish delivers e to this node's subscribers at once and to the
	// other nodes' as soon as the database carries it.
	Publish(ctx context.Context, e Event) error
	// Subscribe registers fn for every event, local or remote. fn must be
	// quick and safe for concurrent use.
	Subscribe(fn func(Event))
}

// Local is the bus of a single node (SQLite): delivery is a function call.
type Local struct {
	mu   sync.RWMutex
	subs []func(Event)
}

// Publish implements Bus.
func (l *Local) Publish(_ context.Context, e Event) error {
	l.deliver(e)
	return nil
}

// Subscribe implements Bus.
func (l *Local) Subscribe(fn func(Event)) {
	l.mu.Lock()
	l.subs = append(l.subs, fn)
	l.mu.Unlock()
}

func (l *Local) deliver(e Event) {
	l.mu.RLock()
	subs := l.subs
	l.mu.RUnlock()
	for _, fn := range subs {
		fn(e)
	}
}

func encode(e Event) (string, error) {
	b, err := json.Marshal(e)
	return string(b), err
}

func decode(payload string) (Event, error) {
	var e Event
	err := json.Unmarshal([]byte(payload), &e)
	return e, err
}
