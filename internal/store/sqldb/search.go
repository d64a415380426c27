package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store"
)

// This file holds the search-index statements both dialects run the same
// way. The dialects write the full-text part themselves (FTS5, tsvector)
// and call IndexTerms for the rest.

// chunk is how many values go in one multi-row statement.
const chunk = 400

// IndexTerms stores doc's terms in article_terms (with the dialect's extra
// columns and values, e.g. PostgreSQL's tsvector) and keeps term_stats
// current, in tx. It returns ErrNotFound when the article does not exist.
func (db *DB) IndexTerms(ctx context.Context, tx *sql.Tx, doc store.SearchDoc, extraCols []string, extraVals []any) error {
	var one int
	err := tx.QueryRowContext(ctx, db.Q(`SELECT 1 FROM articles WHERE id = ?`), int64(doc.ArticleID)).Scan(&one)
	if err != nil {
		return db.translate(err)
	}
	var oldTitle, oldBody, oldNames string
	err = tx.QueryRowContext(ctx, db.Q(`SELECT title, body, names FROM article_terms WHERE article_id = ?`),
		int64(doc.ArticleID)).Scan(&oldTitle, &oldBody, &oldNames)
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	old := distinct(oldTitle, oldBody, oldNames)
	names := strings.Join(doc.Names, " ")
	cur := distinct(doc.Title, doc.Body, names)
	var gone, added []string
	for t := range old {
		if !cur[t] {
			gone = append(gone, t)
		}
	}
	for t := range cur {
		if !old[t] {
			added = append(added, t)
		}
	}
	cols := append([]string{"article_id", "lang", "title", "body", "names"}, extraCols...)
	vals := append([]any{int64(doc.ArticleID), doc.Lang, doc.Title, doc.Body, names}, extraVals...)
	set := make([]string, 0, len(cols)-1)
	for _, c := range cols[1:] {
		set = append(set, c+" = excluded."+c)
	}
	// index article terms
	q := `INSERT INTO article_terms (` + strings.Join(cols, ", ") + `) VALUES (` + Placeholders(len(cols)) + `)
ON CONFLICT (article_id) DO UPDATE SET ` + strings.Join(set, ", ")
	if _, err := tx.ExecContext(ctx, db.Q(q), vals...); err != nil {
		return err
	}
	return db.adjustDocFreqs(ctx, tx, added, gone)
}

func distinct(fields ...string) map[string]bool {
	m := map[string]bool{}
	for _, f := range fields {
		for _, t := range strings.Fields(f) {
			m[t] = true
		}
	}
	return m
}

