package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/sqlite"
)

// TestBackupWhileServing backs a site up while it serves and takes writes
// (articles through a second connection, comments through the form), then
// restores the backup into a fresh directory and compares: everything
// acknowledged before the backup began is in it, identical, and the copy
// passes the integrity check.
func TestBackupWhileServing(t *testing.T) {
	dir := t.TempDir()
	live := filepath.Join(dir, "live", "kiosque.db")
	writer := openSQLite(t, live)
	ctx := context.Background()
	first := newArticle(0, time.Now())
	if err := writer.CreateArticle(ctx, first); err != nil {
		t.Fatal(err)
	}
	// An uploaded image: media live in the database, so the backup has them.
	photo := bytes.Repeat([]byte("\x89PNG photo bytes "), 4096)
	media := &store.Media{Name: "photo.png", MIME: "image/png", Width: 800, Height: 600, Size: int64(len(photo)), Alt: "Une photo",
		Variants: []store.MediaVariant{{Name: "orig", MIME: "image/png", Width: 800, Height: 600, Data: photo}}}
	if err := writer.CreateMedia(ctx, media); err != nil {
		t.Fatal(err)
	}
	srv := startServe(t, "--db", "sqlite:"+live, "--cache-mb", "0", "--trust-proxy")

	// Writers: articles and comments, each remembering what was acknowledged.
	var mu sync.Mutex
	var articles []article.ID
	var comments []string
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for n := 1; n <= 200; n++ { // bounded: the comments need the writer too
			select {
			case <-stop:
				return
			default:
			}
			a := newArticle(n, time.Now())
			if err := writer.CreateArticle(ctx, a); err != nil {
				t.Errorf("create article %d: %v", n, err)
				return
			}
			mu.Lock()
			articles = append(articles, a.ID)
			mu.Unlock()
		}
	})
	wg.Go(func() {
		for n := 1; ; n++ {
			select {
			case <-stop:
				return
			default:
			}
			text := fmt.Sprintf("Commentaire numéro %d pendant la sauvegarde.", n)
			status, err := postComment(srv.base, first.Slug, text)
			if err != nil || status != 303 {
				t.Errorf("comment %d: status %d, %v", n, status, err)
				return
			}
			mu.Lock()
			comments = append(comments, text)
			mu.Unlock()
		}
	})
	waitFor(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(articles) >= 20 && len(comments) >= 20 })

	mu.Lock()
	ackedArticles, ackedComments := append([]article.ID(nil), articles...), append([]string(nil), comments...)
	mu.Unlock()
	backup := filepath.Join(dir, "backups", "k.db")
	if err := os.MkdirAll(filepath.Dir(backup), 0o750); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := run(ctx, []string{"backup", "--db", "sqlite:" + live, "--log-level", "error", backup}, env(nil), &out, io.Discard); err != nil {
		t.Fatalf("backup: %v", err)
	}
	if !strings.Contains(out.String(), backup) {
		t.Errorf("backup printed %q", out.String())
	}
	close(stop)
	wg.Wait()

	// Restoring over the running site is refused.
	err := run(ctx, []string{"restore", "--db", "sqlite:" + live, backup}, env(nil), io.Discard, io.Discard)
	if !errors.Is(err, sqlite.ErrInUse) {
		t.Errorf("restore over the running site: %v, want ErrInUse", err)
	}
	if err := srv.stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}

	fresh := filepath.Join(dir, "fresh", "data", "kiosque.db")
	if err := run(ctx, []string{"restore", "--db", "sqlite:" + fresh, backup}, env(nil), io.Discard, io.Discard); err != nil {
		t.Fatalf("restore: %v", err)
	}
	restored := openSQLite(t, fresh)
	if err := restored.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
	for _, id := range append(ackedArticles, first.ID) {
		want, err := writer.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		got, err := restored.Article(ctx, id)
		if err != nil {
			t.Errorf("article %d acknowledged before the backup: %v", id, err)
			continue
		}
		if got.Title != want.Title || got.Body != want.Body || got.Slug != want.Slug || !got.PublishedAt.Equal(want.PublishedAt) {
			t.Errorf("article %d restored as %q/%q, want %q/%q", id, got.Slug, got.Title, want.Slug, want.Title)
		}
	}
	if v, err := restored.MediaVariant(ctx, media.ID, "orig"); err != nil || !bytes.Equal(v.Data, photo) {
		t.Errorf("the uploaded image is not in the backup intact (%v)", err)
	}
	texts := commentTexts(t, restored, first.ID)
	for _, c := range ackedComments {
		if !texts[c] {
			t.Errorf("comment %q acknowledged before the backup is not in it", c)
		}
	}
	_, total, err := restored.ListArticles(ctx, store.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("acknowledged before the backup: %d articles, %d comments; in the backup: %d articles, %d comments",
		len(ackedArticles)+1, len(ackedComments), total, len(texts))
}

// TestRestoreRefusesBadBackup checks a file that is not a sound database
// never replaces the site's.
func TestRestoreRefusesBadBackup(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "kiosque.db")
	st := openSQLite(t, db)
	a := newArticle(1, time.Now())
	if err := st.CreateArticle(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	st.Close()
	valid := filepath.Join(dir, "valid.db")
	s2 := openSQLite(t, filepath.Join(dir, "other.db"))
	if err := s2.Backup(context.Background(), valid); err != nil {
		t.Fatal(err)
	}
	s2.Close()
	corrupt := filepath.Join(dir, "corrupt.db")
	b, err := os.ReadFile(valid)
	if err != nil {
		t.Fatal(err)
	}
	for i := 4096; i < len(b); i++ { // keep the header, wreck the pages
		b[i] = 0xA5
	}
	if err := os.WriteFile(corrupt, b, 0o600); err != nil {
		t.Fatal(err)
	}
	notDB := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notDB, []byte("pas une base de données"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, file string }{
		{"missing file", filepath.Join(dir, "absent.db")},
		{"not a database", notDB},
		{"corrupt pages", corrupt},
		{"the database itself", db},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := run(context.Background(), []string{"restore", "--db", "sqlite:" + db, tt.file}, env(nil), io.Discard, io.Discard); err == nil {
				t.Fatal("restore succeeded")
			}
			check := openSQLite(t, db)
			if _, err := check.Article(context.Background(), a.ID); err != nil {
				t.Errorf("the site's article is gone: %v", err)
			}
			check.Close()
		})
	}
	t.Run("PostgreSQL", func(t *testing.T) {
		err := run(context.Background(), []string{"backup", "--db", "postgres://u@127.0.0.1:1/x", filepath.Join(dir, "pg.db")}, env(nil), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "pg_dump") {
			t.Errorf("backup on PostgreSQL: %v, want a pointer to pg_dump", err)
		}
	})
}

// commentTexts returns the texts of every comment on article id, in any
// state.
func commentTexts(t testing.TB, s store.Comments, id article.ID) map[string]bool {
	t.Helper()
	list, _, err := s.ListComments(context.Background(), store.CommentFilter{ArticleID: id, Limit: 1000,
		States: []comment.State{comment.Pending, comment.Approved, comment.Spam}})
	if err != nil {
		t.Fatal(err)
	}
	texts := make(map[string]bool, len(list))
	for _, c := range list {
		texts[c.Text] = true
	}
	return texts
}

// waitFor polls cond until it holds, failing after 60 s.
func waitFor(t testing.TB, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 60 s")
		}
		time.Sleep(5 * time.Millisecond) // polling a condition, not timing the test
	}
}
