package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/site"
)

var now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

func testSite() site.Settings {
	s := site.Defaults()
	s.Name = "Nouvelles Du Monde"
	s.Tagline = "L'actualité du monde"
	s.BaseURL = "https://example.org"
	return s
}

const hostileTitle = `<script>alert("x")</script> & ]]> Blinken à Astana`

func testArticles() []article.Article {
	cat := &article.Category{ID: 1, Slug: "monde", Name: "Monde"}
	return []article.Article{
		{
			ID: 1, Slug: "blinken-astana", Title: hostileTitle, Lead: "Le *chef* de la diplomatie.",
			Body: "Premier paragraphe.\n\n<script>alert(1)</script>\n\nSecond **paragraphe**.", Lang: "fr",
			Status: article.Published, PublishedAt: now.Add(-2 * time.Hour), UpdatedAt: now.Add(-time.Hour),
			Category: cat, Tags: []article.Tag{{ID: 1, Slug: "asie", Name: "Asie centrale"}},
			Authors: []article.Author{{ID: 1, Slug: "marie-dupont", Name: "Marie Dupont"}, {ID: 2, Slug: "li-wei", Name: "Li Wei"}},
			Image:   article.Image{URL: "/static/demo/astana.svg", Alt: "Astana", Width: 1200, Height: 630},
		},
		{
			ID: 2, Slug: "bourse", Title: "La Bourse monte", Lead: "Un jour calme.", Body: "Texte.", Lang: "fr",
			Status: article.Published, PublishedAt: now.Add(-72 * time.Hour), UpdatedAt: now.Add(-72 * time.Hour),
		},
	}
}

func testChannel(s site.Settings) Channel {
	return Channel{Title: s.Name, Description: s.Tagline, HomeURL: s.URL("/"), FeedURL: s.URL("/feed/"), Lang: "fr", Generator: "Kiosque"}
}

