// Command kiosque-eval measures related articles ("Lire aussi") on the
// labeled news dev set (../shared/data/news): it imports the articles
// without their labels into a fresh SQLite site, the way `kiosque import
// jsonl` does, asks the product through /api/v1/articles/{id}/related on
// a real HTTP server, and prints, for English and French, precision@3 on
// the BBC part, the share of same-story pairs found in the top 10 and of
// unrelated pairs wrongly in the top 3, next to two baselines: the old
// "recent articles of the same category" and plain BM25 on title+body. It
// prints the figures on the whole set, then on each of its two parts
// (evaluation.Split): part 0 is where the method was tuned, part 1 was
// held out.
//
//	go run ./cmd/kiosque-eval [-data DIR]
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kiosque/kiosque/internal/api"
	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/importer"
	"github.com/kiosque/kiosque/internal/related"
	"github.com/kiosque/kiosque/internal/related/evaluation"
	"github.com/kiosque/kiosque/internal/store/sqlite"
	"github.com/kiosque/kiosque/internal/web"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "kiosque-eval:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("kiosque-eval", flag.ContinueOnError)
	data := fs.String("data", "", "directory holding dev.jsonl and dev_pairs.jsonl (default: shared/data/news next to the repository)")
	why := fs.Bool("why", false, "also print, for Kiosque, the unrelated pairs it puts in a top 3 and the same-story pairs it misses")
	if err := fs.Parse(args); err != nil {
		return err
	}
	dir := *data
	if dir == "" {
		var err error
		if dir, err = evaluation.FindDevDir(); err != nil {
			return err
		}
	}
	arts, pairs, err := evaluation.Load(dir)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "kiosque-eval")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	st, err := sqlite.Open(ctx, filepath.Join(tmp, "eval.db"), sqlite.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	if err := importUnlabeled(ctx, st, arts, filepath.Join(tmp, "articles.jsonl")); err != nil {
		return err
	}
	fmt.Fprintf(out, "imported and analyzed %d articles in %s\n", len(arts), time.Since(start).Round(time.Second))

	srv := httptest.NewServer(api.New(api.Options{Store: st}))
	defer srv.Close()
	kiosque := func(id string, n int) ([]string, error) { return askRelated(srv.URL, id, n) }
	byExt := map[string]*article.Article{}
	old := web.SameCategory{Store: st}
	recent := func(id string, n int) ([]string, error) {
		a, ok := byExt[id]
		if !ok {
			var err error
			if a, err = st.ArticleByExternalID(ctx, id); err != nil {
				return nil, err
			}
			byExt[id] = a
		}
		list, err := old.ReadAlso(ctx, a, time.Now(), n)
		var ids []string
		for _, o := range list {
			ids = append(ids, o.ExternalID)
		}
		return ids, err
	}
	methods := []evaluation.Method{evaluation.Memo(recent), evaluation.Memo(evaluation.NewBM25(arts).Related), evaluation.Memo(kiosque)}
	order := []string{"(a) recent, same category", "(b) BM25 title+body", "(c) Kiosque"}
	for _, h := range []int{-1, 0, 1} {
		a, p := arts, pairs
		if h >= 0 {
			a, p = evaluation.Split(arts, pairs, h)
			fmt.Fprintf(out, "\n%s\n", []string{"part 0 (tuned on)", "part 1 (held out)"}[h])
		}
		rows := map[string][]evaluation.Figures{}
		for _, lang := range []string{"en", "fr"} {
			for i, m := range methods {
				f, err := evaluation.Measure(a, p, lang, m)
				if err != nil {
					return err
				}
				rows[order[i]] = append(rows[order[i]], f)
			}
		}
		evaluation.Print(out, rows, order)
		en, fr := rows[order[2]][0], rows[order[2]][1]
		if *why && h < 0 {
			explain(out, arts, en, fr)
		}
		fmt.Fprintf(out, "n: en %d BBC queries, %d same-story and %d unrelated pairs; fr %d and %d pairs\n",
			en.BBCQueries, en.SamePairs, en.UnrelPairs, fr.SamePairs, fr.UnrelPairs)
	}
	return nil
}

// explain prints the pairs Kiosque got wrong with the start of both texts
// and each side's top 3, for whoever tunes the method.
func explain(out io.Writer, arts []evaluation.Article, figs ...evaluation.Figures) {
	byID := map[string]evaluation.Article{}
	for _, a := range arts {
		byID[a.ID] = a
	}
	head := func(id string) string {
		a := byID[id]
		t := strings.Join(strings.Fields(a.Title+" | "+a.Body), " ")
		if r := []rune(t); len(r) > 160 {
			t = string(r[:160]) + "…"
		}
		return t
	}
	for _, f := range figs {
		for _, l := range []struct {
			what  string
			pairs []evaluation.Pair
		}{{"unrelated in a top 3", f.Wrong}, {"same story missed", f.Missed}} {
			for _, p := range l.pairs {
				fmt.Fprintf(out, "\n%s %s (overall %.2f)\n  %s: %s\n  %s: %s\n", f.Lang, l.what, p.Overall, p.ID1, head(p.ID1), p.ID2, head(p.ID2))
			}
		}
	}
}

// importUnlabeled writes the articles without label or source (what is
// judged is never given to the product) and imports them as `kiosque
// import jsonl` does: the importer, then one analysis of everything.
func importUnlabeled(ctx context.Context, st *sqlite.Store, arts []evaluation.Article, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, a := range arts {
		if err := enc.Encode(importer.JSONLRecord{ID: a.ID, Lang: a.Lang, Title: a.Title, Body: a.Body}); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	sum, err := importer.ImportJSONL(ctx, st, path, importer.JSONLOptions{})
	if err != nil {
		return err
	}
	if len(sum.Problems) > 0 {
		return fmt.Errorf("import: %s: %v", sum.Line(), sum.Problems)
	}
	return (&related.Engine{Store: st}).Rebuild(ctx, nil)
}

// askRelated asks the API for the n articles related to external id.
func askRelated(base, id string, n int) ([]string, error) {
	resp, err := http.Get(fmt.Sprintf("%s/api/v1/articles/%s/related?n=%d", base, url.PathEscape(id), n))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("related of %s: status %d", id, resp.StatusCode)
	}
	var body struct {
		Articles []struct {
			ExternalID string  `json:"external_id"`
			Score      float64 `json:"score"`
		} `json:"articles"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(body.Articles))
	for _, a := range body.Articles {
		ids = append(ids, a.ExternalID)
	}
	return ids, nil
}
