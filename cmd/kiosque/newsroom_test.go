package main

import (
	"context"
	"github.com/kiosque/kiosque/internal/admin"
	"github.com/kiosque/kiosque/internal/cluster"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/store/dial"
	"github.com/kiosque/kiosque/internal/user"
	"github.com/kiosque/kiosque/internal/web"
)

func TestMountNewsroom(t *testing.T) {
	ctx := context.Background()
	st, err := dial.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "k.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	site := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "site") })
	top, err := mountNewsroom(st, site, i18n.MustNew(), web.RequestLog{}, "", admin.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(top)
	defer srv.Close()
	for path, want := range map[string]string{"/admin/login": "Connexion", "/": "site", "/media/demo/a.svg": "site", "/un-article/": "site"} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !strings.Contains(string(b), want) {
			t.Errorf("GET %s: %d %.100q, want %q", path, res.StatusCode, b, want)
		}
	}

	var out strings.Builder
	if err := demoAdmin(ctx, st, &out); err != nil {
		t.Fatal(err)
	}
	pw := strings.TrimSpace(out.String()[strings.LastIndex(out.String(), "password ")+len("password "):])
	u, err := st.UserByEmail(ctx, demoAdminEmail)
	if err != nil || u.Role != user.Admin || user.CheckPassword(u.PasswordHash, pw) != nil {
		t.Fatalf("demo admin %+v, printed password %q: %v", u, pw, err)
	}
	out.Reset()
	if err := demoAdmin(ctx, st, &out); err != nil || strings.Contains(out.String(), "password "+pw) {
		t.Fatalf("second start: %v %q", err, out.String())
	}

	// The scheduler publishes a due article on its first tick.
	a := &article.Article{Title: "Programmé", Lang: "fr", Status: article.Scheduled, PublishedAt: time.Now().Add(-time.Second)}
	if err := st.CreateArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithCancel(ctx)
	wait := startJobs(sctx, st, cluster.Single{}, time.Hour, slogDiscard())
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, err := st.Article(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status == article.Published {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the jobs did not publish the due article")
		}
		time.Sleep(20 * time.Millisecond) // polling with a deadline
	}
	cancel()
	wait()
}

func slogDiscard() *slog.Logger { return slog.New(slog.DiscardHandler) }
