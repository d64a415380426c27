package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/search"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/sqldb"
)

// RunSearch runs the conformance cases of store.SearchIndex against stores
// made by open, each on a fresh database: both dialects must find the same
// articles for the same query.
func RunSearch(t *testing.T, open Opener) {
	cases := []struct {
		name string
		fn   func(t *testing.T, s store.Store, clock *Clock)
	}{
		{"SearchFindsVisibleMatches", testSearchMatches},
		{"SearchRankAndTies", testSearchRank},
		{"SearchRankWindow", testSearchRankWindow},
		{"SearchFiltersAndPages", testSearchFilters},
		{"SearchReindexAndDelete", testSearchReindex},
		{"DocFreqs", testDocFreqs},
		{"RelatedStorage", testRelatedStorage},
		{"BatchWrites", testBatchWrites},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			clock := NewClock(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
			c.fn(t, open(t, clock.Now), clock)
		})
	}
}

// indexed creates a and indexes it.
func indexed(t testing.TB, s store.Store, a *article.Article) *article.Article {
	t.Helper()
	create(t, s, a)
	must(t, s.IndexArticle(context.Background(), search.Doc(a)))
	return a
}

// found runs a reader query and returns the titles found, best first.
func found(t testing.TB, s store.Store, q store.SearchQuery, text string) []string {
	t.Helper()
	ctx := context.Background()
	q.Groups = search.Parse("fr", text).Groups
	hits, total, err := s.Search(ctx, q)
	must(t, err)
	titles := []string{}
	for _, h := range hits {
		a, err := s.Article(ctx, h.ArticleID)
		must(t, err)
		titles = append(titles, a.Title)
	}
	if q.Limit == 0 && total != len(titles) {
		t.Errorf("query %q: total %d, %d hits", text, total, len(titles))
	}
	return titles
}

func testSearchMatches(t *testing.T, s store.Store, clock *Clock) {
	now := clock.Now()
	title := indexed(t, s, NewArticle("Blinken met en garde l'Asie centrale", nil, now.Add(-2*time.Hour)))
	body := NewArticle("Tournée diplomatique", nil, now.Add(-time.Hour))
	body.Body = "Le secrétaire d'État a rencontré à Astana les dirigeants d’Asie centrale.\n\nLes élections approchent."
	indexed(t, s, body)
	draft := NewArticle("Brouillon sur l'Asie centrale", nil, time.Time{})
	draft.Status = article.Draft
	indexed(t, s, draft)
	future := NewArticle("Asie centrale : demain", nil, now.Add(time.Hour))
	future.Status = article.Scheduled
	indexed(t, s, future)
	indexed(t, s, NewArticle("Le Tour de France", nil, now.Add(-time.Hour)))

	q := store.SearchQuery{VisibleAt: now}
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"asie", []string{title.Title, body.Title}},
		{"ASIE Centrale", []string{title.Title, body.Title}},
		{`"asie centrale"`, []string{title.Title, body.Title}},
		{`"centrale asie"`, []string{}},
		{"election", []string{body.Title}},
		{"élections astana", []string{body.Title}},
		{"blinken tour", []string{}},
		{"asie NEAR centrale", []string{}}, // NEAR is a mere word
		{`asie" * : - (`, []string{title.Title, body.Title}},
	} {
		if got := found(t, s, q, c.query); !reflect.DeepEqual(got, c.want) {
			t.Errorf("query %q: got %q, want %q", c.query, got, c.want)
		}
	}
	hits, total, err := s.Search(context.Background(), q) // no groups
	if err != nil || total != 0 || len(hits) != 0 {
		t.Errorf("empty query: %v hits, total %d, err %v", hits, total, err)
	}
}

