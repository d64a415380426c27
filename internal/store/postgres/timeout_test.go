package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/postgres"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

// The pool's settings reach every connection: its size, the statement
// timeout (unless the URL sets one) and the idle-transaction timeout.
func TestPoolSettings(t *testing.T) {
	ctx := context.Background()
	base := storetest.PostgresURL(t)
	for _, tc := range []struct {
		name                string
		url                 string
		opt                 postgres.Options
		statement, idleInTx string
	}{
		{"defaults", base, postgres.Options{}, "0", "0"},
		{"timeout", base, postgres.Options{MaxConns: 3, StatementTimeout: 1500 * time.Millisecond}, "1500ms", "30s"},
		{"long timeout", base, postgres.Options{StatementTimeout: time.Minute}, "1min", "1min"},
		{"the URL wins", base + "&statement_timeout=7000", postgres.Options{StatementTimeout: time.Second}, "7s", "30s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, err := postgres.Open(ctx, tc.url, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			want := tc.opt.MaxConns
			if want == 0 {
				want = postgres.DefaultMaxConns
			}
			if got := st.W.Stats().MaxOpenConnections; got != want {
				t.Errorf("pool size %d, want %d", got, want)
			}
			for name, want := range map[string]string{"statement_timeout": tc.statement, "idle_in_transaction_session_timeout": tc.idleInTx} {
				var got string
				if err := st.W.QueryRowContext(ctx, "SHOW "+name).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
		})
	}
}

// A statement that runs past the timeout is cancelled by the server with
// an error that says so, and that the surfaces answer with 503.
func TestStatementTimeout(t *testing.T) {
	ctx := context.Background()
	st, err := postgres.Open(ctx, storetest.PostgresURL(t), postgres.Options{StatementTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, err = st.W.ExecContext(ctx, "SELECT pg_sleep(30)")
	if err == nil || !strings.Contains(err.Error(), "statement timeout") || !store.Unavailable(err) {
		t.Fatalf("pg_sleep(30) with a 100ms statement timeout: %v, want a statement timeout the surfaces see as unavailability", err)
	}
	// The connection is still good.
	var one int
	if err := st.W.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("after the timeout: %d, %v", one, err)
	}
}

// A server that cannot be reached is unavailability, with an error that
// tells the operator what to check.
func TestUnreachable(t *testing.T) {
	storetest.PostgresURL(t) // skips without PostgreSQL, like the others
	_, err := postgres.Open(context.Background(), "postgres://kiosque@127.0.0.1:1/kiosque?sslmode=disable", postgres.Options{})
	if err == nil || !store.Unavailable(err) || !strings.Contains(err.Error(), "is the server running") {
		t.Fatalf("Open on a closed port: %v", err)
	}
}
