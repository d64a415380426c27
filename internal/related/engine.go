package related

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"slices"
	"sync"
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
	// The article's terms are counted while its search index is written.
	doc := DocOf(a)
	counted := make(chan map[string]float64, 1)
	go func() { counted <- e.params().Counts(doc) }()
	err = e.Store.IndexArticle(ctx, search.Doc(a))
	counts := <-counted
	if err != nil {
		return fmt.Errorf("related: update %d: %w", id, err)
	}
	sig, err := e.signature(ctx, doc, counts)
	if err != nil {
		return err
	}
	// The signature is stored while the candidates are read: they never
	// include the article itself.
	saved := make(chan error, 1)
	go func() {
		if err := e.Store.SaveSignature(ctx, doc.ID, sig); err != nil {
			saved <- fmt.Errorf("related: signature of %d: %w", doc.ID, err)
		}
		close(saved)
	}()
	links, err := e.choose(ctx, doc, sig)
	if err := errors.Join(err, <-saved); err != nil {
		return err
	}
	lists, err := e.neighbours(ctx, a, links)
	if err != nil {
		return err
	}
	// its own list and its neighbours' in one transaction
	if err := e.Store.SaveRelatedLists(ctx, append(lists, store.RelatedList{ArticleID: id, Links: links})); err != nil {
		return fmt.Errorf("related: update %d: %w", id, err)
	}
	return nil
}

// signature computes the signature of doc, whose term counts are counts,
// with the current document frequencies.
func (e *Engine) signature(ctx context.Context, doc Doc, counts map[string]float64) ([]store.WeightedTerm, error) {
	p := e.params()
	terms := make([]string, 0, len(counts))
	for t := range counts {
		terms = append(terms, t)
	}
	df, n, err := e.Store.DocFreqs(ctx, terms)
	if err != nil {
		return nil, fmt.Errorf("related: signature of %d: %w", doc.ID, err)
	}
	return p.Signature(counts, func(t string) int { return df[t] }, n), nil
}

// choose returns the best Keep related articles of doc, whose signature
// is sig, among the visible articles, from the stored signatures.
func (e *Engine) choose(ctx context.Context, doc Doc, sig []store.WeightedTerm) ([]store.RelatedLink, error) {
	cands, err := e.Store.RelatedCandidates(ctx, store.CandidateQuery{Sig: sig, FindBy: CandidateTerms,
		Lang: doc.Lang, Exclude: doc.ID, VisibleAt: e.now(), Limit: CandidateLimit})
	if err != nil {
		return nil, fmt.Errorf("related: choose for %d: %w", doc.ID, err)
	}
	return e.params().Choose(doc, cands, Keep), nil
}

// neighbours returns the new related lists of the articles a now relates
// to (a in them, with the same symmetric score) and of those it no longer
// relates to or that readers may no longer see it from (a out of them).
func (e *Engine) neighbours(ctx context.Context, a *article.Article, links []store.RelatedLink) ([]store.RelatedList, error) {
	score := map[article.ID]float64{}
	if a.Visible(e.now()) {
		for _, l := range links {
			score[l.Related] = l.Score
		}
	}
	old, err := e.Store.RelatedTo(ctx, a.ID)
	if err != nil {
		return nil, fmt.Errorf("related: neighbours of %d: %w", a.ID, err)
	}
	todo := map[article.ID]bool{}
	for _, id := range old {
		todo[id] = true
	}
	for id := range score {
		todo[id] = true
	}
	p := e.params()
	lists := make([]store.RelatedList, 0, len(todo)+1)
	for id := range todo {
		cur, err := e.Store.Related(ctx, id, Keep, time.Time{})
		if err != nil {
			return nil, fmt.Errorf("related: neighbours of %d: %w", a.ID, err)
		}
		links := p.Merge(cur, store.RelatedLink{Related: a.ID, Score: score[id]}, Keep)
		if slices.Equal(links, cur) {
			continue // the list stays as it is stored
		}
		lists = append(lists, store.RelatedList{ArticleID: id, Links: links})
	}
	return lists, nil
}

// Progress is told how far a long job went.
type Progress func(stage string, done, total int)

// rebuildBatch is how many articles one transaction of Rebuild writes.
const rebuildBatch = 500

// rebuildDoc is what Rebuild keeps of an article between its passes.
type rebuildDoc struct {
	Doc
	visible bool
	counts  []sigTerm // weighted term counts, until the signature is made
	sig     []sigTerm
}