func testSearchRank(t *testing.T, s store.Store, clock *Clock) {
	now := clock.Now()
	inBody := NewArticle("Un sommet à Astana", nil, now.Add(-time.Hour))
	inBody.Body = "Le Kazakhstan reçoit ses voisins."
	indexed(t, s, inBody)
	inTitle := indexed(t, s, NewArticle("Le Kazakhstan reçoit", nil, now.Add(-3*time.Hour)))
	if got := found(t, s, store.SearchQuery{VisibleAt: now}, "kazakhstan"); len(got) != 2 || got[0] != inTitle.Title {
		t.Errorf("title match should come first: %q", got)
	}
	// Same text, different dates: the more recent wins the tie.
	old := NewArticle("Pluie sur Tachkent", nil, now.Add(-48*time.Hour))
	old.Slug = "pluie-ancienne"
	indexed(t, s, old)
	recent := NewArticle("Pluie sur Tachkent", nil, now.Add(-time.Hour))
	indexed(t, s, recent)
	hits, _, err := s.Search(context.Background(), store.SearchQuery{VisibleAt: now, Groups: search.Parse("fr", "tachkent").Groups})
	must(t, err)
	if len(hits) != 2 || hits[0].ArticleID != recent.ID {
		t.Errorf("tie: got %+v, want article %d first", hits, recent.ID)
	}
}

func testSearchFilters(t *testing.T, s store.Store, clock *Clock) {
	f := NewFixture(t, s)
	now := clock.Now()
	var titles []string
	for i, c := range []*article.Category{&f.Monde, &f.Sport, &f.Monde, &f.Monde} {
		a := NewArticle("Match de football numéro "+string(rune('A'+i)), c, now.Add(-time.Duration(i+1)*24*time.Hour))
		indexed(t, s, a)
		titles = append(titles, a.Title)
	}
	q := store.SearchQuery{VisibleAt: now, CategoryID: f.Monde.ID}
	if got := found(t, s, q, "football"); !reflect.DeepEqual(got, []string{titles[0], titles[2], titles[3]}) {
		t.Errorf("category filter: %q", got)
	}
	q = store.SearchQuery{VisibleAt: now, From: now.Add(-3*24*time.Hour - time.Minute), To: now.Add(-2*24*time.Hour + time.Minute)}
	if got := found(t, s, q, "football"); !reflect.DeepEqual(got, []string{titles[1], titles[2]}) {
		t.Errorf("date range: %q", got)
	}
	q = store.SearchQuery{VisibleAt: now, Limit: 2, Offset: 2, Groups: search.Parse("fr", "football").Groups}
	hits, total, err := s.Search(context.Background(), q)
	must(t, err)
	if total != 4 || len(hits) != 2 {
		t.Errorf("page 2: %d hits of %d, want 2 of 4", len(hits), total)
	}
	q = store.SearchQuery{VisibleAt: now, Lang: "en"}
	if got := found(t, s, q, "football"); len(got) != 0 {
		t.Errorf("lang filter: %q", got)
	}
}

func testSearchReindex(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	now := clock.Now()
	a := indexed(t, s, NewArticle("Douchanbé sous la neige", nil, now.Add(-time.Hour)))
	a.Title, a.Lead = "Bichkek sous la neige", ""
	must(t, s.UpdateArticle(ctx, a))
	must(t, s.IndexArticle(ctx, search.Doc(a)))
	q := store.SearchQuery{VisibleAt: now}
	if got := found(t, s, q, "douchanbé"); len(got) != 0 {
		t.Errorf("old title still found: %q", got)
	}
	if got := found(t, s, q, "bichkek"); len(got) != 1 {
		t.Errorf("new title not found: %q", got)
	}
	must(t, s.DeleteArticle(ctx, a.ID))
	if got := found(t, s, q, "bichkek"); len(got) != 0 {
		t.Errorf("deleted article found: %q", got)
	}
	err := s.IndexArticle(ctx, store.SearchDoc{ArticleID: a.ID, Lang: "fr", Title: "x"})
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("indexing a missing article: %v, want ErrNotFound", err)
	}
}

func testDocFreqs(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	now := clock.Now()
	a := indexed(t, s, NewArticle("Antony Blinken à Astana", nil, now))
	indexed(t, s, NewArticle("Astana en fête", nil, now))
	must(t, s.IndexArticle(ctx, search.Doc(a))) // indexing twice counts once
	df, n, err := s.DocFreqs(ctx, []string{"astan", "blinken", "antony_blinken", "absent"})
	must(t, err)
	want := map[string]int{"astan": 2, "blinken": 1, "antony_blinken": 1}
	if n != 2 || !reflect.DeepEqual(df, want) {
		t.Errorf("DocFreqs = %v, %d; want %v, 2", df, n, want)
	}
	got, err := s.IndexedTerms(ctx, []article.ID{a.ID, a.ID + 1000})
	must(t, err)
	if want := search.Doc(a); len(got) != 1 || !reflect.DeepEqual(got[a.ID], want) {
		t.Errorf("IndexedTerms = %+v, want %+v", got, want)
	}
	a.Title, a.Lead = "Visite à Astana", ""
	must(t, s.UpdateArticle(ctx, a))
	must(t, s.IndexArticle(ctx, search.Doc(a)))
	df, _, err = s.DocFreqs(ctx, []string{"blinken", "astan"})
	must(t, err)
	if !reflect.DeepEqual(df, map[string]int{"astan": 2}) {
		t.Errorf("after update: %v", df)
	}
}

