// Package related chooses the "Lire aussi" (read also) articles: for each
// article, the published articles that tell a related story, judged from
// what they say.
//
// The method, in short: an article is described by a signature, its
// most telling terms (Params.SignatureSize). A term's weight is
// (1 + ln count) · idf^Params.RarityExponent, where the count is weighted
// by field (title Params.TitleWeight times, lead LeadWeight times, body
// once; a title that is only the body's first line, as imports make for
// articles without one, counts as body) and idf = ln(1 + N/df) is the
// term's rarity in the whole site; terms found in more than
// Params.MaxDocShare of the articles are left out. With an exponent of 1/4 on each side, the product of two signatures
// weighs a shared term by √idf: rarity matters, but less than in search,
// because what two related articles share is mostly their topic words,
// while the rarest terms (one-off names, spellings, numbers) seldom carry
// the relation. Names of people, places and organisations (runs of
// capitalized words, see textan.Names) are also added as whole-name terms
// ("antoni_blinken"), so a shared name counts more than its words apart.
// Two articles relate by the cosine of their signatures; a shared
// category and shared tags add a little, and the score fades mildly with
// the time between the two publications. The articles scored are the
// CandidateLimit sharing the most with the CandidateTerms heaviest terms
// of the article's signature (only those terms' postings are read), each
// then scored on the whole signatures. An article never relates to itself nor to
// a near-duplicate (same title, or signatures nearly identical), and a
// score under Params.MinScore is not proposed.
//
// How well it does is measured by package evaluation and the command
// kiosque-eval (`go run ./cmd/kiosque-eval`) on the labeled dev set.
package related

import (
	"math"
	"sort"
	"strings"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/markup"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/textan"
)

// Params tune the method. DefaultParams were set on one half of the dev
// data (see package evaluation) with round values, not searched for the
// best figures, and checked on the other half.
type Params struct {
	SignatureSize int     // terms kept per article
	TitleWeight   float64 // a title word counts this many times
	LeadWeight    float64 // a lead word counts this many times
	NameBoost     float64 // words of a name count this many times more (besides the whole-name term)
	// RarityExponent is the power of idf in a term's weight (see the
	// package comment): 1/4 makes a shared term count √idf in the cosine.
	RarityExponent float64
	CategoryBonus  float64 // added when both share a category
	TagBonus       float64 // times the Jaccard index of the tag sets
	// RecencyShare of the score fades with the time between the two
	// articles, with a time constant of RecencyDays.
	RecencyShare float64
	RecencyDays  float64
	// NearDuplicate is the signature cosine above which two articles are
	// taken for the same text.
	NearDuplicate float64
	// MinScore is the score under which an article is not worth proposing.
	MinScore float64
	// MaxDocShare leaves out of signatures the terms found in more than
	// this share of the articles (once the site has 200): they tell little
	// and their long posting lists would make finding candidates slow.
	MaxDocShare float64
}

// DefaultParams are the tuning Kiosque uses.
var DefaultParams = Params{
	SignatureSize:  150,
	TitleWeight:    3,
	LeadWeight:     2,
	NameBoost:      1,
	RarityExponent: 0.25,
	CategoryBonus:  0.05,
	TagBonus:       0.10,
	RecencyShare:   0.2,
	RecencyDays:    30,
	NearDuplicate:  0.95,
	MinScore:       0.10,
	MaxDocShare:    0.2,
}

// Doc is an article as related-article scoring sees it.
type Doc struct {
	ID          article.ID
	Lang        string
	Title       string
	Lead        string
	Body        string // plain text
	CategoryID  int64
	TagIDs      []int64
	PublishedAt time.Time
}

// DocOf returns the Doc of an article (its Markdown body made plain text).
func DocOf(a *article.Article) Doc {
	d := Doc{ID: a.ID, Lang: a.Lang, Title: a.Title, Lead: a.Lead, Body: markup.Text(a.Body),
		PublishedAt: a.PublishedAt}
	if a.Category != nil {
		d.CategoryID = a.Category.ID
	}
	for _, t := range a.Tags {
		d.TagIDs = append(d.TagIDs, t.ID)
	}
	return d
}

// Counts returns the weighted term counts of d, names included (as
// "first_last" terms), before any document-frequency weighting.
func (p Params) Counts(d Doc) map[string]float64 {
	c := map[string]float64{}
	add := func(text string, w float64) {
		toks := textan.Analyze(d.Lang, text)
		names := map[string]bool{}
		for _, n := range textan.NamesIn(text, toks) {
			c[n] += w * p.NameBoost
			for _, part := range strings.Split(n, "_") {
				names[part] = true
			}
		}
		for _, t := range toks {
			if names[t.Term] && t.Capitalized {
				c[t.Term] += w * p.NameBoost
			} else {
				c[t.Term] += w
			}
		}
	}
	if !derivedTitle(d.Title, d.Body) {
		add(d.Title, p.TitleWeight)
	}
	add(d.Lead, p.LeadWeight)
	add(d.Body, 1)
	return c
}

// derivedTitle reports whether title is only the start of body, as an
// import gives an article that came without a title (its first line, cut
// with "…"): those words are the body's, not a headline's, and count once.
func derivedTitle(title, body string) bool {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(title), "…"))
	return t != "" && strings.HasPrefix(strings.TrimSpace(body), t)
}

// DocFreq tells how many articles hold a term, out of how many.
type DocFreq func(term string) int

// Signature weighs counts by rarity (df gives each term's document
// frequency among n articles; the weight is (1+ln count)·idf^RarityExponent) and keeps
// the SignatureSize heaviest terms, scaled to unit length, heaviest first.
func (p Params) Signature(counts map[string]float64, df DocFreq, n int) []store.WeightedTerm {
	sig := make([]store.WeightedTerm, 0, len(counts))
	for term, tf := range counts {
		f := max(df(term), 1)
		if n >= 200 && p.MaxDocShare > 0 && float64(f) > p.MaxDocShare*float64(n) {
			continue
		}
		idf := math.Log(1 + float64(n)/float64(f))
		sig = append(sig, store.WeightedTerm{Term: term, Weight: (1 + math.Log(tf)) * math.Pow(idf, p.RarityExponent)})
	}
	sort.Slice(sig, func(i, j int) bool {
		if sig[i].Weight != sig[j].Weight {
			return sig[i].Weight > sig[j].Weight
		}
		return sig[i].Term < sig[j].Term
	})
	if len(sig) > p.SignatureSize {
		sig = sig[:p.SignatureSize]
	}
	var norm float64
	for _, t := range sig {
		norm += t.Weight * t.Weight
	}
	norm = math.Sqrt(norm)
	for i := range sig {
		sig[i].Weight /= norm
	}
	return sig
}

// Cosine returns the dot product of two unit signatures.
func Cosine(a, b []store.WeightedTerm) float64 {
	m := make(map[string]float64, len(a))
	for _, t := range a {
		m[t.Term] = t.Weight
	}
	var s float64
	for _, t := range b {
		s += m[t.Term] * t.Weight
	}
	return s
}
