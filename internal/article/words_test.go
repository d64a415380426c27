package article

import (
	"strings"
	"testing"
)

// FuzzCountWords: countWords counts what strings.Fields splits, for any
// input, valid UTF-8 or not.
func FuzzCountWords(f *testing.F) {
	for _, s := range []string{"", " ", "un", "  deux  mots ", "l’été\u00a0à Paris\u2003!", "a\x85b", "tab\there\nnew\rline\vv\ff", "\xff\xfe mauvais", "日本語 の 文"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := countWords(s), len(strings.Fields(s)); got != want {
			t.Errorf("countWords(%q) = %d, want %d", s, got, want)
		}
	})
}
