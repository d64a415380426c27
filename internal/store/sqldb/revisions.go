package sqldb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store"
)

// AddRevision implements store.Revisions. The article is kept as JSON: a
// revision is read whole and never queried by field.
func (db *DB) AddRevision(ctx context.Context, r *store.Revision) error {
	data, err := json.Marshal(&r.Article)
	if err != nil {
		return fmt.Errorf("store: add revision: %w", err)
	}
	err = db.W.QueryRowContext(ctx, db.Q(`-- add revision
INSERT INTO revisions (article_id, user_id, user_name, created_at, data) VALUES (?, ?, ?, ?, ?)
RETURNING id`), r.ArticleID, r.UserID, r.UserName, Millis(r.CreatedAt), string(data)).Scan(&r.ID)
	if err != nil {
		err = db.translate(err)
		if !errors.Is(err, store.ErrConflict) && isForeignKey(err) {
			err = fmt.Errorf("%w: article %d", store.ErrNotFound, r.ArticleID)
		}
		return fmt.Errorf("store: add revision: %w", err)
	}
	return nil
}

// isForeignKey recognizes a foreign key violation in both drivers' texts.
func isForeignKey(err error) bool {
	s := err.Error()
	return strings.Contains(s, "FOREIGN KEY constraint failed") || strings.Contains(s, "SQLSTATE 23503")
}

const revisionColumns = `SELECT id, article_id, user_id, user_name, created_at, data FROM revisions`

func scanRevision(row interface{ Scan(...any) error }) (store.Revision, error) {
	var r store.Revision
	var created int64
	var data string
	if err := row.Scan(&r.ID, &r.ArticleID, &r.UserID, &r.UserName, &created, &data); err != nil {
		return r, err
	}
	r.CreatedAt = Time(created)
	if err := json.Unmarshal([]byte(data), &r.Article); err != nil {
		return r, fmt.Errorf("revision %d: %w", r.ID, err)
	}
	return r, nil
}

// ListRevisions implements store.Revisions.
func (db *DB) ListRevisions(ctx context.Context, id article.ID) ([]store.Revision, error) {
	rows, err := db.R.QueryContext(ctx, db.Q(revisionColumns+` WHERE article_id = ? ORDER BY id DESC`), id)
	if err != nil {
		return nil, fmt.Errorf("store: list revisions of %d: %w", id, err)
	}
	defer rows.Close()
	var out []store.Revision
	for rows.Next() {
		r, err := scanRevision(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list revisions of %d: %w", id, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Revision implements store.Revisions.
func (db *DB) Revision(ctx context.Context, id int64) (*store.Revision, error) {
	r, err := scanRevision(db.R.QueryRowContext(ctx, db.Q(revisionColumns+` WHERE id = ?`), id))
	if err != nil {
		return nil, fmt.Errorf("store: revision %d: %w", id, db.translate(err))
	}
	return &r, nil
}
