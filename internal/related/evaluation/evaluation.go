// Package evaluation measures how well a related-articles method does on
// the labeled news dev set (../shared/data/news, see its README): BBC
// topic labels and human-rated SemEval pairs. It is used by the
// kiosque-eval command and by tests; the labels it reads are never given
// to the method judged.
package evaluation

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kiosque/kiosque/internal/importer"
	"github.com/kiosque/kiosque/internal/textan"
)

// Article is one row of dev.jsonl.
type Article struct {
	ID     string `json:"id"`
	Lang   string `json:"lang"`
	Title  string `json:"title"`
	Body   string `json:"body"`
	Label  string `json:"label"`
	Source string `json:"source"`
	// Held is set by Split on the BBC articles of the other part: they
	// may still be answers, but are not asked about.
	Held bool `json:"-"`
}

// Pair is one row of dev_pairs.jsonl.
type Pair struct {
	ID1     string  `json:"id1"`
	ID2     string  `json:"id2"`
	Lang    string  `json:"lang"`
	Overall float64 `json:"overall"`
}

// Load reads dev.jsonl and dev_pairs.jsonl from dir.
func Load(dir string) ([]Article, []Pair, error) {
	var arts []Article
	if err := readJSONL(dir+"/dev.jsonl", func(line []byte) error {
		var a Article
		err := json.Unmarshal(line, &a)
		arts = append(arts, a)
		return err
	}); err != nil {
		return nil, nil, err
	}
	var pairs []Pair
	if err := readJSONL(dir+"/dev_pairs.jsonl", func(line []byte) error {
		var p Pair
		err := json.Unmarshal(line, &p)
		pairs = append(pairs, p)
		return err
	}); err != nil {
		return nil, nil, err
	}
	return arts, pairs, nil
}

func readJSONL(path string, fn func([]byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("evaluation: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		if len(strings.TrimSpace(sc.Text())) == 0 {
			continue
		}
		if err := fn(sc.Bytes()); err != nil {
			return fmt.Errorf("evaluation: %s: %w", path, err)
		}
	}
	return sc.Err()
}

// Method returns the external ids of the n articles it relates to id, best
// first.
type Method func(id string, n int) ([]string, error)

// Figures are one method's results for one language.
type Figures struct {
	Lang           string
	BBCPrecision3  float64 // share of the top 3 with the same BBC label (NaN: no BBC rows)
	SameStoryTop10 float64 // share of pairs rated overall ≤ 2 found in the top 10
	UnrelatedTop3  float64 // share of pairs rated overall ≥ 3.5 wrongly in the top 3
	BBCQueries     int
	SamePairs      int
	UnrelPairs     int
	// Wrong are the unrelated pairs found in a top 3, Missed the
	// same-story pairs not found in a top 10 (in either direction).
	Wrong, Missed []Pair
}

// Measure runs m on every article of language lang and computes the
// figures. A pair counts half for each direction where the other article
// shows up (id1's list holding id2, and id2's list holding id1).
func Measure(arts []Article, pairs []Pair, lang string, m Method) (Figures, error) {
	f := Figures{Lang: lang, BBCPrecision3: math.NaN()}
	label := map[string]string{}
	for _, a := range arts {
		label[a.ID] = a.Label
	}
	tops := map[string][]string{}
	top := func(id string) ([]string, error) {
		if t, ok := tops[id]; ok {
			return t, nil
		}
		t, err := m(id, 10)
		tops[id] = t
		return t, err
	}
	var hits, total int
	for _, a := range arts {
		if a.Lang != lang || a.Source != "bbc" || a.Held {
			continue
		}
		t, err := top(a.ID)
		if err != nil {
			return f, err
		}
		for _, o := range t[:min(3, len(t))] {
			if label[o] == a.Label {
				hits++
			}
		}
		total += 3
		f.BBCQueries++
	}
	if total > 0 {
		f.BBCPrecision3 = float64(hits) / float64(total)
	}
	var found, wrong float64
	for _, p := range pairs {
		if p.Lang != lang {
			continue
		}
		t1, err := top(p.ID1)
		if err != nil {
			return f, err
		}
		t2, err := top(p.ID2)
		if err != nil {
			return f, err
		}
		switch {
		case p.Overall <= 2:
			f.SamePairs++
			got := (in(t1, p.ID2, 10) + in(t2, p.ID1, 10)) / 2
			found += got
			if got < 1 {
				f.Missed = append(f.Missed, p)
			}
		case p.Overall >= 3.5:
			f.UnrelPairs++
			got := (in(t1, p.ID2, 3) + in(t2, p.ID1, 3)) / 2
			wrong += got
			if got > 0 {
				f.Wrong = append(f.Wrong, p)
			}
		}
	}
	if f.SamePairs > 0 {
		f.SameStoryTop10 = found / float64(f.SamePairs)
	}
	if f.UnrelPairs > 0 {
		f.UnrelatedTop3 = wrong / float64(f.UnrelPairs)
	}
	return f, nil
}

func in(list []string, id string, n int) float64 {
	for _, x := range list[:min(n, len(list))] {
		if x == id {
			return 1
		}
	}
	return 0
}

