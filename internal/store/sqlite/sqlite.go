// Package sqlite is the embedded store: one SQLite file (modernc.org/sqlite,
// pure Go) in WAL mode, with a single writer connection and a pool of
// readers, foreign keys on and a busy timeout on every connection.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	sqlite3 "modernc.org/sqlite"
	sqlite3lib "modernc.org/sqlite/lib"

	"github.com/kiosque/kiosque/internal/store/sqldb"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the SQLite implementation of store.Store.
type Store struct {
	*sqldb.DB
	// Path is the database file.
	Path string
}

// Options tune Open; the zero value is fine.
type Options struct {
	Now    func() time.Time // clock; time.Now when nil
	Logger *slog.Logger
}

// Open opens (creating it and its directory if needed) the SQLite database
// at path and applies pending migrations.
func Open(ctx context.Context, path string, opt Options) (*Store, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("sqlite: cannot create the data directory %s: %w", dir, err)
		}
	}
	w, err := openPool(path, 1, "immediate")
	if err != nil {
		return nil, err
	}
	r, err := openPool(path, max(4, runtime.GOMAXPROCS(0)*2), "deferred")
	if err != nil {
		w.Close()
		return nil, err
	}
	s := &Store{
		DB:   &sqldb.DB{R: r, W: w, Now: opt.Now, Dialect: sqldb.Dialect{Name: "sqlite", IsUnique: isUnique}},
		Path: path,
	}
	if err := s.Ping(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlite: cannot open %s: %w", path, err)
	}
	sub, _ := fs.Sub(migrations, "migrations") // the directory is embedded above
	if err := sqldb.Migrate(ctx, w, goose.DialectSQLite3, sub, opt.Logger); err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	return s, nil
}

func openPool(path string, conns int, txlock string) (*sql.DB, error) {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(10000)", "synchronous(NORMAL)", "cache_size(-16384)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", txlock)
	q.Set("_time_format", "sqlite")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxIdleTime(0)
	return db, nil
}

func isUnique(err error) bool {
	var se *sqlite3.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3lib.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3lib.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// IntegrityCheck runs PRAGMA integrity_check and returns an error unless the
// database reports "ok".
func (s *Store) IntegrityCheck(ctx context.Context) error {
	var res string
	if err := s.W.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return fmt.Errorf("sqlite: integrity check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("sqlite: integrity check: %s", res)
	}
	return nil
}

// Backup writes a consistent copy of the live database to path (which must
// not exist) with VACUUM INTO, while the site keeps serving: readers and
// the writer are not blocked for long. Media live in the database, so the
// copy holds them too.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("sqlite: backup: %s exists already; choose a new file name", path)
	}
	if _, err := s.R.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("sqlite: backup to %s: %w", path, err)
	}
	return nil
}
