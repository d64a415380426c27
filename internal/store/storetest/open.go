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

// PostgresURL creates an empty database on the test server and returns its
// URL; the database is dropped when the test ends. Without the server the
// test is skipped, except under CI=true, where that is a failure.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: CI must run the PostgreSQL tests (scripts/test starts a server)", PostgresEnv)
		}
		t.Skipf("PostgreSQL tests skipped: set %s to a server URL, or run scripts/test, which starts one", PostgresEnv)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var rnd [6]byte
	_, _ = rand.Read(rnd[:]) // crypto/rand never fails on Linux
	name := "kt_" + hex.EncodeToString(rnd[:])
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database on %s: %v", PostgresEnv, err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer admin.Close()
		_, _ = admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") // best effort: the server is thrown away after the run
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
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
