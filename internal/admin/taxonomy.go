package admin

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store"
)

type taxonomyData struct {
	Page
	Categories []article.Category
	Tags       []article.Tag
	Authors    []article.Author
	Error      string
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errNotFoundPage
	}
	return id, nil
}

func formInt(r *http.Request, key string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(r.PostFormValue(key)), 10, 64) // unreadable: 0
	return n
}

func (h *Handler) taxonomyPage(w http.ResponseWriter, r *http.Request, status int, nav, errKey string) error {
	d := &taxonomyData{Page: h.page(r, nav)}
	d.Title = d.T("admin.nav." + nav)
	if errKey != "" {
		d.Error = d.T(errKey)
	}
	ctx := r.Context()
	var err error
	switch nav {
	case "categories":
		d.Categories, err = h.store.Categories(ctx)
	case "tags":
		d.Tags, err = h.store.Tags(ctx)
	case "authors":
		d.Authors, err = h.store.Authors(ctx)
	}
	if err != nil {
		return fmt.Errorf("admin: %s: %w", nav, err)
	}
	return h.render(w, r, status, nav, d)
}

// saveOutcome turns a taxonomy save error into a page: a conflict or an
// invalid name shows the list again with a message.
func (h *Handler) saveOutcome(w http.ResponseWriter, r *http.Request, nav string, err error, audit, target, detail string) error {
	switch {
	case errors.Is(err, store.ErrConflict):
		return h.taxonomyPage(w, r, http.StatusConflict, nav, "admin.error.slug_taken")
	case err != nil:
		return fmt.Errorf("admin: save %s: %w", nav, err)
	}
	h.audit(r.Context(), currentUser(r), audit, target, detail)
	h.changed(r.Context(), Change{Kind: "taxonomy"})
	return h.redirect(w, r, "/admin/"+nav+"/", "admin.flash.saved")
}

func (h *Handler) categoryList(w http.ResponseWriter, r *http.Request) error {
	return h.taxonomyPage(w, r, http.StatusOK, "categories", "")
}

// categorySave creates (no id field) or updates a category.
func (h *Handler) categorySave(w http.ResponseWriter, r *http.Request) error {
	c := &article.Category{ID: formInt(r, "id"), Name: strings.TrimSpace(r.PostFormValue("name")),
		Description: strings.TrimSpace(r.PostFormValue("description")), Position: int(formInt(r, "position"))}
	c.Slug = article.Slugify(r.PostFormValue("slug"))
	if c.Slug == "" {
		c.Slug = article.Slugify(c.Name)
	}
	if c.Name == "" || c.Slug == "" || article.IsReserved(c.Slug) {
		return h.taxonomyPage(w, r, http.StatusUnprocessableEntity, "categories", "admin.error.name_required")
	}
	err := h.store.SaveCategory(r.Context(), c)
	return h.saveOutcome(w, r, "categories", err, "category.save", fmt.Sprintf("category:%d", c.ID), c.Name)
}

func (h *Handler) categoryDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := h.store.DeleteCategory(r.Context(), id); err != nil {
		return fmt.Errorf("admin: delete category %d: %w", id, err)
	}
	h.audit(r.Context(), currentUser(r), "category.delete", fmt.Sprintf("category:%d", id), "")
	h.changed(r.Context(), Change{Kind: "taxonomy"})
	return h.redirect(w, r, "/admin/categories/", "admin.flash.deleted")
}

func (h *Handler) tagList(w http.ResponseWriter, r *http.Request) error {
	return h.taxonomyPage(w, r, http.StatusOK, "tags", "")
}

// tagSave renames a tag, or merges it into another (merge_into=ID): every
// article tagged with it gets the other tag, and it is deleted.
func (h *Handler) tagSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if into := formInt(r, "merge_into"); into > 0 && into != id {
		return h.tagMerge(w, r, id, into)
	}
	t := &article.Tag{ID: id, Name: strings.TrimSpace(r.PostFormValue("name"))}
	t.Slug = article.Slugify(r.PostFormValue("slug"))
	if t.Slug == "" {
		t.Slug = article.Slugify(t.Name)
	}
	if t.Name == "" || t.Slug == "" {
		return h.taxonomyPage(w, r, http.StatusUnprocessableEntity, "tags", "admin.error.name_required")
	}
	err = h.store.SaveTag(r.Context(), t)
	return h.saveOutcome(w, r, "tags", err, "tag.save", fmt.Sprintf("tag:%d", id), t.Name)
}

