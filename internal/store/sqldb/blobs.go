package sqldb

import (
	"context"
	"fmt"
)

// Blob implements store.Blobs.
func (db *DB) Blob(ctx context.Context, name string) ([]byte, error) {
	var data []byte
	// get blob
	err := db.R.QueryRowContext(ctx, db.Q(`SELECT data FROM blobs WHERE name = ?`), name).Scan(&data)
	if err != nil {
		return nil, fmt.Errorf("store: blob %q: %w", name, db.translate(err))
	}
	return data, nil
}

// SaveBlob implements store.Blobs.
func (db *DB) SaveBlob(ctx context.Context, name string, data []byte) error {
	// upsert blob
	_, err := db.W.ExecContext(ctx, db.Q(`
INSERT INTO blobs (name, data, updated_at) VALUES (?, ?, ?)
ON CONFLICT (name) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`),
		name, data, Millis(db.Now()))
	if err != nil {
		return fmt.Errorf("store: save blob %q: %w", name, err)
	}
	return nil
}