func testRelatedStorage(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	f := NewFixture(t, s)
	now := clock.Now()
	a := indexed(t, s, NewArticle("A", &f.Monde, now.Add(-time.Hour)))
	b := NewArticle("B", &f.Sport, now.Add(-2*time.Hour))
	b.Tags = []article.Tag{f.Foot}
	indexed(t, s, b)
	c := indexed(t, s, NewArticle("C", nil, now.Add(-3*time.Hour)))
	en := NewArticle("D", nil, now.Add(-time.Hour))
	en.Lang = "en"
	indexed(t, s, en)
	draft := NewArticle("E", nil, time.Time{})
	draft.Status = article.Draft
	indexed(t, s, draft)

	sig := func(w ...float64) []store.WeightedTerm {
		terms := []string{"astan", "blinken", "tachkent"}
		var out []store.WeightedTerm
		for i, x := range w {
			out = append(out, store.WeightedTerm{Term: terms[i], Weight: x})
		}
		return out
	}
	must(t, s.SaveSignature(ctx, a.ID, sig(0.8, 0.6)))
	must(t, s.SaveSignature(ctx, b.ID, sig(0.6, 0.8)))
	must(t, s.SaveSignature(ctx, c.ID, sig(0, 0, 1)))
	must(t, s.SaveSignature(ctx, en.ID, sig(1)))
	must(t, s.SaveSignature(ctx, draft.ID, sig(1)))
	got, err := s.Signature(ctx, b.ID)
	must(t, err)
	if !reflect.DeepEqual(got, []store.WeightedTerm{{Term: "blinken", Weight: 0.8}, {Term: "astan", Weight: 0.6}}) {
		t.Errorf("Signature = %v", got)
	}

	query := store.CandidateQuery{Sig: sig(0.8, 0.6, 0.1), Lang: "fr", Exclude: a.ID, VisibleAt: now, Limit: 10}
	cands, err := s.RelatedCandidates(ctx, query)
	must(t, err)
	if len(cands) != 2 || cands[0].ArticleID != b.ID || cands[1].ArticleID != c.ID {
		t.Fatalf("candidates = %+v, want B then C", cands)
	}
	if d := cands[0].Overlap - 0.96; d > 1e-9 || d < -1e-9 {
		t.Errorf("overlap = %v, want 0.96", cands[0].Overlap)
	}
	// Found by the heaviest term alone (C does not hold it), B is still
	// given its whole overlap.
	query.FindBy = 1
	found, err := s.RelatedCandidates(ctx, query)
	must(t, err)
	if len(found) != 1 || found[0].ArticleID != b.ID {
		t.Fatalf("candidates found by one term = %+v, want B", found)
	}
	if d := found[0].Overlap - 0.96; d > 1e-9 || d < -1e-9 {
		t.Errorf("overlap found by one term = %v, want 0.96", found[0].Overlap)
	}
	// The limit keeps the best.
	query.FindBy, query.Sig, query.Limit = 3, sig(0.6, 0.8, 0.5), 1
	found, err = s.RelatedCandidates(ctx, query)
	must(t, err)
	if len(found) != 1 || found[0].ArticleID != b.ID {
		t.Fatalf("one candidate = %+v, want B", found)
	}
	if cands[0].Title != "B" || cands[0].CategoryID != f.Sport.ID || !reflect.DeepEqual(cands[0].TagIDs, []int64{f.Foot.ID}) ||
		!cands[0].PublishedAt.Equal(b.PublishedAt) {
		t.Errorf("candidate details = %+v", cands[0])
	}

	must(t, s.SaveRelated(ctx, a.ID, []store.RelatedLink{{Related: c.ID, Score: 0.2}, {Related: b.ID, Score: 0.9}, {Related: draft.ID, Score: 0.95}}))
	links, err := s.Related(ctx, a.ID, 3, now)
	must(t, err)
	if !reflect.DeepEqual(links, []store.RelatedLink{{Related: b.ID, Score: 0.9}, {Related: c.ID, Score: 0.2}}) {
		t.Errorf("Related = %v (drafts hidden, best first)", links)
	}
	if to, err := s.RelatedTo(ctx, c.ID); err != nil || !reflect.DeepEqual(to, []article.ID{a.ID}) {
		t.Errorf("RelatedTo = %v, %v", to, err)
	}
	links, err = s.Related(ctx, a.ID, 1, time.Time{})
	must(t, err)
	if len(links) != 1 || links[0].Related != draft.ID {
		t.Errorf("Related without visibility = %v", links)
	}
	must(t, s.SaveRelated(ctx, a.ID, nil))
	if links, _ := s.Related(ctx, a.ID, 3, now); len(links) != 0 {
		t.Errorf("after clearing: %v", links)
	}
	must(t, s.DeleteArticle(ctx, b.ID))
	if cands, _ := s.RelatedCandidates(ctx, store.CandidateQuery{Sig: sig(1, 1), Lang: "fr", Exclude: a.ID, VisibleAt: now, Limit: 10}); len(cands) != 0 {
		t.Errorf("deleted article still a candidate: %+v", cands)
	}
	ids, err := s.ArticleIDs(ctx)
	must(t, err)
	if len(ids) != 4 || ids[0] != a.ID {
		t.Errorf("ArticleIDs = %v", ids)
	}
}

