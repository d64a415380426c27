// Package postgres is the store for sites that outgrow one machine: any
// number of Kiosque nodes share one PostgreSQL database (pgx v5 through
// database/sql).
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
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
	MaxConns int // pool size; 10 when 0
}

// Open connects to the database at dsn (a postgres:// URL) and applies
// pending migrations under an advisory lock.
func Open(ctx context.Context, dsn string, opt Options) (*Store, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.MaxConns <= 0 {
		opt.MaxConns = 10
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	db.SetMaxOpenConns(opt.MaxConns)
	db.SetMaxIdleConns(opt.MaxConns)
	db.SetConnMaxLifetime(30 * time.Minute)
	s := &Store{
		DB:  &sqldb.DB{R: db, W: db, Now: opt.Now, Dialect: sqldb.Dialect{Name: "postgres", Numbered: true, IsUnique: isUnique}},
		DSN: dsn,
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: cannot reach the database (is the server running and the URL right?): %w", err)
	}
	if err := sqldb.Migrate(ctx, db, goose.DialectPostgres, Migrations(), opt.Logger); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return s, nil
}

func isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}
