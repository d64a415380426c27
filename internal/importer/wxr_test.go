package importer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/markup"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

const sample = "../wxr/testdata/sample.xml"

var importNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// fullStore is every store interface the importer touches.
type fullStore interface {
	store.Store
	store.Redirects
	store.Syndication
	store.CommentImporter
}

// openStore returns a fresh SQLite store whose clock is importNow.
func openStore(t testing.TB) fullStore {
	t.Helper()
	return storetest.OpenSQLite(t, func() time.Time { return importNow })
}

// TestImportWXRBothDialects runs the sample import on SQLite and
// PostgreSQL (skipped without a server, as storetest says).
func TestImportWXRBothDialects(t *testing.T) {
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			st := storetest.Dialects[name](t, func() time.Time { return importNow }).(fullStore)
			testImportSample(t, st)
		})
	}
}

func importSample(t testing.TB, st WXRStore, path string) *Summary {
	t.Helper()
	sum, err := ImportWXR(context.Background(), st, path, WXROptions{Now: func() time.Time { return importNow }})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func testImportSample(t *testing.T, st fullStore) {
	ctx := context.Background()
	var progress []int
	sum, err := ImportWXR(ctx, st, sample, WXROptions{Now: func() time.Time { return importNow }, Progress: func(done, total int) {
		progress = append(progress, done, total)
	}})
	if err != nil {
		t.Fatal(err)
	}
	var lines strings.Builder
	_ = sum.Write(&lines)
	t.Log(lines.String())
	if sum.Articles != 5 || sum.Authors != 2 || sum.Categories != 4 || sum.Tags != 2 || sum.Comments != 4 || len(sum.Problems) != 0 {
		t.Errorf("summary = %s", sum.Line())
	}
	if sum.Skipped["private post"] != 1 || sum.Skipped["trash post"] != 1 || sum.Skipped["nav_menu_item"] != 1 {
		t.Errorf("skipped = %v", sum.Skipped)
	}
	if n := len(progress); n == 0 || progress[n-2] != 7 || progress[n-1] != 7 {
		t.Errorf("progress = %v, want to end at 7/7", progress)
	}

	a, err := st.ArticleByExternalID(ctx, "wp:101")
	if err != nil {
		t.Fatal(err)
	}
	if a.Slug != "samarcande-routes-de-leau" || a.Status != article.Published || a.Lang != "fr" ||
		!a.PublishedAt.Equal(time.Date(2026, 11, 20, 8, 30, 0, 0, time.UTC)) {
		t.Errorf("post 101 = %+v", a)
	}
	if a.Category == nil || a.Category.Slug != "asie-centrale" {
		t.Errorf("category = %+v, want the deepest, asie-centrale", a.Category)
	}
	if len(a.Tags) != 2 || len(a.Authors) != 1 || a.Authors[0].Name != "Marion Lefort" || a.Authors[0].Slug != "mlefort" {
		t.Errorf("tags %+v authors %+v", a.Tags, a.Authors)
	}
	if a.Lead != "Cinq pays riverains tentent de s'entendre sur le partage des fleuves." {
		t.Errorf("lead = %q", a.Lead)
	}
	if a.Image.URL != "https://gazette.example/wp-content/uploads/2026/11/barrage.jpg" || a.Image.Alt != "Le barrage vu depuis la rive" {
		t.Errorf("image = %+v", a.Image)
	}
	if strings.Contains(a.Body, "wp:paragraph") || !strings.Contains(a.Body, "<figcaption>Les vannes, rénovées en 2024.</figcaption>") {
		t.Errorf("body = %s", a.Body)
	}
	if html := markup.Render(a.Body); !strings.Contains(html, "<h2") || !strings.Contains(html, "<blockquote") {
		t.Errorf("rendered = %s", html)
	}

	draft, err := st.ArticleByExternalID(ctx, "wp:102")
	if err != nil {
		t.Fatal(err)
	}
	if draft.Status != article.Draft || !draft.PublishedAt.IsZero() || draft.Slug != "barrage-de-rogoun-notes-de-terrain" {
		t.Errorf("draft = %+v", draft)
	}
	if !strings.Contains(draft.Body, `<figure class="gallery">`) || strings.Count(draft.Body, "<img") != 2 {
		t.Errorf("gallery = %s", draft.Body)
	}
	if s, _ := st.ArticleByExternalID(ctx, "wp:106"); s == nil || s.Status != article.Scheduled {
		t.Errorf("future post = %+v, want scheduled", s)
	}
	if p, _ := st.ArticleByExternalID(ctx, "wp:103"); p == nil || p.Slug != "qui-sommes-nous" || p.Status != article.Published {
		t.Errorf("page = %+v", p)
	}
	hostile, _ := st.ArticleByExternalID(ctx, "wp:110")
	if html := markup.Render(hostile.Body); strings.Contains(html, "<script") || strings.Contains(html, "onclick") {
		t.Errorf("hostile HTML survived rendering: %s", html)
	}
	for _, id := range []string{"wp:107", "wp:108", "wp:109", "wp:104"} {
		if _, err := st.ArticleByExternalID(ctx, id); err == nil {
			t.Errorf("%s was imported", id)
		}
	}

	comments, total, err := st.ListComments(ctx, store.CommentFilter{ArticleID: a.ID, Oldest: true})
	if err != nil || total != 4 {
		t.Fatalf("comments: %d, %v", total, err)
	}
	c := comments
	if c[0].AuthorName != "Hélène R." || c[0].State != comment.Approved || c[0].AuthorURL != "https://helene.example.org" ||
		!c[0].CreatedAt.Equal(time.Date(2026, 11, 20, 11, 15, 0, 0, time.UTC)) {
		t.Errorf("first comment = %+v", c[0])
	}
	if c[1].ParentID != c[0].ID || c[1].Depth != 1 || c[2].ParentID != c[1].ID || c[2].Depth != 2 || c[2].State != comment.Pending {
		t.Errorf("threading = %+v", c[:3])
	}
	if c[3].State != comment.Spam || strings.Contains(c[3].Text, "<a") || !strings.Contains(c[3].Text, "my site") {
		t.Errorf("spam comment = %+v", c[3])
	}
	for path, want := range map[string]string{
		"/?p=101":                                "samarcande-routes-de-leau",
		"/2026/11/20/samarcande-routes-de-leau/": "samarcande-routes-de-leau",
		"/2026/11/18/gaz-corridor-transcaspien/": "gaz-corridor-transcaspien",
		"/?page_id=103":                          "qui-sommes-nous",
	} {
		r, err := st.Redirect(ctx, path)
		if err != nil || r.Slug != want {
			t.Errorf("redirect %s = %+v, %v; want /%s/", path, r, err, want)
		}
	}
	if r, err := st.Redirect(ctx, "/category/monde/asie/asie-centrale/"); err != nil || r.Target != "/category/asie-centrale/" {
		t.Errorf("nested category redirect = %+v, %v", r, err)
	}
	if _, err := st.Redirect(ctx, "/samarcande-routes-de-leau/"); err == nil {
		t.Error("a redirect loops on the article's own URL")
	}

	// Running again changes nothing.
	before, _, _ := st.ListArticles(ctx, store.ArticleFilter{Limit: 100})
	again := importSample(t, st, sample)
	if again.Articles != 0 || again.Existing != 5 || again.Authors != 0 || again.Categories != 0 || again.Tags != 0 || again.Redirects != 0 || again.Comments != 0 {
		t.Errorf("second run: %s", again.Line())
	}
	after, _, _ := st.ListArticles(ctx, store.ArticleFilter{Limit: 100})
	if len(after) != len(before) {
		t.Fatalf("second run: %d articles, was %d", len(after), len(before))
	}
	for i := range after {
		if !after[i].UpdatedAt.Equal(before[i].UpdatedAt) || after[i].Body != before[i].Body {
			t.Errorf("article %d changed on the second run", after[i].ID)
		}
	}
}

// TestImportWXRBadInput: a broken or partly bad file imports what it can
// and says what it could not, one line each.
func TestImportWXRBadInput(t *testing.T) {
	raw, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	s := string(raw)
	cases := []struct {
		name     string
		content  string
		articles int
		problem  string
	}{
		{"truncated", s[:strings.Index(s, "<title><![CDATA[Qui sommes-nous")], 2, "truncated"},
		{"bad post id", strings.Replace(s, "<wp:post_id>110</wp:post_id>", "<wp:post_id>cent-dix</wp:post_id>", 1), 4, "not a number"},
		{"title too long", strings.Replace(s, "Qui sommes-nous ?", strings.Repeat("long ", 100), 1), 4, "page 103"},
		{"bad bytes", strings.Replace(s, "Les délégations arrivent lundi.", "Les d\xe9l\xe9gations arrivent.", 1), 5, ""},
		{"body too big", strings.Replace(s, "Les délégations arrivent lundi.", strings.Repeat("x", article.MaxBody+1), 1), 4, "over the"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "export.xml")
			if err := os.WriteFile(path, []byte(c.content), 0o600); err != nil {
				t.Fatal(err)
			}
			st := openStore(t)
			sum := importSample(t, st, path)
			if sum.Articles != c.articles {
				t.Errorf("articles = %d, want %d (%s)", sum.Articles, c.articles, sum.Line())
			}
			if c.problem == "" {
				if len(sum.Problems) != 0 || !strings.Contains(strings.Join(sum.Warnings, "\n"), "post 106 \"Sommet d'Astana : ce qu'il faut attendre\": 2 invalid UTF-8") {
					t.Errorf("problems %q, warnings %q", sum.Problems, sum.Warnings)
				}
				return
			}
			if len(sum.Problems) != 1 || !strings.Contains(sum.Problems[0], c.problem) {
				t.Errorf("problems = %q, want one with %q", sum.Problems, c.problem)
			}
		})
	}
}