// testBatchWrites checks the many-articles-at-once writes a reindex uses.
func testBatchWrites(t *testing.T, s store.Store, clock *Clock) {
	ctx := context.Background()
	now := clock.Now()
	a := NewArticle("Antony Blinken à Astana", nil, now.Add(-time.Hour))
	b := NewArticle("Astana sous la neige", nil, now.Add(-2*time.Hour))
	c := NewArticle("Tachkent en fête", nil, now.Add(-3*time.Hour))
	for _, x := range []*article.Article{a, b, c} {
		create(t, s, x)
	}
	missing := store.SearchDoc{ArticleID: c.ID + 1000, Lang: "fr", Title: "astan"}
	must(t, s.IndexArticles(ctx, []store.SearchDoc{search.Doc(a), search.Doc(b), missing, search.Doc(c)}))
	must(t, s.IndexArticles(ctx, []store.SearchDoc{search.Doc(a)})) // again: counted once
	if got := found(t, s, store.SearchQuery{VisibleAt: now}, "astana"); !reflect.DeepEqual(got, []string{a.Title, b.Title}) {
		t.Errorf("after IndexArticles: %q", got)
	}
	df, n, err := s.DocFreqs(ctx, []string{"astan", "tachkent"})
	must(t, err)
	if n != 3 || !reflect.DeepEqual(df, map[string]int{"astan": 2, "tachkent": 1}) {
		t.Errorf("DocFreqs = %v, %d", df, n)
	}

	w := func(term string, x float64) store.WeightedTerm { return store.WeightedTerm{Term: term, Weight: x} }
	must(t, s.SaveSignatures(ctx, []store.ArticleSignature{
		{ArticleID: a.ID, Terms: []store.WeightedTerm{w("astan", 0.8), w("blinken", 0.6)}},
		{ArticleID: b.ID, Terms: []store.WeightedTerm{w("astan", 1)}},
	}))
	if got, _ := s.Signature(ctx, a.ID); !reflect.DeepEqual(got, []store.WeightedTerm{w("astan", 0.8), w("blinken", 0.6)}) {
		t.Errorf("SaveSignatures: signature of A = %v", got)
	}
	rows := []store.SignatureRow{
		{Term: "astan", ArticleID: b.ID, Weight: 0.6},
		{Term: "astan", ArticleID: c.ID, Weight: 0.5},
		{Term: "astan", ArticleID: missing.ArticleID, Weight: 1},
		{Term: "tachkent", ArticleID: b.ID, Weight: 0.8},
	}
	sigs := []store.ArticleSignature{
		{ArticleID: b.ID, Terms: []store.WeightedTerm{w("tachkent", 0.8), w("astan", 0.6)}},
		{ArticleID: c.ID, Terms: []store.WeightedTerm{w("astan", 0.5)}},
		{ArticleID: missing.ArticleID, Terms: []store.WeightedTerm{w("astan", 1)}},
	}
	must(t, s.ReplaceSignatures(ctx, slices.Values(sigs), slices.Values(rows)))
	if got, _ := s.Signature(ctx, a.ID); len(got) != 0 {
		t.Errorf("ReplaceSignatures kept A's signature: %v", got)
	}
	if got, _ := s.Signature(ctx, b.ID); !reflect.DeepEqual(got, []store.WeightedTerm{w("tachkent", 0.8), w("astan", 0.6)}) {
		t.Errorf("ReplaceSignatures: signature of B = %v", got)
	}
	cands, err := s.RelatedCandidates(ctx, store.CandidateQuery{Sig: []store.WeightedTerm{w("astan", 0.6), w("tachkent", 0.1)},
		FindBy: 1, Lang: "fr", Exclude: a.ID, VisibleAt: now, Limit: 10})
	must(t, err)
	if len(cands) != 2 || cands[0].ArticleID != b.ID || cands[1].ArticleID != c.ID {
		t.Fatalf("candidates after ReplaceSignatures = %+v", cands)
	}
	if d := cands[0].Overlap - 0.44; d > 1e-9 || d < -1e-9 { // whole signatures: 0.36 + 0.08
		t.Errorf("overlap after ReplaceSignatures = %v, want 0.44", cands[0].Overlap)
	}
	must(t, s.DeleteArticle(ctx, b.ID)) // the index by article is back: the cascade works
	if got, _ := s.Signature(ctx, b.ID); len(got) != 0 {
		t.Errorf("deleted article's signature: %v", got)
	}

	must(t, s.SaveRelatedLists(ctx, []store.RelatedList{
		{ArticleID: a.ID, Links: []store.RelatedLink{{Related: c.ID, Score: 0.5}}},
		{ArticleID: c.ID, Links: []store.RelatedLink{{Related: a.ID, Score: 0.5}}},
	}))
	must(t, s.SaveRelatedLists(ctx, []store.RelatedList{{ArticleID: c.ID}}))
	if got, _ := s.Related(ctx, a.ID, 3, now); !reflect.DeepEqual(got, []store.RelatedLink{{Related: c.ID, Score: 0.5}}) {
		t.Errorf("related of A = %v", got)
	}
	if got, _ := s.Related(ctx, c.ID, 3, now); len(got) != 0 {
		t.Errorf("related of C after clearing = %v", got)
	}
}

