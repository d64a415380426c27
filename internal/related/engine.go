package related

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/search"
	"github.com/kiosque/kiosque/internal/store"
)

// Keep is how many related articles are stored for each article.
const Keep = 10

// Store is what the Engine needs from the database.
type Store interface {
	store.SearchIndex
	Article(ctx context.Context, id article.ID) (*article.Article, error)
}

// Engine analyzes articles as they are saved: it indexes them for search,
// computes their signature and related articles, and stores all of it so
// that reading never pays for it.
type Engine struct {
	Store  Store
	Params Params           // DefaultParams when zero
	Now    func() time.Time // time.Now when nil
	Logger *slog.Logger     // may be nil
}

func (e *Engine) params() Params {
	if e.Params.SignatureSize == 0 {
		return DefaultParams
	}
	return e.Params
}

func (e *Engine) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// Update analyzes article id after it was created, edited, published or
// unpublished: search index, signature, its related articles, and the
// related lists of the articles it now relates to (or no longer does).
// ErrNotFound (wrapped) when the article does not exist.
func (e *Engine) Update(ctx context.Context, id article.ID) error {
	a, err := e.Store.Article(ctx, id)
	if err != nil {
		return fmt.Errorf("related: update %d: %w", id, err)
	}
	if err := e.Store.IndexArticle(ctx, search.Doc(a)); err != nil {
		return fmt.Errorf("related: update %d: %w", id, err)
	}
	doc := DocOf(a)
	if err := e.saveSignature(ctx, doc); err != nil {
		return err
	}
	links, err := e.choose(ctx, doc)
	if err != nil {
		return err
	}
	if err := e.Store.SaveRelated(ctx, id, links); err != nil {
		return fmt.Errorf("related: update %d: %w", id, err)
	}
	return e.refreshNeighbours(ctx, a, links)
}

// saveSignature computes and stores the signature of doc with the current
// document frequencies.
func (e *Engine) saveSignature(ctx context.Context, doc Doc) error {
	p := e.params()
	counts := p.Counts(doc)
	terms := make([]string, 0, len(counts))
	for t := range counts {
		terms = append(terms, t)
	}
	df, n, err := e.Store.DocFreqs(ctx, terms)
	if err != nil {
		return fmt.Errorf("related: signature of %d: %w", doc.ID, err)
	}
	sig := p.Signature(counts, func(t string) int { return df[t] }, n)
	if err := e.Store.SaveSignature(ctx, doc.ID, sig); err != nil {
		return fmt.Errorf("related: signature of %d: %w", doc.ID, err)
	}
	return nil
}

// choose returns the best Keep related articles of doc among the visible
// articles, from the stored signatures.
func (e *Engine) choose(ctx context.Context, doc Doc) ([]store.RelatedLink, error) {
	sig, err := e.Store.Signature(ctx, doc.ID)
	if err != nil {
		return nil, fmt.Errorf("related: choose for %d: %w", doc.ID, err)
	}
	cands, err := e.Store.RelatedCandidates(ctx, sig, doc.Lang, doc.ID, e.now(), CandidateLimit)
	if err != nil {
		return nil, fmt.Errorf("related: choose for %d: %w", doc.ID, err)
	}
	return e.params().Choose(doc, cands, Keep), nil
}

// refreshNeighbours puts a in the lists of the articles it relates to, with
// the same (symmetric) score, and takes it out of the lists of articles it
// no longer relates to or that readers may no longer see it from.
func (e *Engine) refreshNeighbours(ctx context.Context, a *article.Article, links []store.RelatedLink) error {
	score := map[article.ID]float64{}
	if a.Visible(e.now()) {
		for _, l := range links {
			score[l.Related] = l.Score
		}
	}
	old, err := e.Store.RelatedTo(ctx, a.ID)
	if err != nil {
		return fmt.Errorf("related: neighbours of %d: %w", a.ID, err)
	}
	todo := map[article.ID]bool{}
	for _, id := range old {
		todo[id] = true
	}
	for id := range score {
		todo[id] = true
	}
	p := e.params()
	for id := range todo {
		cur, err := e.Store.Related(ctx, id, Keep, time.Time{})
		if err != nil {
			return fmt.Errorf("related: neighbours of %d: %w", a.ID, err)
		}
		next := p.Merge(cur, store.RelatedLink{Related: a.ID, Score: score[id]}, Keep)
		if err := e.Store.SaveRelated(ctx, id, next); err != nil && !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("related: neighbours of %d: %w", a.ID, err)
		}
	}
	return nil
}

