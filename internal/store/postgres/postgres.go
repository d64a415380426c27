// Package postgres is the store for sites that outgrow one machine: any
// number of Kiosque nodes share one PostgreSQL database (pgx v5 through
// database/sql).
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/kiosque/kiosque/internal/store/sqldb"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrations returns the embedded migration files (tests use them to make a
// migrated template database once).
func Migrations() fs.FS {
	sub, _ := fs.Sub(migrations, "migrations") // the directory is embedded above
	return sub
}

// Store is the PostgreSQL implementation of store.Store.
type Store struct {
	*sqldb.DB
	// DSN is the connection string it was opened with.
	DSN string
}

// Options tune Open; the zero value is fine.
type Options struct {
	Now      func() time.Time // clock; time.Now when nil
	Logger   *slog.Logger
	MaxConns int // pool size; DefaultMaxConns when 0
	// StatementTimeout bounds every statement the pool runs (PostgreSQL's
	// statement_timeout); 0 leaves the server's setting (none by default).
	// Idle transactions are bounded too (IdleTxTimeout). A
	// statement_timeout given in the URL wins over both.
	StatementTimeout time.Duration
}

// Pool defaults.
const (
	DefaultMaxConns = 10
	// ConnectTimeout bounds opening one connection when the URL names no
	// connect_timeout: a server that does not answer (host down, network
	// cut) fails requests after this instead of holding them.
	ConnectTimeout = 5 * time.Second
	// IdleTxTimeout is idle_in_transaction_session_timeout when a
	// statement timeout is set: the server ends the session of a node that
	// stopped half-way through a transaction (frozen, cut off) and would
	// otherwise hold its row locks.
	IdleTxTimeout = 30 * time.Second
)

// Open connects to the database at dsn (a postgres:// URL) and applies
// pending migrations under an advisory lock. Migrations run on a
// connection of their own, without the statement timeout: building an
// index on a large table may take longer than any request should.
func Open(ctx context.Context, dsn string, opt Options) (*Store, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.MaxConns <= 0 {
		opt.MaxConns = DefaultMaxConns
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = ConnectTimeout
	}
	if err := migrate(ctx, cfg.Copy(), opt.Logger); err != nil {
		return nil, err
	}
	if opt.StatementTimeout > 0 {
		setDefault(cfg.RuntimeParams, "statement_timeout", opt.StatementTimeout)
		setDefault(cfg.RuntimeParams, "idle_in_transaction_session_timeout", max(IdleTxTimeout, opt.StatementTimeout))
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(opt.MaxConns)
	db.SetMaxIdleConns(opt.MaxConns)
	db.SetConnMaxLifetime(30 * time.Minute)
	return &Store{
		DB:  &sqldb.DB{R: db, W: db, Now: opt.Now, Dialect: sqldb.Dialect{Name: "postgres", Numbered: true, IsUnique: isUnique}},
		DSN: dsn,
	}, nil
}

// migrate applies pending migrations through a one-connection pool.
func migrate(ctx context.Context, cfg *pgx.ConnConfig, logger *slog.Logger) error {
	db := stdlib.OpenDB(*cfg)
	defer db.Close()
	db.SetMaxOpenConns(1)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		return fmt.Errorf("postgres: cannot reach the database (is the server running and the URL right?): %w", err)
	}
	if err := sqldb.Migrate(ctx, db, goose.DialectPostgres, Migrations(), logger); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	return nil
}

// setDefault sets a server parameter (in milliseconds) unless the URL did.
func setDefault(params map[string]string, name string, d time.Duration) {
	if _, ok := params[name]; !ok {
		params[name] = fmt.Sprint(d.Milliseconds())
	}
}

func isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}
