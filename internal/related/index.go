package related

import (
	"iter"
	"sort"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store"
)

// sigIndex is an in-memory inverted index over signatures: for each term,
// the documents whose signature holds it, with its weight there. It finds
// the candidates of an article by signature overlap as the store's
// RelatedCandidates does, without a query per article: Engine.Rebuild and
// Corpus both use it. Documents are numbered from 0 in the order added.
type sigIndex struct {
	ids   map[string]int32 // term → term number
	terms []string         // term number → term
	lists [][]posting      // term number → postings
	docs  []article.ID     // document number → article
	sigs  [][]sigTerm      // document number → signature
}

// scratch is the memory one search of the index works in: several
// goroutines may search at once, each with its own.
type scratch struct {
	acc   []float64 // overlap by document
	seen  []int32   // documents with an overlap
	query []float64 // the searched signature's weights by term number
}

// posting is one document holding a term.
type posting struct {
	doc    int32
	weight float64
}

// sigTerm is a signature term by number.
type sigTerm struct {
	term   int32
	weight float64
}

// scored is a candidate document and its overlap.
type scored struct {
	doc     int32
	overlap float64
}

func newSigIndex() *sigIndex {
	return &sigIndex{ids: map[string]int32{}}
}

// term returns the number of t, numbering it when new.
func (ix *sigIndex) term(t string) int32 {
	if n, ok := ix.ids[t]; ok {
		return n
	}
	n := int32(len(ix.terms))
	ix.ids[t] = n
	ix.terms = append(ix.terms, t)
	ix.lists = append(ix.lists, nil)
	return n
}

// encode numbers the terms of sig.
func (ix *sigIndex) encode(sig []store.WeightedTerm) []sigTerm {
	out := make([]sigTerm, len(sig))
	for i, t := range sig {
		out[i] = sigTerm{ix.term(t.Term), t.Weight}
	}
	return out
}

// add puts the next document, article id with signature sig, in the index
// and returns its number.
func (ix *sigIndex) add(id article.ID, sig []sigTerm) int32 {
	doc := int32(len(ix.docs))
	ix.docs = append(ix.docs, id)
	ix.sigs = append(ix.sigs, sig)
	for _, t := range sig {
		ix.lists[t.term] = append(ix.lists[t.term], posting{doc, t.weight})
	}
	return doc
}

// signatures returns every document's signature, in document order.
func (ix *sigIndex) signatures() iter.Seq[store.ArticleSignature] {
	return func(yield func(store.ArticleSignature) bool) {
		for d, sig := range ix.sigs {
			terms := make([]store.WeightedTerm, len(sig))
			for i, t := range sig {
				terms[i] = store.WeightedTerm{Term: ix.terms[t.term], Weight: t.weight}
			}
			if !yield(store.ArticleSignature{ArticleID: ix.docs[d], Terms: terms}) {
				return
			}
		}
	}
}

// rows returns every posting as a signature row, in (term, article)
// order when documents were added in article order.
func (ix *sigIndex) rows() iter.Seq[store.SignatureRow] {
	return func(yield func(store.SignatureRow) bool) {
		order := make([]int32, 0, len(ix.terms))
		for t, list := range ix.lists {
			if len(list) > 0 {
				order = append(order, int32(t))
			}
		}
		sort.Slice(order, func(i, j int) bool { return ix.terms[order[i]] < ix.terms[order[j]] })
		for _, t := range order {
			for _, p := range ix.lists[t] {
				if !yield(store.SignatureRow{Term: ix.terms[t], ArticleID: ix.docs[p.doc], Weight: p.weight}) {
					return
				}
			}
		}
	}
}

// top returns the at most limit documents kept by keep that share the
// most with sig (heaviest term first, as Params.Signature makes it) on its
// CandidateTerms heaviest terms, by decreasing overlap over all of sig
// (the sum over shared terms of the product of weights: the cosine), the
// newer article first on a tie. It is how the store's RelatedCandidates
// finds candidates too. sc may be nil, or kept from an earlier call by the
// same goroutine.
func (ix *sigIndex) top(sig []sigTerm, keep func(doc int32) bool, limit int, sc *scratch) []scored {
	if sc == nil {
		sc = &scratch{}
	}
	if len(sc.acc) < len(ix.docs) {
		sc.acc = make([]float64, len(ix.docs))
	}
	for _, t := range sig[:min(len(sig), CandidateTerms)] {
		for _, p := range ix.lists[t.term] {
			if sc.acc[p.doc] == 0 {
				sc.seen = append(sc.seen, p.doc)
			}
			sc.acc[p.doc] += t.weight * p.weight
		}
	}
	h := make(scoredHeap, 0, limit)
	for _, d := range sc.seen {
		s := scored{d, sc.acc[d]}
		sc.acc[d] = 0
		if s.overlap <= 0 || !keep(d) {
			continue
		}
		if len(h) < limit {
			h.push(s, ix.better)
		} else if limit > 0 && ix.better(s, h[0]) {
			h[0] = s
			h.down(0, ix.better)
		}
	}
	sc.seen = sc.seen[:0]
	// The whole overlap of each candidate, from its own signature.
	if len(sc.query) < len(ix.terms) {
		sc.query = make([]float64, len(ix.terms))
	}
	for _, t := range sig {
		sc.query[t.term] = t.weight
	}
	out := []scored(h)
	for i := range out {
		var o float64
		for _, t := range ix.sigs[out[i].doc] {
			o += sc.query[t.term] * t.weight
		}
		out[i].overlap = o
	}
	for _, t := range sig {
		sc.query[t.term] = 0
	}
	sort.Slice(out, func(i, j int) bool { return ix.better(out[i], out[j]) })
	return out
}

// better orders candidates: the larger overlap, then the newer article.
func (ix *sigIndex) better(a, b scored) bool {
	if a.overlap != b.overlap {
		return a.overlap > b.overlap
	}
	return ix.docs[a.doc] > ix.docs[b.doc]
}

// scoredHeap keeps the worst candidate at its root.
type scoredHeap []scored

func (h *scoredHeap) push(s scored, better func(a, b scored) bool) {
	*h = append(*h, s)
	i := len(*h) - 1
	for i > 0 {
		parent := (i - 1) / 2
		if !better((*h)[parent], (*h)[i]) {
			break
		}
		(*h)[parent], (*h)[i] = (*h)[i], (*h)[parent]
		i = parent
	}
}

func (h scoredHeap) down(i int, better func(a, b scored) bool) {
	for {
		worst := i
		for _, c := range []int{2*i + 1, 2*i + 2} {
			if c < len(h) && better(h[worst], h[c]) {
				worst = c
			}
		}
		if worst == i {
			return
		}
		h[i], h[worst] = h[worst], h[i]
		i = worst
	}
}
