package spam_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kiosque/kiosque/internal/demo"
	"github.com/kiosque/kiosque/internal/spam"
)

// verdicts counts how the shipped filter judges ham and spam comments.
type verdicts struct {
	ham, hamHeld, hamSpam  int // ham; held for review; called spam
	spam, caught, spamHeld int // spam; called spam; held for review
}

func (v *verdicts) add(isSpam bool, d spam.Decision) {
	switch {
	case isSpam:
		v.spam++
		if d.Spam {
			v.caught++
		} else if d.Review {
			v.spamHeld++
		}
	default:
		v.ham++
		if d.Spam {
			v.hamSpam++
		} else if d.Review {
			v.hamHeld++
		}
	}
}

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

func shippedFilter(t testing.TB) *spam.Classifier {
	t.Helper()
	c, err := spam.New(spam.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// shippedTexts are the contents of the examples the shipped model learns.
func shippedTexts(t testing.TB) map[string]bool {
	t.Helper()
	ex, err := spam.ShippedExamples()
	if err != nil {
		t.Fatal(err)
	}
	texts := make(map[string]bool, len(ex))
	for _, e := range ex {
		texts[e.Comment.Content] = true
	}
	return texts
}

// TestFrenchNewsComments measures the shipped filter on French news
// comments that are not in its training data: testdata/fr-comments.csv,
// written apart from model/kiosque-comments.csv, on other subjects
// (science, courts, culture, food, housing, pets) in a chattier style, with
// spam of kinds the training rows do not have (CPF training credit, fake
// virus alerts, inheritance, 1 € insulation). The bounds are regression
// guards a little looser than what the filter measured when they were set
// (28 Nov 2026): of 45 ham, 2 called spam (both carry a link or "gratuites")
// and 3 held; of 24 spam, 22 caught and 2 held, none published. Before
// Kiosque's own comments grew from 80 to 341, 2 ham were called spam and
// 10 held, and 23 spam were caught.
func TestFrenchNewsComments(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "fr-comments.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ex, err := spam.ReadExamples(f)
	if err != nil {
		t.Fatal(err)
	}
	trained := shippedTexts(t)
	c := shippedFilter(t)
	var v verdicts
	for i, e := range ex {
		if trained[e.Comment.Content] {
			t.Errorf("row %d is in the training data: a held-out comment must not be", i+2)
		}
		v.add(e.Spam, c.CheckText(e.Comment))
	}
	t.Logf("ham: %d, %d held, %d called spam; spam: %d, %d caught, %d held",
		v.ham, v.hamHeld, v.hamSpam, v.spam, v.caught, v.spamHeld)
	if v.ham < 40 || v.spam < 20 {
		t.Fatalf("got %d ham and %d spam, want at least 40 and 20", v.ham, v.spam)
	}
	if got := share(v.hamSpam, v.ham); got > 0.07 {
		t.Errorf("French ham called spam: got %.3f, want ≤ 0.07", got)
	}
	if got := share(v.hamSpam+v.hamHeld, v.ham); got > 0.15 {
		t.Errorf("French ham held or called spam: got %.3f, want ≤ 0.15", got)
	}
	if got := share(v.caught, v.spam); got < 0.85 {
		t.Errorf("French spam caught: got %.3f, want ≥ 0.85", got)
	}
	if got := share(v.spam-v.caught-v.spamHeld, v.spam); got > 0.05 {
		t.Errorf("French spam published unseen: got %.3f, want ≤ 0.05", got)
	}
}

// maxDemoHeld bounds the demo site's legitimate comments held for review:
// 3 of 55 when it was set (28 Nov 2026), 18 before Kiosque's own training
// comments grew from 80 to 341.
const maxDemoHeld = 4

// TestDemoComments checks the demo site's comments (internal/demo), which
// the shipped model never learns: no legitimate comment called spam, every
// spam caught, few legitimate comments held.
func TestDemoComments(t *testing.T) {
	trained := shippedTexts(t)
	c := shippedFilter(t)
	var v verdicts
	for i, cm := range demo.Comments {
		if trained[cm.Text] {
			t.Errorf("demo comment %d is in the training data: the demo is a check, not training data", i)
		}
		d := c.CheckText(spam.Comment{Content: cm.Text, Author: cm.AuthorName, Email: cm.Email, URL: cm.URL})
		v.add(cm.Spam, d)
		switch {
		case cm.Spam && !d.Spam:
			t.Errorf("demo comment %d is spam: got score %.2f, not called spam", i, d.Score)
		case !cm.Spam && d.Spam:
			t.Errorf("demo comment %d is legitimate: got score %.2f, called spam", i, d.Score)
		}
	}
	t.Logf("ham: %d, %d held, %d called spam; spam: %d, %d caught",
		v.ham, v.hamHeld, v.hamSpam, v.spam, v.caught)
	if v.hamHeld > maxDemoHeld {
		t.Errorf("got %d legitimate demo comments held for review, want at most %d", v.hamHeld, maxDemoHeld)
	}
}