// A query matching more than RankWindow articles ranks the most recently
// added ones, and still counts every visible match.
func testSearchRankWindow(t *testing.T, st store.Store, clock *Clock) {
	defer func(w int) { sqldb.RankWindow = w }(sqldb.RankWindow)
	sqldb.RankWindow = 3
	ctx := context.Background()
	var ids []article.ID
	for i := 0; i < 6; i++ {
		a := NewArticle(fmt.Sprintf("Neige numéro %d", i), nil, clock.Now().Add(-time.Duration(10-i)*time.Hour))
		if i == 4 {
			a.Status, a.PublishedAt = article.Draft, time.Time{}
		}
		if err := st.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		if err := st.IndexArticle(ctx, search.Doc(a)); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	q := store.SearchQuery{Groups: search.Parse("fr", "neige").Groups, VisibleAt: clock.Now(), Limit: 2}
	hits, total, err := st.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	// The 3 most recent matches are articles 5, 4 (a draft) and 3.
	if total != 5 || len(hits) != 2 || hits[0].ArticleID != ids[5] || hits[1].ArticleID != ids[3] {
		t.Errorf("window: %+v of %d, want articles %d and %d of 5", hits, total, ids[5], ids[3])
	}
	q.Offset = 2 // beyond the window: everything ranked, the best first
	q.Limit = 10
	hits, total, err = st.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if total != 5 || len(hits) != 3 {
		t.Errorf("page 2: %+v of %d", hits, total)
	}
	q.Offset = 0
	hits, _, err = st.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 5 {
		t.Errorf("a page beyond the window ranks all: %+v", hits)
	}
}
