package security

import (
	"context"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

// sqlish are strings that break hand-built SQL: quotes, comment markers,
// statement ends, LIKE wildcards and escapes, NUL-free control text.
var sqlish = []string{
	`O'Brien`, `'; DROP TABLE articles; --`, `" OR ""="`, `1' OR '1'='1`, `50% _de_ remise`,
	`back\slash \' \" \\`, `$1 $$ quoted $$`, `/* commentaire */ --`, "tab\tand\nnewline", `?? ? :name @p1`,
}

// TestSQLMetacharactersRoundTrip stores SQL metacharacters in every text
// field on both databases: each comes back exactly as written, lookups by
// them find the one row they name, and a title filter treats % and _ as
// text, not wildcards.
func TestSQLMetacharactersRoundTrip(t *testing.T) {
	for name, open := range storetest.Dialects {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st := open(t, func() time.Time { return now })
			ids := map[article.ID]string{}
			for i, s := range sqlish {
				cat := &article.Category{Slug: article.Slugify("rubrique " + s), Name: s, Description: s, Position: i}
				if cat.Slug == "" || article.IsReserved(cat.Slug) {
					cat.Slug = "rubrique"
				}
				cat.Slug = article.WithSuffix(cat.Slug, i+2)
				if err := st.SaveCategory(ctx, cat); err != nil {
					t.Fatalf("category %q: %v", s, err)
				}
				tag, err := st.EnsureTag(ctx, s+" étiquette")
				if err != nil {
					t.Fatalf("tag %q: %v", s, err)
				}
				a := &article.Article{Title: s, Lead: s, Body: s, Lang: "fr", Status: article.Published,
					PublishedAt: now.Add(-time.Hour), ExternalID: s, Category: cat, Tags: []article.Tag{*tag},
					Image: article.Image{URL: "https://img.example/" + s, Alt: s, Caption: s}, Source: article.Source{Name: s}}
				if err := st.CreateArticle(ctx, a); err != nil {
					t.Fatalf("article %q: %v", s, err)
				}
				ids[a.ID] = s
				c := &comment.Comment{ArticleID: a.ID, AuthorName: s, AuthorEmail: "x@example.org", Text: s, State: comment.Approved}
				if _, err := st.CreateComment(ctx, c); err != nil {
					t.Fatalf("comment %q: %v", s, err)
				}
				if err := st.SaveSettings(ctx, map[string]string{"site.tagline": s}); err != nil {
					t.Fatalf("setting %q: %v", s, err)
				}
				kv, err := st.Settings(ctx)
				if err != nil || kv["site.tagline"] != s {
					t.Errorf("setting %q came back as %q (%v)", s, kv["site.tagline"], err)
				}
			}
			for id, s := range ids {
				a, err := st.Article(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if a.Title != s || a.Body != s || a.Lead != s || a.Image.Alt != s || a.Source.Name != s || a.Category.Name != s {
					t.Errorf("article %q came back as %+v", s, a)
				}
				if b, err := st.ArticleByExternalID(ctx, s); err != nil || b.ID != id {
					t.Errorf("by external id %q: %v, %v", s, b, err)
				}
				if b, err := st.ArticleBySlug(ctx, a.Slug); err != nil || b.ID != id {
					t.Errorf("by slug %q: %v", a.Slug, err)
				}
				list, err := st.ArticleComments(ctx, id)
				if err != nil || len(list) != 1 || list[0].Text != s || list[0].AuthorName != s {
					t.Errorf("comments of %q: %+v, %v", s, list, err)
				}
			}
			for _, like := range []string{"%", "_", "50%", "%_", `\`, "'"} {
				list, _, err := st.ListArticles(ctx, store.ArticleFilter{TitleLike: like, Limit: 100})
				if err != nil {
					t.Fatalf("title filter %q: %v", like, err)
				}
				for _, a := range list {
					if !containsFold(a.Title, like) {
						t.Errorf("title filter %q matched %q: a wildcard, not text", like, a.Title)
					}
				}
			}
			if _, err := st.ArticleBySlug(ctx, `' OR 1=1 --`); err == nil {
				t.Error("a slug made of SQL found an article")
			}
			_, total, err := st.ListArticles(ctx, store.ArticleFilter{Limit: 1})
			if err != nil || total != len(sqlish) {
				t.Errorf("%d articles after the metacharacters, want %d (%v)", total, len(sqlish), err)
			}
		})
	}
}

func containsFold(s, sub string) bool {
	return len(sub) == 0 || indexFold(s, sub) >= 0
}

func indexFold(s, sub string) int {
	ls, lsub := []rune(lower(s)), []rune(lower(sub))
	for i := 0; i+len(lsub) <= len(ls); i++ {
		if string(ls[i:i+len(lsub)]) == string(lsub) {
			return i
		}
	}
	return -1
}

func lower(s string) string {
	out := []rune(s)
	for i, r := range out {
		if r >= 'A' && r <= 'Z' {
			out[i] = r + 'a' - 'A'
		}
	}
	return string(out)
}
