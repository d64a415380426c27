package storetest

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/user"
)

func testUsers(t *testing.T, s newsroomStore, clock *Clock) {
	ctx := context.Background()
	f := NewFixture(t, s)
	u := &user.User{Email: "ana@example.org", Name: "Ana", Role: user.Editor, PasswordHash: "$argon2id$x", AuthorID: f.Alice.ID}
	must(t, s.CreateUser(ctx, u))
	if u.ID == 0 || !u.CreatedAt.Equal(clock.Now()) {
		t.Fatalf("created user %+v: want an ID and the clock's time", u)
	}
	if err := s.CreateUser(ctx, &user.User{Email: "ana@example.org", Name: "Other", Role: user.Author}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("same e-mail twice: got %v, want ErrConflict", err)
	}
	got, err := s.UserByEmail(ctx, "ana@example.org")
	must(t, err)
	if got.ID != u.ID || got.Role != user.Editor || got.AuthorID != f.Alice.ID || got.PasswordHash != u.PasswordHash || got.Disabled {
		t.Fatalf("by e-mail: got %+v, want %+v", got, u)
	}
	clock.Add(time.Minute)
	got.Role, got.Disabled, got.AuthorID = user.Admin, true, 0
	must(t, s.UpdateUser(ctx, got))
	again, err := s.User(ctx, u.ID)
	must(t, err)
	if again.Role != user.Admin || !again.Disabled || again.AuthorID != 0 || !again.UpdatedAt.Equal(clock.Now()) {
		t.Fatalf("after update: got %+v", again)
	}
	if _, err := s.User(ctx, 9999); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing user: got %v, want ErrNotFound", err)
	}
	if _, err := s.UserByEmail(ctx, "nobody@example.org"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing e-mail: got %v, want ErrNotFound", err)
	}
	if err := s.UpdateUser(ctx, &user.User{ID: 9999, Email: "x@example.org", Role: user.Author}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("update missing user: got %v, want ErrNotFound", err)
	}
	must(t, s.CreateUser(ctx, &user.User{Email: "bea@example.org", Name: "Béa", Role: user.Author}))
	list, err := s.ListUsers(ctx)
	must(t, err)
	if len(list) != 2 || list[0].Name != "Ana" {
		t.Fatalf("list: got %d users, first %q; want 2 by name", len(list), list[0].Name)
	}
	// Deleting the author profile unlinks the account, it does not delete it.
	must(t, s.CreateUser(ctx, &user.User{Email: "cy@example.org", Name: "Cy", Role: user.Author, AuthorID: f.Bob.ID}))
	must(t, s.DeleteAuthor(ctx, f.Bob.ID))
	cy, err := s.UserByEmail(ctx, "cy@example.org")
	must(t, err)
	if cy.AuthorID != 0 {
		t.Fatalf("author deleted: account still linked to %d", cy.AuthorID)
	}
}

func testSessions(t *testing.T, s newsroomStore, clock *Clock) {
	ctx := context.Background()
	u := &user.User{Email: "ana@example.org", Name: "Ana", Role: user.Admin}
	must(t, s.CreateUser(ctx, u))
	now := clock.Now()
	sess := &user.Session{TokenHash: "h1", UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
	must(t, s.CreateSession(ctx, sess))
	must(t, s.CreateSession(ctx, &user.Session{TokenHash: "h2", UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(2 * time.Hour)}))
	got, err := s.Session(ctx, "h1", now)
	must(t, err)
	if got.UserID != u.ID || !got.ExpiresAt.Equal(sess.ExpiresAt) {
		t.Fatalf("session: got %+v", got)
	}
	if _, err := s.Session(ctx, "h1", now.Add(time.Hour)); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("expired session: got %v, want ErrNotFound", err)
	}
	must(t, s.DeleteExpired(ctx, now.Add(90*time.Minute), now))
	if _, err := s.Session(ctx, "h2", now); err != nil {
		t.Fatalf("unexpired session swept: %v", err)
	}
	must(t, s.DeleteSession(ctx, "h2"))
	must(t, s.DeleteSession(ctx, "h2")) // absent: not an error
	if _, err := s.Session(ctx, "h2", now); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted session: got %v", err)
	}
	must(t, s.CreateSession(ctx, &user.Session{TokenHash: "h3", UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}))
	must(t, s.DeleteUserSessions(ctx, u.ID))
	if _, err := s.Session(ctx, "h3", now); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("user logged out everywhere: got %v", err)
	}
}

