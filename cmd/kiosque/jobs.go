package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/kiosque/kiosque/internal/admin"
	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/cluster"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/scheduler"
	"github.com/kiosque/kiosque/internal/site"
	"github.com/kiosque/kiosque/internal/spam"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/syndication"
	"github.com/kiosque/kiosque/internal/user"
)

// How often the periodic jobs run.
const (
	feedsEvery   = time.Minute // each source has its own interval on top
	sweepEvery   = time.Hour   // expired sessions
	privacyEvery = time.Hour   // commenters' IPs and old spam (privacy page)
)

// startJobs runs every periodic job of the site, each on the node that
// elector elects (on SQLite, this one), until ctx ends; scheduled
// articles are checked every publishEvery. The returned
// function waits for them to stop.
func startJobs(ctx context.Context, st store.Store, elector cluster.Elector, publishEvery time.Duration, logger *slog.Logger) (wait func()) {
	logger = logger.With("component", "jobs")
	var wg sync.WaitGroup
	every := func(name string, interval time.Duration, fn func(context.Context) error) {
		wg.Go(func() { cluster.Every(ctx, logger, elector, name, interval, fn) })
	}

	sch := scheduler.New(st, logger, time.Now)
	sch.OnPublish = func(ctx context.Context, ids []article.ID) {
		for _, id := range ids {
			e := &user.AuditEntry{At: time.Now().UTC(), Action: "article.publish", Target: fmt.Sprintf("article:%d", id), Detail: "scheduled"}
			if err := st.AddAudit(ctx, e); err != nil {
				logger.Warn("audit log", "err", err)
			}
		}
	}
	every("publish-due", publishEvery, func(ctx context.Context) error {
		_, err := sch.Tick(ctx)
		return err
	})
	every("sweep-sessions", sweepEvery, func(ctx context.Context) error {
		return admin.Sweep(ctx, st, time.Now())
	})
	every("comment-privacy", privacyEvery, func(ctx context.Context) error {
		kv, err := st.Settings(ctx)
		if err != nil {
			return err
		}
		forgot, purged, err := comment.Expire(ctx, st, time.Now(), site.FromMap(kv).IPRetentionDays)
		if forgot+purged > 0 {
			logger.Info("comment data expired", "ips_forgotten", forgot, "spam_deleted", purged)
		}
		return err
	})
	every("forget-sightings", sweepEvery, func(ctx context.Context) error {
		// the comment filter's shared memories keep a form token longest
		_, err := st.ForgetSightings(ctx, time.Now().Add(-spam.TokenMaxAge-2*time.Hour))
		return err
	})
	poller := &syndication.Poller{
		Puller:   &syndication.Puller{Store: st, Client: syndication.NewClient(), Logger: logger.With("component", "syndication")},
		Settings: st,
	}
	every("poll-feeds", feedsEvery, func(ctx context.Context) error {
		_, err := poller.PollDue(ctx)
		return err
	})
	return wg.Wait
}