// Split returns part h (0 or 1) of the dev set, by a hash of the ids: the
// pairs of that part, and every article with the BBC articles of the other
// part Held. Part 0 is where the method was tuned; part 1 is held out, to
// see whether what was tuned carries over to articles it was not tuned on.
func Split(arts []Article, pairs []Pair, h int) ([]Article, []Pair) {
	out := make([]Article, len(arts))
	copy(out, arts)
	for i := range out {
		out[i].Held = out[i].Source == "bbc" && part(out[i].ID) != h
	}
	var ps []Pair
	for _, p := range pairs {
		if part(p.ID1+p.ID2) == h {
			ps = append(ps, p)
		}
	}
	return out, ps
}

func part(id string) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % 2)
}

// Memo remembers m's answers, so that measuring the same method on several
// parts of the data asks it once per article. Every call must ask for the
// same n.
func Memo(m Method) Method {
	seen := map[string][]string{}
	return func(id string, n int) ([]string, error) {
		if t, ok := seen[id]; ok {
			return t, nil
		}
		t, err := m(id, n)
		if err == nil {
			seen[id] = t
		}
		return t, err
	}
}

// Title is the title an article gets from `kiosque import jsonl`: its
// own, or else the first line of its body (most SemEval rows have no
// title). The in-memory evaluation uses it to see the articles as the
// product does.
func Title(a Article) string {
	if t := strings.TrimSpace(a.Title); t != "" {
		return t
	}
	return importer.TitleFromBody(a.Body)
}

// Print writes a table of figures, one line per method and language.
func Print(w io.Writer, rows map[string][]Figures, order []string) {
	fmt.Fprintf(w, "%-28s %-4s %8s %12s %12s\n", "method", "lang", "BBC p@3", "same in 10", "unrel in 3")
	for _, name := range order {
		for _, f := range rows[name] {
			p := "-"
			if !math.IsNaN(f.BBCPrecision3) {
				p = fmt.Sprintf("%.3f", f.BBCPrecision3)
			}
			fmt.Fprintf(w, "%-28s %-4s %8s %12.3f %12.3f\n", name, f.Lang, p, f.SameStoryTop10, f.UnrelatedTop3)
		}
	}
}

// BM25 is the plain BM25 baseline: an article's title and body terms
// (package textan) used as the query against every other article of the
// same language. Built once over arts.
type BM25 struct {
	ids   []string
	index map[string]int
	docs  []bm25doc
	post  map[string][]bm25post
	avgdl map[string]float64
}

type bm25doc struct {
	lang string
	tf   map[string]int
	len  int
}

type bm25post struct {
	doc int32
	tf  int32
}

// NewBM25 indexes arts.
func NewBM25(arts []Article) *BM25 {
	b := &BM25{index: map[string]int{}, post: map[string][]bm25post{}, avgdl: map[string]float64{}}
	n := map[string]int{}
	for i, a := range arts {
		terms := textan.Terms(a.Lang, a.Title+"\n\n"+a.Body)
		d := bm25doc{lang: a.Lang, tf: map[string]int{}, len: len(terms)}
		for _, t := range terms {
			d.tf[t]++
		}
		for t, c := range d.tf {
			b.post[t] = append(b.post[t], bm25post{int32(i), int32(c)})
		}
		b.ids = append(b.ids, a.ID)
		b.index[a.ID] = i
		b.docs = append(b.docs, d)
		b.avgdl[a.Lang] += float64(d.len)
		n[a.Lang]++
	}
	for l := range b.avgdl {
		b.avgdl[l] /= float64(n[l])
	}
	return b
}

// Related is the BM25 Method.
func (b *BM25) Related(id string, n int) ([]string, error) {
	const k1, bb = 1.2, 0.75
	qi, ok := b.index[id]
	if !ok {
		return nil, fmt.Errorf("bm25: unknown id %q", id)
	}
	q := b.docs[qi]
	scores := make([]float64, len(b.docs))
	N := float64(len(b.docs))
	avg := b.avgdl[q.lang]
	for t, qtf := range q.tf {
		post := b.post[t]
		df := float64(len(post))
		idf := math.Log(1 + (N-df+0.5)/(df+0.5))
		for _, p := range post {
			d := &b.docs[p.doc]
			if int(p.doc) == qi || d.lang != q.lang {
				continue
			}
			tf := float64(p.tf)
			scores[p.doc] += float64(qtf) * idf * tf * (k1 + 1) / (tf + k1*(1-bb+bb*float64(d.len)/avg))
		}
	}
	m := map[string]float64{}
	for i, s := range scores {
		if s > 0 {
			m[b.ids[i]] = s
		}
	}
	return topN(m, n), nil
}

func topN(scores map[string]float64, n int) []string {
	ids := make([]string, 0, len(scores))
	for id := range scores {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		if scores[ids[i]] != scores[ids[j]] {
			return scores[ids[i]] > scores[ids[j]]
		}
		return ids[i] < ids[j]
	})
	if len(ids) > n {
		ids = ids[:n]
	}
	return ids
}

// FindDevDir returns the news dev set directory: shared/data/news next to
// the repository root (found by walking up to go.mod from the working
// directory), or next to one of the root's parents (a git worktree).
func FindDevDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		news := filepath.Join(d, "shared", "data", "news")
		if _, err := os.Stat(filepath.Join(news, "dev.jsonl")); err == nil {
			return news, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no shared/data/news/dev.jsonl next to %s or its parents", dir)
		}
	}
}
