package web

import (
	"context"
	"github.com/kiosque/kiosque/internal/browsertest"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/spam"
)

// lockedClock is a clock the test moves while the server reads it.
type lockedClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *lockedClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *lockedClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// TestBrowserCommentAndReply posts a comment and a reply with a real
// browser, without JavaScript on the page, and sees both, threaded.
func TestBrowserCommentAndReply(t *testing.T) {
	ctx := browsertest.New(t, 1280, 900, 60*time.Second)
	f := newFixture(t)
	clock := &lockedClock{t: f.now}
	tokens, err := spam.NewTokens([]byte("browser-test-secret-0123456789"), nil)
	if err != nil {
		t.Fatal(err)
	}
	filter, err := spam.New(spam.Options{Tokens: tokens, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(Options{Store: f.st, Messages: i18n.MustNew(), Now: clock.Now, Spam: filter, Tokens: tokens})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	article := srv.URL + "/" + f.main + "/"
	// A person takes more than a few seconds to write: move the clock
	// between reading the page and sending the form.
	think := chromedp.Func(func(context.Context, *chromedp.Target) error { clock.Add(30 * time.Second); return nil })
	err = chromedp.Do(ctx,
		chromedp.Navigate(article),
		chromedp.WaitVisible(`form.comment-form`),
		chromedp.SendKeys(`#c-name`, "Inès Laurent"),
		chromedp.SendKeys(`#c-email`, "ines@example.org"),
		chromedp.SendKeys(`#c-text`, "Un compte rendu clair et nuancé de la réunion d’Astana, merci à la rédaction pour ce suivi."),
		think,
		chromedp.Click(`form.comment-form button[type=submit]`),
		chromedp.WaitVisible(`li.comment-level-1`),
	)
	if err != nil {
		t.Fatal(err)
	}
	first, err := chromedp.Run(ctx, chromedp.Text(`li.comment-level-1 .comment-text`))
	if err != nil {
		t.Fatal(err)
	}
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(`li.comment-level-1 a.comment-reply`),
		chromedp.WaitReady(`form.comment-form input[name=parent]`),
		chromedp.SendKeys(`#c-name`, "Paul Mercier"),
		chromedp.SendKeys(`#c-email`, "paul@example.org"),
		chromedp.SendKeys(`#c-text`, "Je suis d’accord avec vous, les accords ferroviaires de la région méritent d’être suivis de près."),
		think,
		chromedp.Click(`form.comment-form button[type=submit]`),
		chromedp.WaitVisible(`li.comment-level-1 li.comment-level-2`),
	)
	if err != nil {
		t.Fatal(err)
	}
	reply, err := chromedp.Run(ctx, chromedp.Text(`li.comment-level-2 .comment-text`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(first, "Astana") || !strings.Contains(reply, "ferroviaires") {
		t.Errorf("comment %q, reply %q", first, reply)
	}
	if !strings.Contains(url, "#comment-") {
		t.Errorf("after posting the browser is at %q, want the comment's anchor", url)
	}
}
