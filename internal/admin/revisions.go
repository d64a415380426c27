package admin

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/markup"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/user"
)

type revisionsData struct {
	Page
	Article   *article.Article
	Revisions []store.Revision
}

// editableArticle loads the article of the path and checks the user may
// edit it (viewing its history needs the same right).
func (h *Handler) editableArticle(r *http.Request) (*article.Article, error) {
	a, err := h.loadArticle(r)
	if err != nil {
		return nil, err
	}
	if !currentUser(r).CanEdit(a) {
		return nil, fmt.Errorf("admin: history of article %d: %w", a.ID, user.ErrForbidden)
	}
	return a, nil
}

func (h *Handler) revisionList(w http.ResponseWriter, r *http.Request) error {
	a, err := h.editableArticle(r)
	if err != nil {
		return err
	}
	d := &revisionsData{Page: h.page(r, "articles"), Article: a}
	d.Title = d.T("admin.revisions.title", a.Title)
	if d.Revisions, err = h.store.ListRevisions(r.Context(), a.ID); err != nil {
		return fmt.Errorf("admin: revisions of %d: %w", a.ID, err)
	}
	return h.render(w, r, http.StatusOK, "revisions", d)
}

// revisionOf loads revision id of article a, ErrNotFound when it belongs to
// another article.
func (h *Handler) revisionOf(r *http.Request, a *article.Article, raw string) (*store.Revision, error) {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return nil, errNotFoundPage
	}
	rev, err := h.store.Revision(r.Context(), id)
	if err != nil {
		return nil, fmt.Errorf("admin: revision %d: %w", id, err)
	}
	if rev.ArticleID != a.ID {
		return nil, errNotFoundPage
	}
	return rev, nil
}

type revisionData struct {
	Page
	Article    *article.Article
	Revision   *store.Revision
	Body       template.HTML
	CanRestore bool
}

func (h *Handler) revisionShow(w http.ResponseWriter, r *http.Request) error {
	a, err := h.editableArticle(r)
	if err != nil {
		return err
	}
	rev, err := h.revisionOf(r, a, r.PathValue("rev"))
	if err != nil {
		return err
	}
	d := &revisionData{Page: h.page(r, "articles"), Article: a, Revision: rev,
		Body: template.HTML(markup.Render(rev.Article.Body)), CanRestore: currentUser(r).Can(user.RestoreRevision)}
	d.Title = d.T("admin.revisions.one", rev.Article.Title)
	return h.render(w, r, http.StatusOK, "revision", d)
}

type compareData struct {
	Page
	Article *article.Article
	From    *store.Revision
	To      *store.Revision
	Diff    []diffOp
}

// revisionCompare shows a line diff between revisions ?from= and ?to=.
func (h *Handler) revisionCompare(w http.ResponseWriter, r *http.Request) error {
	a, err := h.editableArticle(r)
	if err != nil {
		return err
	}
	from, err := h.revisionOf(r, a, r.URL.Query().Get("from"))
	if err != nil {
		return err
	}
	to, err := h.revisionOf(r, a, r.URL.Query().Get("to"))
	if err != nil {
		return err
	}
	d := &compareData{Page: h.page(r, "articles"), Article: a, From: from, To: to}
	d.Title = d.T("admin.revisions.compare_title", a.Title)
	d.Diff = lineDiff(revisionText(&from.Article, d.T), revisionText(&to.Article, d.T))
	return h.render(w, r, http.StatusOK, "compare", d)
}

// revisionRestore copies a revision's content over the article (status and
// publication time stay) and saves it as a new revision.
func (h *Handler) revisionRestore(w http.ResponseWriter, r *http.Request) error {
	a, err := h.editableArticle(r)
	if err != nil {
		return err
	}
	rev, err := h.revisionOf(r, a, r.PathValue("rev"))
	if err != nil {
		return err
	}
	old := rev.Article
	a.Title, a.Slug, a.Lead, a.Body, a.Lang = old.Title, old.Slug, old.Lead, old.Body, old.Lang
	a.Category, a.Tags, a.Authors, a.Image, a.Source = old.Category, old.Tags, old.Authors, old.Image, old.Source
	ctx := r.Context()
	if err := h.store.UpdateArticle(ctx, a); err != nil {
		return fmt.Errorf("admin: restore revision %d: %w", rev.ID, err)
	}
	saved, err := h.store.Article(ctx, a.ID)
	if err != nil {
		return fmt.Errorf("admin: restore revision %d: %w", rev.ID, err)
	}
	u := currentUser(r)
	if err := h.store.AddRevision(ctx, &store.Revision{ArticleID: a.ID, UserID: u.ID, UserName: u.Name, CreatedAt: h.now().UTC(), Article: *saved}); err != nil {
		return fmt.Errorf("admin: restore revision %d: %w", rev.ID, err)
	}
	h.audit(ctx, u, "article.restore", fmt.Sprintf("article:%d", a.ID), fmt.Sprintf("revision %d", rev.ID))
	if a.Status == article.Published {
		h.changed(ctx, Change{Kind: "article", ArticleID: a.ID})
	}
	return h.redirect(w, r, fmt.Sprintf("/admin/articles/%d", a.ID), "admin.flash.restored")
}
