package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/demo"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/postgres"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

// pgTool finds a PostgreSQL client program (pg_dump, pg_restore) in
// Debian's versioned directories or on PATH, skipping the test when it is
// absent (failing under CI=true, which installs it).
func pgTool(t testing.TB, name string) string {
	t.Helper()
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin") // a bad pattern is impossible here
	sort.Strings(dirs)
	for i := len(dirs) - 1; i >= 0; i-- {
		if p := filepath.Join(dirs[i], name); isExecutable(p) {
			return p
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s not found: CI must check PostgreSQL backups (apt-get install postgresql)", name)
	}
	t.Skipf("%s not found: apt-get install postgresql-client to run this test", name)
	return ""
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// TestPostgresDumpRestore follows docs/backup.md: pg_dump a site's
// database (the demo, with comments) in the custom format, pg_restore it
// into a new database, let kiosque migrate it, and compare the content.
func TestPostgresDumpRestore(t *testing.T) {
	pgDump, pgRestore := pgTool(t, "pg_dump"), pgTool(t, "pg_restore")
	srcURL, dstURL := storetest.PostgresDatabaseURL(t), storetest.PostgresDatabaseURL(t)
	ctx := context.Background()
	now := time.Now().UTC()
	src, err := postgres.Open(ctx, srcURL, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if _, err := demo.Load(ctx, src, now); err != nil {
		t.Fatal(err)
	}
	arts, _, err := src.ListArticles(ctx, store.ArticleFilter{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range arts {
		for j, state := range []comment.State{comment.Approved, comment.Pending} {
			c := &comment.Comment{ArticleID: a.ID, AuthorName: "Lectrice", AuthorEmail: "l@example.org",
				Text: "Commentaire " + string(rune('A'+i)) + string(rune('a'+j)), State: state, IP: "192.0.2.1"}
			if _, err := src.CreateComment(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
	}

	dump := filepath.Join(t.TempDir(), "kiosque.dump")
	runTool(t, pgDump, "--format=custom", "--no-owner", "--file="+dump, "--dbname="+srcURL)
	runTool(t, pgRestore, "--no-owner", "--exit-on-error", "--dbname="+dstURL, dump)
	if err := run(ctx, []string{"migrate", "--db", dstURL, "--log-level", "error"}, env(nil), io.Discard, io.Discard); err != nil {
		t.Fatalf("kiosque migrate on the restored database: %v", err)
	}
	dst, err := postgres.Open(ctx, dstURL, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()

	want, got := siteContent(t, src), siteContent(t, dst)
	if len(want.articles) == 0 {
		t.Fatal("the demo loaded no articles")
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("restored content differs:\n got %d articles, %d comments, %d settings\nwant %d articles, %d comments, %d settings",
			len(got.articles), len(got.comments), len(got.settings), len(want.articles), len(want.comments), len(want.settings))
	}
	t.Logf("restored %d articles, %d comments, %d settings, %d categories, %d authors, %d tags",
		len(got.articles), len(got.comments), len(got.settings), len(got.cats), len(got.authors), len(got.tags))
	// The restored database takes writes: its sequences came along.
	a := newArticle(1, now)
	if err := dst.CreateArticle(ctx, a); err != nil {
		t.Fatalf("write after restore: %v", err)
	}
}

func runTool(t testing.TB, name string, args ...string) {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", filepath.Base(name), err, out)
	}
}

// content is what a site holds, in comparable form.
type content struct {
	articles []article.Article
	comments []comment.Comment
	settings map[string]string
	cats     []article.Category
	authors  []article.Author
	tags     []article.Tag
}

func siteContent(t testing.TB, s store.Store) content {
	t.Helper()
	ctx := context.Background()
	var c content
	var err error
	if c.articles, _, err = s.ListArticles(ctx, store.ArticleFilter{Limit: 1000}); err != nil {
		t.Fatal(err)
	}
	if c.comments, _, err = s.ListComments(ctx, store.CommentFilter{Limit: 1000}); err != nil {
		t.Fatal(err)
	}
	if c.settings, err = s.Settings(ctx); err != nil {
		t.Fatal(err)
	}
	if c.cats, err = s.Categories(ctx); err != nil {
		t.Fatal(err)
	}
	if c.authors, err = s.Authors(ctx); err != nil {
		t.Fatal(err)
	}
	if c.tags, err = s.Tags(ctx); err != nil {
		t.Fatal(err)
	}
	return c
}
