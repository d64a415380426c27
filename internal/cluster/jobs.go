package cluster

import (
	"context"
	"database/sql"
	"hash/fnv"
	"log/slog"
	"sync"
	"time"
)

// Elector says whether this node should run the periodic jobs now.
type Elector interface {
	Leader(ctx context.Context) bool
}

// Single is the elector of a lone node: always the leader.
type Single struct{}

// Leader implements Elector.
func (Single) Leader(context.Context) bool { return true }

// AdvisoryLock elects the node holding a PostgreSQL session advisory lock.
// The lock lives on a dedicated connection: when the leader dies, its
// connection closes, the lock is released, and another node takes it at
// its next try.
type AdvisoryLock struct {
	db   *sql.DB
	key  int64
	mu   sync.Mutex
	conn *sql.Conn
}

// NewAdvisoryLock returns an elector over the lock named name.
func NewAdvisoryLock(db *sql.DB, name string) *AdvisoryLock {
	h := fnv.New64a()
	h.Write([]byte("kiosque:" + name))
	return &AdvisoryLock{db: db, key: int64(h.Sum64() >> 1)}
}

// Leader implements Elector: it keeps the lock if it holds it (checking its
// connection is alive) or tries to take it.
func (a *AdvisoryLock) Leader(ctx context.Context) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.conn != nil {
		if err := a.conn.PingContext(ctx); err == nil {
			return true
		}
		a.conn.Close()
		a.conn = nil
	}
	conn, err := a.db.Conn(ctx)
	if err != nil {
		return false
	}
	var got bool
	if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", a.key).Scan(&got); err != nil || !got {
		conn.Close()
		return false
	}
	a.conn = conn
	return true
}

// Release gives the lock up (at shutdown), so another node takes over at once.
func (a *AdvisoryLock) Release() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.conn != nil {
		_, _ = a.conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", a.key) // closing the connection releases it anyway
		a.conn.Close()
		a.conn = nil
	}
}

// Every runs fn every interval until ctx ends, on the leader only. Errors
// are logged, never fatal: the next tick tries again.
func Every(ctx context.Context, logger *slog.Logger, e Elector, name string, interval time.Duration, fn func(context.Context) error) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if e.Leader(ctx) {
			start := time.Now()
			if err := fn(ctx); err != nil && ctx.Err() == nil {
				logger.Error("job failed", "job", name, "error", err)
			} else {
				logger.Debug("job ran", "job", name, "duration", time.Since(start))
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
