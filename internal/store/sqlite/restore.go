package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	sqlite3 "modernc.org/sqlite"
	sqlite3lib "modernc.org/sqlite/lib"
)

// ErrInUse is returned by Restore when another connection has the target
// database open (a running site): stop it first, or force.
var ErrInUse = errors.New("sqlite: the database is in use")

// sqliteMagic starts every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// Restore puts the backup at from (a file written by Backup) in place of
// the database at to, for a site that is not running. It refuses with
// ErrInUse when another process has to open, unless force is set; it
// checks that from is a SQLite database, copies it next to to, migrates
// the copy and runs PRAGMA integrity_check on it, and only then renames it
// over to, so a bad backup never replaces a good database. The old
// database's -wal and -shm files are removed. A missing to is created.
func Restore(ctx context.Context, from, to string, force bool) error {
	if err := checkMagic(from); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o750); err != nil {
		return fmt.Errorf("sqlite: restore: %w", err)
	}
	if _, err := os.Stat(to); err == nil && !force {
		if err := checkNotInUse(ctx, to); err != nil {
			return err
		}
	}
	tmp, err := copyBeside(from, to)
	if err != nil {
		return err
	}
	defer removeDB(tmp) // after the rename, only the -wal/-shm leftovers, if any
	if err := checkCopy(ctx, tmp); err != nil {
		return fmt.Errorf("sqlite: restore: the backup %s is not usable: %w", from, err)
	}
	// A -wal file left by the old database must not be replayed into the
	// new one: remove the companions, then swap the file atomically.
	for _, p := range []string{to + "-wal", to + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("sqlite: restore: %w", err)
		}
	}
	if err := os.Rename(tmp, to); err != nil {
		return fmt.Errorf("sqlite: restore: %w", err)
	}
	return nil
}

// checkMagic returns an error unless path starts like a SQLite database.
func checkMagic(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("sqlite: restore: %w", err)
	}
	defer f.Close()
	head := make([]byte, len(sqliteMagic))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, sqliteMagic) {
		return fmt.Errorf("sqlite: restore: %s is not a SQLite database (a file written by `kiosque backup`?)", path)
	}
	return nil
}

// checkNotInUse returns ErrInUse when another connection, in this process
// or another, has the database at path open. Leaving WAL mode needs the
// only connection to the file, so it fails at once (busy) when a site is
// running on it; the database is about to be replaced anyway.
func checkNotInUse(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)")
	if err != nil {
		return fmt.Errorf("sqlite: restore: %w", err)
	}
	defer db.Close()
	var mode string
	err = db.QueryRowContext(ctx, `PRAGMA journal_mode=DELETE`).Scan(&mode)
	if err != nil {
		var se *sqlite3.Error
		if errors.As(err, &se) && (se.Code()&0xff == sqlite3lib.SQLITE_BUSY || se.Code()&0xff == sqlite3lib.SQLITE_LOCKED) {
			return fmt.Errorf("%w: %s is open in another process (stop the site first, or use --force)", ErrInUse, path)
		}
		return fmt.Errorf("sqlite: restore: cannot check %s: %w", path, err)
	}
	return nil
}

// copyBeside copies from to a new temporary file in to's directory (so the
// final rename is atomic) and returns its name.
func copyBeside(from, to string) (string, error) {
	src, err := os.Open(from)
	if err != nil {
		return "", fmt.Errorf("sqlite: restore: %w", err)
	}
	defer src.Close()
	dst, err := os.CreateTemp(filepath.Dir(to), filepath.Base(to)+".restore-*")
	if err != nil {
		return "", fmt.Errorf("sqlite: restore: %w", err)
	}
	_, err = io.Copy(dst, src)
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst.Name())
		return "", fmt.Errorf("sqlite: restore: copy %s: %w", from, err)
	}
	return dst.Name(), nil
}

// checkCopy opens the copy as a site would (migrating it to this version's
// schema) and checks its integrity.
func checkCopy(ctx context.Context, path string) error {
	s, err := Open(ctx, path, Options{})
	if err != nil {
		return err
	}
	err = s.IntegrityCheck(ctx)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	return err
}

// removeDB removes a database file and its WAL companions; missing files
// are fine.
func removeDB(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		_ = os.Remove(p) // absent is the goal
	}
}
