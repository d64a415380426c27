package importer

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/store"
)

// TestExportRoundTrip: export → import into an empty database gives the
// same articles and taxonomy.
func TestExportRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := openStore(t)
	importSample(t, src, sample)
	must(t, src.SaveSettings(ctx, map[string]string{"site.name": "La Gazette", "site.base_url": "https://gazette.example", "site.lang": "fr", "site.timezone": "Europe/Paris"}))
	// Fields WordPress has no place for must survive too.
	a, err := src.ArticleByExternalID(ctx, "wp:110")
	must(t, err)
	a.Source = article.Source{Name: "Agence Nord", URL: "https://agence.example/1", TranslatedFrom: "en"}
	a.Status, a.TranslationGroup = article.Archived, 7
	a.Image.Credit, a.Image.Width, a.Image.Height = "M. L.", 800, 533
	a.Body = "Du **Markdown** avec [un lien](https://exemple.fr).\n\n> Une citation ]]> piège."
	bob := article.Author{Name: "Bob Durand"}
	must(t, src.SaveAuthor(ctx, &bob))
	a.Authors = append(a.Authors, bob)
	must(t, src.UpdateArticle(ctx, a))
	if err := src.ImportComments(ctx, a.ID, []comment.Comment{{ID: 1, AuthorName: "Zoé", AuthorEmail: "z@example.org",
		Text: "a < b > c & d\nligne 2", State: comment.Approved, CreatedAt: importNow}}); err != nil {
		t.Fatal(err)
	}
	noExt := &article.Article{Title: "Écrit dans Kiosque", Body: "Texte.", Lang: "en", Status: article.Pending}
	must(t, src.CreateArticle(ctx, noExt))

	var buf bytes.Buffer
	if err := ExportWXR(ctx, src, &buf, importNow); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte("<wp:post_date><![CDATA[2026-11-20 09:30:00]]></wp:post_date>")) ||
		!bytes.Contains(buf.Bytes(), []byte("<wp:post_date_gmt><![CDATA[2026-11-20 08:30:00]]></wp:post_date_gmt>")) {
		t.Error("post_date is not in the site's time zone, or post_date_gmt not in UTC")
	}
	if !bytes.Contains(buf.Bytes(), []byte("<wp:post_type><![CDATA[attachment]]></wp:post_type>")) || !bytes.Contains(buf.Bytes(), []byte("_thumbnail_id")) {
		t.Error("featured images are not exported as attachments")
	}
	path := filepath.Join(t.TempDir(), "site.xml")
	must(t, os.WriteFile(path, buf.Bytes(), 0o600))
	dst := openStore(t)
	sum := importSample(t, dst, path)
	if len(sum.Problems) > 0 || sum.Articles != 6 {
		t.Fatalf("import of the export: %s %q", sum.Line(), sum.Problems)
	}

	want, _, err := src.ListArticles(ctx, store.ArticleFilter{Limit: 100})
	must(t, err)
	if len(want) != 6 {
		t.Fatalf("source has %d articles, want 6", len(want))
	}
	for _, w := range want {
		ext := w.ExternalID
		if ext == "" {
			ext = "wp:" + strconv.FormatInt(int64(w.ID), 10) // an article without one gets its export id
		}
		g, err := dst.ArticleByExternalID(ctx, ext)
		if err != nil {
			t.Errorf("%s (%q) missing after round trip: %v", ext, w.Title, err)
			continue
		}
		if w.ExternalID == "" {
			g.ExternalID = ""
		}
		if got, want := comparable(g), comparable(&w); !reflect.DeepEqual(got, want) {
			t.Errorf("%s changed:\n got %+v\nwant %+v", ext, got, want)
		}
	}
	// Comments: same authors, texts, states, dates and threading.
	for _, w := range want {
		ext := w.ExternalID
		if ext == "" {
			continue
		}
		g, _ := dst.ArticleByExternalID(ctx, ext)
		wc, _, err := src.ListComments(ctx, store.CommentFilter{ArticleID: w.ID, Oldest: true})
		must(t, err)
		gc, _, err := dst.ListComments(ctx, store.CommentFilter{ArticleID: g.ID, Oldest: true})
		must(t, err)
		if len(gc) != len(wc) {
			t.Errorf("%s: %d comments, want %d", ext, len(gc), len(wc))
			continue
		}
		index := func(list []comment.Comment, id comment.ID) int {
			for i, c := range list {
				if c.ID == id {
					return i
				}
			}
			return -1
		}
		for i := range wc {
			if gc[i].AuthorName != wc[i].AuthorName || gc[i].Text != wc[i].Text || gc[i].State != wc[i].State ||
				!gc[i].CreatedAt.Equal(wc[i].CreatedAt) || gc[i].Depth != wc[i].Depth ||
				index(gc, gc[i].ParentID) != index(wc, wc[i].ParentID) || gc[i].AuthorEmail != wc[i].AuthorEmail {
				t.Errorf("%s comment %d:\n got %+v\nwant %+v", ext, i, gc[i], wc[i])
			}
		}
	}
	for _, pair := range []struct {
		name      string
		got, want any
	}{
		{"categories", list(t, dst.Categories), list(t, src.Categories)},
		{"tags", list(t, dst.Tags), list(t, src.Tags)},
		{"authors", list(t, dst.Authors), list(t, src.Authors)},
	} {
		if !reflect.DeepEqual(pair.got, pair.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", pair.name, pair.got, pair.want)
		}
	}
}

// comparable drops what legitimately differs between two databases (ids,
// creation times, the external id an export gives an article that had
// none) and keeps everything a reader or editor sees.
func comparable(a *article.Article) article.Article {
	c := *a
	c.ID, c.CreatedAt, c.UpdatedAt = 0, time.Time{}, time.Time{}
	if c.Category != nil {
		cat := *c.Category
		cat.ID = 0
		c.Category = &cat
	}
	c.Tags = append([]article.Tag{}, a.Tags...)
	for i := range c.Tags {
		c.Tags[i].ID = 0
	}
	c.Authors = append([]article.Author{}, a.Authors...)
	for i := range c.Authors {
		c.Authors[i].ID = 0
	}
	return c
}

func list[T any](t testing.TB, fn func(context.Context) ([]T, error)) []T {
	t.Helper()
	l, err := fn(context.Background())
	must(t, err)
	// Clear IDs by reflection-free copy: every taxonomy type has an ID field first.
	for i := range l {
		reflect.ValueOf(&l[i]).Elem().Field(0).SetInt(0)
	}
	return l
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
