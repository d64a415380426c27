package search

import (
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, lang, raw string
		want            [][][]string
		phrase          bool
	}{
		{"words with both stems", "fr", "élections Tachkent",
			[][][]string{{{"elect"}, {"election"}}, {{"tachkent"}}}, false},
		{"phrase", "fr", `"Asie centrale" Blinken`,
			[][][]string{{{"asi", "central"}}, {{"blinken"}}}, true},
		{"elision in query", "fr", "l’Ukraine",
			[][][]string{{{"ukrain"}}}, false},
		{"unbalanced quote is ignored", "en", `"central asia`,
			[][][]string{{{"central"}}, {{"asia"}, {"asi"}}}, false},
		{"fts syntax is a separator", "en", `tax* NEAR(a b) title:budget -cuts`,
			[][][]string{{{"tax"}}, {{"near"}}, {{"titl"}}, {{"budget"}}, {{"cut"}}}, false},
		{"only stop words", "fr", "le la les de", nil, false},
		{"empty", "fr", "   ", nil, false},
		{"invalid utf-8", "en", "bud\xffget", [][][]string{{{"bud"}}, {{"get"}}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := Parse(tt.lang, tt.raw)
			got := q.Groups
			for i, g := range got { // drop duplicate alternatives for the comparison
				if len(g) == 2 && reflect.DeepEqual(g[0], g[1]) {
					got[i] = g[:1]
				}
			}
			want := tt.want
			for i, g := range want {
				if len(g) == 2 && reflect.DeepEqual(g[0], g[1]) {
					want[i] = g[:1]
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Parse(%q).Groups = %q, want %q", tt.raw, got, want)
			}
			if q.HasPhrase != tt.phrase {
				t.Errorf("HasPhrase = %v, want %v", q.HasPhrase, tt.phrase)
			}
		})
	}
}

func TestParseLongQuery(t *testing.T) {
	q := Parse("fr", strings.Repeat("économie ", 2000))
	if len(q.Groups) > MaxGroups {
		t.Fatalf("%d groups, want at most %d", len(q.Groups), MaxGroups)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`"a b`, `""`, `NEAR(x y, 3)`, `*:-`, "\xff\xfe", `l'"`, strings.Repeat(`"`, 30), "«Asie centrale»"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, lang := range []string{"fr", "en"} {
			q := Parse(lang, raw)
			if len(q.Groups) > MaxGroups || len(q.Words) != len(q.Groups) {
				t.Fatalf("%d groups, %d words", len(q.Groups), len(q.Words))
			}
			for _, g := range q.Groups {
				if len(g) == 0 {
					t.Fatal("empty group")
				}
				for _, alt := range g {
					if len(alt) == 0 {
						t.Fatal("empty alternative")
					}
					for _, term := range alt {
						if term == "" || strings.ContainsAny(term, "\"*:()- '") {
							t.Fatalf("unsafe term %q", term)
						}
					}
				}
			}
		}
	})
}

func TestSnippet(t *testing.T) {
	text := strings.Repeat("Un texte sans intérêt pour remplir. ", 20) +
		"Antony Blinken est arrivé à Tachkent <mardi> pour parler d'élections. " +
		strings.Repeat("Encore du remplissage ici. ", 20)
	q := Parse("fr", "blinken élection")
	got := Snippet("fr", text, q.Terms, 120)
	for _, want := range []string{"<mark>Blinken</mark>", "<mark>élections</mark>", "&lt;mardi&gt;", "…"} {
		if !strings.Contains(got, want) {
			t.Errorf("snippet %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "<mardi>") {
		t.Errorf("snippet %q is not escaped", got)
	}
	if got := Highlight("fr", "L'Ukraine & <b>", Parse("fr", "ukraine").Terms); got != "L&#39;<mark>Ukraine</mark> &amp; &lt;b&gt;" {
		t.Errorf("Highlight = %q", got)
	}
}

// Matches far into a long article, past the first chunks analyzed, are
// found and marked, and so is a match just past the first chunk.
func TestSnippetLongText(t *testing.T) {
	filler := strings.Repeat("Un texte sans intérêt pour remplir la page. ", 200)
	for _, text := range []string{
		filler + "Antony Blinken arrive à Tachkent. " + filler,
		strings.Repeat("x", snippetChunk-3) + " Blinken à Tachkent " + filler,
	} {
		got := Snippet("fr", text, Parse("fr", "blinken").Terms, 120)
		if !strings.Contains(got, "<mark>Blinken</mark>") {
			t.Errorf("snippet %q lacks the match", got)
		}
	}
}

// A text known to hold no match (what the search index tells) gives the
// same snippet from its start alone, or from its lead alone when the lead
// is longer than the snippet, as when all of it is scanned.
func TestSnippetWithoutMatch(t *testing.T) {
	lead := strings.Repeat("Une entrée en matière <assez> longue pour le résumé. ", 6)
	body := strings.Repeat("Le corps de l'article, sans rien de ce qu'on cherche. ", 300)
	terms := Parse("fr", "blinken").Terms
	for _, tc := range []struct{ name, text, short string }{
		{"long lead", lead + "\n\n" + body, lead + "\n\n"},
		{"short lead", "Court.\n\n" + body, "Court.\n\n" + body},
		{"short text", "Court.\n\nBref.", "Court.\n\nBref."},
	} {
		want := Snippet("fr", tc.text, terms, snippetWidth)
		if got := snippet("fr", tc.short, terms, snippetWidth, false); got != want {
			t.Errorf("%s: snippet without scanning = %q, want %q", tc.name, got, want)
		}
	}
}
