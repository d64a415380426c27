package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"slices"
	"sort"
	"strconv"
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

// IndexTerms stores doc's terms in article_terms, in tx, and adds to
// delta how each term's document frequency changes (ApplyDocFreqs stores
// the changes of many articles at once). It returns ErrNotFound when the
// article does not exist.
func (db *DB) IndexTerms(ctx context.Context, tx *sql.Tx, doc store.SearchDoc, delta map[string]int) error {
	var one int
	err := tx.QueryRowContext(ctx, db.Q(`SELECT 1 FROM articles WHERE id = ?`), int64(doc.ArticleID)).Scan(&one)
	if err != nil {
		return db.translate(err)
	}
	var oldTitle, oldBody, oldNames string
	err = tx.QueryRowContext(ctx, db.Q(`SELECT title, body, names FROM article_terms WHERE article_id = ?`),
		int64(doc.ArticleID)).Scan(&oldTitle, &oldBody, &oldNames)
	if err == sql.ErrNoRows {
		delta[indexedArticles]++
	} else if err != nil {
		return err
	}
	old := distinct(oldTitle, oldBody, oldNames)
	names := strings.Join(doc.Names, " ")
	cur := distinct(doc.Title, doc.Body, names)
	for t := range old {
		if !cur[t] {
			delta[t]--
		}
	}
	for t := range cur {
		if !old[t] {
			delta[t]++
		}
	}
	// index article terms
	_, err = tx.ExecContext(ctx, db.Q(`
INSERT INTO article_terms (article_id, lang, title, body, names) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (article_id) DO UPDATE
   SET lang = excluded.lang, title = excluded.title, body = excluded.body, names = excluded.names`),
		int64(doc.ArticleID), doc.Lang, doc.Title, doc.Body, names)
	return err
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

// indexedArticles is the term_stats row counting the indexed articles (no
// term is empty).
const indexedArticles = ""

// ApplyDocFreqs adds delta to the document frequencies in term_stats, in
// tx, a few hundred terms a statement, in term order (a stable lock order
// between concurrent writers).
func (db *DB) ApplyDocFreqs(ctx context.Context, tx *sql.Tx, delta map[string]int) error {
	terms := make([]string, 0, len(delta))
	for t, d := range delta {
		if d != 0 {
			terms = append(terms, t)
		}
	}
	sort.Strings(terms)
	for len(terms) > 0 {
		n := min(len(terms), chunk)
		args := make([]any, 0, 2*n)
		for _, t := range terms[:n] {
			args = append(args, t, int64(delta[t]))
		}
		// count terms articles gained or lost
		q := `INSERT INTO term_stats (term, df) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?), ", n), ", ") + `
ON CONFLICT (term) DO UPDATE SET df = term_stats.df + excluded.df`
		if _, err := tx.ExecContext(ctx, db.Q(q), args...); err != nil {
			return fmt.Errorf("term stats: %w", err)
		}
		terms = terms[n:]
	}
	return nil
}

// IndexDocs indexes docs in one transaction: fullText writes the dialect's
// own full-text entry in tx. With strict, a missing article fails with
// ErrNotFound; otherwise it is skipped.
func (db *DB) IndexDocs(ctx context.Context, docs []store.SearchDoc, strict bool,
	fullText func(context.Context, *sql.Tx, store.SearchDoc) error) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		delta := map[string]int{}
		for _, doc := range docs {
			err := db.IndexTerms(ctx, tx, doc, delta)
			if !strict && errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return fmt.Errorf("article %d: %w", doc.ArticleID, err)
			}
			if err := fullText(ctx, tx, doc); err != nil {
				return fmt.Errorf("article %d: %w", doc.ArticleID, err)
			}
		}
		return db.ApplyDocFreqs(ctx, tx, delta)
	})
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

// ScanHits reads (id, rank, total) rows: a page of hits and the number of
// matches (a window count). An empty page past the first one cannot tell
// the number: count runs then and gives it.
func ScanHits(rows *sql.Rows, err error, count func() (int, error)) ([]store.SearchHit, int, error) {
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	hits, total := []store.SearchHit{}, 0
	for rows.Next() {
		var h store.SearchHit
		if err := rows.Scan(&h.ArticleID, &h.Rank, &total); err != nil {
			return nil, 0, err
		}
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if len(hits) == 0 {
		total, err = count()
	}
	return hits, total, err
}

// IndexedTerms implements store.SearchIndex.
func (db *DB) IndexedTerms(ctx context.Context, ids []article.ID) (map[article.ID]store.SearchDoc, error) {
	out := make(map[article.ID]store.SearchDoc, len(ids))
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(len(ids), start+chunk)]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = int64(id)
		}
		// analyzed terms of articles
		rows, err := db.R.QueryContext(ctx, db.Q(`
SELECT article_id, lang, title, body, names FROM article_terms WHERE article_id IN (`+Placeholders(len(part))+`)`), args...)
		if err != nil {
			return nil, fmt.Errorf("store: indexed terms: %w", err)
		}
		for rows.Next() {
			var d store.SearchDoc
			var names string
			if err := rows.Scan(&d.ArticleID, &d.Lang, &d.Title, &d.Body, &names); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: indexed terms: %w", err)
			}
			d.Names = strings.Fields(names)
			out[d.ArticleID] = d
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: indexed terms: %w", err)
		}
	}
	return out, nil
}

// DocFreqs implements store.SearchIndex.
func (db *DB) DocFreqs(ctx context.Context, terms []string) (map[string]int, int, error) {
	m := make(map[string]int, len(terms))
	terms = append(terms[:len(terms):len(terms)], indexedArticles)
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
	n := m[indexedArticles]
	delete(m, indexedArticles)
	return m, n, nil
}

// SaveSignature implements store.SearchIndex.
func (db *DB) SaveSignature(ctx context.Context, id article.ID, terms []store.WeightedTerm) error {
	if err := db.SaveSignatures(ctx, []store.ArticleSignature{{ArticleID: id, Terms: terms}}); err != nil {
		return fmt.Errorf("store: save signature of article %d: %w", id, err)
	}
	return nil
}

// SaveSignatures implements store.SearchIndex. Each signature is stored
// twice: as rows by term (article_signatures, which finds candidates) and
// in one row by article (signature_vectors, which scores them).
func (db *DB) SaveSignatures(ctx context.Context, sigs []store.ArticleSignature) error {
	ids := make([]int64, len(sigs))
	var rows, vectors [][]any
	for i, s := range sigs {
		ids[i] = int64(s.ArticleID)
		for _, t := range s.Terms {
			rows = append(rows, []any{t.Term, int64(s.ArticleID), t.Weight})
		}
		if len(s.Terms) > 0 {
			vectors = append(vectors, []any{int64(s.ArticleID), EncodeVector(s.Terms)})
		}
	}
	// In key order, the inserts walk the table's b-tree once.
	sort.Slice(rows, func(i, j int) bool {
		if ti, tj := rows[i][0].(string), rows[j][0].(string); ti != tj {
			return ti < tj
		}
		return rows[i][1].(int64) < rows[j][1].(int64)
	})
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		// save signatures
		if err := db.replaceRows(ctx, tx, "article_signatures", ids, `INSERT INTO article_signatures (term, article_id, weight) VALUES `, rows); err != nil {
			return err
		}
		// save signatures in one row an article
		return db.replaceRows(ctx, tx, "signature_vectors", ids, `INSERT INTO signature_vectors (article_id, terms) VALUES `, vectors)
	})
	if err != nil {
		return fmt.Errorf("store: save signatures: %w", err)
	}
	return nil
}

// EncodeVector writes a signature as signature_vectors keeps it: "term
// weight term weight …" (terms have no spaces; weights round-trip).
func EncodeVector(sig []store.WeightedTerm) string {
	b := make([]byte, 0, 28*len(sig))
	for i, t := range sig {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, t.Term...)
		b = append(b, ' ')
		b = strconv.AppendFloat(b, t.Weight, 'g', -1, 64)
	}
	return string(b)
}

// vectorOverlap returns the sum, over the terms of the encoded signature
// vec that query weighs, of the product of weights.
func vectorOverlap(vec string, query map[string]float64) (float64, error) {
	var sum float64
	for vec != "" {
		term, rest, ok := strings.Cut(vec, " ")
		if !ok {
			return 0, fmt.Errorf("signature vector: term %q without weight", term)
		}
		weight, rest, _ := strings.Cut(rest, " ")
		vec = rest
		if q, ok := query[term]; ok {
			w, err := strconv.ParseFloat(weight, 64)
			if err != nil {
				return 0, fmt.Errorf("signature vector: %w", err)
			}
			sum += q * w
		}
	}
	return sum, nil
}

// replaceRows deletes the rows of table for the articles ids and inserts
// rows instead, in tx.
func (db *DB) replaceRows(ctx context.Context, tx *sql.Tx, table string, ids []int64, insert string, rows [][]any) error {
	if err := db.deleteByArticle(ctx, tx, table, ids); err != nil {
		return err
	}
	return db.insertRows(ctx, tx, insert, rows)
}

// ReplaceSignatures implements store.SearchIndex. The index by article is
// dropped meanwhile and made again at the end (in the same transaction):
// rows in key order append to the table, while keeping the index current
// would write it all over at random.
func (db *DB) ReplaceSignatures(ctx context.Context, sigs iter.Seq[store.ArticleSignature], rows iter.Seq[store.SignatureRow]) error {
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			// bulk load: no index by article meanwhile
			`DROP INDEX article_signatures_by_article`,
			`DELETE FROM article_signatures`,
			`DELETE FROM signature_vectors`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		load := db.bulkLoader(ctx, tx, "signature_vectors", []string{"article_id", "terms"}, []string{"bigint", "text"})
		for s := range sigs {
			if len(s.Terms) > 0 {
				if err := load.add(int64(s.ArticleID), EncodeVector(s.Terms)); err != nil {
					return err
				}
			}
		}
		if err := load.flush(); err != nil {
			return err
		}
		load = db.bulkLoader(ctx, tx, "article_signatures", []string{"term", "article_id", "weight"}, []string{"text", "bigint", "float8"})
		for r := range rows {
			if err := load.add(r.Term, int64(r.ArticleID), r.Weight); err != nil {
				return err
			}
		}
		if err := load.flush(); err != nil {
			return err
		}
		// the index by article, made again in one sort
		_, err := tx.ExecContext(ctx, `CREATE INDEX article_signatures_by_article ON article_signatures (article_id)`)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: replace signatures: %w", err)
	}
	return nil
}

// bulkLoader inserts rows into a table a few hundred at a time, skipping
// those whose article_id names no article.
type bulkLoader struct {
	ctx   context.Context
	tx    *sql.Tx
	table string
	one   string // one row's placeholders
	cols  []string
	batch []any
	db    *DB
}

// bulkLoader returns a loader into table's cols, whose PostgreSQL types
// are pgTypes (VALUES rows need them there).
func (db *DB) bulkLoader(ctx context.Context, tx *sql.Tx, table string, cols, pgTypes []string) *bulkLoader {
	ph := make([]string, len(cols))
	for i := range cols {
		ph[i] = "?"
		if db.Dialect.Name == "postgres" {
			ph[i] = "?::" + pgTypes[i]
		}
	}
	return &bulkLoader{ctx: ctx, tx: tx, db: db, cols: cols, one: "(" + strings.Join(ph, ", ") + "), ",
		table: table}
}

func (l *bulkLoader) add(vals ...any) error {
	l.batch = append(l.batch, vals...)
	if len(l.batch) == chunk*len(l.cols) {
		return l.flush()
	}
	return nil
}

func (l *bulkLoader) flush() error {
	n := len(l.batch) / len(l.cols)
	if n == 0 {
		return nil
	}
	names, sel := l.cols, make([]string, len(l.cols))
	for i, c := range l.cols {
		sel[i] = "v." + c
	}
	as := " AS v (" + strings.Join(names, ", ") + ")"
	if l.db.Dialect.Name != "postgres" {
		// SQLite names VALUES columns column1, column2…
		as = " AS v"
		for i := range sel {
			sel[i] = fmt.Sprintf("v.column%d", i+1)
		}
	}
	idCol := sel[slices.Index(l.cols, "article_id")]
	// bulk load, skipping deleted articles
	q := `INSERT INTO ` + l.table + ` (` + strings.Join(names, ", ") + `)
SELECT ` + strings.Join(sel, ", ") + ` FROM (VALUES ` + strings.TrimSuffix(strings.Repeat(l.one, n), ", ") + `)` + as + `
 WHERE EXISTS (SELECT 1 FROM articles a WHERE a.id = ` + idCol + `)`
	_, err := l.tx.ExecContext(l.ctx, l.db.Q(q), l.batch...)
	l.batch = l.batch[:0]
	return err
}

// deleteByArticle deletes the rows of table whose article_id is in ids.
func (db *DB) deleteByArticle(ctx context.Context, tx *sql.Tx, table string, ids []int64) error {
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(len(ids), start+chunk)]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		// forget what is stored for these articles
		if _, err := tx.ExecContext(ctx, db.Q(`DELETE FROM `+table+` WHERE article_id IN (`+Placeholders(len(part))+`)`), args...); err != nil {
			return err
		}
	}
	return nil
}

// insertRows runs insert (ending in "VALUES ") for rows, a few hundred a
// statement.
func (db *DB) insertRows(ctx context.Context, tx *sql.Tx, insert string, rows [][]any) error {
	for len(rows) > 0 {
		n := min(len(rows), chunk)
		args := make([]any, 0, n*len(rows[0]))
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		one := "(" + Placeholders(len(rows[0])) + "), "
		if _, err := tx.ExecContext(ctx, db.Q(insert+strings.TrimSuffix(strings.Repeat(one, n), ", ")), args...); err != nil {
			return db.translate(err)
		}
		rows = rows[n:]
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

// RelatedCandidates implements store.SearchIndex. The overlaps on the
// FindBy heaviest terms are summed from their postings alone (each term's
// postings read in key order, no article looked up per posting); only the
// best of them are then checked for language and visibility, more when
// too few pass. The Limit kept are then scored on their whole signatures,
// one signature_vectors row each.
func (db *DB) RelatedCandidates(ctx context.Context, q store.CandidateQuery) ([]store.RelatedCandidate, error) {
	if len(q.Sig) == 0 || q.Limit <= 0 {
		return nil, nil
	}
	findBy := store.Heaviest(q.Sig, q.FindBy)
	var cands []store.RelatedCandidate
	for k := q.Limit + q.Limit/2 + 20; ; k *= 4 {
		best, err := db.overlaps(ctx, findBy, k)
		if err != nil {
			return nil, fmt.Errorf("store: related candidates: %w", err)
		}
		cands, err = db.visibleCandidates(ctx, best, q.Lang, q.Exclude, q.VisibleAt)
		if err != nil {
			return nil, fmt.Errorf("store: related candidates: %w", err)
		}
		if len(cands) >= q.Limit || len(best) < k {
			cands = cands[:min(q.Limit, len(cands))]
			break
		}
	}
	if err := db.candidateTitles(ctx, cands); err != nil {
		return nil, fmt.Errorf("store: related candidates: %w", err)
	}
	if err := db.candidateTags(ctx, cands); err != nil {
		return nil, fmt.Errorf("store: related candidates: %w", err)
	}
	if len(findBy) < len(q.Sig) {
		if err := db.wholeOverlaps(ctx, cands, q.Sig); err != nil {
			return nil, fmt.Errorf("store: related candidates: %w", err)
		}
		sort.SliceStable(cands, func(i, j int) bool {
			if cands[i].Overlap != cands[j].Overlap {
				return cands[i].Overlap > cands[j].Overlap
			}
			return cands[i].ArticleID > cands[j].ArticleID
		})
	}
	return cands, nil
}

// wholeOverlaps sets the overlap of each candidate with sig, from its
// stored signature vector.
func (db *DB) wholeOverlaps(ctx context.Context, cands []store.RelatedCandidate, sig []store.WeightedTerm) error {
	if len(cands) == 0 {
		return nil
	}
	query := make(map[string]float64, len(sig))
	for _, t := range sig {
		query[t.Term] = t.Weight
	}
	for i := range cands {
		cands[i].Overlap = 0
	}
	// candidate signatures
	return eachCandidate(ctx, db, cands, `SELECT article_id, terms FROM signature_vectors WHERE article_id IN (`,
		func(c *store.RelatedCandidate, vec string) error {
			o, err := vectorOverlap(vec, query)
			if err != nil {
				return fmt.Errorf("article %d: %w", c.ArticleID, err)
			}
			c.Overlap = o
			return nil
		})
}

// overlaps returns the k articles whose signatures overlap sig the most,
// by decreasing overlap, the newer first on a tie.
func (db *DB) overlaps(ctx context.Context, sig []store.WeightedTerm, k int) ([]store.RelatedCandidate, error) {
	textT, realT := "", ""
	if db.Dialect.Name == "postgres" {
		textT, realT = "::text", "::float8"
	}
	args := make([]any, 0, 2*len(sig)+1)
	for _, t := range sig {
		args = append(args, t.Term, t.Weight)
	}
	// related candidates by signature overlap (CROSS JOIN: the terms, then
	// their postings)
	q := `
WITH q (term, weight) AS (VALUES ` + strings.TrimSuffix(strings.Repeat("(?"+textT+", ?"+realT+"), ", len(sig)), ", ") + `)
SELECT s.article_id, SUM(s.weight * q.weight) AS overlap
  FROM q
 CROSS JOIN article_signatures s
 WHERE s.term = q.term
 GROUP BY s.article_id
HAVING SUM(s.weight * q.weight) > 0
 ORDER BY overlap DESC, s.article_id DESC
 LIMIT ?`
	rows, err := db.R.QueryContext(ctx, db.Q(q), append(args, k)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.RelatedCandidate
	for rows.Next() {
		var c store.RelatedCandidate
		if err := rows.Scan(&c.ArticleID, &c.Overlap); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// visibleCandidates keeps, in order, the candidates in language lang that
// readers may see at visibleAt, other than exclude, with their dates and
// categories (on SQLite, from the narrow visibility index alone).
func (db *DB) visibleCandidates(ctx context.Context, cands []store.RelatedCandidate, lang string, exclude article.ID, visibleAt time.Time) ([]store.RelatedCandidate, error) {
	if len(cands) == 0 {
		return nil, nil
	}
	args := make([]any, 0, len(cands)+3)
	for _, c := range cands {
		args = append(args, int64(c.ArticleID))
	}
	args = append(args, int64(exclude), lang, Millis(visibleAt))
	from := `articles a`
	if db.Dialect.Name != "postgres" {
		from = `articles a INDEXED BY articles_visibility`
	}
	// candidate dates and categories
	rows, err := db.R.QueryContext(ctx, db.Q(`
SELECT a.id, a.published_at, COALESCE(a.category_id, 0)
  FROM `+from+`
 WHERE a.id IN (`+Placeholders(len(cands))+`) AND a.id <> ? AND a.lang = ?
   AND a.status = 'published' AND a.published_at > 0 AND a.published_at <= ?`), args...)
	if err != nil {
		return nil, err
	}
	type details struct{ pub, cat int64 }
	found := map[article.ID]details{}
	for rows.Next() {
		var id article.ID
		var d details
		if err := rows.Scan(&id, &d.pub, &d.cat); err != nil {
			rows.Close()
			return nil, err
		}
		found[id] = d
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]store.RelatedCandidate, 0, len(found))
	for _, c := range cands {
		if d, ok := found[c.ArticleID]; ok {
			c.PublishedAt, c.CategoryID = Time(d.pub), d.cat
			out = append(out, c)
		}
	}
	return out, nil
}

// candidateTitles fills the candidates' titles.
func (db *DB) candidateTitles(ctx context.Context, cands []store.RelatedCandidate) error {
	if len(cands) == 0 {
		return nil
	}
	// candidate titles
	return eachCandidate(ctx, db, cands, `SELECT id, title FROM articles WHERE id IN (`,
		func(c *store.RelatedCandidate, title string) error {
			c.Title = title
			return nil
		})
}

// eachCandidate runs q, which ends in "IN (" and selects (article id,
// value) rows, for the candidates' ids, and gives set each row's candidate
// and value.
func eachCandidate[T any](ctx context.Context, db *DB, cands []store.RelatedCandidate, q string, set func(c *store.RelatedCandidate, v T) error) error {
	ids := make([]any, len(cands))
	byID := make(map[article.ID]int, len(cands))
	for i, c := range cands {
		ids[i] = int64(c.ArticleID)
		byID[c.ArticleID] = i
	}
	rows, err := db.R.QueryContext(ctx, db.Q(q+Placeholders(len(ids))+`)`), ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id article.ID
		var v T
		if err := rows.Scan(&id, &v); err != nil {
			return err
		}
		if err := set(&cands[byID[id]], v); err != nil {
			return err
		}
	}
	return rows.Err()
}

// candidateTags fills the candidates' tags.
func (db *DB) candidateTags(ctx context.Context, cands []store.RelatedCandidate) error {
	if len(cands) == 0 {
		return nil
	}
	// candidate tags
	return eachCandidate(ctx, db, cands, `SELECT article_id, tag_id FROM article_tags WHERE article_id IN (`,
		func(c *store.RelatedCandidate, tag int64) error {
			c.TagIDs = append(c.TagIDs, tag)
			return nil
		})
}

// SaveRelated implements store.SearchIndex.
func (db *DB) SaveRelated(ctx context.Context, id article.ID, links []store.RelatedLink) error {
	if err := db.SaveRelatedLists(ctx, []store.RelatedList{{ArticleID: id, Links: links}}); err != nil {
		return fmt.Errorf("store: save related of article %d: %w", id, err)
	}
	return nil
}

// SaveRelatedLists implements store.SearchIndex.
func (db *DB) SaveRelatedLists(ctx context.Context, lists []store.RelatedList) error {
	ids := make([]int64, len(lists))
	var rows [][]any
	for i, l := range lists {
		ids[i] = int64(l.ArticleID)
		for _, link := range l.Links {
			rows = append(rows, []any{int64(l.ArticleID), int64(link.Related), link.Score})
		}
	}
	// save related articles
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		return db.replaceRows(ctx, tx, "related_articles", ids, `INSERT INTO related_articles (article_id, related_id, score) VALUES `, rows)
	})
	if err != nil {
		return fmt.Errorf("store: save related lists: %w", err)
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

// RankWindow bounds the work of a query that matches very many articles:
// without filters, a query matching more than RankWindow articles ranks
// only the RankWindow most recently added of them (ranking tens of
// thousands of matches takes a tenth of a second on SQLite, more on
// PostgreSQL). Fewer matches, or a page beyond the window, are ranked in
// full. Both dialects apply it the same way (SearchRecent).
var RankWindow = 1000

// FullText says how a dialect's full-text index is queried, for the
// search statements both dialects share.
type FullText struct {
	// From names the index as f; ID is the article id column of f.
	From, ID string
	// Match is the condition that f matches the query, with one ?
	// (the query, MatchArg).
	Match    string
	MatchArg any
	// Score is a match's score, the best highest, rounded to 6 decimals so
	// that near ties fall to the date; its ? arguments are ScoreArgs.
	Score     string
	ScoreArgs []any
	// Join joins the articles, aliased a, to f.
	Join string
	// Counting, when set, are run first in a read-only transaction that
	// holds a search's statements (PostgreSQL turns sequential and plain
	// index scans off there: the planner does not know that reading a
	// document is far dearer than finding it in the GIN index, and read
	// every document rather than the matching ones).
	Counting []string
}

// Search runs q on the full-text index ft: the matches readers may see,
// best first, then the newest, with their number (one pass ranks and
// counts them). A query matching more than RankWindow articles, without
// filters, ranks only the most recent of them (SearchRecent).
func (db *DB) Search(ctx context.Context, ft FullText, q store.SearchQuery) (hits []store.SearchHit, total int, err error) {
	err = db.reading(ctx, ft.Counting, func(r querier) error {
		var ok bool
		if q.CategoryID == 0 && q.From.IsZero() && q.To.IsZero() && q.Lang == "" {
			if hits, total, ok, err = db.searchRecent(ctx, r, ft, q); err != nil || ok {
				return err
			}
		}
		w := &Where{}
		w.Add(ft.Match, ft.MatchArg)
		SearchFilters(w, q)
		limit, offset := SearchPage(q)
		// search, best first, with the number of matches
		rows, err := r.QueryContext(ctx, db.Q(`
WITH m AS MATERIALIZED (
SELECT a.id, a.published_at, `+ft.Score+` AS score
  FROM `+ft.From+` `+ft.Join+w.String()+`)
SELECT id, score, count(*) OVER () AS total
  FROM m
 ORDER BY score DESC, published_at DESC, id DESC
 LIMIT ? OFFSET ?`), slices.Concat(ft.ScoreArgs, w.Args, []any{limit, offset})...)
		hits, total, err = ScanHits(rows, err, func() (total int, err error) {
			if offset == 0 {
				return 0, nil // no match at all
			}
			// a page past the end: count the matches alone
			err = r.QueryRowContext(ctx, db.Q(`SELECT count(*) FROM `+ft.From+` `+ft.Join+w.String()), w.Args...).Scan(&total)
			return total, err
		})
		return err
	})
	return hits, total, err
}

// searchRecent ranks the RankWindow most recently added matches of a
// query matching more than that (ok false otherwise, or when the page asked
// for lies beyond them). The total is counted in the full-text index, less
// the matches readers may not see (drafts, scheduled articles: few).
func (db *DB) searchRecent(ctx context.Context, r querier, ft FullText, q store.SearchQuery) (hits []store.SearchHit, total int, ok bool, err error) {
	limit, offset := SearchPage(q)
	if offset+limit > RankWindow {
		return nil, 0, false, nil
	}
	var from int64
	var hidden int
	err = func() error {
		// count full-text matches alone
		match := ` FROM ` + ft.From + ` WHERE ` + ft.Match
		if err := r.QueryRowContext(ctx, db.Q(`SELECT count(*)`+match), ft.MatchArg).Scan(&total); err != nil {
			return err
		}
		if total <= RankWindow {
			return nil
		}
		// the oldest of the most recent matches
		err := r.QueryRowContext(ctx, db.Q(`SELECT `+ft.ID+match+` ORDER BY `+ft.ID+` DESC LIMIT 1 OFFSET ?`),
			ft.MatchArg, RankWindow-1).Scan(&from)
		if err != nil {
			return err
		}
		// matches readers may not see (found from the few hidden articles,
		// by status and date)
		return r.QueryRowContext(ctx, db.Q(`
SELECT count(*)
  FROM (SELECT id FROM articles WHERE status < 'published'
        UNION ALL SELECT id FROM articles WHERE status > 'published'
        UNION ALL SELECT id FROM articles WHERE status = 'published' AND published_at > ?
        UNION ALL SELECT id FROM articles WHERE status = 'published' AND published_at = 0) h
 CROSS JOIN `+ft.From+`
 WHERE `+ft.ID+` = h.id AND `+ft.Match), Millis(q.VisibleAt), ft.MatchArg).Scan(&hidden)
	}()
	if err != nil || total <= RankWindow {
		return nil, 0, false, err
	}
	w := &Where{}
	w.Add(ft.Match+` AND `+ft.ID+` >= ?`, ft.MatchArg, from)
	SearchFilters(w, q)
	// search the most recent matches, best first
	rows, err := r.QueryContext(ctx, db.Q(`
SELECT a.id, `+ft.Score+` AS score
  FROM `+ft.From+` `+ft.Join+w.String()+`
 ORDER BY score DESC, a.published_at DESC, a.id DESC
 LIMIT ? OFFSET ?`), slices.Concat(ft.ScoreArgs, w.Args, []any{limit, offset})...)
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

// reading runs fn on the read pool, or, with setup statements, in a
// read-only transaction that starts with them.
func (db *DB) reading(ctx context.Context, setup []string, fn func(querier) error) error {
	if len(setup) == 0 {
		return fn(db.R)
	}
	tx, err := db.R.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, st := range setup {
		if _, err := tx.ExecContext(ctx, st); err != nil {
			return err
		}
	}
	return fn(tx)
}
