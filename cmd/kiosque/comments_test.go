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
	"github.com/kiosque/kiosque/internal/demo"
	"github.com/kiosque/kiosque/internal/store"
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

func TestCommentServices(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "k.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a, err := newCommentServices(ctx, st, false, nil, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	b, err := newCommentServices(ctx, st, false, nil, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	// A token signed by one start verifies on the next: the secret is kept.
	if err := b.Tokens.Verify(a.Tokens.Issue(now.Add(-time.Minute), "7"), now, "7", "192.0.2.1"); err != nil {
		t.Errorf("token across restarts: %v", err)
	}
	if a.Notify != nil {
		t.Error("notifications on without SMTP")
	}
	c := comment.Comment{ArticleID: 1, AuthorName: "Bot", Text: "cheap watches buy now"}
	a.OnModerate(ctx, c, comment.Spam)
	a.OnModerate(ctx, c, comment.Trash)
	if n := a.Filter.Learned(); n != 1 {
		t.Errorf("learned %d, want 1 (trash teaches nothing)", n)
	}
	if _, err := newCommentServices(ctx, st, false, nil, nil, "http://not-smtp"); err == nil {
		t.Error("bad --smtp accepted")
	}
}

func TestLoadDemoComments(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "k.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := demo.Load(ctx, st, time.Now()); err != nil {
		t.Fatal(err)
	}
	cs, err := newCommentServices(ctx, st, false, nil, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	counts, err := loadDemoComments(ctx, st, cs.Filter)
	if err != nil {
		t.Fatal(err)
	}
	spamRows := 0
	for _, dc := range demo.Comments {
		if dc.Spam {
			spamRows++
		}
	}
	t.Logf("demo comments: %v (%d written as spam)", counts, spamRows)
	if counts[comment.Approved] < len(demo.Comments)/2 || counts[comment.Spam] < spamRows*3/4 {
		t.Errorf("demo comments %v: want most published and the obvious spam caught (%d)", counts, spamRows)
	}
	// Every comment written as spam is caught, and none of the others is
	// filed as spam.
	list, _, err := st.ListComments(ctx, store.CommentFilter{Limit: 1000, Oldest: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range list {
		if demo.Comments[i].Spam != (c.State == comment.Spam) {
			t.Errorf("demo comment %d (spam %v) is %s, score %.2f: %.60q", i, demo.Comments[i].Spam, c.State, c.SpamScore, c.Text)
		}
	}
}