// Structures to read the feeds back, resolving prefixes by namespace URI.
type rssBack struct {
	XMLName xml.Name `xml:"rss"`
	Version string   `xml:"version,attr"`
	Channel struct {
		Title         string `xml:"title"`
		Description   string `xml:"description"`
		Language      string `xml:"language"`
		LastBuildDate string `xml:"lastBuildDate"`
		// <link> and <atom:link> share a local name: read both, tell them
		// apart by namespace.
		Links []struct {
			XMLName xml.Name
			Href    string `xml:"href,attr"`
			Rel     string `xml:"rel,attr"`
			Value   string `xml:",chardata"`
		} `xml:"link"`
		Items []struct {
			Title       string   `xml:"title"`
			Link        string   `xml:"link"`
			GUID        string   `xml:"guid"`
			Description string   `xml:"description"`
			Content     string   `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
			Creators    []string `xml:"http://purl.org/dc/elements/1.1/ creator"`
			Categories  []string `xml:"category"`
			PubDate     string   `xml:"pubDate"`
			Enclosure   *struct {
				URL    string `xml:"url,attr"`
				Length string `xml:"length,attr"`
				Type   string `xml:"type,attr"`
			} `xml:"enclosure"`
			Media *struct {
				URL    string `xml:"url,attr"`
				Medium string `xml:"medium,attr"`
				Width  string `xml:"width,attr"`
			} `xml:"http://search.yahoo.com/mrss/ content"`
		} `xml:"item"`
	} `xml:"channel"`
}

func TestWriteRSS(t *testing.T) {
	s := testSite()
	var buf bytes.Buffer
	if err := WriteRSS(&buf, testChannel(s), Items(s, testArticles())); err != nil {
		t.Fatal(err)
	}
	var got rssBack
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("parse back: %v\n%s", err, buf.String())
	}
	ch := got.Channel
	var link, self string
	for _, l := range ch.Links {
		switch l.XMLName.Space {
		case "":
			link = l.Value
		case NSAtom:
			if l.Rel == "self" {
				self = l.Href
			}
		}
	}
	if got.Version != "2.0" || ch.Title != "Nouvelles Du Monde" || link != "https://example.org/" || ch.Language != "fr-FR" {
		t.Errorf("channel = %+v", ch)
	}
	if self != "https://example.org/feed/" {
		t.Errorf("atom:link self = %q", self)
	}
	if _, err := time.Parse(time.RFC1123Z, ch.LastBuildDate); err != nil {
		t.Errorf("lastBuildDate %q: %v", ch.LastBuildDate, err)
	}
	if len(ch.Items) != 2 {
		t.Fatalf("got %d items, want 2", len(ch.Items))
	}
	it := ch.Items[0]
	if it.Title != hostileTitle {
		t.Errorf("title = %q, want %q", it.Title, hostileTitle)
	}
	if it.Link != "https://example.org/blinken-astana/" || it.GUID != it.Link {
		t.Errorf("link/guid = %q %q", it.Link, it.GUID)
	}
	if it.Description != "Le chef de la diplomatie." {
		t.Errorf("description = %q", it.Description)
	}
	if strings.Contains(it.Content, "<script") || !strings.Contains(it.Content, "<strong>paragraphe</strong>") {
		t.Errorf("content not sanitized HTML: %q", it.Content)
	}
	if strings.Join(it.Creators, ",") != "Marie Dupont,Li Wei" {
		t.Errorf("creators = %v", it.Creators)
	}
	if strings.Join(it.Categories, ",") != "Monde,Asie centrale" {
		t.Errorf("categories = %v", it.Categories)
	}
	pd, err := time.Parse(time.RFC1123Z, it.PubDate)
	if err != nil || !pd.Equal(now.Add(-2*time.Hour)) {
		t.Errorf("pubDate %q: %v", it.PubDate, err)
	}
	if it.Enclosure == nil || it.Enclosure.URL != "https://example.org/static/demo/astana.svg" || it.Enclosure.Type != "image/svg+xml" || it.Enclosure.Length == "" {
		t.Errorf("enclosure = %+v", it.Enclosure)
	}
	if it.Media == nil || it.Media.Medium != "image" || it.Media.Width != "1200" {
		t.Errorf("media:content = %+v", it.Media)
	}
	if ch.Items[1].Enclosure != nil {
		t.Errorf("article without image has an enclosure")
	}
}

type atomBack struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	} `xml:"link"`
	Author struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Entries []struct {
		ID        string `xml:"id"`
		Title     string `xml:"title"`
		Published string `xml:"published"`
		Updated   string `xml:"updated"`
		Links     []struct {
			Href string `xml:"href,attr"`
			Rel  string `xml:"rel,attr"`
			Type string `xml:"type,attr"`
		} `xml:"link"`
		Authors []struct {
			Name string `xml:"name"`
			URI  string `xml:"uri"`
		} `xml:"author"`
		Categories []struct {
			Term string `xml:"term,attr"`
		} `xml:"category"`
		Summary string `xml:"summary"`
		Content struct {
			Type  string `xml:"type,attr"`
			Value string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

func TestWriteAtom(t *testing.T) {
	s := testSite()
	var buf bytes.Buffer
	c := testChannel(s)
	c.FeedURL = s.URL("/feed/atom/")
	if err := WriteAtom(&buf, c, Items(s, testArticles())); err != nil {
		t.Fatal(err)
	}
	var got atomBack
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("parse back: %v\n%s", err, buf.String())
	}
	if got.ID != "https://example.org/feed/atom/" || got.Title != "Nouvelles Du Monde" || got.Lang != "fr" || got.Author.Name == "" {
		t.Errorf("feed = %+v", got)
	}
	if u, err := time.Parse(time.RFC3339, got.Updated); err != nil || !u.Equal(now.Add(-time.Hour)) {
		t.Errorf("updated %q: %v", got.Updated, err)
	}
	rels := map[string]string{}
	for _, l := range got.Links {
		rels[l.Rel] = l.Href
	}
	if rels["self"] != "https://example.org/feed/atom/" || rels["alternate"] != "https://example.org/" {
		t.Errorf("feed links = %v", rels)
	}
	if len(got.Entries) != 2 {
		t.Fatalf("got %d entries", len(got.Entries))
	}
	e := got.Entries[0]
	if e.Title != hostileTitle || e.ID != "https://example.org/blinken-astana/" {
		t.Errorf("entry = %q %q", e.Title, e.ID)
	}
	for _, d := range []string{e.Published, e.Updated} {
		if _, err := time.Parse(time.RFC3339, d); err != nil {
			t.Errorf("date %q: %v", d, err)
		}
	}
	if len(e.Authors) != 2 || e.Authors[0].URI != "https://example.org/author/marie-dupont/" {
		t.Errorf("authors = %+v", e.Authors)
	}
	if len(e.Categories) != 2 || e.Categories[0].Term != "Monde" {
		t.Errorf("categories = %+v", e.Categories)
	}
	if e.Content.Type != "html" || !strings.Contains(e.Content.Value, "<p>Premier paragraphe.</p>") {
		t.Errorf("content = %+v", e.Content)
	}
	var enclosure bool
	for _, l := range e.Links {
		if l.Rel == "enclosure" && l.Href == "https://example.org/static/demo/astana.svg" && l.Type == "image/svg+xml" {
			enclosure = true
		}
	}
	if !enclosure {
		t.Errorf("no enclosure link in %+v", e.Links)
	}
}

func TestWriteJSONFeed(t *testing.T) {
	s := testSite()
	var buf bytes.Buffer
	c := testChannel(s)
	c.FeedURL = s.URL("/feed/json/")
	if err := WriteJSONFeed(&buf, c, Items(s, testArticles())); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Version     string `json:"version"`
		Title       string `json:"title"`
		HomePageURL string `json:"home_page_url"`
		FeedURL     string `json:"feed_url"`
		Language    string `json:"language"`
		Items       []struct {
			ID            string `json:"id"`
			URL           string `json:"url"`
			Title         string `json:"title"`
			ContentHTML   string `json:"content_html"`
			Summary       string `json:"summary"`
			Image         string `json:"image"`
			DatePublished string `json:"date_published"`
			DateModified  string `json:"date_modified"`
			Authors       []struct {
				Name string `json:"name"`
			} `json:"authors"`
			Tags []string `json:"tags"`
		} `json:"items"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("parse back: %v", err)
	}
	if got.Version != "https://jsonfeed.org/version/1.1" || got.Title == "" || got.FeedURL != "https://example.org/feed/json/" || got.Language != "fr-FR" {
		t.Errorf("feed = %+v", got)
	}
	if len(got.Items) != 2 {
		t.Fatalf("got %d items", len(got.Items))
	}
	it := got.Items[0]
	if it.ID != it.URL || it.Title != hostileTitle || it.Image != "https://example.org/static/demo/astana.svg" || len(it.Authors) != 2 || len(it.Tags) != 2 {
		t.Errorf("item = %+v", it)
	}
	if it.ContentHTML == "" || strings.Contains(it.ContentHTML, "<script") {
		t.Errorf("content_html = %q", it.ContentHTML)
	}
	for _, d := range []string{it.DatePublished, it.DateModified} {
		if _, err := time.Parse(time.RFC3339, d); err != nil {
			t.Errorf("date %q: %v", d, err)
		}
	}
	if bytes.Contains(buf.Bytes(), []byte("<script>")) {
		t.Errorf("raw <script> in JSON output")
	}
}

func TestEmptyFeedsAreValid(t *testing.T) {
	s := testSite()
	c := testChannel(s)
	c.Updated = now
	for name, write := range writers {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := write(&buf, c, nil); err != nil {
				t.Fatal(err)
			}
			if !wellFormed(buf.Bytes()) {
				t.Errorf("not well-formed: %s", buf.String())
			}
		})
	}
}