func testLoginFailures(t *testing.T, s newsroomStore, clock *Clock) {
	ctx := context.Background()
	start := clock.Now()
	for i := 0; i < 3; i++ {
		must(t, s.AddLoginFailure(ctx, "ip:1.2.3.4", start.Add(time.Duration(i)*time.Minute)))
	}
	must(t, s.AddLoginFailure(ctx, "email:a@b.c", start))
	n, last, err := s.LoginFailures(ctx, "ip:1.2.3.4", start.Add(time.Minute))
	must(t, err)
	if n != 2 || !last.Equal(start.Add(2*time.Minute)) {
		t.Fatalf("failures since +1m: got %d, last %v; want 2, %v", n, last, start.Add(2*time.Minute))
	}
	must(t, s.ClearLoginFailures(ctx, "ip:1.2.3.4"))
	if n, last, _ := s.LoginFailures(ctx, "ip:1.2.3.4", start); n != 0 || !last.IsZero() {
		t.Fatalf("after clear: %d, %v", n, last)
	}
	if n, _, _ := s.LoginFailures(ctx, "email:a@b.c", start); n != 1 {
		t.Fatalf("other key cleared too: %d", n)
	}
	must(t, s.DeleteExpired(ctx, start, start.Add(time.Second)))
	if n, _, _ := s.LoginFailures(ctx, "email:a@b.c", start); n != 0 {
		t.Fatalf("old failure not swept: %d", n)
	}
}

func testAPIKeys(t *testing.T, s newsroomStore, clock *Clock) {
	ctx := context.Background()
	k := &user.APIKey{Name: "wire", Hash: "abc", Prefix: "kq_abc", CreatedAt: clock.Now()}
	must(t, s.CreateAPIKey(ctx, k))
	if err := s.CreateAPIKey(ctx, &user.APIKey{Name: "dup", Hash: "abc", CreatedAt: clock.Now()}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("same hash twice: got %v, want ErrConflict", err)
	}
	clock.Add(time.Minute)
	must(t, s.CreateAPIKey(ctx, &user.APIKey{Name: "second", Hash: "def", Prefix: "kq_def", CreatedAt: clock.Now(), CreatedBy: 3}))
	got, err := s.APIKeyByHash(ctx, "abc")
	must(t, err)
	if got.ID != k.ID || got.Name != "wire" || !got.Active() {
		t.Fatalf("by hash: %+v", got)
	}
	must(t, s.RevokeAPIKey(ctx, k.ID, clock.Now()))
	got, _ = s.APIKeyByHash(ctx, "abc")
	if got.Active() || !got.RevokedAt.Equal(clock.Now()) {
		t.Fatalf("revoked key: %+v", got)
	}
	if err := s.RevokeAPIKey(ctx, 9999, clock.Now()); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("revoke missing: %v", err)
	}
	if _, err := s.APIKeyByHash(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown hash: %v", err)
	}
	list, err := s.ListAPIKeys(ctx)
	must(t, err)
	if len(list) != 2 || list[0].Name != "second" || list[0].CreatedBy != 3 {
		t.Fatalf("list newest first: %+v", list)
	}
}

func testAudit(t *testing.T, s newsroomStore, clock *Clock) {
	ctx := context.Background()
	for i, a := range []string{"login", "article.publish", "settings.save"} {
		e := &user.AuditEntry{At: clock.Now().Add(time.Duration(i) * time.Second), UserID: 1, UserName: "Ana", Action: a, Target: "x", Detail: "d"}
		must(t, s.AddAudit(ctx, e))
		if e.ID == 0 {
			t.Fatal("audit entry without ID")
		}
	}
	list, total, err := s.ListAudit(ctx, 2, 0)
	must(t, err)
	if total != 3 || len(list) != 2 || list[0].Action != "settings.save" || list[0].UserName != "Ana" {
		t.Fatalf("audit page 1: total %d, %+v", total, list)
	}
	list, _, err = s.ListAudit(ctx, 2, 2)
	must(t, err)
	if len(list) != 1 || list[0].Action != "login" || !list[0].At.Equal(clock.Now()) {
		t.Fatalf("audit page 2: %+v", list)
	}
}

