package related

import (
	"math"
	"sort"

	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/textan"
)

// Score combines the signature overlap of two articles with their
// category, tags and the time between them. It is symmetric, and 0 for a
// near-duplicate (which must never be shown as related).
func (p Params) Score(a Doc, b store.RelatedCandidate, overlap float64) float64 {
	return p.score(a, textan.Fold(a.Title), b, overlap)
}

// score is Score, given a's title folded (textan.Fold).
func (p Params) score(a Doc, aTitle string, b store.RelatedCandidate, overlap float64) float64 {
	if overlap >= p.NearDuplicate || aTitle != "" && aTitle == textan.Fold(b.Title) {
		return 0
	}
	s := overlap
	if a.CategoryID != 0 && a.CategoryID == b.CategoryID {
		s += p.CategoryBonus
	}
	s += p.TagBonus * jaccard(a.TagIDs, b.TagIDs)
	if !a.PublishedAt.IsZero() && !b.PublishedAt.IsZero() {
		days := math.Abs(a.PublishedAt.Sub(b.PublishedAt).Hours()) / 24
		s *= 1 - p.RecencyShare + p.RecencyShare*math.Exp(-days/p.RecencyDays)
	}
	return min(s, 1)
}

func jaccard(a, b []int64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	in := map[int64]bool{}
	for _, x := range a {
		in[x] = true
	}
	common := 0
	union := len(in)
	seen := map[int64]bool{}
	for _, y := range b {
		if seen[y] {
			continue
		}
		seen[y] = true
		if in[y] {
			common++
		} else {
			union++
		}
	}
	return float64(common) / float64(union)
}

// Choose scores the candidates of a and returns the best n links, best
// first, without a itself, near-duplicates or scores under MinScore.
func (p Params) Choose(a Doc, cands []store.RelatedCandidate, n int) []store.RelatedLink {
	links := make([]store.RelatedLink, 0, len(cands))
	title := textan.Fold(a.Title)
	for _, c := range cands {
		if c.ArticleID == a.ID {
			continue
		}
		if s := p.score(a, title, c, c.Overlap); s >= p.MinScore {
			links = append(links, store.RelatedLink{Related: c.ArticleID, Score: s})
		}
	}
	sortLinks(links)
	if len(links) > n {
		links = links[:n]
	}
	return links
}

func sortLinks(links []store.RelatedLink) {
	sort.SliceStable(links, func(i, j int) bool {
		if links[i].Score != links[j].Score {
			return links[i].Score > links[j].Score
		}
		return links[i].Related > links[j].Related // the newer id wins a tie
	})
}

// Merge inserts link into links (replacing an older score for the same
// article) and keeps the best n.
func (p Params) Merge(links []store.RelatedLink, link store.RelatedLink, n int) []store.RelatedLink {
	out := make([]store.RelatedLink, 0, len(links)+1)
	for _, l := range links {
		if l.Related != link.Related {
			out = append(out, l)
		}
	}
	if link.Score >= p.MinScore {
		out = append(out, link)
	}
	sortLinks(out)
	if len(out) > n {
		out = out[:n]
	}
	return out
}
