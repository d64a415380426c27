package store

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"time"
)

// ErrUnavailable means the database could not be reached, or did not
// answer in time. It is a passing state, not a bug: the web surfaces answer
// 503 with Retry-After, and the request succeeds once the database is back.
// Test for it with Unavailable, which also recognises the drivers' errors.
var ErrUnavailable = errors.New("database unavailable")

// RetryAfter is how long clients are asked to wait (Retry-After) before
// trying again when the database is unavailable: about how long a
// database restart or a failover takes.
const RetryAfter = 10 * time.Second

// Unavailable reports whether err means the database is down, unreachable
// or too slow, rather than that the request or the code is wrong. It is the
// one place that decides it, for every surface (web, newsroom, API) and
// both dialects. It recognises:
//   - ErrUnavailable, wrapped by a dialect or a caller;
//   - a failed network operation on the database's socket (connection
//     refused, reset, timed out), which the drivers wrap;
//   - io.ErrUnexpectedEOF: the server closed a pooled connection (crash,
//     restart, failover) and pgx reports the cut read as it is. (A
//     truncated upload reads the same; its sender is gone anyway.)
//   - context.DeadlineExceeded: a connection attempt ran out of time (pgx
//     reports its connect_timeout so), or a caller's deadline passed while
//     the database was answering; a reader leaving cancels, never times
//     out, and is not unavailability;
//   - the server's SQLSTATE codes for the same: class 08 (connection
//     exception), 53300 (too many connections), 57014 (statement timeout
//     or cancel), 57P01–57P03 (shutting down, crashed, starting up), 55P03
//     (lock timeout), 25P03 (idle transaction timeout).
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrUnavailable) {
		return true
	}
	var coded interface{ SQLState() string }
	if errors.As(err, &coded) {
		switch code := coded.SQLState(); {
		case strings.HasPrefix(code, "08"), code == "53300", code == "57014", code == "55P03", code == "25P03",
			code == "57P01", code == "57P02", code == "57P03":
			return true
		}
		return false
	}
	var op *net.OpError
	if errors.As(err, &op) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	return errors.Is(err, context.DeadlineExceeded)
}
