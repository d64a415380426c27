package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store"
)

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

const articleColumns = `a.id, COALESCE(a.external_id, ''), a.slug, a.title, a.lead, a.body, a.lang, a.status,
       a.published_at, a.created_at, a.updated_at,
       a.image_url, a.image_alt, a.image_caption, a.image_credit, a.image_width, a.image_height,
       a.source_name, a.source_url, a.source_translated_from, a.translation_group,
       c.id, c.slug, c.name, c.description, c.position`

const articleFrom = `
  FROM articles a
  LEFT JOIN categories c ON c.id = a.category_id`

func scanArticle(row interface{ Scan(...any) error }) (article.Article, error) {
	var a article.Article
	var pub, created, updated int64
	var catID sql.NullInt64
	var catSlug, catName, catDesc sql.NullString
	var catPos sql.NullInt64
	err := row.Scan(&a.ID, &a.ExternalID, &a.Slug, &a.Title, &a.Lead, &a.Body, &a.Lang, &a.Status,
		&pub, &created, &updated,
		&a.Image.URL, &a.Image.Alt, &a.Image.Caption, &a.Image.Credit, &a.Image.Width, &a.Image.Height,
		&a.Source.Name, &a.Source.URL, &a.Source.TranslatedFrom, &a.TranslationGroup,
		&catID, &catSlug, &catName, &catDesc, &catPos)
	if err != nil {
		return a, err
	}
	a.PublishedAt, a.CreatedAt, a.UpdatedAt = Time(pub), Time(created), Time(updated)
	if catID.Valid {
		a.Category = &article.Category{ID: catID.Int64, Slug: catSlug.String, Name: catName.String,
			Description: catDesc.String, Position: int(catPos.Int64)}
	}
	a.Tags, a.Authors = []article.Tag{}, []article.Author{}
	return a, nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func categoryID(a *article.Article) any {
	if a.Category == nil || a.Category.ID == 0 {
		return nil
	}
	return a.Category.ID
}

// CreateArticle implements store.Articles.
func (db *DB) CreateArticle(ctx context.Context, a *article.Article) error {
	now := db.Now().UTC().Truncate(time.Millisecond)
	// A concurrent writer (another node) may take the slug we picked between
	// our check and our insert: pick again a few times.
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		err = db.Tx(ctx, func(tx *sql.Tx) error { return db.createArticle(ctx, tx, a, now) })
		if !errors.Is(err, errSlugRace) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("store: create article %q: %w", a.Title, err)
	}
	return nil
}

var errSlugRace = errors.New("slug taken concurrently")

