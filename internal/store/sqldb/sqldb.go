// Package sqldb is the Go that the SQLite and PostgreSQL stores share:
// transactions, time conversion, placeholder rebinding, WHERE building from
// filters, row scanning, and the statements both dialects run identically.
// Each dialect package opens its own connections, owns its migrations and the
// SQL where the dialects differ, and embeds *DB.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kiosque/kiosque/internal/store"
)

// Dialect is what differs between the databases at the Go level.
type Dialect struct {
	// Name is "sqlite" or "postgres".
	Name string
	// Numbered placeholders ($1, $2…) instead of "?".
	Numbered bool
	// IsUnique reports whether err is a unique-constraint violation.
	IsUnique func(err error) bool
}

// DB runs the shared statements. R serves reads and W writes; on SQLite W
// holds a single connection (one writer), on PostgreSQL both are one pool.
type DB struct {
	R, W    *sql.DB
	Dialect Dialect
	Now     func() time.Time

	stmts stmtCache // prepared reads on R, by query text
}

// maxStmts bounds the prepared-statement cache. Queries are written in the
// code, so their texts are few; the bound only matters for the IN lists
// built for every list length, which stay unprepared past it.
const maxStmts = 256

// stmtCache keeps one *sql.Stmt per read query text. Preparing a statement
// (parsing and planning the SQL) costs about as much as running a simple
// one on SQLite, and a page runs several: each is prepared once per
// connection instead of at every call.
type stmtCache struct {
	mu sync.RWMutex
	m  map[string]*sql.Stmt
}

// prepared returns the statement for query (with "?" placeholders) on the
// read pool, preparing it on first use; nil when the cache is full or the
// preparation failed (the caller then runs the query unprepared, and meets
// the error there).
func (db *DB) prepared(ctx context.Context, query string) *sql.Stmt {
	c := &db.stmts
	c.mu.RLock()
	st, ok := c.m[query]
	c.mu.RUnlock()
	if ok {
		return st
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[query]; ok {
		return st
	}
	if len(c.m) >= maxStmts {
		return nil
	}
	st, err := db.R.PrepareContext(context.WithoutCancel(ctx), db.Q(query))
	if err != nil {
		return nil
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[query] = st
	return st
}

// query runs a read query (with "?" placeholders) on the read pool as a
// prepared statement.
func (db *DB) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := db.prepared(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return db.R.QueryContext(ctx, db.Q(query), args...)
}

// queryRow is query for a single row.
func (db *DB) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if st := db.prepared(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return db.R.QueryRowContext(ctx, db.Q(query), args...)
}

// Q adapts a query written with "?" placeholders to the dialect. Every
// statement in the shared code goes through it.
func (db *DB) Q(query string) string {
	if !db.Dialect.Numbered {
		return query
	}
	return Rebind(query)
}

// Rebind turns "?" placeholders into $1, $2… outside quoted strings.
func Rebind(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	inQuote := false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			inQuote = !inQuote
			b.WriteByte(c)
		case c == '?' && !inQuote:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Tx runs fn in a write transaction, committed when fn returns nil and
// rolled back otherwise.
func (db *DB) Tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.W.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback() // the error from fn is the one worth reporting
		return err
	}
	if err := tx.Commit(); err != nil {
		return db.translate(fmt.Errorf("commit: %w", err))
	}
	return nil
}

// translate maps driver errors to the store's sentinels, keeping the text.
func (db *DB) translate(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %v", store.ErrNotFound, err)
	}
	if db.Dialect.IsUnique != nil && db.Dialect.IsUnique(err) {
		return fmt.Errorf("%w: %v", store.ErrConflict, err)
	}
	return err
}

// Ping checks both pools.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.R.PingContext(ctx); err != nil {
		return err
	}
	return db.W.PingContext(ctx)
}

// Close closes the prepared statements and both pools.
func (db *DB) Close() error {
	db.stmts.mu.Lock()
	for q, st := range db.stmts.m {
		st.Close()
		delete(db.stmts.m, q)
	}
	db.stmts.mu.Unlock()
	err := db.R.Close()
	if db.W != db.R {
		err = errors.Join(err, db.W.Close())
	}
	return err
}

// Millis stores a time as UTC unix milliseconds; the zero time is 0.
func Millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UTC().UnixMilli()
}

// Time reads unix milliseconds back; 0 is the zero time.
func Time(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// Where accumulates "AND"-joined conditions and their arguments.
type Where struct {
	conds []string
	Args  []any
}

// Add appends a condition with its arguments.
func (w *Where) Add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.Args = append(w.Args, args...)
}

// String returns " WHERE …" or "" when there is no condition.
func (w *Where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// Placeholders returns "?, ?, ?" for n values.
func Placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
