package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/user"
)

// The newsroom's statements (users, sessions, API keys, audit log,
// revisions, media) are the same in both dialects.

const userColumns = `SELECT id, email, name, role, password_hash, COALESCE(author_id, 0), disabled, created_at, updated_at FROM users`

func scanUser(row interface{ Scan(...any) error }) (user.User, error) {
	var u user.User
	var disabled, created, updated int64
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.AuthorID, &disabled, &created, &updated)
	u.Disabled, u.CreatedAt, u.UpdatedAt = disabled != 0, Time(created), Time(updated)
	return u, err
}

func newsroomBool(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func newsroomNullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// CreateUser implements store.Users.
func (db *DB) CreateUser(ctx context.Context, u *user.User) error {
	now := db.Now().UTC()
	err := db.W.QueryRowContext(ctx, db.Q(`-- create user
INSERT INTO users (email, name, role, password_hash, author_id, disabled, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id`), u.Email, u.Name, string(u.Role), u.PasswordHash, newsroomNullID(u.AuthorID), newsroomBool(u.Disabled), Millis(now), Millis(now)).Scan(&u.ID)
	if err != nil {
		return fmt.Errorf("store: create user: %w", db.translate(err))
	}
	u.CreatedAt, u.UpdatedAt = Time(Millis(now)), Time(Millis(now))
	return nil
}

// UpdateUser implements store.Users.
func (db *DB) UpdateUser(ctx context.Context, u *user.User) error {
	now := db.Now().UTC()
	res, err := db.W.ExecContext(ctx, db.Q(`-- update user
UPDATE users SET email = ?, name = ?, role = ?, password_hash = ?, author_id = ?, disabled = ?, updated_at = ?
 WHERE id = ?`), u.Email, u.Name, string(u.Role), u.PasswordHash, newsroomNullID(u.AuthorID), newsroomBool(u.Disabled), Millis(now), u.ID)
	if err != nil {
		return fmt.Errorf("store: update user %d: %w", u.ID, db.translate(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: update user %d: %w", u.ID, store.ErrNotFound)
	}
	u.UpdatedAt = Time(Millis(now))
	return nil
}

// User implements store.Users.
func (db *DB) User(ctx context.Context, id user.ID) (*user.User, error) {
	u, err := scanUser(db.R.QueryRowContext(ctx, db.Q(userColumns+` WHERE id = ?`), id))
	if err != nil {
		return nil, fmt.Errorf("store: user %d: %w", id, db.translate(err))
	}
	return &u, nil
}

// UserByEmail implements store.Users.
func (db *DB) UserByEmail(ctx context.Context, email string) (*user.User, error) {
	u, err := scanUser(db.R.QueryRowContext(ctx, db.Q(userColumns+` WHERE email = ?`), email))
	if err != nil {
		return nil, fmt.Errorf("store: user by e-mail: %w", db.translate(err))
	}
	return &u, nil
}

// ListUsers implements store.Users.
func (db *DB) ListUsers(ctx context.Context) ([]user.User, error) {
	rows, err := db.R.QueryContext(ctx, db.Q(userColumns+` ORDER BY name, id`))
	if err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	defer rows.Close()
	var out []user.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// CreateSession implements store.Sessions.
func (db *DB) CreateSession(ctx context.Context, s *user.Session) error {
	_, err := db.W.ExecContext(ctx, db.Q(`-- create session
INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`),
		s.TokenHash, s.UserID, Millis(s.CreatedAt), Millis(s.ExpiresAt))
	if err != nil {
		return fmt.Errorf("store: create session: %w", db.translate(err))
	}
	return nil
}

// Session implements store.Sessions.
func (db *DB) Session(ctx context.Context, tokenHash string, now time.Time) (*user.Session, error) {
	var s user.Session
	var created, expires int64
	err := db.R.QueryRowContext(ctx, db.Q(`-- session
SELECT token_hash, user_id, created_at, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?`),
		tokenHash, Millis(now)).Scan(&s.TokenHash, &s.UserID, &created, &expires)
	if err != nil {
		return nil, fmt.Errorf("store: session: %w", db.translate(err))
	}
	s.CreatedAt, s.ExpiresAt = Time(created), Time(expires)
	return &s, nil
}

func (db *DB) execNewsroom(ctx context.Context, op, query string, args ...any) (sql.Result, error) {
	res, err := db.W.ExecContext(ctx, db.Q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", op, db.translate(err))
	}
	return res, nil
}

// DeleteSession implements store.Sessions.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := db.execNewsroom(ctx, "delete session", `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return err
}

// DeleteUserSessions implements store.Sessions.
func (db *DB) DeleteUserSessions(ctx context.Context, id user.ID) error {
	_, err := db.execNewsroom(ctx, "delete user sessions", `DELETE FROM sessions WHERE user_id = ?`, id)
	return err
}

// DeleteExpired implements store.Sessions.
func (db *DB) DeleteExpired(ctx context.Context, now, before time.Time) error {
	if _, err := db.execNewsroom(ctx, "delete expired sessions", `DELETE FROM sessions WHERE expires_at <= ?`, Millis(now)); err != nil {
		return err
	}
	_, err := db.execNewsroom(ctx, "delete old login failures", `DELETE FROM login_failures WHERE at < ?`, Millis(before))
	return err
}

// AddLoginFailure implements store.Sessions.
func (db *DB) AddLoginFailure(ctx context.Context, key string, at time.Time) error {
	_, err := db.execNewsroom(ctx, "add login failure", `INSERT INTO login_failures (key, at) VALUES (?, ?)`, key, Millis(at))
	return err
}

// LoginFailures implements store.Sessions.
func (db *DB) LoginFailures(ctx context.Context, key string, since time.Time) (int, time.Time, error) {
	var n, last int64
	err := db.R.QueryRowContext(ctx, db.Q(`-- count login failures
SELECT COUNT(*), COALESCE(MAX(at), 0) FROM login_failures WHERE key = ? AND at >= ?`), key, Millis(since)).Scan(&n, &last)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("store: login failures: %w", err)
	}
	return int(n), Time(last), nil
}

// ClearLoginFailures implements store.Sessions.
func (db *DB) ClearLoginFailures(ctx context.Context, key string) error {
	_, err := db.execNewsroom(ctx, "clear login failures", `DELETE FROM login_failures WHERE key = ?`, key)
	return err
}
