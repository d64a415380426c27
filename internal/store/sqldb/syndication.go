package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/store"
)

// SaveRedirect implements store.Redirects.
func (db *DB) SaveRedirect(ctx context.Context, r store.Redirect) error {
	return db.SaveRedirects(ctx, []store.Redirect{r})
}

// SaveRedirects implements store.Redirects.
func (db *DB) SaveRedirects(ctx context.Context, list []store.Redirect) error {
	if err := db.Tx(ctx, func(tx *sql.Tx) error { return db.saveRedirects(ctx, tx, list) }); err != nil {
		return fmt.Errorf("store: save redirects: %w", err)
	}
	return nil
}

func (db *DB) saveRedirects(ctx context.Context, tx *sql.Tx, list []store.Redirect) error {
	now := Millis(db.Now())
	for _, r := range list {
		var aid any
		if r.ArticleID != 0 {
			aid = int64(r.ArticleID)
		}
		// upsert redirect
		_, err := tx.ExecContext(ctx, db.Q(`
INSERT INTO redirects (path, article_id, target, created_at) VALUES (?, ?, ?, ?)
ON CONFLICT (path) DO UPDATE SET article_id = excluded.article_id, target = excluded.target`),
			r.Path, aid, r.Target, now)
		if err != nil {
			return fmt.Errorf("%q: %w", r.Path, db.translate(err))
		}
	}
	return nil
}

// ImportArticle implements store.ArticleImporter.
func (db *DB) ImportArticle(ctx context.Context, a *article.Article, redirects []store.Redirect, comments []comment.Comment) (int, error) {
	now := db.Now().UTC().Truncate(time.Millisecond)
	var err error
	var saved []store.Redirect
	for attempt := 0; attempt < 5; attempt++ { // see CreateArticle
		err = db.Tx(ctx, func(tx *sql.Tx) error {
			if err := db.createArticle(ctx, tx, a, now); err != nil {
				return err
			}
			own := "/" + a.Slug + "/"
			saved = saved[:0]
			for _, r := range redirects {
				if r.Path != own { // the article's own address never redirects
					r.ArticleID = a.ID
					saved = append(saved, r)
				}
			}
			if err := db.saveRedirects(ctx, tx, saved); err != nil {
				return err
			}
			// A retried attempt must start from the caller's ids.
			cs := append([]comment.Comment(nil), comments...)
			if err := db.importComments(ctx, tx, a.ID, cs); err != nil {
				return err
			}
			copy(comments, cs)
			return nil
		})
		if !errors.Is(err, errSlugRace) {
			break
		}
	}
	if err != nil {
		return 0, fmt.Errorf("store: import article %q: %w", a.ExternalID, err)
	}
	return len(saved), nil
}

// Redirect implements store.Redirects.
func (db *DB) Redirect(ctx context.Context, path string) (*store.Redirect, error) {
	r := store.Redirect{Path: path}
	var aid sql.NullInt64
	var slug sql.NullString
	// get redirect
	err := db.R.QueryRowContext(ctx, db.Q(`
SELECT r.article_id, r.target, a.slug
  FROM redirects r LEFT JOIN articles a ON a.id = r.article_id
 WHERE r.path = ?`), path).Scan(&aid, &r.Target, &slug)
	if err != nil {
		return nil, fmt.Errorf("store: redirect %q: %w", path, db.translate(err))
	}
	r.ArticleID, r.Slug = article.ID(aid.Int64), slug.String
	return &r, nil
}

// RedirectsTo implements store.Redirects.
func (db *DB) RedirectsTo(ctx context.Context, id article.ID) ([]string, error) {
	return queryList(ctx, db, `SELECT path FROM redirects WHERE article_id = ? ORDER BY path`,
		func(row interface{ Scan(...any) error }) (string, error) {
			var p string
			err := row.Scan(&p)
			return p, err
		}, int64(id))
}

// ImportComments implements store.CommentImporter.
func (db *DB) ImportComments(ctx context.Context, id article.ID, list []comment.Comment) error {
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		var one int
		// import comments: article exists
		if err := tx.QueryRowContext(ctx, db.Q(`SELECT 1 FROM articles WHERE id = ?`), int64(id)).Scan(&one); err != nil {
			return db.translate(err)
		}
		return db.importComments(ctx, tx, id, list)
	})
	if err != nil {
		return fmt.Errorf("store: import comments on article %d: %w", id, err)
	}
	return nil
}

