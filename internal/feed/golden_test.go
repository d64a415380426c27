package feed

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/kiosque/kiosque/internal/article"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGolden compares every writer's output for the test articles with the
// files in testdata/. Run `go test ./internal/feed -update` after an intended
// change and review the diff.
func TestGolden(t *testing.T) {
	s := testSite()
	arts := testArticles()
	items := Items(s, arts)
	c := testChannel(s)
	cases := map[string]func(*bytes.Buffer) error{
		"feed.rss":  func(b *bytes.Buffer) error { return WriteRSS(b, c, items) },
		"feed.atom": func(b *bytes.Buffer) error { return WriteAtom(b, c, items) },
		"feed.json": func(b *bytes.Buffer) error { return WriteJSONFeed(b, c, items) },
		"sitemap-index.xml": func(b *bytes.Buffer) error {
			return WriteSitemapIndex(b, SitemapIndex(s, len(arts), now))
		},
		"sitemap-articles.xml": func(b *bytes.Buffer) error { return WriteSitemap(b, ArticleURLs(s, arts)) },
		"sitemap-taxonomy.xml": func(b *bytes.Buffer) error {
			return WriteSitemap(b, TaxonomyURLs(s, []article.Category{*arts[0].Category}, arts[0].Tags, arts[0].Authors))
		},
		"news-sitemap.xml": func(b *bytes.Buffer) error {
			return WriteNewsSitemap(b, s, Publication{Name: s.Name, Lang: "fr"}, arts, now)
		},
		"robots.txt": func(b *bytes.Buffer) error { _, err := b.WriteString(RobotsTxt(s)); return err },
	}
	for name, write := range cases {
		t.Run(name, func(t *testing.T) {
			var got bytes.Buffer
			if err := write(&got); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", name)
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%s differs from the golden file; run go test -update and review the diff.\ngot:\n%s", name, got.String())
			}
		})
	}
}
