package sqldb

import (
	"context"
	"fmt"
	"time"

	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/user"
)

const apiKeyColumns = `SELECT id, name, hash, prefix, created_at, revoked_at, created_by FROM api_keys`

func scanAPIKey(row interface{ Scan(...any) error }) (user.APIKey, error) {
	var k user.APIKey
	var created, revoked int64
	err := row.Scan(&k.ID, &k.Name, &k.Hash, &k.Prefix, &created, &revoked, &k.CreatedBy)
	k.CreatedAt, k.RevokedAt = Time(created), Time(revoked)
	return k, err
}

// CreateAPIKey implements store.APIKeys.
func (db *DB) CreateAPIKey(ctx context.Context, k *user.APIKey) error {
	err := db.W.QueryRowContext(ctx, db.Q(`-- create api key
INSERT INTO api_keys (name, hash, prefix, created_at, revoked_at, created_by) VALUES (?, ?, ?, ?, ?, ?)
RETURNING id`), k.Name, k.Hash, k.Prefix, Millis(k.CreatedAt), Millis(k.RevokedAt), k.CreatedBy).Scan(&k.ID)
	if err != nil {
		return fmt.Errorf("store: create api key: %w", db.translate(err))
	}
	return nil
}

// APIKeyByHash implements store.APIKeys.
func (db *DB) APIKeyByHash(ctx context.Context, hash string) (*user.APIKey, error) {
	k, err := scanAPIKey(db.R.QueryRowContext(ctx, db.Q(apiKeyColumns+` WHERE hash = ?`), hash))
	if err != nil {
		return nil, fmt.Errorf("store: api key: %w", db.translate(err))
	}
	return &k, nil
}

// ListAPIKeys implements store.APIKeys.
func (db *DB) ListAPIKeys(ctx context.Context) ([]user.APIKey, error) {
	rows, err := db.R.QueryContext(ctx, db.Q(apiKeyColumns+` ORDER BY created_at DESC, id DESC`))
	if err != nil {
		return nil, fmt.Errorf("store: list api keys: %w", err)
	}
	defer rows.Close()
	var out []user.APIKey
	for rows.Next() {
		k, err := scanAPIKey(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list api keys: %w", err)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// RevokeAPIKey implements store.APIKeys. Revoking a revoked key keeps its
// first revocation time.
func (db *DB) RevokeAPIKey(ctx context.Context, id int64, at time.Time) error {
	res, err := db.execNewsroom(ctx, "revoke api key", `-- revoke api key
UPDATE api_keys SET revoked_at = CASE WHEN revoked_at = 0 THEN ? ELSE revoked_at END WHERE id = ?`, Millis(at), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: revoke api key %d: %w", id, store.ErrNotFound)
	}
	return nil
}

// AddAudit implements store.Audit.
func (db *DB) AddAudit(ctx context.Context, e *user.AuditEntry) error {
	err := db.W.QueryRowContext(ctx, db.Q(`-- add audit entry
INSERT INTO audit_log (at, user_id, user_name, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)
RETURNING id`), Millis(e.At), e.UserID, e.UserName, e.Action, e.Target, e.Detail).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("store: add audit entry: %w", db.translate(err))
	}
	return nil
}

// ListAudit implements store.Audit.
func (db *DB) ListAudit(ctx context.Context, limit, offset int) ([]user.AuditEntry, int, error) {
	if limit <= 0 || limit > 1000 {
		limit = 50
	}
	var total int
	if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count audit log: %w", err)
	}
	rows, err := db.R.QueryContext(ctx, db.Q(`-- list audit log
SELECT id, at, user_id, user_name, action, target, detail FROM audit_log
 ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`), limit, max(offset, 0))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list audit log: %w", err)
	}
	defer rows.Close()
	var out []user.AuditEntry
	for rows.Next() {
		var e user.AuditEntry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.UserID, &e.UserName, &e.Action, &e.Target, &e.Detail); err != nil {
			return nil, 0, fmt.Errorf("store: list audit log: %w", err)
		}
		e.At = Time(at)
		out = append(out, e)
	}
	return out, total, rows.Err()
}
