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
	if err := s.IndexDocs(ctx, []store.SearchDoc{doc}, true, s.fullText); err != nil {
		return fmt.Errorf("sqlite: index article %d: %w", doc.ArticleID, err)
	}
	return nil
}

// IndexArticles implements store.SearchIndex.
func (s *Store) IndexArticles(ctx context.Context, docs []store.SearchDoc) error {
	if err := s.IndexDocs(ctx, docs, false, s.fullText); err != nil {
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

// Search implements store.SearchIndex with FTS5: bm25 with the title
// weighing TitleWeight times the body, then the newest first (the
// statements are shared with PostgreSQL: sqldb.DB.Search).
func (s *Store) Search(ctx context.Context, q store.SearchQuery) ([]store.SearchHit, int, error) {
	match := MatchExpr(q.Groups)
	if match == "" {
		return []store.SearchHit{}, 0, nil
	}
	// CROSS JOIN makes SQLite run the full-text match first, then look the
	// matching articles up in the narrow visibility index, rather than the
	// reverse.
	hits, total, err := s.DB.Search(ctx, sqldb.FullText{
		From: "article_fts f", ID: "f.rowid",
		Match: "article_fts MATCH ?", MatchArg: match,
		Score: "round(-bm25(article_fts, " + titleWeight + ", 1.0), 6)",
		Join:  "CROSS JOIN articles a INDEXED BY articles_visibility ON a.id = f.rowid",
	}, q)
	if err != nil {
		return nil, 0, fmt.Errorf("sqlite: search: %w", err)
	}
	return hits, total, nil
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
