package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/sqldb"
)

// IndexArticle implements store.SearchIndex: the terms go to article_terms
// and to the FTS5 table (contentless, rowid = article id).
func (s *Store) IndexArticle(ctx context.Context, doc store.SearchDoc) error {
	if err := s.IndexDocs(ctx, []store.SearchDoc{doc}, true, nil, s.fullText); err != nil {
		return fmt.Errorf("sqlite: index article %d: %w", doc.ArticleID, err)
	}
	return nil
}

// IndexArticles implements store.SearchIndex.
func (s *Store) IndexArticles(ctx context.Context, docs []store.SearchDoc) error {
	if err := s.IndexDocs(ctx, docs, false, nil, s.fullText); err != nil {
		return fmt.Errorf("sqlite: index articles: %w", err)
	}
	return nil
}

// fullText replaces the article's FTS5 entry.
func (s *Store) fullText(ctx context.Context, tx *sql.Tx, doc store.SearchDoc) error {
	// replace the article's full-text entry
	if _, err := tx.ExecContext(ctx, `DELETE FROM article_fts WHERE rowid = ?`, int64(doc.ArticleID)); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO article_fts (rowid, title, body) VALUES (?, ?, ?)`,
		int64(doc.ArticleID), doc.Title, doc.Body)
	return err
}

// RankWindow bounds the work of a query that matches very many articles:
// without filters, a query matching more than RankWindow articles ranks
// only the RankWindow most recently added of them (bm25 over tens of
// thousands of matches takes a tenth of a second). Fewer matches, or a
// page beyond the window, are ranked in full.
var RankWindow = 2000

// Search implements store.SearchIndex with FTS5: bm25 with the title
// weighing TitleWeight times the body, then the newest first. One pass
// over the matches ranks them and counts them (a window count).
func (s *Store) Search(ctx context.Context, q store.SearchQuery) ([]store.SearchHit, int, error) {
	match := MatchExpr(q.Groups)
	if match == "" {
		return []store.SearchHit{}, 0, nil
	}
	if q.CategoryID == 0 && q.From.IsZero() && q.To.IsZero() && q.Lang == "" {
		hits, total, ok, err := s.searchRecent(ctx, q, match)
		if err != nil {
			return nil, 0, fmt.Errorf("sqlite: search: %w", err)
		}
		if ok {
			return hits, total, nil
		}
	}
	// CROSS JOIN makes SQLite run the full-text match first, then look the
	// matching articles up in the narrow visibility index, rather than the
	// reverse.
	w := &sqldb.Where{}
	w.Add(`article_fts MATCH ? AND a.id = f.rowid`, match)
	sqldb.SearchFilters(w, q)
	limit, offset := sqldb.SearchPage(q)
	// search, best first, with the number of matches
	rows, err := s.R.QueryContext(ctx, `
WITH m AS MATERIALIZED (
SELECT a.id, a.published_at, -bm25(article_fts, `+titleWeight+`, 1.0) AS score
  FROM article_fts f
 CROSS JOIN articles a INDEXED BY articles_visibility`+w.String()+`)
SELECT id, score, count(*) OVER () AS total
  FROM m
 ORDER BY round(score, 6) DESC, published_at DESC, id DESC
 LIMIT ? OFFSET ?`, append(w.Args, limit, offset)...)
	hits, total, err := sqldb.ScanHits(rows, err, func() (total int, err error) {
		if offset == 0 {
			return 0, nil // no match at all
		}
		// a page past the end: count the matches alone
		err = s.R.QueryRowContext(ctx, `
SELECT count(*)
  FROM article_fts f
 CROSS JOIN articles a INDEXED BY articles_visibility`+w.String(), w.Args...).Scan(&total)
		return total, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("sqlite: search: %w", err)
	}
	return hits, total, nil
}

// searchRecent ranks the RankWindow most recently added matches of a
// query matching more than that (ok false otherwise, or when the page asked
// for lies beyond them). The total is counted in the full-text index, less
// the matches readers may not see (drafts, scheduled articles: few).
func (s *Store) searchRecent(ctx context.Context, q store.SearchQuery, match string) (hits []store.SearchHit, total int, ok bool, err error) {
	limit, offset := sqldb.SearchPage(q)
	if offset+limit > RankWindow {
		return nil, 0, false, nil
	}
	// count full-text matches alone
	if err := s.R.QueryRowContext(ctx, `SELECT count(*) FROM article_fts WHERE article_fts MATCH ?`, match).Scan(&total); err != nil {
		return nil, 0, false, err
	}
	if total <= RankWindow {
		return nil, 0, false, nil
	}
	var from int64
	// the oldest of the most recent matches
	err = s.R.QueryRowContext(ctx, `
SELECT rowid FROM article_fts WHERE article_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?`, match, RankWindow-1).Scan(&from)
	if err != nil {
		return nil, 0, false, err
	}
	var hidden int
	// matches readers may not see (found from the few hidden articles, by
	// status and date)
	err = s.R.QueryRowContext(ctx, `
SELECT count(*)
  FROM (SELECT id FROM articles WHERE status < 'published'
        UNION ALL SELECT id FROM articles WHERE status > 'published'
        UNION ALL SELECT id FROM articles WHERE status = 'published' AND published_at > ?
        UNION ALL SELECT id FROM articles WHERE status = 'published' AND published_at = 0) h
 CROSS JOIN article_fts f
 WHERE f.rowid = h.id AND article_fts MATCH ?`, sqldb.Millis(q.VisibleAt), match).Scan(&hidden)
	if err != nil {
		return nil, 0, false, err
	}
	w := &sqldb.Where{}
	w.Add(`article_fts MATCH ? AND f.rowid >= ? AND a.id = f.rowid`, match, from)
	sqldb.SearchFilters(w, q)
	// search the most recent matches, best first
	rows, err := s.R.QueryContext(ctx, `
SELECT a.id, -bm25(article_fts, `+titleWeight+`, 1.0) AS score
  FROM article_fts f
 CROSS JOIN articles a INDEXED BY articles_visibility`+w.String()+`
 ORDER BY round(score, 6) DESC, a.published_at DESC, a.id DESC
 LIMIT ? OFFSET ?`, append(w.Args, limit, offset)...)
	if err != nil {
		return nil, 0, false, err
	}
	defer rows.Close()
	hits = []store.SearchHit{}
	for rows.Next() {
		var h store.SearchHit
		if err := rows.Scan(&h.ArticleID, &h.Rank); err != nil {
			return nil, 0, false, err
		}
		hits = append(hits, h)
	}
	return hits, total - hidden, true, rows.Err()
}

// titleWeight is how much more a title match counts than a body match.
const titleWeight = "4.0"

// MatchExpr writes an FTS5 query from analyzed groups: groups joined by
// AND, alternatives by OR, each alternative a quoted phrase. Terms hold only
// letters and digits (package textan), and quotes are doubled anyway.
func MatchExpr(groups [][][]string) string {
	var parts []string
	for _, g := range groups {
		var alts []string
		for _, alt := range g {
			if len(alt) == 0 {
				continue
			}
			alts = append(alts, `"`+strings.ReplaceAll(strings.Join(alt, " "), `"`, `""`)+`"`)
		}
		switch len(alts) {
		case 0:
		case 1:
			parts = append(parts, alts[0])
		default:
			parts = append(parts, "("+strings.Join(alts, " OR ")+")")
		}
	}
	return strings.Join(parts, " AND ")
}
