package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/cache"
	"github.com/kiosque/kiosque/internal/cluster"
	"github.com/kiosque/kiosque/internal/markup"
	"github.com/kiosque/kiosque/internal/store"
)

const (
	perPage        = 12 // articles per list page
	perSection     = 4  // articles per category block on the home page
	sectionFetched = perSection + perPage
)

// Pager links a list page to its neighbours.
type Pager struct {
	Current, Last int
	Prev, Next    string // URLs, "" at the ends
}

// newPager builds the pager of page n of a list at base ("/", "/tag/x/")
// holding total items.
func newPager(base string, n, total int) Pager {
	last := (total + perPage - 1) / perPage
	if last < 1 {
		last = 1
	}
	p := Pager{Current: n, Last: last}
	if n > 1 {
		p.Prev = pageURL(base, n-1)
	}
	if n < last {
		p.Next = pageURL(base, n+1)
	}
	return p
}

func pageURL(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(n) + "/"
}

// pageNumber reads the {n} of a /page/{n}/ path: 1 when absent. A number
// that is not a page (0, "01", "x") is not found; page 1 spelled out
// redirects to the list's own URL.
func pageNumber(r *http.Request) (n int, redirect bool, err error) {
	s := r.PathValue("n")
	if s == "" {
		return 1, false, nil
	}
	n, err = strconv.Atoi(s)
	if err != nil || n < 1 || strconv.Itoa(n) != s {
		return 0, false, errNotFound
	}
	return n, n == 1, nil
}

// HomePage is the data of the home page and its /page/N/ pages.
type HomePage struct {
	Page
	Lead     *article.Article // the top story, on page 1 only
	Latest   []article.Article
	Sections []Section // one block per category, on page 1 only
	Pager    Pager
}

// Section is a category's block on the home page.
type Section struct {
	Category article.Category
	Articles []article.Article
}

func (h *handler) home(w http.ResponseWriter, r *http.Request) error { return h.homeN(w, r, 1) }

func (h *handler) homePage(w http.ResponseWriter, r *http.Request) error {
	n, redirect, err := pageNumber(r)
	if err != nil {
		return err
	}
	if redirect {
		http.Redirect(w, r, "/", http.StatusMovedPermanently)
		return nil
	}
	return h.homeN(w, r, n)
}

func (h *handler) homeN(w http.ResponseWriter, r *http.Request, n int) error {
	ctx := r.Context()
	p, err := h.newPage(ctx, pageURL("/", n))
	if err != nil {
		return err
	}
	now := h.now()
	cache.Tag(ctx, cluster.Lists)
	latest, total, err := h.store.ListArticles(ctx, store.ArticleFilter{VisibleAt: now, Limit: perPage, Offset: (n - 1) * perPage})
	if err != nil {
		return fmt.Errorf("web: home page %d: %w", n, err)
	}
	if n > 1 && len(latest) == 0 {
		return errNotFound
	}
	hp := &HomePage{Page: p, Latest: latest, Pager: newPager("/", n, total)}
	if n == 1 {
		hp.Description = hp.Site.Tagline
		if len(latest) > 0 {
			hp.Lead, hp.Latest = &latest[0], latest[1:]
		}
		if hp.Sections, err = h.sections(ctx, p.Nav, latest); err != nil {
			return err
		}
	} else {
		hp.Title = p.T("web.page_n", n)
	}
	return h.render(w, http.StatusOK, "home", hp)
}

// sections returns the home page's category blocks: each category's latest
// visible articles not already shown in the latest list. Empty categories
// have no block.
func (h *handler) sections(ctx context.Context, cats []article.Category, shown []article.Article) ([]Section, error) {
	seen := map[article.ID]bool{}
	for _, a := range shown {
		seen[a.ID] = true
	}
	var out []Section
	for _, c := range cats {
		list, _, err := h.store.ListArticles(ctx, store.ArticleFilter{VisibleAt: h.now(), CategoryID: c.ID, Limit: sectionFetched, NoTotal: true, NoLinks: true})
		if err != nil {
			return nil, fmt.Errorf("web: home section %s: %w", c.Slug, err)
		}
		s := Section{Category: c}
		for _, a := range list {
			if !seen[a.ID] && len(s.Articles) < perSection {
				s.Articles = append(s.Articles, a)
			}
		}
		if len(s.Articles) > 0 {
			out = append(out, s)
		}
	}
	return out, nil
}

// ListPage is the data of the category, tag and author pages.
type ListPage struct {
	Page
	Kind     string // "category", "tag" or "author"
	Kicker   string // "Rubrique", "Mot-clé", "Auteur"
	Heading  string
	Intro    string // category description or author bio (plain text)
	Photo    string // author photo URL
	Articles []article.Article
	Pager    Pager
}

// listing is what differs between the category, tag and author pages.
type listing struct {
	kind, slug, heading, intro, photo string
	filter                            store.ArticleFilter
}

func (h *handler) category(w http.ResponseWriter, r *http.Request) error {
	c, err := h.store.CategoryBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	return h.list(w, r, listing{kind: "category", slug: c.Slug, heading: c.Name, intro: c.Description,
		filter: store.ArticleFilter{CategoryID: c.ID}})
}

func (h *handler) tag(w http.ResponseWriter, r *http.Request) error {
	t, err := h.store.TagBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	return h.list(w, r, listing{kind: "tag", slug: t.Slug, heading: t.Name, filter: store.ArticleFilter{TagID: t.ID}})
}

func (h *handler) author(w http.ResponseWriter, r *http.Request) error {
	a, err := h.store.AuthorBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	return h.list(w, r, listing{kind: "author", slug: a.Slug, heading: a.Name, intro: markup.Text(a.Bio), photo: a.Photo,
		filter: store.ArticleFilter{AuthorID: a.ID}})
}

// list renders page {n} of a category, tag or author. Page 1 of an empty
// list is a page saying so; any page past the end is not found.
func (h *handler) list(w http.ResponseWriter, r *http.Request, l listing) error {
	n, redirect, err := pageNumber(r)
	if err != nil {
		return err
	}
	base := "/" + l.kind + "/" + l.slug + "/"
	if redirect {
		http.Redirect(w, r, base, http.StatusMovedPermanently)
		return nil
	}
	ctx := r.Context()
	p, err := h.newPage(ctx, pageURL(base, n))
	if err != nil {
		return err
	}
	cache.Tag(ctx, cluster.Lists)
	f := l.filter
	f.VisibleAt, f.Limit, f.Offset = h.now(), perPage, (n-1)*perPage
	list, total, err := h.store.ListArticles(ctx, f)
	if err != nil {
		return fmt.Errorf("web: %s %s page %d: %w", l.kind, l.slug, n, err)
	}
	if n > 1 && len(list) == 0 {
		return errNotFound
	}
	p.Title = p.T("web."+l.kind+".title", l.heading)
	if n > 1 {
		p.Title += " – " + p.T("web.page_n", n)
	}
	p.Description = l.intro
	p.Feeds = listingFeeds(p, l.kind, l.heading, base)
	if l.kind == "category" {
		p.Active = l.slug
	}
	return h.render(w, http.StatusOK, "list", &ListPage{
		Page: p, Kind: l.kind, Kicker: p.T("web." + l.kind + ".kicker"), Heading: l.heading, Intro: l.intro, Photo: l.photo,
		Articles: list, Pager: newPager(base, n, total),
	})
}
