// Package storetest is the conformance suite every store implementation
// passes, and the helpers that give a test a fresh, real database: a SQLite
// file in t.TempDir(), or a new database on the PostgreSQL server named by
// KIOSQUE_TEST_POSTGRES.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver, to create test databases

	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/postgres"
	"github.com/kiosque/kiosque/internal/store/sqlite"
)

// PostgresEnv names the variable holding the URL of a PostgreSQL server
// where tests may create and drop databases, e.g.
// postgres://kiosque@127.0.0.1:54329/postgres?sslmode=disable. scripts/test
// starts such a server and sets it.
const PostgresEnv = "KIOSQUE_TEST_POSTGRES"

// Clock is a settable clock for tests. Now is safe to pass as a store's
// clock; tests move it with Set and Add.
type Clock struct{ t time.Time }

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t.UTC()} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time { return c.t }

// Add moves the clock forward by d.
func (c *Clock) Add(d time.Duration) { c.t = c.t.Add(d) }

// Set puts the clock at t.
func (c *Clock) Set(t time.Time) { c.t = t.UTC() }

// OpenSQLite returns a migrated SQLite store in a fresh file under
// t.TempDir(), closed when the test ends.
func OpenSQLite(t testing.TB, now func() time.Time) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "kiosque.db"), sqlite.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// postgresBase returns the test server's URL, skipping the test when there
// is none (failing under CI=true).
func postgresBase(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: CI must run the PostgreSQL tests (scripts/test starts a server)", PostgresEnv)
		}
		t.Skipf("PostgreSQL tests skipped: set %s to a server URL, or run scripts/test, which starts one", PostgresEnv)
	}
	return base
}

func randomName(prefix string) string {
	var rnd [6]byte
	_, _ = rand.Read(rnd[:]) // crypto/rand never fails on Linux
	return prefix + hex.EncodeToString(rnd[:])
}

func withPath(t testing.TB, base, db string, query url.Values) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + db
	q := u.Query()
	for k, v := range query {
		q[k] = v
	}
	u.RawQuery = q.Encode()
	return u.String()
}

func adminExec(t testing.TB, dsn string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.ExecContext(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// PostgresURL returns the URL of an empty schema of its own in the shared
// test database "kiosque_test" (search_path points there), dropped when the
// test ends. A schema is made in milliseconds where a database takes half a
// second. Without the server the test is skipped, except under CI=true,
// where that is a failure. Tests of LISTEN/NOTIFY, which is database-wide,
// use PostgresDatabaseURL.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := postgresBase(t)
	shared := withPath(t, base, "kiosque_test", nil)
	ensureTestDB(t, base)
	schema := randomName("kt_")
	adminExec(t, shared, "CREATE SCHEMA "+schema)
	t.Cleanup(func() {
		db, err := sql.Open("pgx", shared)
		if err == nil {
			_, _ = db.ExecContext(context.Background(), "DROP SCHEMA IF EXISTS "+schema+" CASCADE") // best effort: the server is thrown away after the run
			db.Close()
		}
	})
	return withPath(t, base, "kiosque_test", url.Values{"search_path": {schema}})
}

// ensureTestDB creates the shared test database once; test binaries run in
// parallel, so under an advisory lock.
func ensureTestDB(t testing.TB, base string) {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatalf("connect to %s: %v", PostgresEnv, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(4242)"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, "SELECT pg_advisory_unlock(4242)")
	var exists bool
	if err := conn.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'kiosque_test')").Scan(&exists); err != nil {
		t.Fatal(err)
	}
	if !exists {
		if _, err := conn.ExecContext(ctx, "CREATE DATABASE kiosque_test"); err != nil {
			t.Fatal(err)
		}
	}
}

// PostgresDatabaseURL creates a whole database of its own for the test
// (slower than PostgresURL), dropped when the test ends.
func PostgresDatabaseURL(t testing.TB) string {
	t.Helper()
	base := postgresBase(t)
	name := randomName("kt_")
	adminExec(t, base, "CREATE DATABASE "+name)
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err == nil {
			_, _ = db.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") // best effort
			db.Close()
		}
	})
	return withPath(t, base, name, nil)
}

// OpenPostgres returns a migrated store on a fresh PostgreSQL database.
func OpenPostgres(t testing.TB, now func() time.Time) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), PostgresURL(t), postgres.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Opener opens a fresh store whose clock is now.
type Opener func(t testing.TB, now func() time.Time) store.Store

// Dialects are the openers of every implementation, by name.
var Dialects = map[string]Opener{
	"sqlite":   func(t testing.TB, now func() time.Time) store.Store { return OpenSQLite(t, now) },
	"postgres": func(t testing.TB, now func() time.Time) store.Store { return OpenPostgres(t, now) },
}
