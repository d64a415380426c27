package importer

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/url"
	"strconv"
	"strings"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/wxr"
)

// wpSlug turns a WordPress slug (percent-encoded when not ASCII) into a
// Kiosque one.
func wpSlug(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		s = u
	}
	return article.Slugify(s)
}

func (r *wxrRun) saveAuthor(ctx context.Context, login, name string) error {
	if _, ok := r.authors[login]; ok || login == "" {
		return nil
	}
	slug := article.Unreserved(wpSlug(login), "author")
	if slug == "" {
		slug = article.Slugify(name)
	}
	a, err := r.st.AuthorBySlug(ctx, slug)
	if errors.Is(err, store.ErrNotFound) {
		a = &article.Author{Slug: slug, Name: strings.TrimSpace(html.UnescapeString(name))}
		if a.Name == "" {
			a.Name = login
		}
		if err = r.st.SaveAuthor(ctx, a); err == nil {
			r.sum.Authors++
		}
	}
	if err != nil {
		return fmt.Errorf("import wxr: author %q: %w", login, err)
	}
	r.authors[login] = *a
	return nil
}

// saveCategories stores categories parents first. Kiosque categories have
// no parent: the hierarchy is flattened (each keeps its own slug), the
// depth decides which category a post in several gets, and the old nested
// URL /category/parent/child/ redirects to /category/child/.
func (r *wxrRun) saveCategories(ctx context.Context, cats []*wxr.Category) error {
	for _, c := range cats {
		r.catParent[c.Slug] = c.Parent
	}
	for _, c := range cats {
		r.catDepth[c.Slug] = r.depth(c.Slug)
	}
	flattened := 0
	for depth := 0; depth < 64; depth++ {
		for i, c := range cats {
			if r.catDepth[c.Slug] != depth {
				continue
			}
			if err := r.saveCategory(ctx, c, i); err != nil {
				return err
			}
			if _, ok := r.categories[c.Slug]; ok && c.Parent != "" {
				flattened++
				if err := r.redirect(ctx, store.Redirect{Path: "/category/" + r.nestedPath(c.Slug) + "/", Target: "/category/" + r.categories[c.Slug].Slug + "/"}); err != nil {
					return err
				}
			}
		}
	}
	if flattened > 0 {
		r.sum.warn("%d categories had a parent: Kiosque categories are flat, so each keeps its own name and the old nested URLs redirect", flattened)
	}
	return nil
}

// depth is a category's distance from the top, cycles and unknown parents
// counting as top.
func (r *wxrRun) depth(slug string) int {
	d := 0
	for p := r.catParent[slug]; p != "" && d < 32; p = r.catParent[p] {
		if _, ok := r.catParent[p]; !ok {
			break
		}
		d++
	}
	return d
}

func (r *wxrRun) nestedPath(slug string) string {
	parts := []string{slug}
	for p := r.catParent[slug]; p != "" && len(parts) < 32; p = r.catParent[p] {
		parts = append([]string{p}, parts...)
	}
	return strings.Join(parts, "/")
}

func (r *wxrRun) saveCategory(ctx context.Context, c *wxr.Category, pos int) error {
	slug := wpSlug(c.Slug)
	if slug == "" {
		slug = article.Slugify(c.Name)
	}
	cat, err := r.st.CategoryBySlug(ctx, slug)
	if errors.Is(err, store.ErrNotFound) {
		cat = &article.Category{Slug: slug, Name: strings.TrimSpace(html.UnescapeString(c.Name)),
			Description: strings.TrimSpace(html.UnescapeString(c.Description)), Position: pos}
		for _, m := range c.Meta {
			if p, err := strconv.Atoi(m.Value); m.Key == metaPosition && err == nil {
				cat.Position = p
			}
		}
		if cat.Name == "" {
			cat.Name = slug
		}
		if err = r.st.SaveCategory(ctx, cat); err == nil {
			r.sum.Categories++
		}
	}
	if err != nil {
		if errors.Is(err, article.ErrInvalid) {
			r.sum.problem("category %q: unusable slug %q", c.Name, c.Slug)
			return nil
		}
		return fmt.Errorf("import wxr: category %q: %w", c.Slug, err)
	}
	r.categories[c.Slug] = *cat
	return nil
}

func (r *wxrRun) saveTag(ctx context.Context, wpslug, name string) error {
	if _, ok := r.tags[wpslug]; ok {
		return nil
	}
	slug := wpSlug(wpslug)
	if slug == "" {
		slug = article.Slugify(name)
	}
	t, err := r.st.TagBySlug(ctx, slug)
	if errors.Is(err, store.ErrNotFound) {
		t = &article.Tag{Slug: slug, Name: strings.TrimSpace(html.UnescapeString(name))}
		if t.Name == "" {
			t.Name = slug
		}
		if err = r.st.SaveTag(ctx, t); err == nil {
			r.sum.Tags++
		}
	}
	if err != nil {
		if errors.Is(err, article.ErrInvalid) {
			r.sum.problem("tag %q: unusable slug %q", name, wpslug)
			return nil
		}
		return fmt.Errorf("import wxr: tag %q: %w", wpslug, err)
	}
	r.tags[wpslug] = *t
	return nil
}

func (r *wxrRun) redirect(ctx context.Context, rd store.Redirect) error {
	return r.redirects(ctx, []store.Redirect{rd}, false)
}

// redirects stores the redirects of list that are not there yet; fresh
// says they cannot be (their article was just created).
func (r *wxrRun) redirects(ctx context.Context, list []store.Redirect, fresh bool) error {
	var todo []store.Redirect
	for _, rd := range list {
		if rd.Path == "" || rd.Path == "/" || (rd.Target != "" && rd.Target == rd.Path) {
			continue
		}
		if !fresh {
			old, err := r.st.Redirect(ctx, rd.Path)
			if err == nil && old.ArticleID == rd.ArticleID && old.Target == rd.Target {
				continue // there from an earlier run
			}
		}
		todo = append(todo, rd)
	}
	if len(todo) == 0 {
		return nil
	}
	if err := r.st.SaveRedirects(ctx, todo); err != nil {
		return fmt.Errorf("import wxr: %w", err)
	}
	r.sum.Redirects += len(todo)
	return nil
}
