package spam_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/spam"
	"github.com/kiosque/kiosque/internal/store/sqlite"
)

// Two nodes sharing one database: a form token spent on one is spent on
// the other, and when the database fails each node's own memory answers.
func TestSharedMemory(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "k.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	secret := []byte("a secret of at least sixteen bytes")
	node := func() *spam.Tokens {
		tk, err := spam.NewTokens(secret, spam.NewShared("tokens", st.AddSighting, spam.TokenMaxAge+time.Hour, nil))
		if err != nil {
			t.Fatal(err)
		}
		return tk
	}
	a, b := node(), node()
	now := time.Now()
	token := a.Issue(now.Add(-time.Minute), "7")
	if err := a.Verify(token, now, "7", "192.0.2.1"); err != nil {
		t.Fatalf("first post on node A: %v", err)
	}
	if err := b.Verify(token, now, "7", "192.0.2.1"); !errors.Is(err, spam.ErrTokenReplayed) {
		t.Errorf("replay on node B: %v, want ErrTokenReplayed", err)
	}
	if err := b.Verify(token, now, "7", "192.0.2.2"); err != nil {
		t.Errorf("another reader of the same cached page on node B: %v", err)
	}

	// Other memories on the same table do not count these keys.
	posts := spam.NewShared("posts", st.AddSighting, time.Hour, nil)
	if n := posts.Add("192.0.2.1", now); n != 1 {
		t.Errorf("posts memory counts %d, want 1", n)
	}

	st.Close() // the database is gone: the node's own memory answers
	if n := posts.Add("192.0.2.1", now); n != 2 {
		t.Errorf("without the database: %d, want 2 (this node's own count)", n)
	}
	if err := b.Verify(token, now, "7", "192.0.2.2"); !errors.Is(err, spam.ErrTokenReplayed) {
		t.Errorf("replay on node B without the database: %v", err)
	}
}
