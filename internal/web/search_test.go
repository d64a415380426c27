package web

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/related"
)

func searchFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	eng := &related.Engine{Store: f.st, Now: func() time.Time { return f.now }}
	if err := eng.Rebuild(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestSearchPage(t *testing.T) {
	f := searchFixture(t)
	check := noEnglish(t)
	q := "/search?q=" + url.QueryEscape("Asie centrale")
	check(q, f.page(t, q, 200))
	body := f.get(t, q).Body.String()
	for _, want := range []string{"<mark>", `href="/` + f.main + `/"`, `class="search-result"`, `name="robots"`} {
		if !strings.Contains(body, want) {
			t.Errorf("%s: page lacks %q", q, want)
		}
	}

	// Nothing found: a localized page with something to try.
	q = "/search?q=" + url.QueryEscape(`"centrale Astana diplomatie"`)
	check(q, f.page(t, q, 200))
	body = f.get(t, q).Body.String()
	for _, want := range []string{"Aucun article ne correspond", `class="search-suggestion"`, "Les derniers articles"} {
		if !strings.Contains(body, want) {
			t.Errorf("%s: page lacks %q", q, want)
		}
	}
}

func TestSearchBadInput(t *testing.T) {
	f := searchFixture(t)
	for _, q := range []string{
		"/search", "/search?q=", "/search?q=" + strings.Repeat("x%C3%A9", 10000),
		`/search?q=%22asie`, "/search?q=asie%22+NEAR%28a+b%29+*+%3A+-x", "/search?q=%FF%FE",
		"/search?q=asie&page=-3", "/search?q=asie&page=99999999999999", "/search?q=asie&from=hier&to=2026-13-45&category=nope",
	} {
		if rec := f.get(t, q); rec.Code != 200 {
			t.Errorf("%.60s: status %d", q, rec.Code)
		}
	}
}
