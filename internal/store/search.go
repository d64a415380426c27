package store

import (
	"context"
	"iter"
	"sort"
	"time"

	"github.com/kiosque/kiosque/internal/article"
)

// SearchDoc is an article as the full-text index keeps it: the analyzer's
// terms (package textan), space-separated, for the title and for the rest
// (lead and body). Both dialects index exactly these terms, so they find
// the same articles.
type SearchDoc struct {
	ArticleID article.ID
	Lang      string
	Title     string // analyzed title terms, "blinken asi central"
	Body      string // analyzed lead and body terms
	// Names are the multi-word names found in the article (textan.Names),
	// counted in document frequencies for related articles, not searched.
	Names []string
}

// SearchQuery is a parsed reader query (package search builds it) with its
// filters. Only articles visible at VisibleAt are ever returned.
type SearchQuery struct {
	// Groups must all match (AND). Each group is a set of alternatives
	// (OR), each alternative a sequence of terms that must appear next to
	// each other (a phrase; one term for a plain word).
	Groups     [][][]string
	VisibleAt  time.Time
	CategoryID int64
	From, To   time.Time // publication date range, inclusive; zero = open
	Lang       string    // "" = any
	Limit      int       // 0 means 10; at most 100
	Offset     int
}

// SearchHit is one article found, best first.
type SearchHit struct {
	ArticleID article.ID
	Rank      float64 // higher is better; comparable within one result only
}

// WeightedTerm is one term of an article's related-articles signature.
type WeightedTerm struct {
	Term   string
	Weight float64
}

// ArticleSignature is the signature of one article.
type ArticleSignature struct {
	ArticleID article.ID
	Terms     []WeightedTerm
}

// SignatureRow is one term of one article's signature.
type SignatureRow struct {
	Term      string
	ArticleID article.ID
	Weight    float64
}

// RelatedList is the related articles stored for one article.
type RelatedList struct {
	ArticleID article.ID
	Links     []RelatedLink
}

// RelatedCandidate is an article that shares signature terms with another,
// with what related-article scoring needs to know of it.
type RelatedCandidate struct {
	ArticleID   article.ID
	Overlap     float64 // sum over shared terms of the product of weights
	Title       string
	PublishedAt time.Time
	CategoryID  int64
	TagIDs      []int64
}

// CandidateQuery asks for the articles whose signatures share the most
// with Sig: the Limit articles visible at VisibleAt, in language Lang,
// other than Exclude, with the largest overlap on Sig's FindBy heaviest
// terms (all of them when FindBy is 0), given with their overlap on the
// whole of Sig. Finding them by a few terms reads far fewer postings.
type CandidateQuery struct {
	Sig       []WeightedTerm
	FindBy    int
	Lang      string
	Exclude   article.ID
	VisibleAt time.Time
	Limit     int
}

// Heaviest returns the n heaviest terms of sig (the heavier, then the
// smaller term, first), all of them when n is 0 or more than there are.
func Heaviest(sig []WeightedTerm, n int) []WeightedTerm {
	out := append([]WeightedTerm(nil), sig...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Weight != out[j].Weight {
			return out[i].Weight > out[j].Weight
		}
		return out[i].Term < out[j].Term
	})
	if n > 0 && n < len(out) {
		out = out[:n]
	}
	return out
}

// RelatedLink is one stored "read also" choice: Related is related to the
// article it is stored for, with Score in (0, 1].
type RelatedLink struct {
	Related article.ID
	Score   float64
}

// SearchIndex is the store's full-text index over analyzed terms, and the
// storage of related-article signatures and choices.
type SearchIndex interface {
	// IndexArticle stores doc's terms for search, replacing any previous
	// version, and keeps the document frequencies current. The article
	// must exist (ErrNotFound otherwise).
	IndexArticle(ctx context.Context, doc SearchDoc) error
	// IndexArticles is IndexArticle for many articles in one transaction
	// (what a reindex runs, a few hundred at a time); articles that no
	// longer exist are skipped.
	IndexArticles(ctx context.Context, docs []SearchDoc) error
	// Search returns one page of visible articles matching q, best first
	// (title matches weigh more than body matches; the more recent wins a
	// tie), with the total number of matches. A query with no groups
	// matches nothing (0 hits, no error).
	Search(ctx context.Context, q SearchQuery) ([]SearchHit, int, error)

	// IndexedTerms returns what the index holds of the articles ids (the
	// analyzed terms IndexArticle stored), by article; articles not indexed
	// are absent.
	IndexedTerms(ctx context.Context, ids []article.ID) (map[article.ID]SearchDoc, error)

	// DocFreqs returns, for each term, the number of indexed articles
	// holding it (absent terms are absent from the map), and the number
	// of indexed articles. Both count an article from its first indexing:
	// deleting it does not lower them.
	DocFreqs(ctx context.Context, terms []string) (map[string]int, int, error)
	// SaveSignature replaces the weighted terms that describe an article
	// for related-article matching.
	SaveSignature(ctx context.Context, id article.ID, terms []WeightedTerm) error
	// SaveSignatures is SaveSignature for many articles in one transaction.
	SaveSignatures(ctx context.Context, sigs []ArticleSignature) error
	// ReplaceSignatures replaces every stored signature, in one
	// transaction: what a reindex writes. sigs and rows are the same
	// signatures, by article (in article order) and as rows in (term,
	// article) order. Articles that no longer exist are skipped.
	ReplaceSignatures(ctx context.Context, sigs iter.Seq[ArticleSignature], rows iter.Seq[SignatureRow]) error
	// Signature returns an article's stored weighted terms (nil if none).
	Signature(ctx context.Context, id article.ID) ([]WeightedTerm, error)
	// RelatedCandidates returns the candidates of q, by decreasing
	// overlap (the newer article first on a tie).
	RelatedCandidates(ctx context.Context, q CandidateQuery) ([]RelatedCandidate, error)
	// SaveRelated replaces the related articles stored for id.
	SaveRelated(ctx context.Context, id article.ID, links []RelatedLink) error
	// SaveRelatedLists is SaveRelated for many articles in one transaction.
	SaveRelatedLists(ctx context.Context, lists []RelatedList) error
	// Related returns up to n stored related articles of id that are
	// visible at visibleAt, best first (empty when none).
	Related(ctx context.Context, id article.ID, n int, visibleAt time.Time) ([]RelatedLink, error)
	// RelatedTo returns the articles whose stored related articles
	// include id (empty when none).
	RelatedTo(ctx context.Context, id article.ID) ([]article.ID, error)
	// ArticleIDs returns the id of every stored article, whatever its
	// status, in creation order: what a reindex walks through.
	ArticleIDs(ctx context.Context) ([]article.ID, error)
}
