package importer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

const sampleJSONL = `{"id":"a1","lang":"fr","title":"Blinken à Astana","body":"Premier paragraphe.\n\nSecond.","category":"Monde","tags":["Asie centrale","Diplomatie"],"author":"Alice Martin","published":"2026-11-20T08:00:00Z","slug":"blinken-astana","source_url":"https://example.org/a1","extra":42}
{"id":"a2","lang":"en","title":"","body":"Title on the first line\nThen the body.","label":"never read"}

not json
{"lang":"fr","title":"Sans identifiant","body":"x"}
{"id":"a3","lang":"de","title":"Sprache","body":"x"}
{"id":"a4","lang":"fr","title":"Date bizarre","body":"x","published":"hier"}
{"id":"a5","lang":"fr","title":"Plus tard","body":"x","published":"2027-01-01"}
{"id":"a1","lang":"fr","title":"Doublon dans le fichier","body":"x"}
`

func writeFile(t testing.TB, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportJSONL(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	st := storetest.OpenSQLite(t, func() time.Time { return now })
	path := writeFile(t, sampleJSONL)
	var seen []article.ID
	var progressed int
	opt := JSONLOptions{Now: func() time.Time { return now },
		Imported: func(_ context.Context, id article.ID) error { seen = append(seen, id); return nil },
		Progress: func(done, total int) { progressed = done }}
	sum, err := ImportJSONL(ctx, st, path, opt)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Articles != 3 || sum.Existing != 1 || len(sum.Problems) != 4 || len(seen) != 3 {
		t.Fatalf("summary %s; problems %q; seen %v", sum.Line(), sum.Problems, seen)
	}
	if progressed != len(sampleJSONL) {
		t.Errorf("progress ended at %d of %d bytes", progressed, len(sampleJSONL))
	}
	for _, want := range []string{"line 4: not a JSON object", "line 5: no id", "line 6 (id a3)", "line 7 (id a4): bad field: published"} {
		found := false
		for _, p := range sum.Problems {
			found = found || strings.HasPrefix(p, want)
		}
		if !found {
			t.Errorf("no problem %q in %q", want, sum.Problems)
		}
	}
	a, err := st.ArticleByExternalID(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	if a.Slug != "blinken-astana" || a.Category == nil || a.Category.Name != "Monde" || len(a.Tags) != 2 ||
		len(a.Authors) != 1 || a.Authors[0].Name != "Alice Martin" || a.Source.URL != "https://example.org/a1" ||
		!a.PublishedAt.Equal(time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)) || !a.Visible(now) {
		t.Errorf("a1 = %+v", a)
	}
	b, err := st.ArticleByExternalID(ctx, "a2")
	if err != nil {
		t.Fatal(err)
	}
	if b.Title != "Title on the first line" || b.Category != nil || len(b.Tags) != 0 || !b.PublishedAt.Equal(now) {
		t.Errorf("a2 = %+v (the label must never become a category or tag)", b)
	}
	if c, _ := st.ArticleByExternalID(ctx, "a5"); c == nil || c.Status != article.Scheduled {
		t.Errorf("a future date should schedule: %+v", c)
	}

	// Running it again changes nothing.
	before, n, _ := st.ListArticles(ctx, store.ArticleFilter{Limit: 100})
	sum, err = ImportJSONL(ctx, st, path, JSONLOptions{Now: func() time.Time { return now.Add(time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	after, m, _ := st.ListArticles(ctx, store.ArticleFilter{Limit: 100})
	if sum.Articles != 0 || sum.Existing != 4 || n != m || len(before) != len(after) {
		t.Errorf("second run: %s; %d then %d articles", sum.Line(), n, m)
	}
}

func TestImportJSONLLongLine(t *testing.T) {
	st := storetest.OpenSQLite(t, time.Now)
	long := `{"id":"big","lang":"fr","title":"x","body":"` + strings.Repeat("a", MaxJSONLLine) + `"}`
	path := writeFile(t, long+"\n"+`{"id":"ok","lang":"fr","title":"Après","body":"x"}`+"\n")
	sum, err := ImportJSONL(context.Background(), st, path, JSONLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Articles != 1 || len(sum.Problems) != 1 || !strings.Contains(sum.Problems[0], "longer than") {
		t.Errorf("summary %s %q", sum.Line(), sum.Problems)
	}
}

func FuzzImportJSONL(f *testing.F) {
	for _, s := range strings.Split(sampleJSONL, "\n") {
		f.Add(s)
	}
	f.Add(`{"id":"\u0000","lang":"fr","title":"\xff","body":"\ud800"}`)
	st := storetest.OpenSQLite(f, time.Now)
	f.Fuzz(func(t *testing.T, line string) {
		path := writeFile(t, line)
		sum, err := ImportJSONL(context.Background(), st, path, JSONLOptions{})
		if err != nil {
			t.Fatalf("a bad line must be a problem, not an error: %v", err)
		}
		if sum.Articles+sum.Existing+len(sum.Problems) > 1 {
			t.Fatalf("one line gave %s", sum.Line())
		}
	})
}
