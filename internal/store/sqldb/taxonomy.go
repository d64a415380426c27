package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store"
)

// saveRow inserts (when *id is 0, filling it) or updates one row of a simple
// table. cols and vals are in the same order.
func (db *DB) saveRow(ctx context.Context, table string, id *int64, cols []string, vals []any) error {
	if *id == 0 {
		q := `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) VALUES (` + Placeholders(len(cols)) + `) RETURNING id`
		return db.translate(db.W.QueryRowContext(ctx, db.Q(q), vals...).Scan(id))
	}
	q := `UPDATE ` + table + ` SET ` + strings.Join(cols, " = ?, ") + ` = ? WHERE id = ?`
	res, err := db.W.ExecContext(ctx, db.Q(q), append(vals, *id)...)
	if err != nil {
		return db.translate(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return store.ErrNotFound
	}
	return nil
}

func (db *DB) deleteRow(ctx context.Context, table string, id int64) error {
	res, err := db.W.ExecContext(ctx, db.Q(`DELETE FROM `+table+` WHERE id = ?`), id)
	if err != nil {
		return fmt.Errorf("store: delete %s %d: %w", table, id, db.translate(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: delete %s %d: %w", table, id, store.ErrNotFound)
	}
	return nil
}

// slugOf validates a taxonomy slug, deriving it from the name when empty.
func slugOf(slug, name string) (string, error) {
	if slug == "" {
		slug = article.Slugify(name)
	}
	if slug == "" || article.Slugify(slug) != slug {
		return "", fmt.Errorf("%w: slug %q", article.ErrInvalid, slug)
	}
	return slug, nil
}

// SaveCategory implements store.Taxonomy.
func (db *DB) SaveCategory(ctx context.Context, c *article.Category) error {
	slug, err := slugOf(c.Slug, c.Name)
	if err == nil {
		c.Slug = slug
		err = db.saveRow(ctx, "categories", &c.ID, []string{"slug", "name", "description", "position"},
			[]any{c.Slug, c.Name, c.Description, c.Position})
	}
	if err != nil {
		return fmt.Errorf("store: save category %q: %w", c.Name, err)
	}
	return nil
}

const categoryColumns = `SELECT id, slug, name, description, position FROM categories`

func scanCategory(row interface{ Scan(...any) error }) (article.Category, error) {
	var c article.Category
	err := row.Scan(&c.ID, &c.Slug, &c.Name, &c.Description, &c.Position)
	return c, err
}

// Category implements store.Taxonomy.
func (db *DB) Category(ctx context.Context, id int64) (*article.Category, error) {
	c, err := scanCategory(db.queryRow(ctx, categoryColumns+` WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("store: category %d: %w", id, db.translate(err))
	}
	return &c, nil
}

// CategoryBySlug implements store.Taxonomy.
func (db *DB) CategoryBySlug(ctx context.Context, slug string) (*article.Category, error) {
	c, err := scanCategory(db.queryRow(ctx, categoryColumns+` WHERE slug = ?`, slug))
	if err != nil {
		return nil, fmt.Errorf("store: category %q: %w", slug, db.translate(err))
	}
	return &c, nil
}

// Categories implements store.Taxonomy.
func (db *DB) Categories(ctx context.Context) ([]article.Category, error) {
	return queryList(ctx, db, categoryColumns+` ORDER BY position, name`, scanCategory)
}

// DeleteCategory implements store.Taxonomy. Its articles lose their category.
func (db *DB) DeleteCategory(ctx context.Context, id int64) error {
	return db.deleteRow(ctx, "categories", id)
}

const tagColumns = `SELECT id, slug, name FROM tags`

func scanTag(row interface{ Scan(...any) error }) (article.Tag, error) {
	var t article.Tag
	err := row.Scan(&t.ID, &t.Slug, &t.Name)
	return t, err
}

// EnsureTag implements store.Taxonomy.
func (db *DB) EnsureTag(ctx context.Context, name string) (*article.Tag, error) {
	name = strings.TrimSpace(name)
	slug, err := slugOf("", name)
	if err != nil {
		return nil, fmt.Errorf("store: ensure tag %q: %w", name, err)
	}
	t, err := db.TagBySlug(ctx, slug)
	if err == nil || !errors.Is(err, store.ErrNotFound) {
		return t, err
	}
	nt := article.Tag{Slug: slug, Name: name}
	if err := db.SaveTag(ctx, &nt); err != nil {
		if errors.Is(err, store.ErrConflict) { // created meanwhile by another writer
			return db.TagBySlug(ctx, slug)
		}
		return nil, err
	}
	return &nt, nil
}

// SaveTag implements store.Taxonomy.
func (db *DB) SaveTag(ctx context.Context, t *article.Tag) error {
	slug, err := slugOf(t.Slug, t.Name)
	if err == nil {
		t.Slug = slug
		err = db.saveRow(ctx, "tags", &t.ID, []string{"slug", "name"}, []any{t.Slug, t.Name})
	}
	if err != nil {
		return fmt.Errorf("store: save tag %q: %w", t.Name, err)
	}
	return nil
}

// TagBySlug implements store.Taxonomy.
func (db *DB) TagBySlug(ctx context.Context, slug string) (*article.Tag, error) {
	t, err := scanTag(db.queryRow(ctx, tagColumns+` WHERE slug = ?`, slug))
	if err != nil {
		return nil, fmt.Errorf("store: tag %q: %w", slug, db.translate(err))
	}
	return &t, nil
}

// Tags implements store.Taxonomy.
func (db *DB) Tags(ctx context.Context) ([]article.Tag, error) {
	return queryList(ctx, db, tagColumns+` ORDER BY name`, scanTag)
}

// DeleteTag implements store.Taxonomy.
func (db *DB) DeleteTag(ctx context.Context, id int64) error { return db.deleteRow(ctx, "tags", id) }

const authorColumns = `SELECT id, slug, name, bio, photo FROM authors`

func scanAuthor(row interface{ Scan(...any) error }) (article.Author, error) {
	var a article.Author
	err := row.Scan(&a.ID, &a.Slug, &a.Name, &a.Bio, &a.Photo)
	return a, err
}

// SaveAuthor implements store.Taxonomy.
func (db *DB) SaveAuthor(ctx context.Context, a *article.Author) error {
	slug, err := slugOf(a.Slug, a.Name)
	if err == nil {
		a.Slug = slug
		err = db.saveRow(ctx, "authors", &a.ID, []string{"slug", "name", "bio", "photo"}, []any{a.Slug, a.Name, a.Bio, a.Photo})
	}
	if err != nil {
		return fmt.Errorf("store: save author %q: %w", a.Name, err)
	}
	return nil
}

// Author implements store.Taxonomy.
func (db *DB) Author(ctx context.Context, id int64) (*article.Author, error) {
	a, err := scanAuthor(db.queryRow(ctx, authorColumns+` WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("store: author %d: %w", id, db.translate(err))
	}
	return &a, nil
}

// AuthorBySlug implements store.Taxonomy.
func (db *DB) AuthorBySlug(ctx context.Context, slug string) (*article.Author, error) {
	a, err := scanAuthor(db.queryRow(ctx, authorColumns+` WHERE slug = ?`, slug))
	if err != nil {
		return nil, fmt.Errorf("store: author %q: %w", slug, db.translate(err))
	}
	return &a, nil
}

// Authors implements store.Taxonomy.
func (db *DB) Authors(ctx context.Context) ([]article.Author, error) {
	return queryList(ctx, db, authorColumns+` ORDER BY name`, scanAuthor)
}

// DeleteAuthor implements store.Taxonomy.
func (db *DB) DeleteAuthor(ctx context.Context, id int64) error {
	return db.deleteRow(ctx, "authors", id)
}

// queryList runs a read query and scans every row with scan.
func queryList[T any](ctx context.Context, db *DB, q string, scan func(interface{ Scan(...any) error }) (T, error), args ...any) ([]T, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	return out, nil
}

// Settings implements store.Settings.
func (db *DB) Settings(ctx context.Context) (map[string]string, error) {
	rows, err := db.query(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return nil, fmt.Errorf("store: settings: %w", err)
	}
	defer rows.Close()
	kv := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("store: settings: %w", err)
		}
		kv[k] = v
	}
	return kv, rows.Err()
}

// SaveSettings implements store.Settings.
func (db *DB) SaveSettings(ctx context.Context, kv map[string]string) error {
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		for k, v := range kv {
			// upsert setting
			_, err := tx.ExecContext(ctx, db.Q(`
INSERT INTO settings (key, value) VALUES (?, ?)
ON CONFLICT (key) DO UPDATE SET value = excluded.value`), k, v)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: save settings: %w", err)
	}
	return nil
}
