package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/store/sqlite"
)

func TestCommentsCommand(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "k.db")
	st, err := sqlite.Open(ctx, path, sqlite.Options{Now: func() time.Time { return time.Now().AddDate(0, 0, -40) }})
	if err != nil {
		t.Fatal(err)
	}
	a := &article.Article{Title: "Sommet", Lang: "fr", Status: article.Published, PublishedAt: time.Now().AddDate(0, 0, -41)}
	if err := st.CreateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*comment.Comment{
		{ArticleID: a.ID, AuthorName: "Alice", AuthorEmail: "alice@example.org", Text: "Un", IP: "192.0.2.1", State: comment.Approved},
		{ArticleID: a.ID, AuthorName: "Alice", AuthorEmail: "alice@example.org", Text: "Deux", IP: "192.0.2.1", State: comment.Pending},
		{ArticleID: a.ID, AuthorName: "Bob", AuthorEmail: "bob@example.org", Text: "Trois", IP: "192.0.2.2", State: comment.Approved},
	} {
		if _, err := st.CreateComment(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	env := func(string) string { return "" }
	cmd := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := run(ctx, append(args, "--db", "sqlite:"+path), env, &out, &errOut)
		if err != nil {
			t.Logf("%v: %s", args, errOut.String())
		}
		return out.String(), err
	}
	out, err := cmd("comments", "export", "--email", "ALICE@example.org")
	if err != nil {
		t.Fatal(err)
	}
	var ex comment.Export
	if err := json.Unmarshal([]byte(out), &ex); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(ex.Comments) != 2 || ex.Comments[0].ArticleTitle != "Sommet" || ex.Comments[0].IP != "192.0.2.1" {
		t.Errorf("export %+v", ex)
	}
	if out, err := cmd("comments", "expire"); err != nil || !strings.Contains(out, "3 comment(s) older than 30 days; deleted 0") {
		t.Errorf("expire: %q %v", out, err)
	}
	if out, err := cmd("comments", "erase", "--email", "alice@example.org"); err != nil || out != "Erased 2 comment(s).\n" {
		t.Errorf("erase: %q %v", out, err)
	}
	if _, err := cmd("comments", "erase", "--email", "pas-une-adresse"); err != errUsage {
		t.Errorf("bad e-mail: %v", err)
	}
	if _, err := cmd("comments", "purge"); err != errUsage {
		t.Errorf("unknown subcommand: %v", err)
	}
}
