package related

import (
	"sort"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store"
)

// Corpus computes related articles over documents held in memory: the same
// method as the store-backed Engine, for evaluations and benchmarks that
// compare methods without a database. Not safe for concurrent use.
type Corpus struct {
	params   Params
	docs     map[article.ID]Doc
	order    []article.ID
	counts   map[article.ID]map[string]float64
	df       map[string]int
	sigs     map[article.ID][]store.WeightedTerm
	postings map[string][]posting
}

type posting struct {
	id     article.ID
	weight float64
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
	c.postings = map[string][]posting{}
	n := len(c.docs)
	df := func(t string) int { return c.df[t] }
	for _, id := range c.order {
		sig := c.params.Signature(c.counts[id], df, n)
		c.sigs[id] = sig
		for _, t := range sig {
			c.postings[t.Term] = append(c.postings[t.Term], posting{id, t.Weight})
		}
	}
}

// Candidates returns the documents of the same language sharing signature
// terms with id, by decreasing overlap, at most limit.
func (c *Corpus) Candidates(id article.ID, limit int) []store.RelatedCandidate {
	d := c.docs[id]
	acc := map[article.ID]float64{}
	for _, t := range c.sigs[id] {
		for _, p := range c.postings[t.Term] {
			if p.id != id && c.docs[p.id].Lang == d.Lang {
				acc[p.id] += t.Weight * p.weight
			}
		}
	}
	out := make([]store.RelatedCandidate, 0, len(acc))
	for oid, ov := range acc {
		o := c.docs[oid]
		out = append(out, store.RelatedCandidate{ArticleID: oid, Overlap: ov, Title: o.Title,
			PublishedAt: o.PublishedAt, CategoryID: o.CategoryID, TagIDs: o.TagIDs})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Overlap != out[j].Overlap {
			return out[i].Overlap > out[j].Overlap
		}
		return out[i].ArticleID > out[j].ArticleID
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// Related returns the n articles most related to id.
func (c *Corpus) Related(id article.ID, n int) []store.RelatedLink {
	return c.params.Choose(c.docs[id], c.Candidates(id, CandidateLimit), n)
}

// CandidateLimit is how many candidates by signature overlap are scored.
const CandidateLimit = 200
