package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/kiosque/kiosque/internal/admin"
	"github.com/kiosque/kiosque/internal/api"
	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/cache"
	"github.com/kiosque/kiosque/internal/cluster"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/demo"
	"github.com/kiosque/kiosque/internal/fastpath"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/metrics"
	"github.com/kiosque/kiosque/internal/related"
	"github.com/kiosque/kiosque/internal/site"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/dial"
	"github.com/kiosque/kiosque/internal/store/postgres"
	"github.com/kiosque/kiosque/internal/store/sqldb"
	"github.com/kiosque/kiosque/internal/store/sqlite"
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
	f.int(&cfg.CacheMB, "cache-mb", 64, "memory for the page cache, in MiB (0: no cache)")
	f.duration(&cfg.PublishEvery, "publish-every", 30*time.Second, "how often scheduled articles are checked")
	f.string(&cfg.SMTP, "smtp", "", "mail server for moderation and reply notices, smtp://user:pass@host:587?from=ADDR (default: no e-mail)")
	f.bool(&cfg.TrustProxy, "trust-proxy", "take readers' addresses from X-Forwarded-For (only behind your own proxy or load balancer)")
	f.duration(&cfg.ReadHeaderTimeout, "read-header-timeout", readHeaderTimeout, "time a client may take to send its request headers")
	f.duration(&cfg.DBStatementTimeout, "db-statement-timeout", defaultStatementTimeout, "PostgreSQL: longest a statement may run (0: no limit)")
	f.string(&cfg.DebugAddr, "debug-addr", "", "loopback address serving Go's profiler at /debug/pprof/, e.g. 127.0.0.1:6060 (default: none)")
	if err := f.parse(args, &cfg); err != nil {
		return err
	}

	// Logger.
	logger := newLogger(&cfg, stderr)
	tuneGC(&cfg, getenv)
	if cfg.DebugAddr != "" {
		stop, err := serveDebug(cfg.DebugAddr, logger)
		if err != nil {
			return err
		}
		defer stop()
	}

	// Store, migrated.
	st, err := openStore(ctx, &cfg, logger)
	if err != nil {
		return err
	}
	defer closeStore(st, logger)
	rawStore := st

	// Events: every change purges the pages it shows on, on every node.
	bus, elector, stopCluster := startCluster(ctx, st, logger)
	defer stopCluster()
	// Analysis: search terms and "Lire aussi" are computed when an article
	// is created, edited or published, on the node where that happened.
	engine := &related.Engine{Store: st, Logger: logger}
	st = &cluster.NotifyingStore{Store: st, Bus: bus, Logger: logger, Analyze: func(ctx context.Context, ids []article.ID) {
		for _, id := range ids {
			if err := engine.Update(ctx, id); err != nil {
				logger.Error("analyze article", "article_id", id, "err", err)
			}
		}
	}}
	// The engine writes through the wrapper too: an article whose "Lire
	// aussi" list changed is purged on every node.
	engine.Store = st
	var pages *cache.Cache
	if cfg.CacheMB > 0 {
		pages = cache.New(cache.Options{MaxBytes: int64(cfg.CacheMB) << 20, BypassCookies: bypassCookies})
		bus.Subscribe(func(e cluster.Event) {
			if e.All {
				pages.PurgeAll()
			} else {
				pages.Purge(e.Tags...)
			}
		})
	}

	// Services.
	msgs, err := i18n.New()
	if err != nil {
		return err
	}
	cs, err := newCommentServices(ctx, st, nodeID(bus) != "", msgs, logger, cfg.SMTP)
	if err != nil {
		return err
	}
	if cs.Notify != nil {
		defer cs.Notify.Wait() // e-mails being sent finish before exit
	}
	learned := &learnedState{cs: cs, st: st, bus: bus, logger: logger}
	if err := learned.restore(ctx); err != nil {
		// The shipped model still works: warn, don't stop the site.
		logger.Warn("the spam filter's learned state could not be loaded; starting from the shipped model", "err", err)
	}
	learned.subscribe(nodeID(bus))

	// Content.
	if cfg.Demo {
		if err := loadDemo(ctx, st, cs, logger, stdout); err != nil {
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
	listenURL := "http://" + displayAddr(ln.Addr())
	baseURL, err := baseURLFor(ctx, &cfg, st, listenURL)
	if err != nil {
		return err
	}

	// Handlers.
	meters := metrics.New(metrics.Options{Cache: cacheStats(pages, cfg.CacheMB), DBs: dbPools(rawStore)})
	reqs := web.RequestLog{Logger: logger, Observe: meters.Observe}
	public, err := web.New(web.Options{
		Store:        st,
		Messages:     msgs,
		Logger:       logger,
		Observe:      meters.Observe,
		Now:          time.Now,
		BaseURL:      baseURL,
		DemoMedia:    demoMedia(),
		MaxBodyBytes: maxBodyBytes,
		Cache:        pages,
		Events:       bus.Subscribe,
		Spam:         cs.Filter,
		Tokens:       cs.Tokens,
		Notify:       cs.Notify,
		TrustProxy:   cfg.TrustProxy,
		ReadAlso:     engine,
	})
	if err != nil {
		return err
	}
	akismet := learned.afterLearning(api.NewAkismet(api.AkismetOptions{
		Classifier: cs.Filter, Authenticate: admin.APIKeyChecker(st), Logger: logger}))
	top, err := mountNewsroom(st, public, msgs, reqs, baseURL, admin.Options{
		Notify: cs.Notify,
		OnModerate: func(ctx context.Context, c comment.Comment, to comment.State) {
			cs.OnModerate(ctx, c, to)
			if to == comment.Spam || to == comment.Approved { // what the filter learns from
				learned.saved(ctx)
			}
		},
	}, map[string]http.Handler{
		"/metrics": meters.Handler(admin.APIKeyChecker(st)),
		"/1.1/":    akismet,
		"/1.2/":    akismet,
		"/api/v1/": api.New(api.Options{Store: st, Authenticate: admin.APIKeyChecker(st), Lang: siteLang(ctx, st),
			URL: func(a *article.Article) string { return baseURL + "/" + a.Slug + "/" }, I18n: msgs, Logger: logger}),
	})
	if err != nil {
		return err
	}

	// Serve.
	srv := &http.Server{
		Handler:           top,
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	// Cached pages are answered off the socket when the request is a
	// plain one (package fastpath); everything else reaches srv.
	httpLn := net.Listener(ln)
	if pages != nil {
		httpLn = fastpath.Listen(ln, fastpath.Options{
			Cache: pages, RequestID: web.NewRequestID, Log: fastLog(reqs),
			ReadHeaderTimeout: cfg.ReadHeaderTimeout, IdleTimeout: idleTimeout, WriteTimeout: writeTimeout,
		})
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(httpLn) }()
	jobsCtx, stopJobs := context.WithCancel(ctx)
	waitJobs := startJobs(jobsCtx, st, elector, cfg.PublishEvery, logger)
	defer func() { stopJobs(); waitJobs() }() // before the store closes
	logger.Info("listening", "addr", ln.Addr().String(), "base_url", baseURL)
	fmt.Fprintf(stdout, "Kiosque is ready: %s/\n", listenURL)

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

// tuneGC trades some memory for CPU unless the operator set GOGC or
// GOMEMLIMIT: a page render allocates about 250 KB that dies at once, so
// with the default GOGC=100 and a small live heap the collector runs
// hundreds of times a second under load (about a tenth of the server's CPU
// in the profile). On the load benchmark's site, GOGC=300 took the CPU per
// uncached article from 1475 and 1161 µs to 1097 and 1062 µs in two A/B
// rounds on a loaded machine, for a peak RSS of 122 MB instead of 74 MB;
// 200 is the middle. The soft memory limit (page cache plus 192 MiB) makes
// the collector work harder again before the heap grows past it.
func tuneGC(cfg *Config, getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(int64(cfg.CacheMB+192) << 20)
	}
}

// fastLog is the fast path's access log and metrics: the same lines and
// counts as the full stack's.
func fastLog(reqs web.RequestLog) func(id, method, path string, status, bytes int, took time.Duration) {
	return func(id, method, path string, status, bytes int, took time.Duration) {
		reqs.Log(context.Background(), id, method, path, status, bytes, took)
	}
}

// cacheStats reports the page cache to the metrics (nil without a cache).
func cacheStats(pages *cache.Cache, mb int) func() metrics.CacheStats {
	if pages == nil {
		return nil
	}
	return func() metrics.CacheStats {
		s := pages.Stats()
		return metrics.CacheStats{Hits: s.Hits, Misses: s.Misses, Entries: s.Entries, Bytes: s.Bytes, MaxSize: int64(mb) << 20}
	}
}

// dbPools are the store's connection pools, for the metrics.
func dbPools(st store.Store) map[string]*sql.DB {
	var db *sqldb.DB
	switch s := st.(type) {
	case *sqlite.Store:
		db = s.DB
	case *postgres.Store:
		db = s.DB
	default:
		return nil
	}
	if db.R == db.W {
		return map[string]*sql.DB{"kiosque": db.W}
	}
	return map[string]*sql.DB{"read": db.R, "write": db.W}
}

// serveDebug serves Go's profiler (net/http/pprof) on addr, a loopback
// address checked by Config.Validate, for operators measuring a live node:
// go tool pprof http://127.0.0.1:6060/debug/pprof/profile?seconds=10
func serveDebug(addr string, logger *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("--debug-addr %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: readHeaderTimeout}
	go func() {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			logger.Error("debug server", "err", err)
		}
	}()
	logger.Info("profiler listening", "addr", ln.Addr().String())
	return func() { srv.Close() }, nil
}

// displayAddr is the address to print for a listener: a wildcard host
// (0.0.0.0, ::) becomes localhost, which a browser on this machine opens.
func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// baseURLFor returns the origin the site uses in canonical and share
// links: --base-url when given; else, for a demo or a site whose editor
// has set no site.base_url, the address the server listens on; else ""
// (web then uses the site.base_url setting).
func baseURLFor(ctx context.Context, cfg *Config, st store.Settings, listening string) (string, error) {
	if cfg.BaseURL != "" {
		return cfg.BaseURL, nil
	}
	if cfg.Demo {
		return listening, nil
	}
	kv, err := st.Settings(ctx)
	if err != nil {
		return "", fmt.Errorf("read site settings: %w", err)
	}
	if kv["site.base_url"] != "" {
		return "", nil
	}
	return listening, nil
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
	st, err := dial.OpenWith(ctx, cfg.DB, dial.Options{Logger: logger,
		MaxConns: cfg.DBMaxConns, StatementTimeout: cfg.DBStatementTimeout})
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

// bypassCookies mark readers whose pages are their own (a logged-in editor,
// a commenter who asked to be remembered): never cached.
var bypassCookies = []string{"kiosque_session", "kiosque_commenter"}

// startCluster returns the event bus and the job elector for st: in-process
// for SQLite (with watchOutsideChanges); LISTEN/NOTIFY and an advisory lock for PostgreSQL, where
// several nodes may share the database. stop releases them.
func startCluster(ctx context.Context, st store.Store, logger *slog.Logger) (cluster.Bus, cluster.Elector, func()) {
	pg, ok := st.(*postgres.Store)
	if !ok {
		// one node; other processes (imports) announce their changes
		// through a setting
		bus := &cluster.Local{}
		wctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { watchOutsideChanges(wctx, st, bus, outsideChangeEvery, logger); close(done) }()
		return bus, cluster.Single{}, func() { cancel(); <-done }
	}
	bus := cluster.NewPostgres(pg.W, pg.DSN, logger)
	// Events may have been missed while the listener was away: everything
	// this node keeps (page cache, settings memo) starts afresh.
	bus.OnReconnect = func() { bus.Local.Publish(ctx, cluster.Event{Kind: "reconnect", All: true}) }
	lctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { bus.Run(lctx); close(done) }()
	lock := cluster.NewAdvisoryLock(pg.W, "jobs")
	return bus, lock, func() { cancel(); <-done; lock.Release() }
}

// announce tells the nodes serving the site that a command changed what
// readers see (an import, a reindex, erased comments), so that they purge
// their page caches at once: on PostgreSQL through NOTIFY; on SQLite by
// bumping the outsideChangeKey setting, which a serving process reads
// every outsideChangeEvery (watchOutsideChanges).
func announce(ctx context.Context, st store.Store, kind string, logger *slog.Logger) {
	var err error
	if pg, ok := st.(*postgres.Store); ok {
		err = cluster.NewPostgres(pg.W, pg.DSN, logger).Publish(ctx, cluster.Event{Kind: kind, All: true})
	} else {
		err = st.SaveSettings(ctx, map[string]string{outsideChangeKey: strconv.FormatInt(time.Now().UnixNano(), 10)})
	}
	if err != nil {
		logger.Warn("the serving site was not told; its pages refresh within 5 minutes", "err", err)
	}
}

// outsideChangeKey is the setting another process bumps when it changed
// the site's content (announce); outsideChangeEvery is how often a single
// SQLite node looks at it.
const (
	outsideChangeKey   = "site.changed_outside"
	outsideChangeEvery = 2 * time.Second
)

// watchOutsideChanges purges everything this node keeps when another
// process (a `kiosque import` on the same SQLite file) announced a change,
// until ctx ends. Several nodes on PostgreSQL hear it by NOTIFY instead.
func watchOutsideChanges(ctx context.Context, st store.Settings, bus cluster.Bus, every time.Duration, logger *slog.Logger) {
	seen := ""
	if kv, err := st.Settings(ctx); err == nil {
		seen = kv[outsideChangeKey]
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		kv, err := st.Settings(ctx)
		if err != nil {
			continue // the database is away: the next tick tries again
		}
		if v := kv[outsideChangeKey]; v != seen {
			seen = v
			logger.Info("content changed by another process; page cache purged")
			_ = bus.Publish(ctx, cluster.Event{Kind: "outside", All: true})
		}
	}
}

// loadDemo fills an empty database with the demo site "Nouvelles Du Monde"
// (--demo): articles, readers' comments judged by the spam filter, and an
// admin account, and says what it did. A database that has content already
// is left alone.
func loadDemo(ctx context.Context, st store.Store, cs *commentServices, logger *slog.Logger, stdout io.Writer) error {
	res, err := demo.Load(ctx, st, time.Now())
	if errors.Is(err, demo.ErrNotEmpty) {
		logger.Info("--demo: the database has content already; demo not loaded")
		return demoAdmin(ctx, st, stdout)
	}
	if err != nil {
		return err
	}
	counts, err := loadDemoComments(ctx, st, cs.Filter)
	if err != nil {
		return err
	}
	logger.Info("demo site loaded", "articles", res.Articles, "categories", res.Categories, "authors", res.Authors)
	fmt.Fprintf(stdout, "Demo site \"Nouvelles Du Monde\" loaded: %s; comments: %d published, %d awaiting moderation, %d caught as spam.\n",
		res, counts[comment.Approved], counts[comment.Pending], counts[comment.Spam])
	return demoAdmin(ctx, st, stdout)
}

// siteLang is the site's language setting, for the API's messages and
// search analysis.
func siteLang(ctx context.Context, st store.Settings) string {
	kv, err := st.Settings(ctx)
	if err != nil {
		return site.Defaults().Lang
	}
	return site.FromMap(kv).Lang
}

// nodeID is this node's id on the event bus ("" on a single node).
func nodeID(bus cluster.Bus) string {
	if pg, ok := bus.(*cluster.Postgres); ok {
		return pg.Node()
	}
	return ""
}

// demoMedia returns the demo's images, served at /media/demo/ (always, so
// a demo site restarted without --demo keeps its pictures).
func demoMedia() fs.FS { return demo.Images }
