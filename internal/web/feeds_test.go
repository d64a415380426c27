package web

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

var feedNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// feedSite is a site with articles for the feed tests: three visible in
// Monde (one by Alice, with an image), one visible in Sport, a draft and a
// scheduled one, plus an old one outside the news window.
type feedSite struct {
	srv   http.Handler
	store store.Store
	fx    *storetest.Fixture
}

func newFeedSite(t testing.TB) *feedSite {
	t.Helper()
	ctx := context.Background()
	clock := storetest.NewClock(feedNow)
	st := storetest.OpenSQLite(t, clock.Now)
	fx := storetest.NewFixture(t, st)
	if err := st.SaveSettings(ctx, map[string]string{
		"site.name": "Nouvelles Du Monde", "site.base_url": "https://example.org", "site.lang": "fr",
	}); err != nil {
		t.Fatal(err)
	}
	add := func(title string, c *article.Category, published time.Time, edit func(*article.Article)) {
		a := storetest.NewArticle(title, c, published)
		if edit != nil {
			edit(a)
		}
		if err := st.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	add("Blinken à Astana <&>", &fx.Monde, feedNow.Add(-time.Hour), func(a *article.Article) {
		a.Authors = []article.Author{fx.Alice}
		a.Tags = []article.Tag{fx.Asie}
		a.Image = article.Image{URL: "/media/demo/astana.svg", Alt: "Astana", Width: 1200, Height: 630}
	})
	add("Sommet à Genève", &fx.Monde, feedNow.Add(-3*time.Hour), nil)
	add("Archives du monde", &fx.Monde, feedNow.Add(-5*24*time.Hour), nil)
	add("Finale de la coupe", &fx.Sport, feedNow.Add(-2*time.Hour), func(a *article.Article) { a.Authors = []article.Author{fx.Bob} })
	add("Brouillon secret", &fx.Monde, time.Time{}, func(a *article.Article) { a.Status = article.Draft })
	add("Article futur", &fx.Monde, feedNow.Add(time.Hour), func(a *article.Article) { a.Status = article.Scheduled })
	srv, err := New(Options{Store: st, Messages: i18n.MustNew(), Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	return &feedSite{srv: srv, store: st, fx: fx}
}

func (fs *feedSite) get(t testing.TB, path string, header ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	fs.srv.ServeHTTP(rec, req)
	return rec.Result()
}

func readBody(t testing.TB, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// feedTitles parses an RSS, Atom or JSON feed and returns its item titles.
func feedTitles(t testing.TB, contentType, doc string) []string {
	t.Helper()
	var titles []string
	switch {
	case strings.HasPrefix(contentType, "application/rss+xml"):
		var rss struct {
			Items []struct {
				Title string `xml:"title"`
			} `xml:"channel>item"`
		}
		if err := xml.Unmarshal([]byte(doc), &rss); err != nil {
			t.Fatalf("RSS: %v", err)
		}
		for _, it := range rss.Items {
			titles = append(titles, it.Title)
		}
	case strings.HasPrefix(contentType, "application/atom+xml"):
		var atom struct {
			Entries []struct {
				Title string `xml:"title"`
			} `xml:"http://www.w3.org/2005/Atom entry"`
		}
		if err := xml.Unmarshal([]byte(doc), &atom); err != nil {
			t.Fatalf("Atom: %v", err)
		}
		for _, e := range atom.Entries {
			titles = append(titles, e.Title)
		}
	case strings.HasPrefix(contentType, "application/feed+json"):
		var jf struct {
			Items []struct {
				Title string `json:"title"`
			} `json:"items"`
		}
		if err := json.Unmarshal([]byte(doc), &jf); err != nil {
			t.Fatalf("JSON Feed: %v", err)
		}
		for _, it := range jf.Items {
			titles = append(titles, it.Title)
		}
	default:
		t.Fatalf("unexpected Content-Type %q", contentType)
	}
	return titles
}

func TestFeeds(t *testing.T) {
	fs := newFeedSite(t)
	all := "Blinken à Astana <&>|Finale de la coupe|Sommet à Genève|Archives du monde"
	monde := "Blinken à Astana <&>|Sommet à Genève|Archives du monde"
	tests := []struct {
		path, contentType, titles string
	}{
		{"/feed/", "application/rss+xml", all},
		{"/feed/atom/", "application/atom+xml", all},
		{"/feed/json/", "application/feed+json", all},
		{"/category/" + fs.fx.Monde.Slug + "/feed/", "application/rss+xml", monde},
		{"/category/" + fs.fx.Monde.Slug + "/feed/atom/", "application/atom+xml", monde},
		{"/category/" + fs.fx.Monde.Slug + "/feed/json/", "application/feed+json", monde},
		{"/author/" + fs.fx.Bob.Slug + "/feed/", "application/rss+xml", "Finale de la coupe"},
		{"/author/" + fs.fx.Alice.Slug + "/feed/atom/", "application/atom+xml", "Blinken à Astana <&>"},
		{"/author/" + fs.fx.Alice.Slug + "/feed/json/", "application/feed+json", "Blinken à Astana <&>"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res := fs.get(t, tt.path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			ct := res.Header.Get("Content-Type")
			if !strings.HasPrefix(ct, tt.contentType) {
				t.Errorf("Content-Type = %q, want %s", ct, tt.contentType)
			}
			doc := readBody(t, res)
			if got := strings.Join(feedTitles(t, ct, doc), "|"); got != tt.titles {
				t.Errorf("titles = %s, want %s", got, tt.titles)
			}
			if res.Header.Get("ETag") == "" || res.Header.Get("Last-Modified") == "" {
				t.Errorf("no validators: %v", res.Header)
			}
			if strings.Contains(doc, "Brouillon") || strings.Contains(doc, "futur") {
				t.Error("feed shows an unpublished article")
			}
		})
	}
}

func TestFeedsNotFound(t *testing.T) {
	fs := newFeedSite(t)
	for _, path := range []string{"/category/nope/feed/", "/author/nope/feed/json/", "/sitemaps/articles-2.xml",
		"/sitemaps/other.xml", "/sitemaps/articles-0.xml", "/ads.txt"} {
		if res := fs.get(t, path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, res.StatusCode)
		}
	}
}

func TestFeedConditionalGet(t *testing.T) {
	fs := newFeedSite(t)
	for _, path := range []string{"/feed/", "/feed/json/", "/sitemap.xml", "/news-sitemap.xml"} {
		t.Run(path, func(t *testing.T) {
			first := fs.get(t, path)
			etag, lastMod := first.Header.Get("ETag"), first.Header.Get("Last-Modified")
			if etag == "" || lastMod == "" {
				t.Fatalf("no validators: %v", first.Header)
			}
			// Articles were created at feedNow, published an hour or more
			// before: the newest change is one of those two times.
			if lm, err := http.ParseTime(lastMod); err != nil || (!lm.Equal(feedNow) && !lm.Equal(feedNow.Add(-time.Hour))) {
				t.Errorf("Last-Modified = %q (%v), want the newest article's time", lastMod, err)
			}
			if res := fs.get(t, path, "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
				t.Errorf("If-None-Match: status %d, want 304", res.StatusCode)
			}
			if res := fs.get(t, path, "If-Modified-Since", lastMod); res.StatusCode != http.StatusNotModified {
				t.Errorf("If-Modified-Since: status %d, want 304", res.StatusCode)
			}
			if res := fs.get(t, path, "If-None-Match", `"stale"`); res.StatusCode != http.StatusOK {
				t.Errorf("stale ETag: status %d, want 200", res.StatusCode)
			}
		})
	}
}

func TestSitemaps(t *testing.T) {
	fs := newFeedSite(t)
	res := fs.get(t, "/sitemap.xml")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/xml") {
		t.Fatalf("status %d, Content-Type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var idx struct {
		Locs []string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemap>loc"`
	}
	if err := xml.Unmarshal([]byte(readBody(t, res)), &idx); err != nil {
		t.Fatal(err)
	}
	if len(idx.Locs) != 2 {
		t.Fatalf("index lists %v", idx.Locs)
	}
	var locs []string
	for _, loc := range idx.Locs {
		u, err := url.Parse(loc)
		if err != nil || u.Host != "example.org" {
			t.Fatalf("loc %q", loc)
		}
		res := fs.get(t, u.Path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", u.Path, res.StatusCode)
		}
		var set struct {
			Locs []string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url>loc"`
		}
		if err := xml.Unmarshal([]byte(readBody(t, res)), &set); err != nil {
			t.Fatalf("%s: %v", u.Path, err)
		}
		locs = append(locs, set.Locs...)
	}
	got := strings.Join(locs, " ")
	for _, want := range []string{"https://example.org/archives-du-monde/", "https://example.org/category/" + fs.fx.Sport.Slug + "/",
		"https://example.org/tag/" + fs.fx.Foot.Slug + "/", "https://example.org/author/" + fs.fx.Bob.Slug + "/"} {
		if !strings.Contains(got, want) {
			t.Errorf("sitemaps lack %s", want)
		}
	}
	if strings.Contains(got, "brouillon") || strings.Contains(got, "futur") {
		t.Errorf("sitemaps list unpublished articles: %s", got)
	}
}

func TestNewsSitemap(t *testing.T) {
	fs := newFeedSite(t)
	res := fs.get(t, "/news-sitemap.xml")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	var set struct {
		URLs []struct {
			Loc   string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
			Name  string `xml:"http://www.google.com/schemas/sitemap-news/0.9 news>publication>name"`
			Title string `xml:"http://www.google.com/schemas/sitemap-news/0.9 news>title"`
		} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
	}
	if err := xml.Unmarshal([]byte(readBody(t, res)), &set); err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, u := range set.URLs {
		titles = append(titles, u.Title)
		if u.Name != "Nouvelles Du Monde" {
			t.Errorf("publication name %q", u.Name)
		}
	}
	if got := strings.Join(titles, "|"); got != "Blinken à Astana <&>|Finale de la coupe|Sommet à Genève" {
		t.Errorf("news titles = %s", got)
	}
}

func TestRobotsAndAdsTxt(t *testing.T) {
	fs := newFeedSite(t)
	res := fs.get(t, "/robots.txt")
	text := readBody(t, res)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") ||
		!strings.Contains(text, "Sitemap: https://example.org/sitemap.xml\n") || !strings.Contains(text, "Sitemap: https://example.org/news-sitemap.xml\n") {
		t.Errorf("robots.txt: %d %q\n%s", res.StatusCode, res.Header.Get("Content-Type"), text)
	}
	const ads = "google.com, pub-0000000000000000, DIRECT, f08c47fec0942fa0"
	if err := fs.store.SaveSettings(context.Background(), map[string]string{"ads.txt": ads}); err != nil {
		t.Fatal(err)
	}
	res = fs.get(t, "/ads.txt")
	if got := readBody(t, res); res.StatusCode != http.StatusOK || got != ads+"\n" || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Errorf("ads.txt: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), got)
	}
}