// Rebuild recomputes everything from the articles themselves, in three
// passes: the search index of every article (and its term counts, held
// in memory), then every signature with the final document frequencies
// counted in memory, then every related list from an in-memory inverted
// index of the signatures. Each pass writes a few hundred articles a
// transaction. It is what `kiosque reindex` runs, and what an import of
// many articles runs once at its end. Memory: about 5 KB an article.
func (e *Engine) Rebuild(ctx context.Context, progress Progress) error {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	ids, err := e.Store.ArticleIDs(ctx)
	if err != nil {
		return fmt.Errorf("related: rebuild: %w", err)
	}
	p := e.params()
	ix := newSigIndex()
	var df []int32 // by term number
	docs := make([]rebuildDoc, 0, len(ids))
	// The next batch is analyzed while this one is written.
	type result struct {
		part []analyzed
		err  error
	}
	results := make(chan result, 1)
	analyzeCtx, stop := context.WithCancel(ctx)
	defer stop()
	go func() {
		defer close(results)
		for start := 0; start < len(ids); start += rebuildBatch {
			part, err := e.analyze(analyzeCtx, ids[start:min(len(ids), start+rebuildBatch)])
			select {
			case results <- result{part, err}:
			case <-analyzeCtx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	done := 0
	for r := range results {
		if r.err != nil {
			return fmt.Errorf("related: rebuild: %w", r.err)
		}
		part := r.part
		done += len(part)
		batch := make([]store.SearchDoc, 0, len(part))
		for _, a := range part {
			if a.doc.ID == 0 {
				continue // deleted meanwhile
			}
			batch = append(batch, a.search)
			rd := rebuildDoc{Doc: a.doc, visible: a.visible, counts: make([]sigTerm, 0, len(a.counts))}
			for t, c := range a.counts {
				n := ix.term(t)
				if int(n) == len(df) {
					df = append(df, 0)
				}
				df[n]++
				rd.counts = append(rd.counts, sigTerm{n, c})
			}
			docs = append(docs, rd)
		}
		if err := e.Store.IndexArticles(ctx, batch); err != nil {
			return fmt.Errorf("related: rebuild: %w", err)
		}
		progress("index", done, len(ids))
	}

	docFreq := func(t string) int { return int(df[ix.ids[t]]) }
	for i := range docs {
		d := &docs[i]
		counts := make(map[string]float64, len(d.counts))
		for _, c := range d.counts {
			counts[ix.terms[c.term]] = c.weight
		}
		d.counts = nil
		d.sig = ix.encode(p.Signature(counts, docFreq, len(docs)))
		ix.add(d.ID, d.sig)
		if (i+1)%rebuildBatch == 0 || i == len(docs)-1 {
			progress("signatures", i+1, len(docs))
		}
	}
	if err := e.Store.ReplaceSignatures(ctx, ix.signatures(), ix.rows()); err != nil {
		return fmt.Errorf("related: rebuild: %w", err)
	}

	// Related lists, a batch at a time, chosen on every core.
	workers := runtime.GOMAXPROCS(0)
	scratches := make([]scratch, workers)
	for start := 0; start < len(docs); start += rebuildBatch {
		lists := make([]store.RelatedList, min(len(docs), start+rebuildBatch)-start)
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := w; k < len(lists); k += workers {
					i := start + k
					lists[k] = store.RelatedList{ArticleID: docs[i].ID, Links: e.rebuildLinks(p, ix, docs, i, &scratches[w])}
				}
			}()
		}
		wg.Wait()
		if err := e.Store.SaveRelatedLists(ctx, lists); err != nil {
			return fmt.Errorf("related: rebuild: %w", err)
		}
		progress("related", start+len(lists), len(docs))
	}
	// The planner's statistics describe the tables rewritten just now.
	if st, ok := e.Store.(statistician); ok {
		if err := st.RefreshStatistics(ctx); err != nil {
			return fmt.Errorf("related: rebuild: %w", err)
		}
	}
	return nil
}

// statistician is a store whose query planner keeps statistics that a
// rebuild makes stale (PostgreSQL).
type statistician interface {
	RefreshStatistics(ctx context.Context) error
}

// rebuildLinks chooses the related articles of docs[i] among the visible
// documents of its language, from the in-memory index.
func (e *Engine) rebuildLinks(p Params, ix *sigIndex, docs []rebuildDoc, i int, sc *scratch) []store.RelatedLink {
	d := &docs[i]
	top := ix.top(d.sig, func(o int32) bool {
		return int(o) != i && docs[o].visible && docs[o].Lang == d.Lang
	}, CandidateLimit, sc)
	cands := make([]store.RelatedCandidate, len(top))
	for k, s := range top {
		o := &docs[s.doc]
		cands[k] = store.RelatedCandidate{ArticleID: o.ID, Overlap: s.overlap, Title: o.Title,
			PublishedAt: o.PublishedAt, CategoryID: o.CategoryID, TagIDs: o.TagIDs}
	}
	return p.Choose(d.Doc, cands, Keep)
}

// analyzed is one article read and analyzed by Rebuild (doc.ID is 0 when
// the article was deleted meanwhile).
type analyzed struct {
	search  store.SearchDoc
	doc     Doc // without its body
	counts  map[string]float64
	visible bool
}

// analyze reads and analyzes the articles ids on every core, in order.
func (e *Engine) analyze(ctx context.Context, ids []article.ID) ([]analyzed, error) {
	p, now := e.params(), e.now()
	out := make([]analyzed, len(ids))
	workers := min(runtime.GOMAXPROCS(0), len(ids))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(ids); i += workers {
				a, err := e.Store.Article(ctx, ids[i])
				if errors.Is(err, store.ErrNotFound) {
					continue
				}
				if err != nil {
					errs[w] = err
					return
				}
				d := DocOf(a)
				counts := p.Counts(d)
				d.Body = "" // keep memory small: the counts say what is needed
				out[i] = analyzed{search: search.Doc(a), doc: d, counts: counts, visible: a.Visible(now)}
			}
		}()
	}
	wg.Wait()
	return out, errors.Join(errs...)
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