var writers = map[string]func(*bytes.Buffer, Channel, []Item) error{
	"rss":  func(b *bytes.Buffer, c Channel, it []Item) error { return WriteRSS(b, c, it) },
	"atom": func(b *bytes.Buffer, c Channel, it []Item) error { return WriteAtom(b, c, it) },
	"json": func(b *bytes.Buffer, c Channel, it []Item) error { return WriteJSONFeed(b, c, it) },
}

// wellFormed reports whether b is well-formed XML (or valid JSON when it
// starts with '{').
func wellFormed(b []byte) bool {
	if bytes.HasPrefix(bytes.TrimSpace(b), []byte("{")) {
		return json.Valid(b)
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if err != nil {
			return err.Error() == "EOF"
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"é à ü 日本", "é à ü 日本"},
		{"a\x00b\x1fc", "abc"},
		{"tab\tnl\ncr\r", "tab\tnl\ncr\r"},
		{"bad\xffutf8\xc3", "badutf8"},
		{"\uFFFE\uFFFFx", "x"},
		{"emoji 🗞", "emoji 🗞"},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestImageType(t *testing.T) {
	tests := map[string]string{
		"/a.jpg": "image/jpeg", "/a.JPEG?x=1": "image/jpeg", "/a.png": "image/png",
		"/a.svg": "image/svg+xml", "/a.webp": "image/webp", "/a": "",
	}
	for in, want := range tests {
		if got := ImageType(in); got != want {
			t.Errorf("ImageType(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzFeeds(f *testing.F) {
	f.Add(hostileTitle, "Body **bold**\n\n<iframe src=x>")
	f.Add("bad\xff\xfe", "\x00\x01\x0b\x0c")
	f.Add("]]>", "<![CDATA[ x ]]>")
	f.Add("\uFFFE\xed\xa0\x80", "é\u2028")
	s := testSite()
	f.Fuzz(func(t *testing.T, title, body string) {
		a := testArticles()[0]
		a.Title, a.Lead, a.Body = title, title, body
		a.Tags = []article.Tag{{Slug: "x", Name: title}}
		a.Authors = []article.Author{{Slug: "x", Name: body}}
		items := Items(s, []article.Article{a})
		c := testChannel(s)
		c.Title = title
		for name, write := range writers {
			var buf bytes.Buffer
			if err := write(&buf, c, items); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if !wellFormed(buf.Bytes()) {
				t.Fatalf("%s: output not well-formed:\n%s", name, buf.String())
			}
		}
		var buf bytes.Buffer
		a.PublishedAt = now.Add(-time.Hour)
		if err := WriteNewsSitemap(&buf, s, Publication{Name: title, Lang: "fr"}, []article.Article{a}, now); err != nil {
			t.Fatal(err)
		}
		if !wellFormed(buf.Bytes()) {
			t.Fatalf("news sitemap not well-formed:\n%s", buf.String())
		}
	})
}

func TestAbsoluteLinks(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<p>Texte</p>`, `<p>Texte</p>`},
		{`<p><a href="/autre/">lien</a> <img src="/media/a.svg" alt="A"></p>`,
			`<p><a href="https://example.org/autre/">lien</a> <img src="https://example.org/media/a.svg" alt="A"></p>`},
		{`<a href="https://ailleurs.example/x">x</a><a href="//cdn.example/y">y</a><a href="#note">n</a>`,
			`<a href="https://ailleurs.example/x">x</a><a href="//cdn.example/y">y</a><a href="#note">n</a>`},
		{`<a href="/a?x=1&amp;y=2">&lt;q&gt;</a>`, `<a href="https://example.org/a?x=1&amp;y=2">&lt;q&gt;</a>`},
		{`<p>="/</p><img src="/x`, `<p>="/</p><img src="/x`},
	}
	for _, tt := range tests {
		if got := absoluteLinks(tt.in, "https://example.org/"); got != tt.want {
			t.Errorf("absoluteLinks(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// BenchmarkFeeds measures building and writing a 20-item feed in each format
// (Markdown rendering included), the work of a feed request missing the cache.
func BenchmarkFeeds(b *testing.B) {
	s := testSite()
	arts := make([]article.Article, FeedSize)
	for i := range arts {
		arts[i] = testArticles()[0]
		arts[i].Body = strings.Repeat("Un paragraphe de texte avec **du gras** et [un lien](/autre/).\n\n", 12)
	}
	c := testChannel(s)
	for name, write := range writers {
		b.Run(name, func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := write(&buf, c, Items(s, arts)); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(buf.Len()))
		})
	}
}
