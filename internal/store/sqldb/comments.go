package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/store"
)

const commentColumns = `id, article_id, COALESCE(parent_id, 0), depth, author_name, author_email, author_url, text,
       ip, user_agent, state, spam_score, spam_reasons, created_at, updated_at, notify_replies`

func scanComment(row interface{ Scan(...any) error }) (comment.Comment, error) {
	var c comment.Comment
	var reasons string
	var created, updated int64
	err := row.Scan(&c.ID, &c.ArticleID, &c.ParentID, &c.Depth, &c.AuthorName, &c.AuthorEmail, &c.AuthorURL, &c.Text,
		&c.IP, &c.UserAgent, &c.State, &c.SpamScore, &reasons, &created, &updated, &c.NotifyReplies)
	if err != nil {
		return c, err
	}
	c.SpamReasons = decodeReasons(reasons)
	c.CreatedAt, c.UpdatedAt = Time(created), Time(updated)
	return c, nil
}

func (db *DB) scanComments(rows *sql.Rows, err error) ([]comment.Comment, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []comment.Comment{}
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, c)
	}
	return list, rows.Err()
}

func nullID(id comment.ID) any {
	if id == 0 {
		return nil
	}
	return int64(id)
}

// CreateComment implements store.Comments.
func (db *DB) CreateComment(ctx context.Context, c *comment.Comment) (bool, error) {
	now := db.Now().UTC().Truncate(time.Millisecond)
	created := false
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		var one int
		// comment: article exists
		err := tx.QueryRowContext(ctx, db.Q(`SELECT 1 FROM articles WHERE id = ?`), int64(c.ArticleID)).Scan(&one)
		if err != nil {
			return db.translate(err)
		}
		// comment: same text from the same e-mail on the same article just now
		dup, err := scanComment(tx.QueryRowContext(ctx, db.Q(`
SELECT `+commentColumns+`
  FROM comments
 WHERE article_id = ? AND author_email = ? AND text = ? AND created_at >= ?
 ORDER BY id
 LIMIT 1`), int64(c.ArticleID), c.AuthorEmail, c.Text, Millis(now.Add(-store.DuplicateWindow))))
		if err == nil {
			*c = dup
			return nil
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		// create comment
		err = tx.QueryRowContext(ctx, db.Q(`
INSERT INTO comments (article_id, parent_id, depth, author_name, author_email, author_url, text,
       ip, user_agent, state, spam_score, spam_reasons, created_at, updated_at, notify_replies)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id`),
			int64(c.ArticleID), nullID(c.ParentID), c.Depth, c.AuthorName, c.AuthorEmail, c.AuthorURL, c.Text,
			c.IP, c.UserAgent, string(c.State), c.SpamScore, encodeReasons(c.SpamReasons), Millis(now), Millis(now), c.NotifyReplies).Scan(&c.ID)
		if err != nil {
			return db.translate(err)
		}
		c.CreatedAt, c.UpdatedAt, created = now, now, true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: create comment on article %d: %w", c.ArticleID, err)
	}
	return created, nil
}

// Comment implements store.Comments.
func (db *DB) Comment(ctx context.Context, id comment.ID) (*comment.Comment, error) {
	// get comment
	c, err := scanComment(db.R.QueryRowContext(ctx, db.Q(`SELECT `+commentColumns+` FROM comments WHERE id = ?`), int64(id)))
	if err != nil {
		return nil, fmt.Errorf("store: comment %d: %w", id, db.translate(err))
	}
	return &c, nil
}

func commentWhere(f store.CommentFilter) *Where {
	w := &Where{}
	if f.ArticleID != 0 {
		w.Add("article_id = ?", int64(f.ArticleID))
	}
	if len(f.States) > 0 {
		args := make([]any, len(f.States))
		for i, s := range f.States {
			args[i] = string(s)
		}
		w.Add("state IN ("+Placeholders(len(args))+")", args...)
	}
	if f.Email != "" {
		w.Add("author_email = ?", normEmail(f.Email))
	}
	return w
}

// ListComments implements store.Comments.
func (db *DB) ListComments(ctx context.Context, f store.CommentFilter) ([]comment.Comment, int, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 1000)
	w := commentWhere(f)
	var total int
	// count comments
	if err := db.R.QueryRowContext(ctx, db.Q(`SELECT COUNT(*) FROM comments`+w.String()), w.Args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count comments: %w", err)
	}
	order := "created_at DESC, id DESC"
	if f.Oldest {
		order = "created_at, id"
	}
	// list comments
	list, err := db.scanComments(db.R.QueryContext(ctx, db.Q(`
SELECT `+commentColumns+`
  FROM comments`+w.String()+`
 ORDER BY `+order+`
 LIMIT ? OFFSET ?`), append(w.Args, limit, max(f.Offset, 0))...))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list comments: %w", err)
	}
	return list, total, nil
}

