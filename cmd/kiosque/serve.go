package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/kiosque/kiosque/internal/demo"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/dial"
	"github.com/kiosque/kiosque/internal/web"
)

// Server limits. Pages are small and rendered in milliseconds; the
// timeouts only stop slow or stuck clients from holding connections.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 60 * time.Second
	idleTimeout       = 120 * time.Second
	maxHeaderBytes    = 64 << 10
	maxBodyBytes      = 1 << 20
	shutdownTimeout   = 15 * time.Second // in-flight requests get this long to finish
	publishEvery      = time.Minute      // how often scheduled articles are checked
)

// cmdServe runs the web site until ctx is cancelled (SIGINT, SIGTERM).
func cmdServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	// Configuration.
	var cfg Config
	f := newFlagSet("serve", getenv, stderr)
	f.commonFlags(&cfg)
	f.string(&cfg.Addr, "addr", defaultAddr, "address to listen on, host:port (port 0 picks a free one)")
	f.string(&cfg.BaseURL, "base-url", "", "public origin of the site, e.g. https://news.example.org (default: the site setting)")
	f.bool(&cfg.Demo, "demo", "load the demo site \"Nouvelles Du Monde\" into an empty database")
	if err := f.parse(args, &cfg); err != nil {
		return err
	}

	// Logger.
	logger := newLogger(&cfg, stderr)

	// Store, migrated.
	st, err := openStore(ctx, &cfg, logger)
	if err != nil {
		return err
	}
	defer closeStore(st, logger)

	// Content.
	if cfg.Demo {
		if err := loadDemo(ctx, st, logger, stdout); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}

	// Listen first: with port 0 the address is known only now, and a demo
	// site without --base-url takes it as its origin.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is another program using this port? try --addr 127.0.0.1:0)", cfg.Addr, err)
	}
	defer ln.Close() // for the error paths below; Shutdown closes it otherwise
	if cfg.BaseURL == "" && cfg.Demo {
		cfg.BaseURL = "http://" + ln.Addr().String()
	}

	// Services and handlers.
	msgs, err := i18n.New()
	if err != nil {
		return err
	}
	site, err := web.New(web.Options{
		Store:        st,
		Messages:     msgs,
		Logger:       logger,
		Now:          time.Now,
		BaseURL:      cfg.BaseURL,
		DemoMedia:    demoMedia(),
		MaxBodyBytes: maxBodyBytes,
	})
	if err != nil {
		return err
	}

	// Serve.
	srv := &http.Server{
		Handler:           site,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	jobsCtx, stopJobs := context.WithCancel(ctx)
	jobsDone := make(chan struct{})
	go func() { publishDue(jobsCtx, st, logger); close(jobsDone) }()
	defer func() { stopJobs(); <-jobsDone }() // before the store closes
	addr := ln.Addr().String()
	logger.Info("listening", "addr", addr)
	fmt.Fprintf(stdout, "Kiosque is ready: http://%s/\n", addr)

	// Shutdown, in reverse: stop taking requests, let in-flight ones
	// finish, then close the store (deferred above).
	select {
	case err := <-served:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down", "deadline", shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("http server: %w", err)
	}
	logger.Info("stopped")
	return nil
}

// cmdMigrate applies pending migrations (opening the store does it) and
// exits.
func cmdMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg Config
	f := newFlagSet("migrate", getenv, stderr)
	f.commonFlags(&cfg)
	if err := f.parse(args, &cfg); err != nil {
		return err
	}
	logger := newLogger(&cfg, stderr)
	st, err := openStore(ctx, &cfg, logger)
	if err != nil {
		return err
	}
	closeStore(st, logger)
	fmt.Fprintln(stdout, "Database is up to date.")
	return nil
}

// openStore opens and migrates the database, with an error that tells the
// operator what to check.
func openStore(ctx context.Context, cfg *Config, logger *slog.Logger) (store.Store, error) {
	st, err := dial.Open(ctx, cfg.DB, logger)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w\n(check --db or $KIOSQUE_DB; for PostgreSQL, that the server runs and the user may connect)",
			redactDSN(cfg.DB), err)
	}
	return st, nil
}

func closeStore(st store.Store, logger *slog.Logger) {
	if err := st.Close(); err != nil {
		logger.Error("close database", "err", err)
	}
}

// publishDue turns scheduled articles into published ones when their time
// comes, once a minute until ctx ends. Several nodes may do it at once: the
// store's update is idempotent.
func publishDue(ctx context.Context, st store.Articles, logger *slog.Logger) {
	t := time.NewTicker(publishEvery)
	defer t.Stop()
	for {
		ids, err := st.PublishDue(ctx, time.Now())
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			logger.Error("publish scheduled articles", "err", err)
		case len(ids) > 0:
			logger.Info("published scheduled articles", "count", len(ids))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// loadDemo fills an empty database with the demo site "Nouvelles Du Monde"
// (--demo) and says what it did. A database that has content already is
// left alone.
func loadDemo(ctx context.Context, st store.Store, logger *slog.Logger, stdout io.Writer) error {
	res, err := demo.Load(ctx, st, time.Now())
	if errors.Is(err, demo.ErrNotEmpty) {
		logger.Info("--demo: the database has content already; demo not loaded")
		return nil
	}
	if err != nil {
		return err
	}
	logger.Info("demo site loaded", "articles", res.Articles, "categories", res.Categories, "authors", res.Authors)
	fmt.Fprintf(stdout, "Demo site \"Nouvelles Du Monde\" loaded: %s.\n", res)
	return nil
}

// demoMedia returns the demo's images, served at /media/demo/ (always, so
// a demo site restarted without --demo keeps its pictures).
func demoMedia() fs.FS { return demo.Images }
