package article

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSlugify(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Blinken met en garde l’Asie centrale", "blinken-met-en-garde-lasie-centrale"},
		{"Blinken met en garde l'Asie centrale contre les dangers de la guerre en Ukraine", "blinken-met-en-garde-lasie-centrale-contre-les-dangers-de-la-guerre-en-ukraine"},
		{"Élection présidentielle : ce qu’il faut savoir", "election-presidentielle-ce-quil-faut-savoir"},
		{"Cœur de l’Europe — Straße", "coeur-de-leurope-strasse"},
		{"C5+1 à Astana, 2026", "c5-1-a-astana-2026"},
		{"  --Déjà vu!!  ", "deja-vu"},
		{"Москва", ""},
		{"", ""},
	} {
		if got := Slugify(c.in); got != c.want {
			t.Errorf("Slugify(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSlugifyCutsLongTitlesAtAWord(t *testing.T) {
	got := Slugify(strings.Repeat("mot ", 60))
	if len(got) > MaxSlug || strings.HasSuffix(got, "-") || strings.HasSuffix(got, "-mo") {
		t.Errorf("Slugify(long) = %q", got)
	}
	if s := WithSuffix(got, 12); len(s) > MaxSlug || !strings.HasSuffix(s, "-12") {
		t.Errorf("WithSuffix = %q", s)
	}
}

func TestReserved(t *testing.T) {
	for _, s := range []string{"admin", "category", "feed", "api", "static", "media", "privacy", "page", "search", "tag", "author"} {
		if !IsReserved(s) || Unreserved(s, "x") == s {
			t.Errorf("%q must be reserved", s)
		}
	}
	if Unreserved("", "article") != "article" {
		t.Error("empty slug must take the fallback")
	}
}

func TestValidate(t *testing.T) {
	ok := Article{Title: "T", Lang: "fr", Status: Draft}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		mod   func(*Article)
		field string
	}{
		"empty title":       {func(a *Article) { a.Title = " " }, "title"},
		"bad utf-8":         {func(a *Article) { a.Body = "\xff" }, "body"},
		"reserved slug":     {func(a *Article) { a.Slug = "admin" }, "slug"},
		"unslugged slug":    {func(a *Article) { a.Slug = "Hé ho" }, "slug"},
		"unknown lang":      {func(a *Article) { a.Lang = "de" }, "lang"},
		"unknown status":    {func(a *Article) { a.Status = "live" }, "status"},
		"schedule, no date": {func(a *Article) { a.Status = Scheduled }, "published"},
	} {
		a := ok
		c.mod(&a)
		err := a.Validate()
		fe, isFE := err.(FieldErrors)
		if !isFE || fe[c.field] == "" {
			t.Errorf("%s: got %v, want an error on %s", name, err, c.field)
		}
	}
}

func FuzzSlugify(f *testing.F) {
	for _, s := range []string{"Blinken met en garde l’Asie centrale", "Ärger über Öl", "\xff\xfe", "a--b", strings.Repeat("é", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		s := Slugify(title)
		if len(s) > MaxSlug || !utf8.ValidString(s) || strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-") || strings.Contains(s, "--") {
			t.Fatalf("Slugify(%q) = %q", title, s)
		}
		for _, r := range s {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				t.Fatalf("Slugify(%q) = %q has %q", title, s, r)
			}
		}
		if Slugify(s) != s {
			t.Fatalf("Slugify is not idempotent on %q", s)
		}
	})
}
