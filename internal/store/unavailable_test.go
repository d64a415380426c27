package store_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"

	"github.com/kiosque/kiosque/internal/store"
)

// sqlState is an error carrying a SQLSTATE, as pgconn.PgError does.
type sqlState string

func (s sqlState) Error() string    { return "ERROR: " + string(s) }
func (s sqlState) SQLState() string { return string(s) }

func TestUnavailable(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"sentinel", fmt.Errorf("sqlite: %w", store.ErrUnavailable), true},
		{"connection refused", fmt.Errorf("store: article x: failed to connect: %w", refused), true},
		{"connection reset", &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}, true},
		{"cut read", fmt.Errorf("store: category: %w", io.ErrUnexpectedEOF), true},
		{"connect timeout", fmt.Errorf("failed to connect: %w", context.DeadlineExceeded), true},
		{"statement timeout", fmt.Errorf("store: %w", sqlState("57014")), true},
		{"lock timeout", sqlState("55P03"), true},
		{"server shutting down", sqlState("57P01"), true},
		{"server starting", sqlState("57P03"), true},
		{"connection failure", sqlState("08006"), true},
		{"too many connections", sqlState("53300"), true},
		{"unique violation", sqlState("23505"), false},
		{"syntax error", sqlState("42601"), false},
		{"not found", fmt.Errorf("store: article 3: %w", store.ErrNotFound), false},
		{"reader left", context.Canceled, false},
		{"bug", errors.New("web: template: no such field"), false},
	} {
		if got := store.Unavailable(tc.err); got != tc.want {
			t.Errorf("%s: Unavailable(%v) = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
}
