package evaluation

import (
	"os"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/related"
)

// devDir finds shared/data/news next to the repository root (or next to
// one of its parents, for a git worktree).
func devDir(t testing.TB) string {
	t.Helper()
	dir, err := FindDevDir()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("news dev set missing in CI: %v", err)
		}
		t.Skipf("news dev set not found: %v (it lives in ../shared/data next to the repository)", err)
	}
	return dir
}

// TestMemoryCorpus runs the in-memory version of Kiosque's method and the
// BM25 baseline, without a database, and prints their figures. The full
// evaluation through the API is cmd/kiosque-eval.
func TestMemoryCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("evaluation skipped in -short mode")
	}
	arts, pairs, err := Load(devDir(t))
	if err != nil {
		t.Fatal(err)
	}
	c := related.NewCorpus(related.DefaultParams)
	ids := map[string]article.ID{}
	ext := map[article.ID]string{}
	at := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	for i, a := range arts {
		id := article.ID(i + 1)
		ids[a.ID], ext[id] = id, a.ID
		c.Add(related.Doc{ID: id, Lang: a.Lang, Title: a.Title, Body: a.Body, PublishedAt: at})
	}
	c.Build()
	kiosque := func(id string, n int) ([]string, error) {
		var out []string
		for _, l := range c.Related(ids[id], n) {
			out = append(out, ext[l.Related])
		}
		return out, nil
	}
	bm := NewBM25(arts)
	rows := map[string][]Figures{}
	for _, lang := range []string{"en", "fr"} {
		for name, m := range map[string]Method{"bm25": bm.Related, "kiosque": kiosque} {
			f, err := Measure(arts, pairs, lang, m)
			if err != nil {
				t.Fatal(err)
			}
			rows[name] = append(rows[name], f)
		}
	}
	Print(testWriter{t}, rows, []string{"bm25", "kiosque"})
	// A guard against regressions, well under the figures measured when
	// the method was tuned (see cmd/kiosque-eval).
	if en := rows["kiosque"][0]; en.BBCPrecision3 < 0.88 || en.SameStoryTop10 < 0.9 || en.UnrelatedTop3 > 0.2 {
		t.Errorf("English figures fell: %+v", en)
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) { w.t.Log(string(p)); return len(p), nil }