func (h *Handler) tagMerge(w http.ResponseWriter, r *http.Request, from, into int64) error {
	ctx := r.Context()
	tags, err := h.store.Tags(ctx)
	if err != nil {
		return fmt.Errorf("admin: merge tags: %w", err)
	}
	var target *article.Tag
	for i := range tags {
		if tags[i].ID == into {
			target = &tags[i]
		}
	}
	if target == nil {
		return fmt.Errorf("admin: merge into tag %d: %w", into, store.ErrNotFound)
	}
	for {
		list, _, err := h.store.ListArticles(ctx, store.ArticleFilter{TagID: from, Limit: 100})
		if err != nil {
			return fmt.Errorf("admin: merge tags: %w", err)
		}
		if len(list) == 0 {
			break
		}
		for i := range list {
			a := &list[i]
			var kept []article.Tag
			has := false
			for _, t := range a.Tags {
				has = has || t.ID == into
				if t.ID != from {
					kept = append(kept, t)
				}
			}
			if !has {
				kept = append(kept, *target)
			}
			a.Tags = kept
			if err := h.store.UpdateArticle(ctx, a); err != nil {
				return fmt.Errorf("admin: merge tags, article %d: %w", a.ID, err)
			}
		}
	}
	if err := h.store.DeleteTag(ctx, from); err != nil {
		return fmt.Errorf("admin: merge tags: %w", err)
	}
	h.audit(ctx, currentUser(r), "tag.merge", fmt.Sprintf("tag:%d", from), fmt.Sprintf("→ %s", target.Name))
	h.changed(ctx, Change{Kind: "taxonomy"})
	return h.redirect(w, r, "/admin/tags/", "admin.flash.saved")
}

func (h *Handler) tagDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := h.store.DeleteTag(r.Context(), id); err != nil {
		return fmt.Errorf("admin: delete tag %d: %w", id, err)
	}
	h.audit(r.Context(), currentUser(r), "tag.delete", fmt.Sprintf("tag:%d", id), "")
	h.changed(r.Context(), Change{Kind: "taxonomy"})
	return h.redirect(w, r, "/admin/tags/", "admin.flash.deleted")
}

func (h *Handler) authorList(w http.ResponseWriter, r *http.Request) error {
	return h.taxonomyPage(w, r, http.StatusOK, "authors", "")
}

// authorSave creates (no id) or updates a public author profile.
func (h *Handler) authorSave(w http.ResponseWriter, r *http.Request) error {
	a := &article.Author{ID: formInt(r, "id"), Name: strings.TrimSpace(r.PostFormValue("name")),
		Bio: strings.TrimSpace(r.PostFormValue("bio")), Photo: strings.TrimSpace(r.PostFormValue("photo"))}
	a.Slug = article.Slugify(r.PostFormValue("slug"))
	if a.Slug == "" {
		a.Slug = article.Slugify(a.Name)
	}
	if a.Name == "" || a.Slug == "" {
		return h.taxonomyPage(w, r, http.StatusUnprocessableEntity, "authors", "admin.error.name_required")
	}
	err := h.store.SaveAuthor(r.Context(), a)
	return h.saveOutcome(w, r, "authors", err, "author.save", fmt.Sprintf("author:%d", a.ID), a.Name)
}

func (h *Handler) authorDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := h.store.DeleteAuthor(r.Context(), id); err != nil {
		return fmt.Errorf("admin: delete author %d: %w", id, err)
	}
	h.audit(r.Context(), currentUser(r), "author.delete", fmt.Sprintf("author:%d", id), "")
	h.changed(r.Context(), Change{Kind: "taxonomy"})
	return h.redirect(w, r, "/admin/authors/", "admin.flash.deleted")
}