func (db *DB) createArticle(ctx context.Context, tx *sql.Tx, a *article.Article, now time.Time) error {
	if a.ExternalID != "" {
		var id int64
		err := tx.QueryRowContext(ctx, db.Q(`SELECT id FROM articles WHERE external_id = ?`), a.ExternalID).Scan(&id)
		if err == nil {
			return fmt.Errorf("%w: external id %q is article %d", store.ErrConflict, a.ExternalID, id)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	slug, err := db.freeSlug(ctx, tx, a.Slug, a.Title, 0)
	if err != nil {
		return err
	}
	// create article
	err = tx.QueryRowContext(ctx, db.Q(`
INSERT INTO articles (external_id, slug, title, lead, body, lang, status, published_at, created_at, updated_at,
       category_id, image_url, image_alt, image_caption, image_credit, image_width, image_height,
       source_name, source_url, source_translated_from, translation_group)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id`),
		nullString(a.ExternalID), slug, a.Title, a.Lead, a.Body, a.Lang, string(a.Status), Millis(a.PublishedAt), Millis(now), Millis(now),
		categoryID(a), a.Image.URL, a.Image.Alt, a.Image.Caption, a.Image.Credit, a.Image.Width, a.Image.Height,
		a.Source.Name, a.Source.URL, a.Source.TranslatedFrom, a.TranslationGroup).Scan(&a.ID)
	if err != nil {
		if db.Dialect.IsUnique(err) {
			return errSlugRace
		}
		return db.translate(err)
	}
	a.Slug, a.CreatedAt, a.UpdatedAt = slug, now, now
	return db.linkArticle(ctx, tx, a)
}

// freeSlug returns the wanted slug (or one derived from the title) if no
// other article has it, else the first free "slug-N".
func (db *DB) freeSlug(ctx context.Context, q querier, want, title string, self article.ID) (string, error) {
	base := article.Slugify(want)
	if base == "" {
		base = article.Slugify(title)
	}
	base = article.Unreserved(base, "article")
	// Suffixed slugs of a long base are cut shorter (WithSuffix keeps them
	// within MaxSlug), so look at every slug sharing the base's first bytes.
	// The prefix match must use the slug index: GLOB does on SQLite (LIKE
	// is case-insensitive there), LIKE does on PostgreSQL with the
	// text_pattern_ops index of migration 00051. Slugs hold no wildcard.
	prefix := base[:min(len(base), article.MaxSlug-12)]
	match := `slug LIKE ?`
	pattern := prefix + "%"
	if db.Dialect.Name == "sqlite" {
		match, pattern = `slug GLOB ?`, prefix+"*"
	}
	rows, err := q.QueryContext(ctx, db.Q(`SELECT slug FROM articles WHERE `+match+` AND id <> ?`), pattern, int64(self))
	if err != nil {
		return "", err
	}
	defer rows.Close()
	taken := map[string]bool{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return "", err
		}
		taken[s] = true
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	slug := base
	for n := 2; taken[slug]; n++ {
		slug = article.WithSuffix(base, n)
	}
	return slug, nil
}

// linkArticle replaces the article's tag and author links.
func (db *DB) linkArticle(ctx context.Context, tx *sql.Tx, a *article.Article) error {
	for _, q := range []string{`DELETE FROM article_tags WHERE article_id = ?`, `DELETE FROM article_authors WHERE article_id = ?`} {
		if _, err := tx.ExecContext(ctx, db.Q(q), a.ID); err != nil {
			return err
		}
	}
	seen := map[int64]bool{}
	for i, t := range a.Tags {
		if t.ID == 0 || seen[t.ID] {
			continue
		}
		seen[t.ID] = true
		if _, err := tx.ExecContext(ctx, db.Q(`INSERT INTO article_tags (article_id, tag_id, position) VALUES (?, ?, ?)`), a.ID, t.ID, i); err != nil {
			return fmt.Errorf("tag %d: %w", t.ID, db.translate(err))
		}
	}
	clear(seen)
	for i, au := range a.Authors {
		if au.ID == 0 || seen[au.ID] {
			continue
		}
		seen[au.ID] = true
		if _, err := tx.ExecContext(ctx, db.Q(`INSERT INTO article_authors (article_id, author_id, position) VALUES (?, ?, ?)`), a.ID, au.ID, i); err != nil {
			return fmt.Errorf("author %d: %w", au.ID, db.translate(err))
		}
	}
	return nil
}

// UpdateArticle implements store.Articles.
func (db *DB) UpdateArticle(ctx context.Context, a *article.Article) error {
	now := db.Now().UTC().Truncate(time.Millisecond)
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		if a.Slug == "" {
			s, err := db.freeSlug(ctx, tx, "", a.Title, a.ID)
			if err != nil {
				return err
			}
			a.Slug = s
		}
		// update article
		res, err := tx.ExecContext(ctx, db.Q(`
UPDATE articles
   SET external_id = ?, slug = ?, title = ?, lead = ?, body = ?, lang = ?, status = ?, published_at = ?, updated_at = ?,
       category_id = ?, image_url = ?, image_alt = ?, image_caption = ?, image_credit = ?, image_width = ?, image_height = ?,
       source_name = ?, source_url = ?, source_translated_from = ?, translation_group = ?
 WHERE id = ?`),
			nullString(a.ExternalID), a.Slug, a.Title, a.Lead, a.Body, a.Lang, string(a.Status), Millis(a.PublishedAt), Millis(now),
			categoryID(a), a.Image.URL, a.Image.Alt, a.Image.Caption, a.Image.Credit, a.Image.Width, a.Image.Height,
			a.Source.Name, a.Source.URL, a.Source.TranslatedFrom, a.TranslationGroup, a.ID)
		if err != nil {
			return db.translate(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return store.ErrNotFound
		}
		a.UpdatedAt = now
		return db.linkArticle(ctx, tx, a)
	})
	if err != nil {
		return fmt.Errorf("store: update article %d: %w", a.ID, err)
	}
	return nil
}

// DeleteArticle implements store.Articles.
func (db *DB) DeleteArticle(ctx context.Context, id article.ID) error {
	res, err := db.W.ExecContext(ctx, db.Q(`DELETE FROM articles WHERE id = ?`), id)
	if err != nil {
		return fmt.Errorf("store: delete article %d: %w", id, db.translate(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: delete article %d: %w", id, store.ErrNotFound)
	}
	return nil
}

// Article implements store.Articles.
func (db *DB) Article(ctx context.Context, id article.ID) (*article.Article, error) {
	return db.oneArticle(ctx, "a.id = ?", int64(id))
}

// ArticleBySlug implements store.Articles.
func (db *DB) ArticleBySlug(ctx context.Context, slug string) (*article.Article, error) {
	return db.oneArticle(ctx, "a.slug = ?", slug)
}

// ArticleByExternalID implements store.Articles.
func (db *DB) ArticleByExternalID(ctx context.Context, externalID string) (*article.Article, error) {
	if externalID == "" {
		return nil, fmt.Errorf("store: article by external id: %w", store.ErrNotFound)
	}
	return db.oneArticle(ctx, "a.external_id = ?", externalID)
}

// ArticlesByID implements store.Articles.
func (db *DB) ArticlesByID(ctx context.Context, ids []article.ID, links bool) ([]article.Article, error) {
	if len(ids) == 0 {
		return []article.Article{}, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = int64(id)
	}
	// articles by id
	rows, err := db.query(ctx, `SELECT `+articleColumns+articleFrom+`
 WHERE a.id IN (`+Placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: articles by id: %w", err)
	}
	defer rows.Close()
	found := make(map[article.ID]article.Article, len(ids))
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("store: articles by id: %w", err)
		}
		found[a.ID] = a
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: articles by id: %w", err)
	}
	list := make([]article.Article, 0, len(found))
	for _, id := range ids {
		if a, ok := found[id]; ok {
			list = append(list, a)
			delete(found, id) // a repeated id is given once
		}
	}
	if !links { // tags and authors left empty, as ListArticles with NoLinks
		return list, nil
	}
	if err := db.loadLinks(ctx, list); err != nil {
		return nil, fmt.Errorf("store: articles by id: %w", err)
	}
	return list, nil
}

func (db *DB) oneArticle(ctx context.Context, cond string, arg any) (*article.Article, error) {
	// get article
	a, err := scanArticle(db.queryRow(ctx, `SELECT `+articleColumns+articleFrom+` WHERE `+cond, arg))
	if err != nil {
		return nil, fmt.Errorf("store: article %v: %w", arg, db.translate(err))
	}
	list := []article.Article{a}
	if err := db.loadLinks(ctx, list); err != nil {
		return nil, fmt.Errorf("store: article %v: %w", arg, err)
	}
	return &list[0], nil
}

// articleWhere builds the WHERE clause of an article filter.
func articleWhere(f store.ArticleFilter) *Where {
	w := &Where{}
	if !f.VisibleAt.IsZero() {
		w.Add("a.status = ? AND a.published_at > 0 AND a.published_at <= ?", string(article.Published), Millis(f.VisibleAt))
	}
	if f.Status != "" {
		w.Add("a.status = ?", string(f.Status))
	}
	if f.Lang != "" {
		w.Add("a.lang = ?", f.Lang)
	}
	if f.CategoryID != 0 {
		w.Add("a.category_id = ?", f.CategoryID)
	}
	if f.TagID != 0 {
		w.Add("EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND t.tag_id = ?)", f.TagID)
	}
	if f.AuthorID != 0 {
		w.Add("EXISTS (SELECT 1 FROM article_authors aa WHERE aa.article_id = a.id AND aa.author_id = ?)", f.AuthorID)
	}
	if f.TitleLike != "" {
		// % and _ typed by an editor are text, not wildcards.
		w.Add(`LOWER(a.title) LIKE ? ESCAPE '\'`, "%"+likeEscaper.Replace(strings.ToLower(f.TitleLike))+"%")
	}
	if f.ExcludeID != 0 {
		w.Add("a.id <> ?", int64(f.ExcludeID))
	}
	if f.TranslationGroup != 0 {
		w.Add("a.translation_group = ?", f.TranslationGroup)
	}
	return w
}

// ListArticles implements store.Articles.
func (db *DB) ListArticles(ctx context.Context, f store.ArticleFilter) ([]article.Article, int, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, 1000)
	w := articleWhere(f)
	total := -1
	// count articles
	if !f.NoTotal {
		if err := db.queryRow(ctx, `SELECT COUNT(*) FROM articles a`+w.String(), w.Args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("store: count articles: %w", err)
		}
	}
	if f.Before != nil {
		w.Add("(a.published_at < ? OR (a.published_at = ? AND a.id < ?))",
			Millis(f.Before.PublishedAt), Millis(f.Before.PublishedAt), int64(f.Before.ID))
	}
	// list articles
	q := `SELECT ` + articleColumns + articleFrom + w.String() + `
 ORDER BY a.published_at DESC, a.id DESC
 LIMIT ? OFFSET ?`
	rows, err := db.query(ctx, q, append(w.Args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list articles: %w", err)
	}
	defer rows.Close()
	list := []article.Article{}
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store: list articles: %w", err)
		}
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: list articles: %w", err)
	}
	if !f.NoLinks {
		if err := db.loadLinks(ctx, list); err != nil {
			return nil, 0, fmt.Errorf("store: list articles: %w", err)
		}
	}
	return list, total, nil
}

