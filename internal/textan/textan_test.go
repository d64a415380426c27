package textan

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTerms(t *testing.T) {
	tests := []struct {
		name, lang, text string
		want             []string
	}{
		{"french sentence with elision and accents", "fr",
			"Antony Blinken met en garde l'Asie centrale à Tachkent.",
			[]string{"antony", "blinken", "met", "gard", "asi", "central", "tachkent"}},
		{"typographic apostrophes", "fr",
			"L’Ukraine n’a pas dit qu’aucun accord d’Astana n’existait",
			[]string{"ukrain", "dit", "aucun", "accord", "astan", "exist"}},
		{"long elisions", "fr",
			"Jusqu'au bout, lorsqu'elle parle, puisqu'on l'écoute",
			[]string{"bout", "parl", "ecout"}},
		{"plural and singular meet, adjective stays apart", "fr",
			"Les élections, une élection électorale",
			[]string{"elect", "elect", "electoral"}},
		{"accents folded so unaccented queries match", "fr",
			"election Élection ELECTION",
			[]string{"elect", "elect", "elect"}},
		{"numbers kept", "fr",
			"Le sommet C5+1 du 27 novembre 2026",
			[]string{"sommet", "c5", "1", "27", "novembr", "2026"}},
		{"english possessive and stemming", "en",
			"Blinken's visit: the Secretary visited Kazakhstan's capital, visiting leaders",
			[]string{"blinken", "visit", "secretari", "visit", "kazakhstan", "capit", "visit", "leader"}},
		{"english stop words", "en",
			"It was the best of times, it was the worst of times",
			[]string{"best", "time", "worst", "time"}},
		{"non latin letters kept", "fr",
			"Алматы et 東京",
			[]string{"алматы", "東京"}},
		{"indic vowel signs stay in their word", "en",
			"भारतीय अंतरिक्ष अनुसंधान संगठन",
			[]string{"भारतीय", "अतरिकष", "अनसधान", "सगठन"}},
		{"ligatures spelled out", "fr",
			"Œuvre cœur",
			[]string{"oeuvr", "coeur"}},
		{"invalid utf-8 separates words", "en",
			"market\xffprices",
			[]string{"market", "price"}},
		{"empty", "fr", "", nil},
		{"only punctuation", "fr", "« — ! ? » ' ’", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Terms(tt.lang, tt.text)
			if len(got) == 0 {
				got = nil
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Terms(%q, %q) = %q, want %q", tt.lang, tt.text, got, tt.want)
			}
		})
	}
}

func TestAnalyzeOffsets(t *testing.T) {
	text := "À Tachkent, l'Asie centrale écoute."
	toks := Analyze("fr", text)
	var words []string
	for _, tk := range toks {
		words = append(words, text[tk.Start:tk.End])
	}
	want := []string{"Tachkent", "Asie", "centrale", "écoute"}
	if !slices.Equal(words, want) {
		t.Fatalf("words = %q, want %q", words, want)
	}
	if !toks[0].Capitalized || !toks[1].Capitalized || toks[2].Capitalized {
		t.Errorf("capitalization = %v %v %v, want true true false", toks[0].Capitalized, toks[1].Capitalized, toks[2].Capitalized)
	}
	for i, tk := range toks {
		if tk.Pos != i {
			t.Errorf("token %d has Pos %d", i, tk.Pos)
		}
	}
}

func TestFold(t *testing.T) {
	if got := Fold("Élection à Tachkent"); got != "electionatachkent" {
		t.Errorf("Fold = %q", got)
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"l'Ukraine d’Asie", "qu'", "'", "a'b'c", "\xff\xfe", "Ünïcödé 123", strings.Repeat("x", 100), "l’", "é\u0301"} {
		f.Add("fr", s)
		f.Add("en", s)
	}
	f.Fuzz(func(t *testing.T, lang, text string) {
		toks := Analyze(lang, text)
		last := -1
		for i, tk := range toks {
			if tk.Term == "" || len(tk.Term) > MaxTermLen {
				t.Fatalf("bad term %q", tk.Term)
			}
			if !utf8.ValidString(tk.Term) {
				t.Fatalf("term %q is not UTF-8", tk.Term)
			}
			if strings.ContainsAny(tk.Term, " \"'’*:-") {
				t.Fatalf("term %q holds a separator or query syntax", tk.Term)
			}
			if tk.Start < 0 || tk.End > len(text) || tk.Start >= tk.End || tk.Start < last {
				t.Fatalf("bad range %d..%d (last %d) in %q", tk.Start, tk.End, last, text)
			}
			if tk.Pos != i {
				t.Fatalf("pos %d at %d", tk.Pos, i)
			}
			last = tk.End
		}
	})
}

func TestNames(t *testing.T) {
	tests := []struct {
		name, lang, text string
		want             []string
	}{
		{"two names", "fr", "Antony Blinken a rencontré Kassym-Jomart Tokaïev à Astana.",
			[]string{"antony_blinken", "kassym_jomart_tokaiev"}},
		{"punctuation breaks a name", "en", "Microsoft. Google said", nil},
		{"single capitalized word is no name", "en", "Kazakhstan is large", nil},
		{"stop words break a name", "en", "the Bank of England raised rates", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Names(tt.lang, tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("Names = %q, want %q", got, tt.want)
			}
		})
	}
}
