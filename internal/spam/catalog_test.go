package spam

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/i18n"
)

// TestReasonsTranslated checks that every reason the filter gives has a
// message in every language, formatted without leftovers.
func TestReasonsTranslated(t *testing.T) {
	b := i18n.MustNew()
	clk := &clock{time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}
	c := newClassifier(t, clk)
	var reasons []Reason
	add := func(d Decision) { reasons = append(reasons, d.Reasons...) }
	tok := c.tokens.Issue(clk.t.Add(-time.Minute), "a1")
	ctx := context.Background()
	add(c.Check(ctx, Comment{ArticleID: "a1", Content: "x https://a.example/1 https://b.example/2 https://adf.ly/3", Honeypot: "y", Form: &Form{Token: tok}}))
	add(c.Check(ctx, Comment{ArticleID: "a1", Content: "y", Form: &Form{Token: tok}}))
	add(c.Check(ctx, Comment{ArticleID: "a1", Content: "z", Form: &Form{Token: "bad"}}))
	add(c.Check(ctx, Comment{ArticleID: "a1", Content: "z", Form: &Form{}}))
	add(c.Check(ctx, Comment{ArticleID: "a1", Content: "z", Form: &Form{Token: c.tokens.Issue(clk.t, "a1")}}))
	add(c.Check(ctx, Comment{ArticleID: "a1", Content: "z", Form: &Form{Token: c.tokens.Issue(clk.t.Add(-48*time.Hour), "a1")}}))
	add(c.CheckText(Comment{Content: "Check out my channel and subscribe!!!"}))
	for range 12 {
		add(c.Check(ctx, Comment{Content: frenchComment, IP: "192.0.2.1", UserAgent: "curl/8.0"}))
	}
	reasons = append(reasons, Reason{Key: "spam.reason.test"}, Reason{Key: "spam.reason.trusted"})
	seen := map[string]bool{}
	for _, r := range reasons {
		seen[r.Key] = true
		for _, lang := range i18n.Languages {
			msg := b.T(lang, r.Key, r.Args...)
			if msg == r.Key || strings.Contains(msg, "%!") {
				t.Errorf("%s %s: got %q", lang, r.Key, msg)
			}
		}
	}
	if len(seen) < 15 {
		t.Errorf("only %d reason keys exercised: %v", len(seen), seen)
	}
}