// loadLinks fills Tags and Authors of every article in list with one
// query.
func (db *DB) loadLinks(ctx context.Context, list []article.Article) error {
	if len(list) == 0 {
		return nil
	}
	idx := make(map[article.ID]int, len(list))
	ids := make([]any, 0, 2*len(list))
	for i, a := range list {
		idx[a.ID] = i
		ids = append(ids, int64(a.ID))
	}
	ids = append(ids, ids...) // once per half of the UNION
	in := Placeholders(len(list))
	// article tags and authors
	rows, err := db.query(ctx, `
SELECT at.article_id, 'tag', t.id, t.slug, t.name, '', '', at.position
  FROM article_tags at JOIN tags t ON t.id = at.tag_id
 WHERE at.article_id IN (`+in+`)
UNION ALL
SELECT aa.article_id, 'author', p.id, p.slug, p.name, p.bio, p.photo, aa.position
  FROM article_authors aa JOIN authors p ON p.id = aa.author_id
 WHERE aa.article_id IN (`+in+`)
 ORDER BY 1, 2, 8`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var aid article.ID
		var kind, slug, name, bio, photo string
		var id int64
		var pos int
		if err := rows.Scan(&aid, &kind, &id, &slug, &name, &bio, &photo, &pos); err != nil {
			return err
		}
		a := &list[idx[aid]]
		if kind == "tag" {
			a.Tags = append(a.Tags, article.Tag{ID: id, Slug: slug, Name: name})
		} else {
			a.Authors = append(a.Authors, article.Author{ID: id, Slug: slug, Name: name, Bio: bio, Photo: photo})
		}
	}
	return rows.Err()
}

// PublishDue implements store.Articles.
func (db *DB) PublishDue(ctx context.Context, now time.Time) ([]article.ID, error) {
	var ids []article.ID
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		// publish due articles
		rows, err := tx.QueryContext(ctx, db.Q(`
UPDATE articles SET status = ?, updated_at = ?
 WHERE status = ? AND published_at > 0 AND published_at <= ?
RETURNING id`), string(article.Published), Millis(now), string(article.Scheduled), Millis(now))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id article.ID
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: publish due: %w", err)
	}
	return ids, nil
}

// likeEscaper escapes LIKE's wildcards and its escape character, for
// patterns written with ESCAPE '\'.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
