package web

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/comment/notify"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/spam"
)

// TestFormPieces: the untouched comment form pieced together around its
// action and token is byte for byte what the template writes, with and
// without a token and the notify option; a touched form is left to the
// template.
func TestFormPieces(t *testing.T) {
	f := newFixture(t)
	tokens, err := spam.NewTokens([]byte("0123456789abcdef0123456789abcdef"), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, o := range []Options{
		{Tokens: tokens},
		{},
		{Tokens: tokens, Notify: &notify.Notifier{}},
	} {
		o.Store, o.Messages, o.Now = f.st, i18n.MustNew(), func() time.Time { return f.now }
		h, err := newHandler(o)
		if err != nil {
			t.Fatal(err)
		}
		a, err := h.visibleArticle(ctx, f.main)
		if err != nil {
			t.Fatal(err)
		}
		for _, touched := range []bool{false, true} {
			p, err := h.articlePage(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			h.personalizeComments(httptest.NewRequest("GET", "/"+f.main+"/", nil), p)
			if touched {
				p.Comments.Form.Name = "Lecteur"
			}
			var want, got bytes.Buffer
			if err := h.execute(&want, "article", p); err != nil {
				t.Fatal(err)
			}
			for range 2 { // prerendered, then from the site view
				if err := h.prerenderForm(p); err != nil {
					t.Fatal(err)
				}
				got.Reset()
				if err := h.execute(&got, "article", p); err != nil {
					t.Fatal(err)
				}
				if got.String() != want.String() {
					t.Fatalf("tokens %v, touched %v: pieced form differs:\n%s", o.Tokens != nil, touched, firstDiff(want.String(), got.String()))
				}
			}
			if pieced := p.Comments.FormHTML != ""; pieced == touched {
				t.Errorf("touched %v: form pieced %v", touched, pieced)
			}
			if o.Tokens != nil && !strings.Contains(got.String(), `name="token" value="A`) {
				t.Error("no token in the form")
			}
			if touched && !strings.Contains(got.String(), `value="Lecteur"`) {
				t.Error("the touched form lost its input")
			}
		}
	}
}

// firstDiff shows where a and b start to differ.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-80)
	return "want …" + a[lo:min(len(a), i+80)] + "\ngot  …" + b[lo:min(len(b), i+80)]
}
