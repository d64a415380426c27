package demo

import (
	"encoding/xml"
	"io/fs"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/markup"
)

var testNow = time.Date(2026, 11, 27, 21, 0, 0, 0, time.UTC)

func TestArticlesData(t *testing.T) {
	arts, err := Articles(testNow)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	titles := map[string]bool{}
	perCat := map[string]int{}
	perAuthor := map[string]int{}
	perTag := map[string]int{}
	var published, drafts, scheduled, lastTwoDays int
	oldest := testNow
	for _, a := range arts {
		if ids[a.ExternalID] || titles[a.Title] {
			t.Errorf("%s: duplicate id or title", a.ExternalID)
		}
		ids[a.ExternalID], titles[a.Title] = true, true
		if !strings.HasPrefix(a.ExternalID, "demo-") {
			t.Errorf("%s: external id must start with demo-", a.ExternalID)
		}
		if n := paragraphCount(a.Body); n < 6 || n > 12 {
			t.Errorf("%s: %d paragraphs, want 6 to 10 (a few more allowed)", a.ExternalID, n)
		}
		if a.Lead == "" || len([]rune(a.Lead)) > 400 {
			t.Errorf("%s: lead of %d chars", a.ExternalID, len([]rune(a.Lead)))
		}
		if strings.Contains(a.Body, "http://") || strings.Contains(a.Body, "https://") {
			t.Errorf("%s: no links in demo bodies", a.ExternalID)
		}
		if _, err := fs.Stat(Images, strings.TrimPrefix(a.Image.URL, ImageURLPrefix)); err != nil {
			t.Errorf("%s: image %s: %v", a.ExternalID, a.Image.URL, err)
		}
		if a.Image.Alt == "" || a.Image.Caption == "" || a.Image.Credit != Credit {
			t.Errorf("%s: image needs alt, caption and credit", a.ExternalID)
		}
		if a.Source.URL != "" {
			if u, err := url.Parse(a.Source.URL); err != nil || u.Scheme != "https" {
				t.Errorf("%s: source URL %q", a.ExternalID, a.Source.URL)
			}
		}
		if len(a.Tags) == 0 {
			t.Errorf("%s: no tags", a.ExternalID)
		}
		perCat[a.Category.Slug]++
		for _, au := range a.Authors {
			perAuthor[au.Slug]++
		}
		for _, tg := range a.Tags {
			perTag[tg.Slug]++
			if tg.Slug == "" {
				t.Errorf("%s: tag %q has no slug", a.ExternalID, tg.Name)
			}
		}
		switch a.Status {
		case article.Published:
			published++
			if a.PublishedAt.After(testNow) {
				t.Errorf("%s: published in the future", a.ExternalID)
			}
			if testNow.Sub(a.PublishedAt) <= 48*time.Hour {
				lastTwoDays++
			}
			if a.PublishedAt.Before(oldest) {
				oldest = a.PublishedAt
			}
		case article.Draft:
			drafts++
		case article.Scheduled:
			scheduled++
			if !a.PublishedAt.After(testNow) {
				t.Errorf("%s: scheduled in the past", a.ExternalID)
			}
		}
	}
	if published < 40 || drafts != 1 || scheduled != 1 {
		t.Errorf("published %d (want ≥40), drafts %d, scheduled %d (want 1 each)", published, drafts, scheduled)
	}
	if lastTwoDays < 3 {
		t.Errorf("%d articles in the last two days, want ≥3 (news sitemap)", lastTwoDays)
	}
	if age := testNow.Sub(oldest); age < 20*24*time.Hour || age > 32*24*time.Hour {
		t.Errorf("oldest article %v old, want about a month", age)
	}
	for _, c := range Categories {
		if perCat[c.Slug] < 4 {
			t.Errorf("category %s has %d articles, want ≥4", c.Slug, perCat[c.Slug])
		}
	}
	for _, a := range Authors {
		if perAuthor[a.Slug] < 2 {
			t.Errorf("author %s signs %d articles, want ≥2", a.Slug, perAuthor[a.Slug])
		}
	}
	shared := 0
	for _, n := range perTag {
		if n >= 3 {
			shared++
		}
	}
	if shared < 8 {
		t.Errorf("%d tags used by ≥3 articles, want ≥8 (related articles need them)", shared)
	}
	var c51 *article.Article
	for i := range arts {
		if strings.Contains(arts[i].Body, "C5+1") && strings.Contains(arts[i].Body, "Astana") &&
			strings.Contains(arts[i].Body, "Blinken") && strings.Contains(arts[i].Body, "Tachkent") {
			c51 = &arts[i]
		}
	}
	if c51 == nil || c51.Status != article.Published {
		t.Error("no published article on the C5+1 meeting in Astana")
	}
}

// paragraphCount counts text paragraphs the way the article page does.
func paragraphCount(body string) int {
	n := 0
	for _, b := range markup.Blocks(body) {
		if b.Paragraph {
			n++
		}
	}
	return n
}

func TestImages(t *testing.T) {
	names, err := fs.Glob(Images, "*.svg")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) < 8 {
		t.Fatalf("%d images, want ≥8", len(names))
	}
	for _, name := range names {
		b, err := fs.ReadFile(Images, name)
		if err != nil {
			t.Fatal(err)
		}
		var root struct {
			XMLName xml.Name
			ViewBox string `xml:"viewBox,attr"`
		}
		if err := xml.Unmarshal(b, &root); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if root.XMLName.Local != "svg" || root.ViewBox != "0 0 1200 675" {
			t.Errorf("%s: root %s viewBox %q", name, root.XMLName.Local, root.ViewBox)
		}
		s := string(b)
		for _, bad := range []string{"http://", "https://", "<script", "href="} {
			if bad == "http://" {
				s = strings.ReplaceAll(s, `xmlns="http://www.w3.org/2000/svg"`, "")
			}
			if strings.Contains(s, bad) {
				t.Errorf("%s contains %q", name, bad)
			}
		}
	}
}

func TestComments(t *testing.T) {
	ids := map[string]bool{}
	arts, err := Articles(testNow)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if a.Status == article.Published {
			ids[a.ExternalID] = true
		}
	}
	var spam, replies int
	for i, c := range Comments {
		if !ids[c.ArticleExternalID] {
			t.Errorf("comment %d: no published article %q", i, c.ArticleExternalID)
		}
		if c.AuthorName == "" || c.Text == "" || !strings.Contains(c.Email, "@") {
			t.Errorf("comment %d: needs name, text and e-mail", i)
		}
		if c.ParentIndex >= 0 {
			replies++
			if c.ParentIndex >= i {
				t.Errorf("comment %d: parent %d must come before it", i, c.ParentIndex)
			} else if p := Comments[c.ParentIndex]; p.ArticleExternalID != c.ArticleExternalID || p.Spam {
				t.Errorf("comment %d: parent on another article or spam", i)
			}
		} else if c.ParentIndex != -1 {
			t.Errorf("comment %d: ParentIndex %d", i, c.ParentIndex)
		}
		if c.Spam {
			spam++
		}
	}
	if len(Comments) < 55 || spam < 8 || replies < 8 {
		t.Errorf("%d comments, %d spam, %d replies; want ≥55, ≥8, ≥8", len(Comments), spam, replies)
	}
}
