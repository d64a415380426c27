package evaluation

import (
	"fmt"
	"testing"
)

// TestSplit checks that the two parts share nothing: each pair and each
// BBC article asked about is in exactly one part, and no article is lost.
func TestSplit(t *testing.T) {
	var arts []Article
	var pairs []Pair
	for i := range 200 {
		src := "bbc"
		if i%3 == 0 {
			src = "semeval2022t8"
		}
		arts = append(arts, Article{ID: fmt.Sprintf("a%d", i), Source: src})
		pairs = append(pairs, Pair{ID1: fmt.Sprintf("a%d", i), ID2: fmt.Sprintf("a%d", (i*7+1)%200)})
	}
	asked := map[string]int{}
	paired := map[Pair]int{}
	for h := range 2 {
		a, p := Split(arts, pairs, h)
		if len(a) != len(arts) {
			t.Fatalf("part %d holds %d articles, want all %d", h, len(a), len(arts))
		}
		n := 0
		for _, x := range a {
			if x.Source == "bbc" && !x.Held {
				asked[x.ID]++
				n++
			}
		}
		if n < 60 || len(p) < 60 {
			t.Errorf("part %d: %d BBC queries and %d pairs, far from half", h, n, len(p))
		}
		for _, x := range p {
			paired[x]++
		}
	}
	for _, a := range arts {
		if a.Source == "bbc" && asked[a.ID] != 1 {
			t.Errorf("%s asked in %d parts", a.ID, asked[a.ID])
		}
	}
	for _, p := range pairs {
		if paired[p] != 1 {
			t.Errorf("pair %v in %d parts", p, paired[p])
		}
	}
	if arts[1].Held {
		t.Error("Split changed its input")
	}
}