// ArticleComments implements store.Comments.
func (db *DB) ArticleComments(ctx context.Context, id article.ID) ([]comment.Comment, error) {
	// article comments
	list, err := db.scanComments(db.query(ctx, `
SELECT `+commentColumns+`
  FROM comments
 WHERE article_id = ? AND state = ?
 ORDER BY created_at, id`, int64(id), string(comment.Approved)))
	if err != nil {
		return nil, fmt.Errorf("store: comments of article %d: %w", id, err)
	}
	return list, nil
}

// CommentCounts implements store.Comments.
func (db *DB) CommentCounts(ctx context.Context, id article.ID) (map[comment.State]int, error) {
	w := &Where{}
	if id != 0 {
		w.Add("article_id = ?", int64(id))
	}
	// count comments by state
	rows, err := db.R.QueryContext(ctx, db.Q(`SELECT state, COUNT(*) FROM comments`+w.String()+` GROUP BY state`), w.Args...)
	if err != nil {
		return nil, fmt.Errorf("store: comment counts: %w", err)
	}
	defer rows.Close()
	counts := make(map[comment.State]int, len(comment.States))
	for _, s := range comment.States {
		counts[s] = 0
	}
	for rows.Next() {
		var s comment.State
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, fmt.Errorf("store: comment counts: %w", err)
		}
		counts[s] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: comment counts: %w", err)
	}
	return counts, nil
}

// ApprovedCommentCounts implements store.Comments.
func (db *DB) ApprovedCommentCounts(ctx context.Context, ids []article.ID) (map[article.ID]int, error) {
	counts := map[article.ID]int{}
	if len(ids) == 0 {
		return counts, nil
	}
	args := make([]any, 0, len(ids)+1)
	args = append(args, string(comment.Approved))
	for _, id := range ids {
		args = append(args, int64(id))
	}
	// count approved comments per article
	rows, err := db.R.QueryContext(ctx, db.Q(`
SELECT article_id, COUNT(*)
  FROM comments
 WHERE state = ? AND article_id IN (`+Placeholders(len(ids))+`)
 GROUP BY article_id`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: approved comment counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id article.ID
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("store: approved comment counts: %w", err)
		}
		counts[id] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: approved comment counts: %w", err)
	}
	return counts, nil
}

