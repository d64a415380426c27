package spam

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newClassifier(t testing.TB, clk *clock) *Classifier {
	t.Helper()
	tk, err := NewTokens([]byte("0123456789abcdef-test-secret"), nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(Options{Tokens: tk, Now: clk.now, BadDomains: []string{"spam-pharma.example"}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func reasonKeys(d Decision) []string {
	var keys []string
	for _, r := range d.Reasons {
		keys = append(keys, r.Key)
	}
	return keys
}

const firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"

const frenchComment = "Merci pour cet article très clair sur la réunion d'Astana. " +
	"Je me demande quand même ce que la France pourra négocier avec les pays d'Asie centrale."

func TestCheck(t *testing.T) {
	t0 := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name        string
		comment     func(tk *Tokens) Comment
		wantSpam    bool
		wantDiscard bool
		wantReason  string
	}{
		{"a French reader's comment through the form", func(tk *Tokens) Comment {
			return Comment{ArticleID: "a1", Content: frenchComment, Author: "Claire",
				Form: &Form{Token: tk.Issue(t0.Add(-2*time.Minute), "a1")}}
		}, false, false, "spam.reason.text_ham"},
		{"an English reader's comment from the API", func(*Tokens) Comment {
			return Comment{Content: "Thanks, a clear summary of the talks. I wonder what the gas deal means for prices next winter."}
		}, false, false, "spam.reason.text_ham"},
		{"channel promotion", func(*Tokens) Comment {
			return Comment{Content: "Hey guys check out my new channel and please subscribe!!! http://youtube.com/mychannel", Author: "Promo"}
		}, true, false, "spam.reason.text_spam"},
		{"SMS prize spam", func(*Tokens) Comment {
			return Comment{Content: "WINNER!! You have been selected to receive a £900 prize reward! To claim call 09061701461. Claim code KL341."}
		}, true, false, "spam.reason.text_spam"},
		{"honeypot filled", func(tk *Tokens) Comment {
			return Comment{ArticleID: "a1", Content: frenchComment,
				Honeypot: "http://x.example", Form: &Form{Token: tk.Issue(t0.Add(-2*time.Minute), "a1")}}
		}, true, true, "spam.reason.honeypot"},
		{"form token missing", func(*Tokens) Comment {
			return Comment{ArticleID: "a1", Content: frenchComment, Form: &Form{}}
		}, true, false, "spam.reason.token_missing"},
		{"form token for another article", func(tk *Tokens) Comment {
			return Comment{ArticleID: "a1", Content: frenchComment, Form: &Form{Token: tk.Issue(t0.Add(-time.Minute), "a2")}}
		}, true, false, "spam.reason.token_invalid"},
		{"form sent in one second", func(tk *Tokens) Comment {
			return Comment{ArticleID: "a1", Content: frenchComment, Form: &Form{Token: tk.Issue(t0.Add(-time.Second), "a1")}}
		}, true, false, "spam.reason.too_fast"},
		{"form served two days ago", func(tk *Tokens) Comment {
			return Comment{ArticleID: "a1", Content: frenchComment, Form: &Form{Token: tk.Issue(t0.Add(-48*time.Hour), "a1")}}
		}, false, false, "spam.reason.too_old"},
		{"a known spam domain", func(*Tokens) Comment {
			return Comment{Content: frenchComment + " Voir https://shop.spam-pharma.example/p"}
		}, true, true, "spam.reason.bad_domain"},
		{"a shipped spam domain in the website field", func(*Tokens) Comment {
			return Comment{Content: frenchComment, URL: "http://adf.ly/x1"}
		}, true, true, "spam.reason.bad_domain"},
		{"posted by a script", func(*Tokens) Comment {
			return Comment{Content: frenchComment, IP: "192.0.2.50", UserAgent: "python-requests/2.32"}
		}, false, false, "spam.reason.user_agent"}, // held for review, not spam
		{"many links", func(*Tokens) Comment {
			return Comment{Content: frenchComment + " https://a.example/1 https://b.example/2 https://c.example/3 https://d.example/4 https://e.example/5 https://f.example/6"}
		}, true, false, "spam.reason.links"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clk := &clock{t0}
			c := newClassifier(t, clk)
			d := c.Check(context.Background(), tc.comment(c.tokens))
			if d.Spam != tc.wantSpam || d.Discard != tc.wantDiscard {
				t.Errorf("got spam=%v discard=%v score=%.2f %v, want spam=%v discard=%v",
					d.Spam, d.Discard, d.Score, reasonKeys(d), tc.wantSpam, tc.wantDiscard)
			}
			if !slices.Contains(reasonKeys(d), tc.wantReason) {
				t.Errorf("got reasons %v, want %s among them", reasonKeys(d), tc.wantReason)
			}
			if d.Score < 0 || d.Score > 1 {
				t.Errorf("got score %v, want within [0, 1]", d.Score)
			}
		})
	}
}

func TestCheckReplayedToken(t *testing.T) {
	clk := &clock{time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}
	c := newClassifier(t, clk)
	cm := Comment{ArticleID: "a1", Content: frenchComment, Form: &Form{Token: c.tokens.Issue(clk.t.Add(-time.Minute), "a1")}}
	if d := c.Check(context.Background(), cm); d.Spam {
		t.Fatalf("first post: got spam %v", reasonKeys(d))
	}
	d := c.Check(context.Background(), cm)
	if !d.Spam || !d.Discard || !slices.Contains(reasonKeys(d), "spam.reason.token_replayed") {
		t.Fatalf("replayed: got spam=%v discard=%v %v, want discarded spam, token_replayed", d.Spam, d.Discard, reasonKeys(d))
	}
}

func TestCheckDuplicates(t *testing.T) {
	clk := &clock{time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}
	c := newClassifier(t, clk)
	var d Decision
	for i := range 6 {
		clk.t = clk.t.Add(time.Hour) // other hours, other addresses: no rate limit
		d = c.Check(context.Background(), Comment{Content: frenchComment, IP: fmt.Sprint("192.0.2.", i), UserAgent: firefox})
	}
	if !d.Spam || !slices.Contains(reasonKeys(d), "spam.reason.duplicate") {
		t.Fatalf("sixth copy: got spam=%v %v, want spam with duplicate", d.Spam, reasonKeys(d))
	}
}

func TestCheckRateLimit(t *testing.T) {
	clk := &clock{time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}
	c := newClassifier(t, clk)
	for i := range 10 {
		clk.t = clk.t.Add(15 * time.Second)
		if d := c.Check(context.Background(), Comment{Content: fmt.Sprint(frenchComment, i), IP: "198.51.100.7"}); d.RateLimited {
			t.Fatalf("post %d rate limited", i+1)
		}
	}
	d := c.Check(context.Background(), Comment{Content: "Encore un commentaire, un autre.", IP: "198.51.100.7"})
	if !d.RateLimited || d.RetryAfter <= 0 {
		t.Fatalf("eleventh post in 3 minutes: got rate limited=%v retry after %v", d.RateLimited, d.RetryAfter)
	}
	if d := c.Check(context.Background(), Comment{Content: frenchComment, IP: "198.51.100.8"}); d.RateLimited {
		t.Fatal("another address was rate limited")
	}
	clk.t = clk.t.Add(11 * time.Minute)
	if d := c.Check(context.Background(), Comment{Content: "Et maintenant, après une pause ?", IP: "198.51.100.7"}); d.RateLimited {
		t.Fatal("still rate limited after the window")
	}
}

func TestLearnAndState(t *testing.T) {
	clk := &clock{time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}
	c := newClassifier(t, clk)
	// A spam wave the shipped data does not know: French crypto scams.
	spams := []string{
		"Investissez dans le bitcoin avec notre plateforme Cryptorama, rendement garanti de 30 pour cent par semaine",
		"Cryptorama : gagnez un rendement garanti sur vos bitcoins, inscription gratuite aujourd'hui",
		"Rendement garanti chaque semaine avec Cryptorama, le meilleur placement en bitcoin",
	}
	probe := Comment{Content: "Placement bitcoin Cryptorama, rendement garanti, inscrivez-vous"}
	before := c.CheckText(probe)
	for range 3 {
		for _, s := range spams {
			c.Learn(Comment{Content: s}, true)
		}
		c.Learn(Comment{Content: frenchComment}, false)
	}
	after := c.CheckText(probe)
	if !after.Spam || after.Score <= before.Score {
		t.Fatalf("after learning: got spam=%v score %.2f (before %.2f), want spam with a higher score", after.Spam, after.Score, before.Score)
	}
	if d := c.CheckText(Comment{Content: frenchComment}); d.Spam {
		t.Fatalf("the approved comment became spam: score %.2f", d.Score)
	}

	state := c.State()
	fresh := newClassifier(t, clk)
	if err := fresh.Restore(state); err != nil {
		t.Fatal(err)
	}
	if got := fresh.CheckText(probe).Score; got != after.Score {
		t.Errorf("restored classifier: got score %v, want %v", got, after.Score)
	}
	if got, want := fresh.Learned(), 12; got != want {
		t.Errorf("restored classifier: got %d learned, want %d", got, want)
	}
	if got := fresh.State(); len(got) != len(state) {
		t.Errorf("state does not round-trip: %d bytes then %d", len(state), len(got))
	}
	t.Logf("state after 12 decisions: %d bytes", len(state))
}

func TestRestoreRejects(t *testing.T) {
	c := newClassifier(t, &clock{time.Now()})
	c.Learn(Comment{Content: frenchComment}, false)
	good := c.State()
	for name, b := range map[string][]byte{
		"empty":     nil,
		"garbage":   []byte("hello"),
		"truncated": good[:len(good)-3],
		"trailing":  append(append([]byte{}, good...), 1),
	} {
		if err := c.Restore(b); err == nil {
			t.Errorf("%s: got nil error", name)
		}
	}
	if c.Learned() != 1 {
		t.Errorf("a failed Restore changed the state")
	}
}

func FuzzRestore(f *testing.F) {
	c := newClassifier(f, &clock{time.Now()})
	c.Learn(Comment{Content: frenchComment}, true)
	f.Add(c.State())
	f.Add([]byte(stateMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		fresh := newClassifier(t, &clock{time.Now()})
		if err := fresh.Restore(b); err != nil {
			return
		}
		// Whatever was accepted must score to a number and save again.
		if s := fresh.CheckText(Comment{Content: frenchComment}).Score; s != s {
			t.Fatal("score is NaN after Restore")
		}
		if err := fresh.Restore(fresh.State()); err != nil {
			t.Fatalf("state does not round-trip: %v", err)
		}
	})
}

func FuzzCheckText(f *testing.F) {
	c := newClassifier(f, &clock{time.Now()})
	for _, s := range []string{frenchComment, "<a href=\"http://x.example\">x</a>", "www.", "http://[::1", "\xff\xfe", "#12345678901234567890"} {
		f.Add(s, "author", "http://site.example")
	}
	f.Fuzz(func(t *testing.T, content, author, url string) {
		d := c.CheckText(Comment{Content: content, Author: author, URL: url})
		if d.Score < 0 || d.Score > 1 || len(d.Reasons) == 0 {
			t.Fatalf("got score %v reasons %v", d.Score, d.Reasons)
		}
		for _, r := range d.Reasons {
			if !strings.HasPrefix(r.Key, "spam.reason.") {
				t.Fatalf("reason key %q outside the catalog area", r.Key)
			}
		}
	})
}

func BenchmarkCheck(b *testing.B) {
	clk := &clock{time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}
	c := newClassifier(b, clk)
	long := strings.Repeat(frenchComment+" ", 8) // about 1,500 characters
	tok := c.tokens.Issue(clk.t.Add(-time.Minute), "a1")
	for _, bc := range []struct {
		name string
		cm   Comment
	}{
		{"short", Comment{ArticleID: "a1", Content: frenchComment, Author: "Claire", IP: "192.0.2.1", UserAgent: firefox}},
		{"long with links", Comment{ArticleID: "a1", Content: long + " https://example.org/a http://b.example/c", Author: "Claire", URL: "https://claire.example", IP: "192.0.2.1", UserAgent: firefox}},
		{"through the form", Comment{ArticleID: "a1", Content: frenchComment, IP: "192.0.2.1", UserAgent: firefox, Form: &Form{Token: tok}}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				i++
				clk.t = clk.t.Add(time.Hour) // keep the rate limit out of the way
				cm := bc.cm
				cm.IP = fmt.Sprint("10.0.", i%250, ".", i/250%250)
				c.Check(context.Background(), cm)
			}
		})
	}
}

func TestConcurrentUse(t *testing.T) {
	c := newClassifier(t, &clock{time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)})
	done := make(chan struct{})
	for g := range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range 50 {
				cm := Comment{Content: fmt.Sprint(frenchComment, g, i), IP: fmt.Sprint("192.0.2.", g), UserAgent: firefox}
				c.Check(context.Background(), cm)
				c.Learn(cm, i%2 == 0)
				_ = c.State()
			}
		}()
	}
	for range 4 {
		<-done
	}
	if got := c.Learned(); got != 200 {
		t.Errorf("got %d learned, want 200", got)
	}
}
