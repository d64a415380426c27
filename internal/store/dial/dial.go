// Package dial opens the store named by a database URL: "sqlite:PATH" for
// the embedded database, "postgres://…" for PostgreSQL.
package dial

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/postgres"
	"github.com/kiosque/kiosque/internal/store/sqlite"
)

// DefaultDSN is where a new site keeps its data.
const DefaultDSN = "sqlite:kiosque-data/kiosque.db"

// Options tune OpenWith; the zero value gives the defaults.
type Options struct {
	Logger *slog.Logger
	Now    func() time.Time // time.Now when nil
	// PostgreSQL only (SQLite has one writer and no server to wait for):
	// the pool size (postgres.DefaultMaxConns when 0) and the bound on
	// every statement (none when 0).
	MaxConns         int
	StatementTimeout time.Duration
}

// Open opens the database at dsn and applies pending migrations. The error
// says what to do when the URL is wrong or the server is unreachable.
func Open(ctx context.Context, dsn string, logger *slog.Logger) (store.Store, error) {
	return OpenWith(ctx, dsn, Options{Logger: logger})
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, dsn string, opt Options) (store.Store, error) {
	logger, now := opt.Logger, opt.Now
	if now == nil {
		now = time.Now
	}
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "//")
		if path == "" {
			return nil, fmt.Errorf("database URL %q names no file: use sqlite:PATH, e.g. %s", dsn, DefaultDSN)
		}
		return sqlite.Open(ctx, path, sqlite.Options{Now: now, Logger: logger})
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return postgres.Open(ctx, dsn, postgres.Options{Now: now, Logger: logger,
			MaxConns: opt.MaxConns, StatementTimeout: opt.StatementTimeout})
	default:
		return nil, fmt.Errorf("unknown database URL %q: use sqlite:PATH (e.g. %s) or postgres://user:password@host:5432/dbname", redact(dsn), DefaultDSN)
	}
}

// redact hides a password in a URL for error messages.
func redact(dsn string) string {
	if i := strings.Index(dsn, "@"); i > 0 {
		if j := strings.Index(dsn, "://"); j > 0 && j < i {
			return dsn[:j+3] + "…" + dsn[i:]
		}
	}
	return dsn
}
