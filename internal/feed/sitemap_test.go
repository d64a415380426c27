package feed

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
)

type urlsetBack struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
		News    *struct {
			Publication struct {
				Name     string `xml:"http://www.google.com/schemas/sitemap-news/0.9 name"`
				Language string `xml:"http://www.google.com/schemas/sitemap-news/0.9 language"`
			} `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication"`
			Date  string `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication_date"`
			Title string `xml:"http://www.google.com/schemas/sitemap-news/0.9 title"`
		} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
	} `xml:"url"`
}

func TestWriteSitemapIndex(t *testing.T) {
	s := testSite()
	var buf bytes.Buffer
	if err := WriteSitemapIndex(&buf, SitemapIndex(s, 120001, now)); err != nil {
		t.Fatal(err)
	}
	var got struct {
		XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
		Sitemaps []struct {
			Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
			LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("parse back: %v\n%s", err, buf.String())
	}
	var locs []string
	for _, sm := range got.Sitemaps {
		locs = append(locs, sm.Loc)
	}
	want := "https://example.org/sitemaps/articles-1.xml https://example.org/sitemaps/articles-2.xml https://example.org/sitemaps/articles-3.xml https://example.org/sitemaps/taxonomy.xml"
	if strings.Join(locs, " ") != want {
		t.Errorf("sitemaps = %v, want %s", locs, want)
	}
	if _, err := time.Parse(time.RFC3339, got.Sitemaps[0].LastMod); err != nil {
		t.Errorf("lastmod: %v", err)
	}
}

func TestArticleSitemapCount(t *testing.T) {
	for total, want := range map[int]int{0: 1, 1: 1, 50000: 1, 50001: 2, 100000: 2, 100001: 3} {
		if got := ArticleSitemapCount(total); got != want {
			t.Errorf("ArticleSitemapCount(%d) = %d, want %d", total, got, want)
		}
	}
}

func TestParseArticleSitemapFile(t *testing.T) {
	tests := []struct {
		in string
		n  int
		ok bool
	}{
		{"articles-1.xml", 1, true}, {"articles-12.xml", 12, true}, {"articles-0.xml", 0, false},
		{"articles-01.xml", 0, false}, {"articles-.xml", 0, false}, {"articles-1.txt", 0, false},
		{"articles-1a.xml", 0, false}, {"taxonomy.xml", 0, false}, {"articles-9999999.xml", 0, false},
	}
	for _, tt := range tests {
		n, ok := ParseArticleSitemapFile(tt.in)
		if n != tt.n || ok != tt.ok {
			t.Errorf("ParseArticleSitemapFile(%q) = %d, %v; want %d, %v", tt.in, n, ok, tt.n, tt.ok)
		}
		if ok && ArticleSitemapPath(n) != "/sitemaps/"+tt.in {
			t.Errorf("ArticleSitemapPath(%d) = %q", n, ArticleSitemapPath(n))
		}
	}
}

func TestWriteSitemap(t *testing.T) {
	s := testSite()
	var buf bytes.Buffer
	urls := append(ArticleURLs(s, testArticles()), TaxonomyURLs(s,
		[]article.Category{{Slug: "monde"}}, []article.Tag{{Slug: "asie"}}, []article.Author{{Slug: "li-wei"}})...)
	if err := WriteSitemap(&buf, urls); err != nil {
		t.Fatal(err)
	}
	var got urlsetBack
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("parse back: %v\n%s", err, buf.String())
	}
	var locs []string
	for _, u := range got.URLs {
		locs = append(locs, u.Loc)
		if u.LastMod != "" {
			if _, err := time.Parse(time.RFC3339, u.LastMod); err != nil {
				t.Errorf("lastmod %q: %v", u.LastMod, err)
			}
		}
	}
	want := []string{"https://example.org/blinken-astana/", "https://example.org/bourse/", "https://example.org/",
		"https://example.org/category/monde/", "https://example.org/tag/asie/", "https://example.org/author/li-wei/"}
	if fmt.Sprint(locs) != fmt.Sprint(want) {
		t.Errorf("locs = %v, want %v", locs, want)
	}
	if got.URLs[0].LastMod != "2026-11-27T11:00:00Z" {
		t.Errorf("lastmod = %q", got.URLs[0].LastMod)
	}
	if err := WriteSitemap(&bytes.Buffer{}, make([]URL, MaxSitemapURLs+1)); err == nil {
		t.Error("sitemap with too many URLs accepted")
	}
}

func TestWriteNewsSitemap(t *testing.T) {
	s := testSite()
	arts := testArticles()
	draft := arts[0]
	draft.Slug, draft.Status = "draft", article.Draft
	future := arts[0]
	future.Slug, future.PublishedAt = "future", now.Add(time.Hour)
	edge := arts[1]
	edge.Slug, edge.PublishedAt = "edge", now.Add(-NewsWindow)
	arts = append(arts, draft, future, edge)

	var buf bytes.Buffer
	if err := WriteNewsSitemap(&buf, s, Publication{Name: "Nouvelles Du Monde (Paris)", Lang: "fr"}, arts, now); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte(`xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"`)) {
		t.Errorf("news namespace missing:\n%s", buf.String())
	}
	var got urlsetBack
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("parse back: %v\n%s", err, buf.String())
	}
	var locs []string
	for _, u := range got.URLs {
		locs = append(locs, u.Loc)
		n := u.News
		if n == nil {
			t.Fatalf("%s: no news:news", u.Loc)
		}
		if n.Publication.Name != "Nouvelles Du Monde" || n.Publication.Language != "fr" || n.Title == "" {
			t.Errorf("news = %+v", n)
		}
		if _, err := time.Parse(time.RFC3339, n.Date); err != nil {
			t.Errorf("publication_date %q: %v", n.Date, err)
		}
	}
	if want := "[https://example.org/blinken-astana/ https://example.org/edge/]"; fmt.Sprint(locs) != want {
		t.Errorf("locs = %v, want %s", locs, want)
	}
	if got.URLs[0].News.Title != hostileTitle {
		t.Errorf("title = %q", got.URLs[0].News.Title)
	}
}

func TestNewsSitemapLimit(t *testing.T) {
	s := testSite()
	arts := make([]article.Article, MaxNewsURLs+10)
	for i := range arts {
		arts[i] = article.Article{Slug: fmt.Sprint("a", i), Title: "t", Status: article.Published, PublishedAt: now.Add(-time.Minute)}
	}
	var buf bytes.Buffer
	if err := WriteNewsSitemap(&buf, s, Publication{Name: "N", Lang: "fr"}, arts, now); err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(buf.Bytes(), []byte("<url>")); n != MaxNewsURLs {
		t.Errorf("got %d urls, want %d", n, MaxNewsURLs)
	}
}

func TestRobotsTxt(t *testing.T) {
	got := RobotsTxt(testSite())
	for _, want := range []string{"User-agent: *", "Disallow: /admin/", "Sitemap: https://example.org/sitemap.xml", "Sitemap: https://example.org/news-sitemap.xml"} {
		if !strings.Contains(got, want+"\n") {
			t.Errorf("robots.txt lacks %q:\n%s", want, got)
		}
	}
}
