package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kiosque/kiosque/internal/admin"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/dial"
	"github.com/kiosque/kiosque/internal/user"
)

func withStdin(t *testing.T, s string) {
	old := stdin
	stdin = strings.NewReader(s)
	t.Cleanup(func() { stdin = old })
}

func TestUserAddAndAPIKey(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "k.db")
	ctx := context.Background()
	var out, errOut strings.Builder
	withStdin(t, "a long enough password\n")
	err := run(ctx, []string{"user", "add", "--db", db, "--email", "Chief@Example.org", "--name", "La Cheffe", "--role", "admin"}, env(nil), &out, &errOut)
	if err != nil {
		t.Fatalf("user add: %v\n%s", err, errOut.String())
	}
	withStdin(t, "another password!\n")
	if err := run(ctx, []string{"user", "add", "--db", db, "--email", "chief@example.org", "--name", "Twice", "--role", "editor"}, env(nil), &out, &errOut); err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Fatalf("same e-mail twice: %v", err)
	}
	withStdin(t, "short\n")
	if err := run(ctx, []string{"user", "add", "--db", db, "--email", "x@example.org", "--name", "X", "--role", "author"}, env(nil), &out, &errOut); err == nil || !strings.Contains(err.Error(), "password") {
		t.Fatalf("short password: %v", err)
	}
	if err := run(ctx, []string{"user", "add", "--db", db, "--email", "x@example.org", "--name", "X", "--role", "boss"}, env(nil), &out, &errOut); err == nil {
		t.Fatal("unknown role accepted")
	}

	withStdin(t, "the new password\n")
	if err := run(ctx, []string{"user", "passwd", "--db", db, "--email", "chief@example.org"}, env(nil), &out, &errOut); err != nil {
		t.Fatalf("user passwd: %v", err)
	}
	withStdin(t, "the new password\n")
	if err := run(ctx, []string{"user", "passwd", "--db", db, "--email", "nobody@example.org"}, env(nil), &out, &errOut); err == nil {
		t.Fatal("passwd of a missing account succeeded")
	}
	out.Reset()
	if err := run(ctx, []string{"apikey", "add", "--db", db, "agence"}, env(nil), &out, &errOut); err != nil {
		t.Fatalf("apikey add: %v\n%s", err, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	key := lines[len(lines)-1]
	if !strings.HasPrefix(key, user.APIKeyPrefix) {
		t.Fatalf("last line %q is not a key", key)
	}

	st, err := dial.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	nr := st.(store.Newsroom)
	u, err := nr.UserByEmail(ctx, "chief@example.org")
	if err != nil || u.Role != user.Admin || user.CheckPassword(u.PasswordHash, "the new password") != nil {
		t.Fatalf("stored account %+v: %v", u, err)
	}
	check := admin.APIKeyChecker(nr)
	if err := check(ctx, key); err != nil {
		t.Fatalf("printed key refused: %v", err)
	}
	if err := check(ctx, key+"x"); err == nil {
		t.Fatal("wrong key accepted")
	}
}
