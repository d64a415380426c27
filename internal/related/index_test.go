package related

import (
	"fmt"
	"math"
	"testing"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store"
)

// The index finds candidates by the CandidateTerms heaviest terms of the
// searched signature, and gives them their overlap on the whole of it.
func TestSigIndexTop(t *testing.T) {
	ix := newSigIndex()
	// The searched signature: CandidateTerms+10 terms, heaviest first.
	var sig []store.WeightedTerm
	for i := 0; i < CandidateTerms+10; i++ {
		sig = append(sig, store.WeightedTerm{Term: fmt.Sprintf("t%02d", i), Weight: 1 - float64(i)/100})
	}
	w := func(term string, x float64) store.WeightedTerm { return store.WeightedTerm{Term: term, Weight: x} }
	light := sig[CandidateTerms].Term // the heaviest term not searched by
	docs := map[article.ID][]store.WeightedTerm{
		1: {w("t00", 0.5), w(light, 0.5)},   // found by t00, scored on both
		2: {w(light, 0.9), w("other", 0.1)}, // shares only a light term: not found
		3: {w("t01", 0.2)},
	}
	for id := article.ID(1); id <= 3; id++ {
		ix.add(id, ix.encode(docs[id]))
	}
	top := ix.top(ix.encode(sig), func(int32) bool { return true }, 10, nil)
	if len(top) != 2 || ix.docs[top[0].doc] != 1 || ix.docs[top[1].doc] != 3 {
		t.Fatalf("top = %+v, want articles 1 then 3", top)
	}
	want := 0.5*sig[0].Weight + 0.5*sig[CandidateTerms].Weight
	if math.Abs(top[0].overlap-want) > 1e-12 {
		t.Errorf("overlap = %v, want the whole signature's %v", top[0].overlap, want)
	}
	// The limit keeps the best on the searched terms.
	if top := ix.top(ix.encode(sig), func(int32) bool { return true }, 1, nil); len(top) != 1 || ix.docs[top[0].doc] != 1 {
		t.Errorf("top 1 = %+v, want article 1", top)
	}
}
