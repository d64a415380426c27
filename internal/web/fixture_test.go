package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/i18n"
	"github.com/kiosque/kiosque/internal/store/sqlite"
	"github.com/kiosque/kiosque/internal/store/storetest"
)

// fixture is a French site on a real SQLite store, with a fixed clock.
type fixture struct {
	h   http.Handler
	st  *sqlite.Store
	now time.Time
	// Slugs of the seeded articles worth naming.
	main, draft, scheduled, future string
	visible                        int // number of visible articles
}

// fixtureNow is a Friday afternoon in Paris.
var fixtureNow = time.Date(2026, 11, 27, 14, 30, 0, 0, time.UTC)

// frenchParagraphs are the body of the main article: enough paragraphs for
// three "Lire aussi" boxes and the in-article ad.
var frenchParagraphs = []string{
	"Les chefs de la diplomatie des cinq pays d’Asie centrale se sont retrouvés mardi à Astana.",
	"La réunion portait sur les routes commerciales, l’énergie et la sécurité régionale.",
	"Plusieurs délégations ont rappelé leur attachement à la souveraineté de chaque État.",
	"Le ministre kazakh a plaidé pour une politique étrangère « équilibrée et pragmatique ».",
	"Les observateurs notent une prudence constante vis-à-vis des grandes puissances voisines.",
	"Un communiqué commun doit être publié à l’issue de la rencontre, jeudi.",
	"Les questions de l’eau et du climat ont occupé une large part des échanges.",
	"Des accords techniques sur le transit ferroviaire ont été signés en marge du sommet.",
	"La presse locale a salué une rencontre « utile », sans annonce spectaculaire.",
	"Les ministres se retrouveront l’an prochain, à Tachkent, pour faire le point.",
	"D’ici là, des groupes de travail poursuivront les discussions sur les corridors.",
	"Les entreprises de la région suivent ces débats avec beaucoup d’attention.",
	"Les échanges commerciaux ont progressé de près d’un quart en deux ans.",
	"Les capitales d’Asie centrale entendent peser davantage sur la scène internationale.",
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{now: fixtureNow}
	f.st = storetest.OpenSQLite(t, func() time.Time { return f.now })
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.st.SaveSettings(ctx, map[string]string{
		"site.name":                  "Nouvelles Du Monde",
		"site.tagline":               "L’actualité internationale",
		"site.lang":                  "fr",
		"site.timezone":              "Europe/Paris",
		"site.base_url":              "https://nouvelles.example",
		"comments.ip_retention_days": "14",
		"privacy.text":               "Pour toute question, écrivez à la rédaction.",
	}))
	monde := &article.Category{Slug: "monde", Name: "Monde", Position: 1, Description: "L’actualité du monde entier."}
	eco := &article.Category{Slug: "economie", Name: "Économie", Position: 2}
	culture := &article.Category{Slug: "culture", Name: "Culture", Position: 3}
	for _, c := range []*article.Category{monde, eco, culture} {
		must(f.st.SaveCategory(ctx, c))
	}
	claire := &article.Author{Slug: "claire-dubois", Name: "Claire Dubois", Bio: "Correspondante en Asie centrale."}
	marc := &article.Author{Slug: "marc-petit", Name: "Marc Petit"}
	must(f.st.SaveAuthor(ctx, claire))
	must(f.st.SaveAuthor(ctx, marc))
	asie, err := f.st.EnsureTag(ctx, "Asie centrale")
	must(err)
	diplo, err := f.st.EnsureTag(ctx, "Diplomatie")
	must(err)

	create := func(a *article.Article) string {
		t.Helper()
		if a.Lang == "" {
			a.Lang = "fr"
		}
		must(f.st.CreateArticle(ctx, a))
		return a.Slug
	}
	f.main = create(&article.Article{
		Title:       "Les ministres d’Asie centrale réunis à Astana",
		Lead:        "Une rencontre sans éclat mais riche en accords techniques.",
		Body:        strings.Join(frenchParagraphs, "\n\n"),
		Status:      article.Published,
		PublishedAt: fixtureNow.Add(-30 * time.Minute),
		Category:    monde,
		Authors:     []article.Author{*claire, *marc},
		Tags:        []article.Tag{*asie, *diplo},
		Image:       article.Image{URL: "/media/demo/astana.svg", Alt: "La place centrale d’Astana", Caption: "Astana, mardi.", Credit: "Rédaction"},
		Source:      article.Source{Name: "Agence Exemple", URL: "https://agence.example/depeche", TranslatedFrom: "en"},
	})
	f.visible = 1
	for i := range 15 {
		cat := monde
		if i%2 == 1 {
			cat = eco
		}
		create(&article.Article{
			Title:       fmt.Sprintf("Dépêche numéro %d sur l’actualité", i+1),
			Lead:        "Un chapeau bref pour cette dépêche.",
			Body:        "Premier paragraphe.\n\nDeuxième paragraphe.",
			Status:      article.Published,
			PublishedAt: fixtureNow.Add(-time.Duration(i+1) * time.Hour),
			Category:    cat,
			Authors:     []article.Author{*marc},
			Tags:        []article.Tag{*asie},
		})
		f.visible++
	}
	f.draft = create(&article.Article{Title: "Brouillon confidentiel", Body: "Pas encore.", Status: article.Draft, Category: monde, Tags: []article.Tag{*asie}, Authors: []article.Author{*claire}})
	f.scheduled = create(&article.Article{Title: "Article programmé pour ce soir", Body: "Bientôt.", Status: article.Scheduled,
		PublishedAt: fixtureNow.Add(2 * time.Hour), Category: monde, Tags: []article.Tag{*asie}, Authors: []article.Author{*claire}})
	f.future = create(&article.Article{Title: "Article publié dans le futur", Body: "Demain.", Status: article.Published,
		PublishedAt: fixtureNow.Add(24 * time.Hour), Category: monde, Tags: []article.Tag{*asie}, Authors: []article.Author{*claire}})

	h, err := New(Options{Store: f.st, Messages: i18n.MustNew(), Now: func() time.Time { return f.now }, DemoMedia: demoFS})
	must(err)
	f.h = h
	return f
}

// get serves a GET for path.
func (f *fixture) get(t testing.TB, path string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

// page GETs path, checks the status and returns the parsed document.
func (f *fixture) page(t testing.TB, path string, status int) *html.Node {
	t.Helper()
	rec := f.get(t, path)
	if rec.Code != status {
		t.Fatalf("GET %s: status %d, want %d", path, rec.Code, status)
	}
	doc, err := html.Parse(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return doc
}

// all returns the elements under n (n included) for which match is true,
// in document order.
func all(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

// sel matches elements by tag ("" for any) and class ("" for any), like the
// CSS selector tag.class.
func sel(tag, class string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		return (tag == "" || n.Data == tag) && (class == "" || hasClass(n, class))
	}
}

func find(n *html.Node, tag, class string) []*html.Node { return all(n, sel(tag, class)) }

// first returns the first match or fails the test.
func first(t testing.TB, n *html.Node, tag, class string) *html.Node {
	t.Helper()
	m := find(n, tag, class)
	if len(m) == 0 {
		t.Fatalf("no %s.%s in the page", tag, class)
	}
	return m[0]
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// text returns the text under n with white space folded.
func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}
