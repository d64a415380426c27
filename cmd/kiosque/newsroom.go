package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/kiosque/kiosque/internal/admin"
	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/scheduler"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/user"
)

// The newsroom's part of serve, for the lead to call from cmdServe:
//
//	top, err := mountNewsroom(st, site, msgs, logger, cfg.BaseURL, onChange)
//	srv := &http.Server{Handler: top, …}
//	schedDone := startScheduler(jobsCtx, st, logger, publishEvery, onPublish)
//	// --demo: demoAdmin(ctx, st, stdout) after loading the demo content
//	// API: admin.APIKeyChecker(st.(store.Newsroom)) is the Authenticate func

// newsroomStore is a store with the newsroom's tables (both dialects are).
type newsroomStore interface {
	store.Store
	store.Newsroom
}

func asNewsroom(st store.Store) (newsroomStore, error) {
	nr, ok := st.(newsroomStore)
	if !ok {
		return nil, fmt.Errorf("the %T store has no newsroom tables", st)
	}
	return nr, nil
}

// mountNewsroom returns the process's top handler: /admin/ is the newsroom,
// GET /media/{id}/{variant} serves uploaded images (other /media/ paths,
// such as the demo's, fall through to the site), and everything else is
// the public site. onChange may be nil.
func mountNewsroom(st store.Store, site http.Handler, msgs *i18n.Bundle, logger *slog.Logger, baseURL string,
	onChange func(context.Context, admin.Change)) (http.Handler, error) {
	nr, err := asNewsroom(st)
	if err != nil {
		return nil, err
	}
	adm, err := admin.New(admin.Options{Store: nr, I18n: msgs, Logger: logger, BaseURL: baseURL, OnChange: onChange})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/admin/", adm)
	mux.Handle("GET /media/{id}/{variant}", admin.MediaHandler(nr, site))
	mux.Handle("/", site)
	return mux, nil
}

// startScheduler publishes scheduled articles every interval until ctx
// ends, writes each publication in the audit log and calls onPublish (cache
// purge; may be nil). The returned channel closes when it has stopped. It
// also sweeps expired sessions once an hour.
func startScheduler(ctx context.Context, st store.Store, logger *slog.Logger, every time.Duration,
	onPublish func(context.Context, []article.ID)) <-chan struct{} {
	sch := scheduler.New(st, logger, time.Now)
	nr, _ := asNewsroom(st) // nil: no audit, no sweep
	lastSweep := time.Time{}
	sch.OnPublish = func(ctx context.Context, ids []article.ID) {
		if nr != nil {
			for _, id := range ids {
				e := &user.AuditEntry{At: time.Now().UTC(), Action: "article.publish", Target: fmt.Sprintf("article:%d", id), Detail: "scheduled"}
				if err := nr.AddAudit(ctx, e); err != nil {
					logger.Warn("audit log", "err", err)
				}
			}
			if time.Since(lastSweep) > time.Hour {
				lastSweep = time.Now()
				if err := admin.Sweep(ctx, nr, time.Now()); err != nil {
					logger.Warn("sweep sessions", "err", err)
				}
			}
		}
		if onPublish != nil {
			onPublish(ctx, ids)
		}
	}
	return sch.Start(ctx, every)
}

// demoAdminEmail is the demo's admin account.
const demoAdminEmail = "admin@nouvelles-du-monde.example"

// demoAdmin creates the demo's admin account with a generated password and
// prints the credentials; on a later start (account present) it prints how
// to get in again without showing any password.
func demoAdmin(ctx context.Context, st store.Store, stdout io.Writer) error {
	nr, err := asNewsroom(st)
	if err != nil {
		return err
	}
	pw, err := admin.EnsureDemoAdmin(ctx, nr, demoAdminEmail, "Rédaction en chef")
	if err != nil {
		return err
	}
	if pw == "" {
		fmt.Fprintf(stdout, "Newsroom: /admin/ as %s (password printed on the first start; reset it with `kiosque user add`).\n", demoAdminEmail)
		return nil
	}
	fmt.Fprintf(stdout, "Newsroom: /admin/ — e-mail %s — password %s\n", demoAdminEmail, pw)
	return nil
}