// TestImportWXRHugePost: a post over the field limit is one problem line,
// read without holding it in memory; the others are imported.
func TestImportWXRHugePost(t *testing.T) {
	raw, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	huge := strings.Repeat("<p>Un paragraphe qui ne finit pas.</p>\n", 60_000) // 2.4 MB
	in := strings.Replace(string(raw), "<p>Les délégations arrivent lundi.</p>", huge, 1)
	path := filepath.Join(t.TempDir(), "huge.xml")
	if err := os.WriteFile(path, []byte(in), 0o600); err != nil {
		t.Fatal(err)
	}
	st := openStore(t)
	sum, err := ImportWXR(context.Background(), st, path, WXROptions{Now: func() time.Time { return importNow }, MaxField: 256 << 10})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Articles != 4 || len(sum.Problems) != 1 || !strings.Contains(sum.Problems[0], "item 106") || !strings.Contains(sum.Problems[0], "field limit") {
		t.Errorf("summary %s, problems %q", sum.Line(), sum.Problems)
	}
}

func TestImportWXRNotAnExport(t *testing.T) {
	_, err := ImportWXR(context.Background(), openStore(t), "../syndication/testdata/agency.rss", WXROptions{})
	if err == nil || !strings.Contains(err.Error(), "not a WordPress export") {
		t.Errorf("err = %v", err)
	}
}
