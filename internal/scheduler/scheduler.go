// Package scheduler publishes scheduled articles when their time comes,
// without waiting for a request: a loop asks the store every tick to publish
// what is due and reports what it published.
package scheduler

import (
	"context"
	"log/slog"
	"time"

	"github.com/kiosque/kiosque/internal/article"
)

// Publisher is the narrow part of store.Articles the scheduler uses.
type Publisher interface {
	// PublishDue publishes every scheduled article due at or before now and
	// returns their IDs.
	PublishDue(ctx context.Context, now time.Time) ([]article.ID, error)
}

// Scheduler publishes due articles. Build one with New; the zero value is
// not usable.
type Scheduler struct {
	store  Publisher
	logger *slog.Logger
	now    func() time.Time
	// OnPublish, when set, is called with the IDs published by a tick (to
	// purge page caches, notify other nodes, write the audit log).
	OnPublish func(ctx context.Context, ids []article.ID)
}

// New returns a scheduler over the store. now is the clock (time.Now in
// production, a fixed clock in tests).
func New(store Publisher, logger *slog.Logger, now func() time.Time) *Scheduler {
	if now == nil {
		now = time.Now
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Scheduler{store: store, logger: logger.With("component", "scheduler"), now: now}
}

// Tick publishes what is due now, once, and returns the published IDs.
func (s *Scheduler) Tick(ctx context.Context) ([]article.ID, error) {
	ids, err := s.store.PublishDue(ctx, s.now().UTC())
	if err != nil {
		return nil, err
	}
	if len(ids) > 0 {
		s.logger.InfoContext(ctx, "published scheduled articles", "count", len(ids), "article_ids", ids)
		if s.OnPublish != nil {
			s.OnPublish(ctx, ids)
		}
	}
	return ids, nil
}

// Run ticks once at start and then on every value from tick (for example
// time.NewTicker(30*time.Second).C), until ctx ends. Errors are logged and
// the loop goes on: a database hiccup must not stop publication for good.
func (s *Scheduler) Run(ctx context.Context, tick <-chan time.Time) {
	for {
		if _, err := s.Tick(ctx); err != nil && ctx.Err() == nil {
			s.logger.ErrorContext(ctx, "publish due articles", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick:
		}
	}
}

// Start runs the scheduler in a goroutine, ticking every interval, until
// ctx ends. The returned channel closes when the loop has stopped, so
// shutdown can wait for it.
func (s *Scheduler) Start(ctx context.Context, interval time.Duration) <-chan struct{} {
	done := make(chan struct{})
	t := time.NewTicker(interval)
	go func() {
		defer close(done)
		defer t.Stop()
		s.Run(ctx, t.C)
	}()
	return done
}
