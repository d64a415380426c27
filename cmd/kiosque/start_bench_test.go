package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/demo"
	"github.com/kiosque/kiosque/internal/store/sqlite"
)

// startArticles is the size of the site BenchmarkStart starts on.
const startArticles = 100_000

// BenchmarkStart measures a server start on a site of 100,000 articles:
// from run("serve") to the first home page answered (store opened and
// migrated, services and handlers built, listening). The target is under
// 2 s. The database is generated once and kept in the temporary directory
// (kiosque-bench-start-100000.db); delete it to generate it again.
func BenchmarkStart(b *testing.B) {
	path := startDB(b, startArticles)
	logs := &strings.Builder{}
	for b.Loop() {
		startOnce(b, path, logs)
	}
}

// startOnce runs serve on path until the home page answers, then stops it.
func startOnce(b *testing.B, path string, logs io.Writer) {
	srv := startServeLogging(b, logs, "--db", "sqlite:"+path, "--log-level", "warn")
	resp, err := http.Get(srv.base)
	if err != nil {
		b.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body) // the status is what we check
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("home page: %d", resp.StatusCode)
	}
	if err := srv.stop(); err != nil {
		b.Fatal(err)
	}
}

// startDB returns a SQLite site of n published articles (the demo's,
// repeated), generating it on first use into the temporary directory and
// migrating it to the current schema outside the benchmark's timer.
func startDB(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("kiosque-bench-start-%d.db", n))
	if _, err := os.Stat(path); err != nil {
		b.Logf("generating %d articles into %s (once)", n, path)
		tmp := path + fmt.Sprintf(".%d.tmp", os.Getpid())
		if err := generateSite(b.Context(), tmp, n); err != nil {
			os.Remove(tmp)
			b.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
	}
	st, err := sqlite.Open(b.Context(), path, sqlite.Options{}) // migrates
	if err != nil {
		b.Fatal(err)
	}
	st.Close()
	return path
}

// generateSite loads the demo site into a new database at path, then
// copies its published articles with their tags and authors, in SQL, until
// there are n of them.
func generateSite(ctx context.Context, path string, n int) error {
	now := time.Now()
	st, err := sqlite.Open(ctx, path, sqlite.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := demo.Load(ctx, st, now); err != nil {
		return err
	}
	var have, maxID int
	if err := st.W.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM articles WHERE status = 'published'), (SELECT MAX(id) FROM articles)`).Scan(&have, &maxID); err != nil {
		return err
	}
	copies := (n - have + have - 1) / have
	stride := maxID + 1 // copy i of article a gets id i*stride + a
	tx, err := st.W.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, q := range []string{`
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
INSERT INTO articles (id, slug, title, lead, body, lang, status, published_at, created_at, updated_at,
       category_id, image_url, image_alt, image_caption, image_credit, image_width, image_height,
       source_name, source_url, source_translated_from, translation_group)
SELECT n.i * ?2 + a.id, a.slug || '-' || n.i, a.title || ' (' || n.i || ')', a.lead, a.body, a.lang, a.status,
       a.published_at - n.i * 60000, a.created_at, a.updated_at,
       a.category_id, a.image_url, a.image_alt, a.image_caption, a.image_credit, a.image_width, a.image_height,
       a.source_name, a.source_url, a.source_translated_from, 0
  FROM n CROSS JOIN articles a
 WHERE a.status = 'published' AND a.id < ?2`, `
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
INSERT INTO article_tags (article_id, tag_id, position)
SELECT n.i * ?2 + t.article_id, t.tag_id, t.position
  FROM n CROSS JOIN article_tags t JOIN articles a ON a.id = t.article_id
 WHERE a.status = 'published' AND a.id < ?2`, `
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
INSERT INTO article_authors (article_id, author_id, position)
SELECT n.i * ?2 + t.article_id, t.author_id, t.position
  FROM n CROSS JOIN article_authors t JOIN articles a ON a.id = t.article_id
 WHERE a.status = 'published' AND a.id < ?2`,
	} {
		if _, err := tx.ExecContext(ctx, q, copies, stride); err != nil {
			return fmt.Errorf("generate: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	var total int
	if err := st.W.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles`).Scan(&total); err != nil {
		return err
	}
	if total < n {
		return fmt.Errorf("generate: %d articles, want %d", total, n)
	}
	_, err = st.W.ExecContext(ctx, `ANALYZE`)
	return err
}