// SetCommentState implements store.Comments.
func (db *DB) SetCommentState(ctx context.Context, state comment.State, ids ...comment.ID) (int, error) {
	if !state.Valid() {
		return 0, fmt.Errorf("store: set comment state %q: %w", state, comment.ErrInvalid)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	args := make([]any, 0, len(ids)+2)
	args = append(args, string(state), Millis(db.Now()))
	for _, id := range ids {
		args = append(args, int64(id))
	}
	// set comment state
	res, err := db.W.ExecContext(ctx, db.Q(`UPDATE comments SET state = ?, updated_at = ? WHERE id IN (`+Placeholders(len(ids))+`)`), args...)
	if err != nil {
		return 0, fmt.Errorf("store: set comment state %s: %w", state, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("store: set comment state %s: %w", state, err)
	}
	return int(n), nil
}

// UpdateCommentText implements store.Comments.
func (db *DB) UpdateCommentText(ctx context.Context, id comment.ID, text string) error {
	// edit comment
	res, err := db.W.ExecContext(ctx, db.Q(`UPDATE comments SET text = ?, updated_at = ? WHERE id = ?`), text, Millis(db.Now()), int64(id))
	if err != nil {
		return fmt.Errorf("store: edit comment %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: edit comment %d: %w", id, store.ErrNotFound)
	}
	return nil
}

// DeleteComment implements store.Comments.
func (db *DB) DeleteComment(ctx context.Context, id comment.ID) error {
	// delete comment
	res, err := db.W.ExecContext(ctx, db.Q(`DELETE FROM comments WHERE id = ?`), int64(id))
	if err != nil {
		return fmt.Errorf("store: delete comment %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: delete comment %d: %w", id, store.ErrNotFound)
	}
	return nil
}

// HasApprovedComment implements store.Comments.
func (db *DB) HasApprovedComment(ctx context.Context, email string) (bool, error) {
	email = normEmail(email)
	var n int
	// known commenter
	err := db.R.QueryRowContext(ctx, db.Q(`SELECT COUNT(*) FROM (SELECT 1 FROM comments WHERE author_email = ? AND state = ? LIMIT 1) k`),
		email, string(comment.Approved)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: known commenter: %w", err)
	}
	return n > 0, nil
}

// CommentsByEmail implements store.Comments.
func (db *DB) CommentsByEmail(ctx context.Context, email string) ([]comment.Comment, error) {
	email = normEmail(email)
	// comments by e-mail
	list, err := db.scanComments(db.R.QueryContext(ctx, db.Q(`
SELECT `+commentColumns+`
  FROM comments
 WHERE author_email = ?
 ORDER BY created_at, id`), email))
	if err != nil {
		return nil, fmt.Errorf("store: comments by e-mail: %w", err)
	}
	return list, nil
}

// EraseCommentsByEmail implements store.Comments.
func (db *DB) EraseCommentsByEmail(ctx context.Context, email string) (int, error) {
	email = normEmail(email)
	if email == "" {
		return 0, nil
	}
	// erase comments by e-mail
	res, err := db.W.ExecContext(ctx, db.Q(`DELETE FROM comments WHERE author_email = ?`), email)
	if err != nil {
		return 0, fmt.Errorf("store: erase comments by e-mail: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// PurgeComments implements store.Comments.
func (db *DB) PurgeComments(ctx context.Context, before time.Time, states ...comment.State) (int, error) {
	if len(states) == 0 {
		return 0, nil
	}
	args := []any{Millis(before)}
	for _, s := range states {
		args = append(args, string(s))
	}
	// purge old comments
	res, err := db.W.ExecContext(ctx, db.Q(`DELETE FROM comments WHERE created_at < ? AND state IN (`+Placeholders(len(states))+`)`), args...)
	if err != nil {
		return 0, fmt.Errorf("store: purge comments: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// ForgetCommentIPs implements store.Comments.
func (db *DB) ForgetCommentIPs(ctx context.Context, before time.Time) (int, error) {
	// forget old IPs
	res, err := db.W.ExecContext(ctx, db.Q(`
UPDATE comments SET ip = '', user_agent = ''
 WHERE created_at < ? AND (ip <> '' OR user_agent <> '')`), Millis(before))
	if err != nil {
		return 0, fmt.Errorf("store: forget comment IPs: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// normEmail matches how comment.Input.Normalize stores e-mails.
func normEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// encodeReasons stores the filter's reasons as a JSON array ("" when none).
func encodeReasons(rs []comment.Reason) string {
	if len(rs) == 0 {
		return ""
	}
	b, err := json.Marshal(rs)
	if err != nil {
		return "" // only unencodable args (funcs, channels) could fail; reasons carry ints and strings
	}
	return string(b)
}

// decodeReasons reads encodeReasons' JSON back, turning whole numbers into
// ints so that messages with %d format them. Unreadable text gives nil: the
// reasons are an explanation, never worth failing a read for.
func decodeReasons(s string) []comment.Reason {
	if s == "" {
		return nil
	}
	var rs []comment.Reason
	if json.Unmarshal([]byte(s), &rs) != nil {
		return nil
	}
	for _, r := range rs {
		for i, a := range r.Args {
			if f, ok := a.(float64); ok && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
				r.Args[i] = int(f)
			}
		}
	}
	return rs
}

// AddSighting implements store.Sightings.
func (db *DB) AddSighting(ctx context.Context, key string, at, since time.Time) (int, error) {
	var n int
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		// remember a sighting
		if _, err := tx.ExecContext(ctx, db.Q(`INSERT INTO sightings (key, at) VALUES (?, ?)`), key, Millis(at)); err != nil {
			return err
		}
		// count recent sightings
		return tx.QueryRowContext(ctx, db.Q(`SELECT count(*) FROM sightings WHERE key = ? AND at > ?`), key, Millis(since)).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("store: add sighting: %w", err)
	}
	return n, nil
}

// ForgetSightings implements store.Sightings.
func (db *DB) ForgetSightings(ctx context.Context, before time.Time) (int, error) {
	// forget old sightings
	res, err := db.W.ExecContext(ctx, db.Q(`DELETE FROM sightings WHERE at < ?`), Millis(before))
	if err != nil {
		return 0, fmt.Errorf("store: forget sightings: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
