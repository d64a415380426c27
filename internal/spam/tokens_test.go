package spam

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func newTokens(t testing.TB) *Tokens {
	t.Helper()
	tk, err := NewTokens([]byte("0123456789abcdef-test-secret"), nil)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

func TestTokens(t *testing.T) {
	served := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name    string
		token   func(tk *Tokens) string
		at      time.Duration // after served
		article string
		want    error
	}{
		{"sent after a minute", func(tk *Tokens) string { return tk.Issue(served, "a1") }, time.Minute, "a1", nil},
		{"sent after 23 hours", func(tk *Tokens) string { return tk.Issue(served, "a1") }, 23 * time.Hour, "a1", nil},
		{"sent within a second", func(tk *Tokens) string { return tk.Issue(served, "a1") }, time.Second, "a1", ErrTokenTooFast},
		{"sent after two days", func(tk *Tokens) string { return tk.Issue(served, "a1") }, 48 * time.Hour, "a1", ErrTokenExpired},
		{"for another article", func(tk *Tokens) string { return tk.Issue(served, "a1") }, time.Minute, "a2", ErrTokenInvalid},
		{"issued in the future", func(tk *Tokens) string { return tk.Issue(served.Add(time.Hour), "a1") }, time.Minute, "a1", ErrTokenInvalid},
		{"empty", func(*Tokens) string { return "" }, time.Minute, "a1", ErrTokenInvalid},
		{"not base64", func(*Tokens) string { return "!!!" }, time.Minute, "a1", ErrTokenInvalid},
		{"tampered", func(tk *Tokens) string {
			s := []byte(tk.Issue(served, "a1"))
			s[3] ^= 1
			return string(s)
		}, time.Minute, "a1", ErrTokenInvalid},
		{"signed with another secret", func(*Tokens) string {
			other, _ := NewTokens([]byte("another-secret-of-16+"), nil)
			return other.Issue(served, "a1")
		}, time.Minute, "a1", ErrTokenInvalid},
		{"truncated", func(tk *Tokens) string { s := tk.Issue(served, "a1"); return s[:len(s)-2] }, time.Minute, "a1", ErrTokenInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tk := newTokens(t)
			got := tk.Verify(tc.token(tk), served.Add(tc.at), tc.article, "192.0.2.1")
			if !errors.Is(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestTokensReplay(t *testing.T) {
	tk := newTokens(t)
	served := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	tok := tk.Issue(served, "a1")
	if err := tk.Verify(tok, served.Add(time.Minute), "a1", "192.0.2.1"); err != nil {
		t.Fatalf("first use: got %v, want nil", err)
	}
	if err := tk.Verify(tok, served.Add(2*time.Minute), "a1", "192.0.2.1"); !errors.Is(err, ErrTokenReplayed) {
		t.Fatalf("second use: got %v, want ErrTokenReplayed", err)
	}
	// A cached page gives the same token to every reader: another reader
	// may use it once too.
	if err := tk.Verify(tok, served.Add(3*time.Minute), "a1", "198.51.100.7"); err != nil {
		t.Fatalf("another reader: got %v, want nil", err)
	}
	if other := tk.Issue(served, "a1"); other == tok {
		t.Fatal("two tokens issued at the same time are equal")
	}
	if strings.ContainsAny(tok, "+/=") {
		t.Errorf("token %q is not URL-safe", tok)
	}
}

func TestNewTokensShortSecret(t *testing.T) {
	if _, err := NewTokens([]byte("short"), nil); err == nil {
		t.Fatal("got nil error for a 5-byte secret")
	}
}

func FuzzTokensVerify(f *testing.F) {
	tk := newTokens(f)
	served := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	f.Add(tk.Issue(served, "a1"))
	f.Add("")
	f.Add("AAAA")
	f.Fuzz(func(t *testing.T, s string) {
		fresh, err := NewTokens([]byte("a secret nobody issued with"), nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := fresh.Verify(s, served.Add(time.Minute), "a1", "192.0.2.1"); err == nil {
			t.Fatalf("a token not issued by this secret verified: %q", s)
		}
	})
}
