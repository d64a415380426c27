// Package demo holds the demo site "Nouvelles Du Monde": a French world-news
// site with categories, journalists, tags, 40-odd articles written for the
// project, SVG illustrations and reader comments. Load fills an empty store
// with it (kiosque serve --demo); the web package serves Images under
// /media/demo/.
//
// The texts live in articles/demo-NNN.md, one article a file: a small
// front-matter header (see entry) and a Markdown body of 6 to 10 paragraphs.
// Edit them freely; the package tests check every file (header, paragraph
// count, image, tags) and that the whole set still makes a credible site.
// The articles are the project's own writing, set in the weeks before the
// load time; their quotes are invented and the people quoted by name are
// fictional.
package demo

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/site"
	"github.com/kiosque/kiosque/internal/store"
)

// ErrNotEmpty is returned by Load when the database already has articles:
// the demo never mixes with real content.
var ErrNotEmpty = errors.New("demo: database already has articles")

// ImageURLPrefix is where the site serves Images.
const ImageURLPrefix = "/media/demo/"

// Credit is the credit line of every demo illustration.
const Credit = "Illustration Nouvelles Du Monde"

//go:embed articles/*.md
var articleFiles embed.FS

//go:embed images/*.svg
var imageFiles embed.FS

// Images holds the demo illustrations (SVG, 1200x675), files at the root
// ("astana.svg"). Serve it under ImageURLPrefix.
var Images fs.FS = mustSub(imageFiles, "images")

func mustSub(f fs.FS, dir string) fs.FS {
	s, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return s
}

// Result counts what Load created.
type Result struct {
	Categories int
	Authors    int
	Tags       int
	Articles   int // all articles, whatever their status
	Published  int
	Drafts     int
	Scheduled  int
}

func (r *Result) String() string {
	return fmt.Sprintf("%d articles (%d published, %d draft, %d scheduled), %d categories, %d authors, %d tags",
		r.Articles, r.Published, r.Drafts, r.Scheduled, r.Categories, r.Authors, r.Tags)
}

// Settings returns the demo site's settings over existing ones (so a base URL
// already chosen by the operator is kept).
func Settings(existing map[string]string) site.Settings {
	s := site.FromMap(existing)
	s.Name = "Nouvelles Du Monde"
	s.Tagline = "L'actualité internationale, expliquée et mise en perspective"
	s.Lang = "fr"
	s.TimeZone = "Europe/Paris"
	s.Comments = site.CommentsOpen
	s.CloseCommentsDays = 0
	if s.AdsTxt == "" {
		s.AdsTxt = "# Nouvelles Du Monde (démo) : aucune régie publicitaire n'est autorisée.\n"
	}
	return s
}

// Categories are the sections of the demo site, in navigation order.
var Categories = []article.Category{
	{Slug: "international", Name: "International", Position: 1,
		Description: "Diplomatie, conflits et grands équilibres du monde."},
	{Slug: "europe", Name: "Europe", Position: 2,
		Description: "L'Union européenne, ses institutions et ses voisins."},
	{Slug: "economie", Name: "Économie", Position: 3,
		Description: "Marchés, énergie, commerce et entreprises."},
	{Slug: "culture", Name: "Culture", Position: 4,
		Description: "Expositions, livres, cinéma, musique et patrimoine."},
	{Slug: "sport", Name: "Sport", Position: 5,
		Description: "Football, rugby, voile et tous les terrains de jeu."},
	{Slug: "sciences", Name: "Sciences", Position: 6,
		Description: "Climat, espace, santé et découvertes."},
	{Slug: "tech", Name: "Tech", Position: 7,
		Description: "Numérique, intelligence artificielle et cybersécurité."},
}

// Authors are the demo site's journalists (fictional people).
var Authors = []article.Author{
	{Slug: "claire-moreau", Name: "Claire Moreau",
		Bio: "Grand reporter au service International, Claire Moreau couvre l'espace post-soviétique et l'Asie centrale depuis quinze ans, après avoir été correspondante à Moscou puis à Almaty."},
	{Slug: "karim-benali", Name: "Karim Benali",
		Bio: "Correspondant à Bruxelles, Karim Benali suit les institutions européennes, l'élargissement et les dossiers agricoles. Il a auparavant travaillé pour la presse régionale à Strasbourg."},
	{Slug: "julien-mercier", Name: "Julien Mercier",
		Bio: "Journaliste au service Économie, spécialiste de l'énergie, des matières premières et du commerce international. Diplômé d'économie, il a débuté dans une agence de presse financière."},
	{Slug: "sophie-garnier", Name: "Sophie Garnier",
		Bio: "Journaliste scientifique, Sophie Garnier écrit sur le climat, l'océan et l'espace. Elle a suivi une dizaine de conférences de l'ONU sur le climat."},
	{Slug: "thomas-lefevre", Name: "Thomas Lefèvre",
		Bio: "Thomas Lefèvre couvre le numérique : intelligence artificielle, régulation des plateformes, cybersécurité et industrie des semi-conducteurs."},
	{Slug: "amina-diallo", Name: "Amina Diallo",
		Bio: "Journaliste au service Sport, Amina Diallo suit le football européen et africain, le rugby et la voile. Elle a couvert trois Coupes du monde."},
	{Slug: "elodie-marchand", Name: "Élodie Marchand",
		Bio: "Critique et reporter au service Culture, Élodie Marchand s'intéresse aux arts plastiques, au patrimoine et à la littérature étrangère."},
}

