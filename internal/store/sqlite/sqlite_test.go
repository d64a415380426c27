package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/sqlite"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, storetest.Dialects["sqlite"])
}

func TestIntegrityAndPragmas(t *testing.T) {
	s := storetest.OpenSQLite(t, time.Now)
	ctx := context.Background()
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	for pragma, want := range map[string]string{"journal_mode": "wal", "foreign_keys": "1"} {
		var got string
		if err := s.R.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %q, want %q", pragma, got, want)
		}
	}
	var _ store.Store = s
}

func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	clock := storetest.NewClock(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
	s := storetest.OpenSQLite(t, clock.Now)
	for i := 0; i < 50; i++ {
		if err := s.CreateArticle(ctx, storetest.NewArticle(fmt.Sprintf("Article %d", i), nil, clock.Now())); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error)
	go func() { // keep writing during the backup
		var err error
		for i := 0; i < 50 && err == nil; i++ {
			err = s.CreateArticle(ctx, storetest.NewArticle(fmt.Sprintf("Pendant %d", i), nil, clock.Now()))
		}
		done <- err
	}()
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, path); err == nil {
		t.Error("a backup over an existing file must fail")
	}
	restored, err := sqlite.Open(ctx, path, sqlite.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	if err := restored.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	_, n, err := restored.ListArticles(ctx, store.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if n < 50 || n > 100 {
		t.Errorf("backup holds %d articles, want 50 to 100", n)
	}
	if _, err := restored.ArticleBySlug(ctx, "article-0"); err != nil {
		t.Error(err)
	}
}

func TestSyndicationConformance(t *testing.T) {
	storetest.RunSyndication(t, storetest.Dialects["sqlite"])
}

func TestSignatureMigration(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	st := storetest.OpenSQLite(t, func() time.Time { return now })
	storetest.SignatureMigration(t, st, st.W, goose.DialectSQLite3, now)
}
