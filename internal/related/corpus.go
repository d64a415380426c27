package related

import (
	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store"
)

// Corpus computes related articles over documents held in memory: the same
// method as the store-backed Engine, for evaluations and benchmarks that
// compare methods without a database. Not safe for concurrent use.
type Corpus struct {
	params  Params
	docs    map[article.ID]Doc
	order   []article.ID
	counts  map[article.ID]map[string]float64
	df      map[string]int
	sigs    map[article.ID][]store.WeightedTerm
	index   *sigIndex
	num     map[article.ID]int32 // document numbers in index
	scratch scratch
}

// NewCorpus returns an empty corpus using p.
func NewCorpus(p Params) *Corpus {
	return &Corpus{params: p, docs: map[article.ID]Doc{}, counts: map[article.ID]map[string]float64{},
		df: map[string]int{}}
}

// Add puts d in the corpus (every Doc of a corpus must have its own ID).
// Call Build after the last Add.
func (c *Corpus) Add(d Doc) {
	c.docs[d.ID] = d
	c.order = append(c.order, d.ID)
	cnt := c.params.Counts(d)
	c.counts[d.ID] = cnt
	for t := range cnt {
		c.df[t]++
	}
}

// Build computes every signature and the inverted index over them.
func (c *Corpus) Build() {
	c.sigs = make(map[article.ID][]store.WeightedTerm, len(c.docs))
	c.index, c.num = newSigIndex(), make(map[article.ID]int32, len(c.docs))
	n := len(c.docs)
	df := func(t string) int { return c.df[t] }
	for _, id := range c.order {
		sig := c.params.Signature(c.counts[id], df, n)
		c.sigs[id] = sig
		c.num[id] = c.index.add(id, c.index.encode(sig))
	}
}

// Candidates returns the documents of the same language sharing signature
// terms with id, by decreasing overlap, at most limit.
func (c *Corpus) Candidates(id article.ID, limit int) []store.RelatedCandidate {
	d := c.docs[id]
	self := c.num[id]
	top := c.index.top(c.index.encode(c.sigs[id]), func(doc int32) bool {
		return doc != self && c.docs[c.index.docs[doc]].Lang == d.Lang
	}, limit, &c.scratch)
	out := make([]store.RelatedCandidate, 0, len(top))
	for _, s := range top {
		o := c.docs[c.index.docs[s.doc]]
		out = append(out, store.RelatedCandidate{ArticleID: o.ID, Overlap: s.overlap, Title: o.Title,
			PublishedAt: o.PublishedAt, CategoryID: o.CategoryID, TagIDs: o.TagIDs})
	}
	return out
}

// Related returns the n articles most related to id.
func (c *Corpus) Related(id article.ID, n int) []store.RelatedLink {
	return c.params.Choose(c.docs[id], c.Candidates(id, CandidateLimit), n)
}

// CandidateLimit is how many candidates by signature overlap are scored.
const CandidateLimit = 200

// CandidateTerms is how many of an article's heaviest signature terms find
// its candidates: the CandidateLimit articles sharing the most on these
// terms are then scored on their whole signatures. Reading the postings
// of every signature term made analyzing one article slow on a big site
// (about 90,000 postings at 100,000 articles, against about 12,000).
const CandidateTerms = 30
