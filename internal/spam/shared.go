package spam

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"time"
)

// AddSighting records key seen at at and returns how many times it was
// seen after since (store.Sightings.AddSighting).
type AddSighting func(ctx context.Context, key string, at, since time.Time) (int, error)

// Shared is a Recent kept in the database, so that every node of a site
// agrees: a form token spent on one node is spent on all, and the rate
// limit and duplicate texts count posts whichever node they reached. Keys
// leave the process hashed (no address or text is stored). When the
// database does not answer within sharedTimeout, the node's own memory
// answers: a comment is never held up by it.
type Shared struct {
	kind   string
	add    AddSighting
	window time.Duration
	local  *Memory
	logger *slog.Logger
}

// sharedTimeout bounds how long a comment waits for the shared memory.
const sharedTimeout = time.Second

// NewShared returns a Shared counting sightings within window through add;
// kind names this memory ("tokens", "texts", "posts"), so that memories
// sharing a table never count each other's keys; logger (may be nil)
// hears of the database's failures.
func NewShared(kind string, add AddSighting, window time.Duration, logger *slog.Logger) *Shared {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Shared{kind: kind, add: add, window: window, local: NewMemory(window, 20_000), logger: logger}
}

// Add implements Recent.
func (s *Shared) Add(key string, now time.Time) int {
	local := s.local.Add(key, now)
	sum := sha256.Sum256([]byte(s.kind + "\x00" + key))
	ctx, cancel := context.WithTimeout(context.Background(), sharedTimeout)
	defer cancel()
	n, err := s.add(ctx, hex.EncodeToString(sum[:16]), now, now.Add(-s.window))
	if err != nil {
		s.logger.Warn("spam: shared memory unavailable; this node's own memory answers", "memory", s.kind, "err", err)
		return local
	}
	return max(n, local)
}
