package textan

import (
	"strings"
	"testing"
)

// benchText is news prose: its words repeat as an article's do.
var benchText = strings.Repeat("Réunis au Kazakhstan dans le format C5+1, les chefs de la diplomatie des cinq républiques "+
	"d'Asie centrale ont entendu le secrétaire d'État américain plaider pour leur souveraineté, sans pour autant renoncer "+
	"à leur prudente neutralité. Les élections législatives approchent et les électeurs s'interrogent sur l'économie. ", 20)

// BenchmarkAnalyze measures the analysis of about 800 words of French.
func BenchmarkAnalyze(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		Analyze("fr", benchText)
	}
}

// The memo changes no result: a word analyzed again, after the memo was
// filled past its bound and started afresh, or from several goroutines,
// gives the same term.
func TestMemoSameTerms(t *testing.T) {
	want := Terms("fr", benchText)
	done := make(chan []string)
	for range 4 {
		go func() { done <- Terms("fr", benchText) }()
	}
	for range 4 {
		if got := <-done; strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("concurrent analysis differs:\n%q\n%q", got, want)
		}
	}
	var b strings.Builder
	for i := range memoWords + 10 {
		b.WriteString("mot")
		for n := i; n > 0; n /= 26 {
			b.WriteByte(byte('a' + n%26))
		}
		b.WriteByte(' ')
	}
	Analyze("fr", b.String())
	if n := len(memos["fr"].m); n > memoWords {
		t.Errorf("the memo holds %d words, more than %d", n, memoWords)
	}
	if got := Terms("fr", benchText); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("after the memo started afresh:\n%q\n%q", got, want)
	}
}