func (db *DB) adjustDocFreqs(ctx context.Context, tx *sql.Tx, added, gone []string) error {
	sort.Strings(added) // a stable lock order between concurrent writers
	sort.Strings(gone)
	for len(added) > 0 {
		n := min(len(added), chunk)
		args := make([]any, n)
		for i, t := range added[:n] {
			args[i] = t
		}
		// count new terms
		q := `INSERT INTO term_stats (term, df) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, 1), ", n), ", ") + `
ON CONFLICT (term) DO UPDATE SET df = term_stats.df + 1`
		if _, err := tx.ExecContext(ctx, db.Q(q), args...); err != nil {
			return fmt.Errorf("term stats: %w", err)
		}
		added = added[n:]
	}
	for len(gone) > 0 {
		n := min(len(gone), chunk)
		args := make([]any, n)
		for i, t := range gone[:n] {
			args[i] = t
		}
		// uncount terms an article no longer holds
		q := `UPDATE term_stats SET df = df - 1 WHERE term IN (` + Placeholders(n) + `)`
		if _, err := tx.ExecContext(ctx, db.Q(q), args...); err != nil {
			return fmt.Errorf("term stats: %w", err)
		}
		gone = gone[n:]
	}
	return nil
}

// SearchFilters adds the reader-visibility and filter conditions of q on
// the articles aliased "a".
func SearchFilters(w *Where, q store.SearchQuery) {
	w.Add(`a.status = 'published' AND a.published_at > 0 AND a.published_at <= ?`, Millis(q.VisibleAt))
	if q.CategoryID != 0 {
		w.Add(`a.category_id = ?`, q.CategoryID)
	}
	if !q.From.IsZero() {
		w.Add(`a.published_at >= ?`, Millis(q.From))
	}
	if !q.To.IsZero() {
		w.Add(`a.published_at <= ?`, Millis(q.To))
	}
	if q.Lang != "" {
		w.Add(`a.lang = ?`, q.Lang)
	}
}

// SearchPage returns q's limit and offset within bounds.
func SearchPage(q store.SearchQuery) (limit, offset int) {
	limit = q.Limit
	if limit <= 0 {
		limit = 10
	}
	return min(limit, 100), max(q.Offset, 0)
}

// ScanHits reads (id, rank) rows.
func ScanHits(rows *sql.Rows, err error) ([]store.SearchHit, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	hits := []store.SearchHit{}
	for rows.Next() {
		var h store.SearchHit
		if err := rows.Scan(&h.ArticleID, &h.Rank); err != nil {
			return nil, err
		}
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// DocFreqs implements store.SearchIndex.
func (db *DB) DocFreqs(ctx context.Context, terms []string) (map[string]int, int, error) {
	m := make(map[string]int, len(terms))
	for start := 0; start < len(terms); start += chunk {
		part := terms[start:min(len(terms), start+chunk)]
		args := make([]any, len(part))
		for i, t := range part {
			args[i] = t
		}
		// document frequencies
		rows, err := db.R.QueryContext(ctx, db.Q(`SELECT term, df FROM term_stats WHERE term IN (`+Placeholders(len(part))+`)`), args...)
		if err != nil {
			return nil, 0, fmt.Errorf("store: doc freqs: %w", err)
		}
		for rows.Next() {
			var t string
			var df int
			if err := rows.Scan(&t, &df); err != nil {
				rows.Close()
				return nil, 0, fmt.Errorf("store: doc freqs: %w", err)
			}
			if df > 0 {
				m[t] = df
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, 0, fmt.Errorf("store: doc freqs: %w", err)
		}
	}
	var n int
	// articles (an index makes this cheap) stand for the indexed ones
	if err := db.R.QueryRowContext(ctx, `SELECT count(*) FROM articles`).Scan(&n); err != nil {
		return nil, 0, fmt.Errorf("store: doc freqs: %w", err)
	}
	return m, n, nil
}

// SaveSignature implements store.SearchIndex.
func (db *DB) SaveSignature(ctx context.Context, id article.ID, terms []store.WeightedTerm) error {
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.Q(`DELETE FROM article_signatures WHERE article_id = ?`), int64(id)); err != nil {
			return err
		}
		for start := 0; start < len(terms); start += chunk {
			part := terms[start:min(len(terms), start+chunk)]
			args := make([]any, 0, 3*len(part))
			for _, t := range part {
				args = append(args, t.Term, int64(id), t.Weight)
			}
			// save signature
			q := `INSERT INTO article_signatures (term, article_id, weight) VALUES ` +
				strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(part)), ", ")
			if _, err := tx.ExecContext(ctx, db.Q(q), args...); err != nil {
				return db.translate(err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: save signature of article %d: %w", id, err)
	}
	return nil
}

// Signature implements store.SearchIndex.
func (db *DB) Signature(ctx context.Context, id article.ID) ([]store.WeightedTerm, error) {
	// signature of one article
	rows, err := db.R.QueryContext(ctx, db.Q(`
SELECT term, weight FROM article_signatures WHERE article_id = ? ORDER BY weight DESC, term`), int64(id))
	if err != nil {
		return nil, fmt.Errorf("store: signature of article %d: %w", id, err)
	}
	defer rows.Close()
	var sig []store.WeightedTerm
	for rows.Next() {
		var t store.WeightedTerm
		if err := rows.Scan(&t.Term, &t.Weight); err != nil {
			return nil, fmt.Errorf("store: signature of article %d: %w", id, err)
		}
		sig = append(sig, t)
	}
	return sig, rows.Err()
}

// RelatedCandidates implements store.SearchIndex.
func (db *DB) RelatedCandidates(ctx context.Context, sig []store.WeightedTerm, lang string, exclude article.ID, visibleAt time.Time, limit int) ([]store.RelatedCandidate, error) {
	if len(sig) == 0 || limit <= 0 {
		return nil, nil
	}
	textT, realT := "", ""
	if db.Dialect.Name == "postgres" {
		textT, realT = "::text", "::float8"
	}
	args := make([]any, 0, 2*len(sig)+4)
	for _, t := range sig {
		args = append(args, t.Term, t.Weight)
	}
	args = append(args, int64(exclude), lang, Millis(visibleAt), limit)
	// related candidates by signature overlap (CROSS JOIN keeps SQLite
	// from walking every article: terms, then their postings, then rows)
	q := `
WITH q (term, weight) AS (VALUES ` + strings.TrimSuffix(strings.Repeat("(?"+textT+", ?"+realT+"), ", len(sig)), ", ") + `)
SELECT s.article_id, SUM(s.weight * q.weight) AS overlap
  FROM q
 CROSS JOIN article_signatures s
 CROSS JOIN articles a
 WHERE s.term = q.term AND a.id = s.article_id
   AND a.id <> ? AND a.lang = ?
   AND a.status = 'published' AND a.published_at > 0 AND a.published_at <= ?
 GROUP BY s.article_id
HAVING SUM(s.weight * q.weight) > 0
 ORDER BY overlap DESC, s.article_id DESC
 LIMIT ?`
	rows, err := db.R.QueryContext(ctx, db.Q(q), args...)
	if err != nil {
		return nil, fmt.Errorf("store: related candidates: %w", err)
	}
	var cands []store.RelatedCandidate
	byID := map[article.ID]int{}
	for rows.Next() {
		var c store.RelatedCandidate
		if err := rows.Scan(&c.ArticleID, &c.Overlap); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: related candidates: %w", err)
		}
		byID[c.ArticleID] = len(cands)
		cands = append(cands, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: related candidates: %w", err)
	}
	if err := db.candidateDetails(ctx, cands, byID); err != nil {
		return nil, fmt.Errorf("store: related candidates: %w", err)
	}
	return cands, nil
}

func (db *DB) candidateDetails(ctx context.Context, cands []store.RelatedCandidate, byID map[article.ID]int) error {
	if len(cands) == 0 {
		return nil
	}
	ids := make([]any, len(cands))
	for i, c := range cands {
		ids[i] = int64(c.ArticleID)
	}
	// candidate titles, dates and categories
	rows, err := db.R.QueryContext(ctx, db.Q(`
SELECT id, title, published_at, COALESCE(category_id, 0) FROM articles WHERE id IN (`+Placeholders(len(ids))+`)`), ids...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id article.ID
		var title string
		var pub, cat int64
		if err := rows.Scan(&id, &title, &pub, &cat); err != nil {
			rows.Close()
			return err
		}
		c := &cands[byID[id]]
		c.Title, c.PublishedAt, c.CategoryID = title, Time(pub), cat
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// candidate tags
	rows, err = db.R.QueryContext(ctx, db.Q(`
SELECT article_id, tag_id FROM article_tags WHERE article_id IN (`+Placeholders(len(ids))+`)`), ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id article.ID
		var tag int64
		if err := rows.Scan(&id, &tag); err != nil {
			return err
		}
		c := &cands[byID[id]]
		c.TagIDs = append(c.TagIDs, tag)
	}
	return rows.Err()
}

// SaveRelated implements store.SearchIndex.
func (db *DB) SaveRelated(ctx context.Context, id article.ID, links []store.RelatedLink) error {
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.Q(`DELETE FROM related_articles WHERE article_id = ?`), int64(id)); err != nil {
			return err
		}
		if len(links) == 0 {
			return nil
		}
		args := make([]any, 0, 3*len(links))
		for _, l := range links {
			args = append(args, int64(id), int64(l.Related), l.Score)
		}
		// save related articles
		q := `INSERT INTO related_articles (article_id, related_id, score) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(links)), ", ")
		_, err := tx.ExecContext(ctx, db.Q(q), args...)
		return db.translate(err)
	})
	if err != nil {
		return fmt.Errorf("store: save related of article %d: %w", id, err)
	}
	return nil
}