// Progress is told how far a long job went.
type Progress func(stage string, done, total int)

// Rebuild recomputes everything from the articles themselves: the search
// index of every article, then every signature (with the final document
// frequencies), then every related list. It is what `kiosque reindex`
// runs, and what an import of many articles runs once at its end.
func (e *Engine) Rebuild(ctx context.Context, progress Progress) error {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	ids, err := e.Store.ArticleIDs(ctx)
	if err != nil {
		return fmt.Errorf("related: rebuild: %w", err)
	}
	docs := make([]Doc, 0, len(ids))
	for i, id := range ids {
		a, err := e.Store.Article(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue // deleted meanwhile
		}
		if err != nil {
			return fmt.Errorf("related: rebuild: %w", err)
		}
		if err := e.Store.IndexArticle(ctx, search.Doc(a)); err != nil && !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("related: rebuild: %w", err)
		}
		d := DocOf(a)
		d.Body = "" // keep memory small; signatures read the article again
		docs = append(docs, d)
		progress("index", i+1, len(ids))
	}
	for i, d := range docs {
		a, err := e.Store.Article(ctx, d.ID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("related: rebuild: %w", err)
		}
		if err := e.saveSignature(ctx, DocOf(a)); err != nil {
			return err
		}
		progress("signatures", i+1, len(docs))
	}
	for i, d := range docs {
		links, err := e.choose(ctx, d)
		if err != nil {
			return err
		}
		if err := e.Store.SaveRelated(ctx, d.ID, links); err != nil && !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("related: rebuild: %w", err)
		}
		progress("related", i+1, len(docs))
	}
	return nil
}

// Chosen is a related article ready to show, with its score.
type Chosen struct {
	Article *article.Article
	Score   float64
}

// Choose returns up to n stored related articles of id that readers may see
// now, best first, loaded in full: what the article page's "Lire aussi"
// boxes and the API show. Empty (no error) when none are stored yet.
func (e *Engine) Choose(ctx context.Context, id article.ID, n int) ([]Chosen, error) {
	links, err := e.Store.Related(ctx, id, n, e.now())
	if err != nil {
		return nil, fmt.Errorf("related: choose for %d: %w", id, err)
	}
	list, err := e.articlesOf(ctx, links, true)
	if err != nil {
		return nil, fmt.Errorf("related: choose for %d: %w", id, err)
	}
	score := make(map[article.ID]float64, len(links))
	for _, l := range links {
		score[l.Related] = l.Score
	}
	out := make([]Chosen, len(list))
	for i := range list {
		out[i] = Chosen{Article: &list[i], Score: score[list[i].ID]}
	}
	return out, nil
}

// ReadAlso returns up to n stored related articles of a that readers may
// see at now, best first: the chooser of the article page's "Lire aussi"
// boxes (it satisfies web.ReadAlsoChooser). None stored yet gives none.
func (e *Engine) ReadAlso(ctx context.Context, a *article.Article, now time.Time, n int) ([]article.Article, error) {
	links, err := e.Store.Related(ctx, a.ID, n, now)
	if err != nil {
		return nil, fmt.Errorf("related: read also for %d: %w", a.ID, err)
	}
	out, err := e.articlesOf(ctx, links, false) // a box shows no tags nor authors
	if err != nil {
		return nil, fmt.Errorf("related: read also for %d: %w", a.ID, err)
	}
	return out, nil
}

// articlesOf loads the related articles of links in their order, leaving
// out those deleted meanwhile, with their tags and authors when withLinks
// is set: in one or two queries when the store can
// (store.Articles.ArticlesByID), one article at a time otherwise.
func (e *Engine) articlesOf(ctx context.Context, links []store.RelatedLink, withLinks bool) ([]article.Article, error) {
	ids := make([]article.ID, len(links))
	for i, l := range links {
		ids[i] = l.Related
	}
	if st, ok := e.Store.(interface {
		ArticlesByID(ctx context.Context, ids []article.ID, links bool) ([]article.Article, error)
	}); ok {
		return st.ArticlesByID(ctx, ids, withLinks)
	}
	out := make([]article.Article, 0, len(ids))
	for _, id := range ids {
		r, err := e.Store.Article(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, nil
}