func (db *DB) importComments(ctx context.Context, tx *sql.Tx, id article.ID, list []comment.Comment) error {
	if len(list) == 0 {
		return nil
	}
	// import comment (prepared once: an article may bring hundreds)
	insert, err := tx.PrepareContext(ctx, db.Q(`
INSERT INTO comments (article_id, parent_id, depth, author_name, author_email, author_url, text,
       ip, user_agent, state, spam_score, spam_reasons, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id`))
	if err != nil {
		return err
	}
	defer insert.Close()
	ids := make(map[comment.ID]comment.ID, len(list)) // caller's id → stored id
	for i := range list {
		c := &list[i]
		c.ArticleID = id
		parent := ids[c.ParentID] // 0 when not in the list: top level
		if parent == 0 {
			c.Depth = 0
		}
		created := c.CreatedAt
		if created.IsZero() {
			created = db.Now()
		}
		updated := c.UpdatedAt
		if updated.IsZero() {
			updated = created
		}
		var newID comment.ID
		err := insert.QueryRowContext(ctx,
			int64(id), nullID(parent), c.Depth, c.AuthorName, normEmail(c.AuthorEmail), c.AuthorURL, c.Text,
			c.IP, c.UserAgent, string(c.State), c.SpamScore, encodeReasons(c.SpamReasons), Millis(created), Millis(updated)).Scan(&newID)
		if err != nil {
			return db.translate(err)
		}
		ids[c.ID] = newID
		c.ID, c.ParentID, c.CreatedAt, c.UpdatedAt = newID, parent, created.UTC().Truncate(time.Millisecond), updated.UTC().Truncate(time.Millisecond)
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// SaveFeedSource implements store.Syndication.
func (db *DB) SaveFeedSource(ctx context.Context, s *store.FeedSource) error {
	if s.Lang == "" {
		s.Lang = "fr"
	}
	if s.Interval <= 0 {
		s.Interval = 15 * time.Minute
	}
	if s.CreatedAt.IsZero() {
		s.CreatedAt = db.Now().UTC().Truncate(time.Millisecond)
	}
	err := db.saveRow(ctx, "feed_sources", &s.ID,
		[]string{"name", "url", "publish", "translate_from", "lang", "interval_s", "enabled",
			"etag", "last_modified", "polled_at", "last_error", "created_at"},
		[]any{s.Name, s.URL, boolInt(s.Publish), s.TranslateFrom, s.Lang, int64(s.Interval / time.Second), boolInt(s.Enabled),
			s.ETag, s.LastModified, Millis(s.PolledAt), s.LastError, Millis(s.CreatedAt)})
	if err != nil {
		return fmt.Errorf("store: save feed source %q: %w", s.URL, err)
	}
	return nil
}

const feedSourceColumns = `SELECT id, name, url, publish, translate_from, lang, interval_s, enabled,
       etag, last_modified, polled_at, last_error, created_at
  FROM feed_sources`

func scanFeedSource(row interface{ Scan(...any) error }) (store.FeedSource, error) {
	var s store.FeedSource
	var publish, enabled int
	var interval, polled, created int64
	err := row.Scan(&s.ID, &s.Name, &s.URL, &publish, &s.TranslateFrom, &s.Lang, &interval, &enabled,
		&s.ETag, &s.LastModified, &polled, &s.LastError, &created)
	s.Publish, s.Enabled = publish != 0, enabled != 0
	s.Interval = time.Duration(interval) * time.Second
	s.PolledAt, s.CreatedAt = Time(polled), Time(created)
	return s, err
}

// FeedSource implements store.Syndication.
func (db *DB) FeedSource(ctx context.Context, id int64) (*store.FeedSource, error) {
	s, err := scanFeedSource(db.R.QueryRowContext(ctx, db.Q(feedSourceColumns+` WHERE id = ?`), id))
	if err != nil {
		return nil, fmt.Errorf("store: feed source %d: %w", id, db.translate(err))
	}
	return &s, nil
}

// FeedSourceByURL implements store.Syndication.
func (db *DB) FeedSourceByURL(ctx context.Context, url string) (*store.FeedSource, error) {
	s, err := scanFeedSource(db.R.QueryRowContext(ctx, db.Q(feedSourceColumns+` WHERE url = ?`), url))
	if err != nil {
		return nil, fmt.Errorf("store: feed source %q: %w", url, db.translate(err))
	}
	return &s, nil
}

// FeedSources implements store.Syndication.
func (db *DB) FeedSources(ctx context.Context) ([]store.FeedSource, error) {
	return queryList(ctx, db, feedSourceColumns+` ORDER BY name, id`, scanFeedSource)
}

// DeleteFeedSource implements store.Syndication.
func (db *DB) DeleteFeedSource(ctx context.Context, id int64) error {
	return db.deleteRow(ctx, "feed_sources", id)
}

// FeedItemSeen implements store.Syndication.
func (db *DB) FeedItemSeen(ctx context.Context, guid, url string) (bool, error) {
	var n int
	// feed item seen
	err := db.R.QueryRowContext(ctx, db.Q(`
SELECT COUNT(*) FROM feed_items WHERE guid = ? OR (? <> '' AND url = ?)`), guid, url, url).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: feed item seen %q: %w", guid, err)
	}
	return n > 0, nil
}

// RecentFingerprints implements store.Syndication.
func (db *DB) RecentFingerprints(ctx context.Context, since time.Time, limit int) ([]uint64, error) {
	return queryList(ctx, db, `
SELECT fingerprint FROM feed_items
 WHERE seen_at >= ? AND fingerprint <> 0
 ORDER BY seen_at DESC
 LIMIT ?`, func(row interface{ Scan(...any) error }) (uint64, error) {
		var f int64
		err := row.Scan(&f)
		return uint64(f), err
	}, Millis(since), limit)
}

// SaveFeedItem implements store.Syndication.
func (db *DB) SaveFeedItem(ctx context.Context, it store.FeedItem) error {
	var src, aid any
	if it.SourceID != 0 {
		src = it.SourceID
	}
	if it.ArticleID != 0 {
		aid = int64(it.ArticleID)
	}
	seen := it.SeenAt
	if seen.IsZero() {
		seen = db.Now()
	}
	// insert feed item
	_, err := db.W.ExecContext(ctx, db.Q(`
INSERT INTO feed_items (source_id, guid, url, fingerprint, article_id, seen_at) VALUES (?, ?, ?, ?, ?, ?)`),
		src, it.GUID, it.URL, int64(it.Fingerprint), aid, Millis(seen))
	if err != nil {
		return fmt.Errorf("store: save feed item %q: %w", it.GUID, db.translate(err))
	}
	return nil
}
