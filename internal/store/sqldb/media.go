package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/kiosque/kiosque/internal/store"
)

// CreateMedia implements store.MediaStore: the image and its variants in
// one transaction.
func (db *DB) CreateMedia(ctx context.Context, m *store.Media) error {
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.Q(`-- create media
INSERT INTO media (name, mime, width, height, size, alt, caption, credit, user_id, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id`), m.Name, m.MIME, m.Width, m.Height, m.Size, m.Alt, m.Caption, m.Credit, m.UserID, Millis(m.CreatedAt)).Scan(&m.ID)
		if err != nil {
			return db.translate(err)
		}
		for _, v := range m.Variants {
			if _, err := tx.ExecContext(ctx, db.Q(`-- create media variant
INSERT INTO media_variants (media_id, name, mime, width, height, data) VALUES (?, ?, ?, ?, ?, ?)`),
				m.ID, v.Name, v.MIME, v.Width, v.Height, v.Data); err != nil {
				return db.translate(err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: create media: %w", err)
	}
	return nil
}

// UpdateMedia implements store.MediaStore.
func (db *DB) UpdateMedia(ctx context.Context, m *store.Media) error {
	res, err := db.execNewsroom(ctx, "update media", `UPDATE media SET alt = ?, caption = ?, credit = ? WHERE id = ?`, m.Alt, m.Caption, m.Credit, m.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: update media %d: %w", m.ID, store.ErrNotFound)
	}
	return nil
}

const mediaColumns = `SELECT id, name, mime, width, height, size, alt, caption, credit, user_id, created_at FROM media`

func scanMedia(row interface{ Scan(...any) error }) (store.Media, error) {
	var m store.Media
	var created int64
	err := row.Scan(&m.ID, &m.Name, &m.MIME, &m.Width, &m.Height, &m.Size, &m.Alt, &m.Caption, &m.Credit, &m.UserID, &created)
	m.CreatedAt = Time(created)
	return m, err
}

// MediaByID implements store.MediaStore.
func (db *DB) MediaByID(ctx context.Context, id int64) (*store.Media, error) {
	m, err := scanMedia(db.R.QueryRowContext(ctx, db.Q(mediaColumns+` WHERE id = ?`), id))
	if err != nil {
		return nil, fmt.Errorf("store: media %d: %w", id, db.translate(err))
	}
	rows, err := db.R.QueryContext(ctx, db.Q(`-- media variants
SELECT name, mime, width, height FROM media_variants WHERE media_id = ? ORDER BY width`), id)
	if err != nil {
		return nil, fmt.Errorf("store: media %d variants: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var v store.MediaVariant
		if err := rows.Scan(&v.Name, &v.MIME, &v.Width, &v.Height); err != nil {
			return nil, fmt.Errorf("store: media %d variants: %w", id, err)
		}
		m.Variants = append(m.Variants, v)
	}
	return &m, rows.Err()
}

// MediaVariant implements store.MediaStore.
func (db *DB) MediaVariant(ctx context.Context, id int64, name string) (*store.MediaVariant, error) {
	var v store.MediaVariant
	err := db.R.QueryRowContext(ctx, db.Q(`-- media variant
SELECT name, mime, width, height, data FROM media_variants WHERE media_id = ? AND name = ?`), id, name).
		Scan(&v.Name, &v.MIME, &v.Width, &v.Height, &v.Data)
	if err != nil {
		return nil, fmt.Errorf("store: media %d variant %q: %w", id, name, db.translate(err))
	}
	return &v, nil
}

// ListMedia implements store.MediaStore (without variants).
func (db *DB) ListMedia(ctx context.Context, limit, offset int) ([]store.Media, int, error) {
	if limit <= 0 || limit > 1000 {
		limit = 40
	}
	var total int
	if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM media`).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count media: %w", err)
	}
	rows, err := db.R.QueryContext(ctx, db.Q(mediaColumns+` ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`), limit, max(offset, 0))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list media: %w", err)
	}
	defer rows.Close()
	var out []store.Media
	for rows.Next() {
		m, err := scanMedia(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store: list media: %w", err)
		}
		out = append(out, m)
	}
	return out, total, rows.Err()
}

// DeleteMedia implements store.MediaStore; variants go with it (cascade).
func (db *DB) DeleteMedia(ctx context.Context, id int64) error {
	return db.deleteRow(ctx, "media", id)
}