// Related implements store.SearchIndex.
func (db *DB) Related(ctx context.Context, id article.ID, n int, visibleAt time.Time) ([]store.RelatedLink, error) {
	w := &Where{}
	w.Add(`r.article_id = ? AND a.id = r.related_id`, int64(id))
	if !visibleAt.IsZero() {
		w.Add(`a.status = 'published' AND a.published_at > 0 AND a.published_at <= ?`, Millis(visibleAt))
	}
	// stored related articles
	q := `
SELECT r.related_id, r.score
  FROM related_articles r
 CROSS JOIN articles a` + w.String() + `
 ORDER BY r.score DESC, r.related_id DESC
 LIMIT ?`
	rows, err := db.query(ctx, q, append(w.Args, n)...) // prepared: every article page runs it
	if err != nil {
		return nil, fmt.Errorf("store: related of article %d: %w", id, err)
	}
	defer rows.Close()
	links := []store.RelatedLink{}
	for rows.Next() {
		var l store.RelatedLink
		if err := rows.Scan(&l.Related, &l.Score); err != nil {
			return nil, fmt.Errorf("store: related of article %d: %w", id, err)
		}
		links = append(links, l)
	}
	return links, rows.Err()
}

// ArticleIDs implements store.SearchIndex.
func (db *DB) ArticleIDs(ctx context.Context) ([]article.ID, error) {
	// every article id, for reindexing
	ids, err := scanIDs(db.R.QueryContext(ctx, `SELECT id FROM articles ORDER BY id`))
	if err != nil {
		return nil, fmt.Errorf("store: article ids: %w", err)
	}
	return ids, nil
}

// RelatedTo implements store.SearchIndex.
func (db *DB) RelatedTo(ctx context.Context, id article.ID) ([]article.ID, error) {
	// articles that propose id as related
	ids, err := scanIDs(db.R.QueryContext(ctx, db.Q(`SELECT article_id FROM related_articles WHERE related_id = ? ORDER BY article_id`), int64(id)))
	if err != nil {
		return nil, fmt.Errorf("store: articles related to %d: %w", id, err)
	}
	return ids, nil
}

func scanIDs(rows *sql.Rows, err error) ([]article.ID, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []article.ID
	for rows.Next() {
		var id article.ID
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