// entries parses every embedded article file, sorted by external id.
func entries() ([]entry, error) {
	names, err := fs.Glob(articleFiles, "articles/*.md")
	if err != nil {
		return nil, err
	}
	out := make([]entry, 0, len(names))
	for _, name := range names {
		b, err := articleFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		e, err := parseEntry(string(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path.Base(name), err)
		}
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ExternalID < out[j].ExternalID })
	return out, nil
}

// Articles returns the demo articles as they would be stored at time now,
// with categories, tags and authors carrying names and slugs but no IDs.
// The web tests use it to know what to expect.
func Articles(now time.Time) ([]article.Article, error) {
	es, err := entries()
	if err != nil {
		return nil, err
	}
	cats := map[string]article.Category{}
	for _, c := range Categories {
		cats[c.Slug] = c
	}
	auths := map[string]article.Author{}
	for _, a := range Authors {
		auths[a.Slug] = a
	}
	now = now.UTC().Truncate(time.Minute)
	out := make([]article.Article, 0, len(es))
	for _, e := range es {
		c, ok := cats[e.Category]
		if !ok {
			return nil, fmt.Errorf("demo: %s: unknown category %q", e.ExternalID, e.Category)
		}
		a := article.Article{
			ExternalID: e.ExternalID,
			Title:      e.Title,
			Lead:       e.Lead,
			Body:       e.Body,
			Lang:       "fr",
			Status:     article.Status(e.Status),
			Category:   &c,
			Image: article.Image{
				URL:     ImageURLPrefix + e.Image,
				Alt:     e.Alt,
				Caption: e.Caption,
				Credit:  Credit,
				Width:   1200,
				Height:  675,
			},
			Source: article.Source{Name: e.Source, URL: e.SourceURL, TranslatedFrom: e.TranslatedFrom},
		}
		if a.Status != article.Draft {
			a.PublishedAt = now.Add(-e.Age)
		}
		for _, slug := range e.Authors {
			au, ok := auths[slug]
			if !ok {
				return nil, fmt.Errorf("demo: %s: unknown author %q", e.ExternalID, slug)
			}
			a.Authors = append(a.Authors, au)
		}
		for _, name := range e.Tags {
			a.Tags = append(a.Tags, article.Tag{Slug: article.Slugify(name), Name: name})
		}
		if err := a.Validate(); err != nil {
			return nil, fmt.Errorf("demo: %s: %w", e.ExternalID, err)
		}
		out = append(out, a)
	}
	return out, nil
}

// Load fills an empty store with the demo site as of now: settings,
// categories, authors, tags and articles. If the store already holds any
// article it returns ErrNotEmpty and changes nothing.
func Load(ctx context.Context, st store.Store, now time.Time) (*Result, error) {
	_, n, err := st.ListArticles(ctx, store.ArticleFilter{Limit: 1})
	if err != nil {
		return nil, fmt.Errorf("demo: count articles: %w", err)
	}
	if n > 0 {
		return nil, ErrNotEmpty
	}
	arts, err := Articles(now)
	if err != nil {
		return nil, err
	}

	existing, err := st.Settings(ctx)
	if err != nil {
		return nil, fmt.Errorf("demo: read settings: %w", err)
	}
	if err := st.SaveSettings(ctx, Settings(existing).Map()); err != nil {
		return nil, fmt.Errorf("demo: save settings: %w", err)
	}

	res := &Result{}
	catIDs := map[string]int64{}
	for _, c := range Categories {
		c := c
		if old, err := st.CategoryBySlug(ctx, c.Slug); err == nil {
			c.ID = old.ID // a category made by hand before the first article
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("demo: category %s: %w", c.Slug, err)
		}
		if err := st.SaveCategory(ctx, &c); err != nil {
			return nil, fmt.Errorf("demo: save category %s: %w", c.Slug, err)
		}
		catIDs[c.Slug] = c.ID
		res.Categories++
	}
	authorIDs := map[string]int64{}
	for _, a := range Authors {
		a := a
		if old, err := st.AuthorBySlug(ctx, a.Slug); err == nil {
			a.ID = old.ID
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("demo: author %s: %w", a.Slug, err)
		}
		if err := st.SaveAuthor(ctx, &a); err != nil {
			return nil, fmt.Errorf("demo: save author %s: %w", a.Slug, err)
		}
		authorIDs[a.Slug] = a.ID
		res.Authors++
	}
	tags := map[string]article.Tag{}
	for i := range arts {
		a := &arts[i]
		a.Category.ID = catIDs[a.Category.Slug]
		for j := range a.Authors {
			a.Authors[j].ID = authorIDs[a.Authors[j].Slug]
		}
		for j, t := range a.Tags {
			got, ok := tags[t.Name]
			if !ok {
				tg, err := st.EnsureTag(ctx, t.Name)
				if err != nil {
					return nil, fmt.Errorf("demo: tag %q: %w", t.Name, err)
				}
				got = *tg
				tags[t.Name] = got
			}
			a.Tags[j] = got
		}
		if err := st.CreateArticle(ctx, a); err != nil {
			return nil, fmt.Errorf("demo: create %s: %w", a.ExternalID, err)
		}
		res.Articles++
		switch a.Status {
		case article.Published:
			res.Published++
		case article.Draft:
			res.Drafts++
		case article.Scheduled:
			res.Scheduled++
		}
	}
	res.Tags = len(tags)
	return res, nil
}