func testRevisions(t *testing.T, s newsroomStore, clock *Clock) {
	ctx := context.Background()
	f := NewFixture(t, s)
	a := NewArticle("Premier titre", &f.Monde, clock.Now())
	a.Tags = []article.Tag{f.Asie}
	a.Authors = []article.Author{f.Alice}
	must(t, s.CreateArticle(ctx, a))
	saved, err := s.Article(ctx, a.ID)
	must(t, err)
	r1 := &store.Revision{ArticleID: a.ID, UserID: 1, UserName: "Ana", CreatedAt: clock.Now(), Article: *saved}
	must(t, s.AddRevision(ctx, r1))
	clock.Add(time.Minute)
	saved.Title = "Second titre"
	must(t, s.AddRevision(ctx, &store.Revision{ArticleID: a.ID, UserID: 2, UserName: "Béa", CreatedAt: clock.Now(), Article: *saved}))
	list, err := s.ListRevisions(ctx, a.ID)
	must(t, err)
	if len(list) != 2 || list[0].Article.Title != "Second titre" || list[1].UserName != "Ana" {
		t.Fatalf("revisions newest first: %+v", list)
	}
	got, err := s.Revision(ctx, r1.ID)
	must(t, err)
	if got.Article.Title != "Premier titre" || got.Article.Category == nil || got.Article.Category.Name != "Monde" ||
		len(got.Article.Tags) != 1 || len(got.Article.Authors) != 1 || !got.CreatedAt.Equal(r1.CreatedAt) ||
		!got.Article.PublishedAt.Equal(saved.PublishedAt) {
		t.Fatalf("revision round trip: %+v", got)
	}
	if err := s.AddRevision(ctx, &store.Revision{ArticleID: 9999, CreatedAt: clock.Now()}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("revision of a missing article: got %v, want ErrNotFound", err)
	}
	must(t, s.DeleteArticle(ctx, a.ID))
	if list, _ := s.ListRevisions(ctx, a.ID); len(list) != 0 {
		t.Fatalf("revisions outlive their article: %d", len(list))
	}
	if _, err := s.Revision(ctx, r1.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted revision: %v", err)
	}
}

func testMedia(t *testing.T, s newsroomStore, clock *Clock) {
	ctx := context.Background()
	orig := bytes.Repeat([]byte{0xff, 0x00, 0x7f}, 1000)
	m := &store.Media{Name: "photo.jpg", MIME: "image/jpeg", Width: 1000, Height: 500, Size: int64(len(orig)),
		Alt: "Une photo", UserID: 1, CreatedAt: clock.Now(),
		Variants: []store.MediaVariant{
			{Name: "orig", MIME: "image/jpeg", Width: 1000, Height: 500, Data: orig},
			{Name: "480", MIME: "image/jpeg", Width: 480, Height: 240, Data: []byte{1, 2, 3}},
		}}
	must(t, s.CreateMedia(ctx, m))
	got, err := s.MediaByID(ctx, m.ID)
	must(t, err)
	if got.Name != "photo.jpg" || got.Alt != "Une photo" || len(got.Variants) != 2 || got.Variants[0].Name != "480" || got.Variants[0].Data != nil {
		t.Fatalf("media: %+v", got)
	}
	v, err := s.MediaVariant(ctx, m.ID, "orig")
	must(t, err)
	if !bytes.Equal(v.Data, orig) || v.MIME != "image/jpeg" {
		t.Fatalf("variant bytes differ (%d bytes)", len(v.Data))
	}
	if _, err := s.MediaVariant(ctx, m.ID, "1600"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing variant: %v", err)
	}
	got.Caption, got.Credit = "Légende", "AFP"
	must(t, s.UpdateMedia(ctx, got))
	clock.Add(time.Minute)
	must(t, s.CreateMedia(ctx, &store.Media{Name: "b.png", MIME: "image/png", Width: 1, Height: 1, CreatedAt: clock.Now()}))
	list, total, err := s.ListMedia(ctx, 10, 0)
	must(t, err)
	if total != 2 || len(list) != 2 || list[0].Name != "b.png" || list[1].Caption != "Légende" {
		t.Fatalf("media list: %d %+v", total, list)
	}
	must(t, s.DeleteMedia(ctx, m.ID))
	if _, err := s.MediaVariant(ctx, m.ID, "orig"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("variant outlives its image: %v", err)
	}
	if err := s.DeleteMedia(ctx, m.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("delete twice: %v", err)
	}
}
