package admin

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/markup"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/user"
)

const articlesPerPage = 30

type dashboardData struct {
	Page
	Counts  []statusCount
	Pending []article.Article // waiting for review, oldest first
	Drafts  []article.Article // the user's own latest drafts (authors)
	// PendingComments is the moderation queue's length, -1 when the user
	// does not moderate.
	PendingComments int
}

type statusCount struct {
	Status article.Status
	N      int
}

// dashboard shows how many articles are in each state and what waits for
// review.
func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d := &dashboardData{Page: h.page(r, "dashboard")}
	d.Title = d.T("admin.dashboard.title")
	for _, st := range []article.Status{article.Pending, article.Scheduled, article.Draft, article.Published} {
		_, n, err := h.store.ListArticles(ctx, store.ArticleFilter{Status: st, Limit: 1})
		if err != nil {
			return fmt.Errorf("admin: dashboard: %w", err)
		}
		d.Counts = append(d.Counts, statusCount{st, n})
	}
	var err error
	if d.Pending, _, err = h.store.ListArticles(ctx, store.ArticleFilter{Status: article.Pending, Limit: 10}); err != nil {
		return fmt.Errorf("admin: dashboard: %w", err)
	}
	if u := currentUser(r); u.AuthorID != 0 {
		if d.Drafts, _, err = h.store.ListArticles(ctx, store.ArticleFilter{Status: article.Draft, AuthorID: u.AuthorID, Limit: 10}); err != nil {
			return fmt.Errorf("admin: dashboard: %w", err)
		}
	}
	d.PendingComments = -1
	if currentUser(r).Can(user.ModerateComment) {
		counts, err := h.store.CommentCounts(ctx, 0)
		if err != nil {
			return fmt.Errorf("admin: dashboard: %w", err)
		}
		d.PendingComments = counts[comment.Pending]
	}
	return h.render(w, r, http.StatusOK, "dashboard", d)
}

type listData struct {
	Page
	Articles   []article.Article
	Total      int
	Status     string
	CategoryID int64
	AuthorID   int64
	Q          string
	PageNum    int
	PrevURL    string
	NextURL    string
	Statuses   []article.Status
	Categories []article.Category
	Authors    []article.Author
}

// articleList shows articles with filters and pagination (?status=
// &category= &author= &q= &page=).
func (h *Handler) articleList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	d := &listData{Page: h.page(r, "articles"), Status: q.Get("status"), Q: q.Get("q"),
		Statuses: []article.Status{article.Draft, article.Pending, article.Scheduled, article.Published, article.Archived}}
	d.Title = d.T("admin.nav.articles")
	d.CategoryID, _ = strconv.ParseInt(q.Get("category"), 10, 64) // unreadable: no filter
	d.AuthorID, _ = strconv.ParseInt(q.Get("author"), 10, 64)
	d.PageNum, _ = strconv.Atoi(q.Get("page"))
	if d.PageNum < 1 {
		d.PageNum = 1
	}
	f := store.ArticleFilter{CategoryID: d.CategoryID, AuthorID: d.AuthorID, TitleLike: d.Q,
		Limit: articlesPerPage, Offset: (d.PageNum - 1) * articlesPerPage}
	if st := article.Status(d.Status); st.Valid() {
		f.Status = st
	}
	var err error
	if d.Articles, d.Total, err = h.store.ListArticles(r.Context(), f); err != nil {
		return fmt.Errorf("admin: list articles: %w", err)
	}
	if d.Categories, err = h.store.Categories(r.Context()); err != nil {
		return fmt.Errorf("admin: list articles: %w", err)
	}
	if d.Authors, err = h.store.Authors(r.Context()); err != nil {
		return fmt.Errorf("admin: list articles: %w", err)
	}
	pageURL := func(n int) string {
		v := url.Values{}
		for k, s := range map[string]string{"status": d.Status, "q": d.Q, "category": q.Get("category"), "author": q.Get("author")} {
			if s != "" {
				v.Set(k, s)
			}
		}
		v.Set("page", strconv.Itoa(n))
		return "/admin/articles/?" + v.Encode()
	}
	if d.PageNum > 1 {
		d.PrevURL = pageURL(d.PageNum - 1)
	}
	if d.PageNum*articlesPerPage < d.Total {
		d.NextURL = pageURL(d.PageNum + 1)
	}
	return h.render(w, r, http.StatusOK, "articles", d)
}

type editorData struct {
	Page
	Article    *article.Article
	Form       articleForm
	Errors     map[string]string // field → translated message
	Preview    template.HTML
	Categories []article.Category
	Authors    []article.Author
	Tags       []article.Tag
	Languages  []string
	CanPublish bool
	CanDelete  bool
	Revisions  int
	// Translations are the other language versions of the article (its
	// translation group), whatever their status.
	Translations []translation
}

// translation is another language version of the edited article.
type translation struct {
	article.Article
	Editable bool // the user may open it in the editor
}

// HasTranslation reports whether the article has a version in lang.
func (d *editorData) HasTranslation(lang string) bool {
	for _, t := range d.Translations {
		if t.Lang == lang {
			return true
		}
	}
	return false
}

func (h *Handler) editor(w http.ResponseWriter, r *http.Request, status int, a *article.Article, f articleForm, errs map[string]string) error {
	ctx := r.Context()
	d := &editorData{Page: h.page(r, "articles"), Article: a, Form: f, Errors: errs, Languages: article.Languages}
	u := currentUser(r)
	d.CanPublish = u.Can(user.PublishArticle)
	d.CanDelete = u.Can(user.DeleteArticle) && a.ID != 0
	if a.ID == 0 {
		d.Title = d.T("admin.editor.new")
	} else {
		d.Title = d.T("admin.editor.edit", a.Title)
	}
	if f.Action == actPreview {
		d.Preview = template.HTML(markup.Render(f.Body)) // sanitized by markup
	}
	var err error
	if d.Categories, err = h.store.Categories(ctx); err != nil {
		return fmt.Errorf("admin: editor: %w", err)
	}
	if d.Authors, err = h.store.Authors(ctx); err != nil {
		return fmt.Errorf("admin: editor: %w", err)
	}
	if d.Tags, err = h.store.Tags(ctx); err != nil {
		return fmt.Errorf("admin: editor: %w", err)
	}
	if a.ID != 0 {
		revs, err := h.store.ListRevisions(ctx, a.ID)
		if err != nil {
			return fmt.Errorf("admin: editor: %w", err)
		}
		d.Revisions = len(revs)
		trs, err := h.translationsOf(ctx, a)
		if err != nil {
			return fmt.Errorf("admin: editor: %w", err)
		}
		for i := range trs {
			d.Translations = append(d.Translations, translation{Article: trs[i], Editable: u.CanEdit(&trs[i])})
		}
	}
	return h.render(w, r, status, "editor", d)
}

func (h *Handler) articleNew(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	f := articleForm{Lang: info(r).Site.Lang}
	if u.AuthorID != 0 {
		f.AuthorIDs = []int64{u.AuthorID}
	}
	return h.editor(w, r, http.StatusOK, &article.Article{}, f, nil)
}

func (h *Handler) articleEdit(w http.ResponseWriter, r *http.Request) error {
	a, err := h.loadArticle(r)
	if err != nil {
		return err
	}
	if !currentUser(r).CanEdit(a) {
		return fmt.Errorf("admin: edit article %d: %w", a.ID, user.ErrForbidden)
	}
	return h.editor(w, r, http.StatusOK, a, formFromArticle(a, info(r).Site.Location()), nil)
}

func (h *Handler) loadArticle(r *http.Request) (*article.Article, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, errNotFoundPage
	}
	a, err := h.store.Article(r.Context(), article.ID(id))
	if err != nil {
		return nil, fmt.Errorf("admin: article %d: %w", id, err)
	}
	return a, nil
}

func (h *Handler) articleCreate(w http.ResponseWriter, r *http.Request) error {
	return h.saveArticle(w, r, &article.Article{})
}

func (h *Handler) articleSave(w http.ResponseWriter, r *http.Request) error {
	a, err := h.loadArticle(r)
	if err != nil {
		return err
	}
	if !currentUser(r).CanEdit(a) {
		return fmt.Errorf("admin: save article %d: %w", a.ID, user.ErrForbidden)
	}
	return h.saveArticle(w, r, a)
}

// saveArticle applies the editor form to a (new when a.ID is 0): checks the
// role may reach the target status, validates, saves, keeps a revision and
// tells the rest of the program.
func (h *Handler) saveArticle(w http.ResponseWriter, r *http.Request, a *article.Article) error {
	ctx := r.Context()
	u := currentUser(r)
	f := parseArticleForm(r)
	if f.Action == actPreview {
		return h.editor(w, r, http.StatusOK, a, f, nil)
	}
	target, ok := targetStatus(f.Action, a.Status)
	if !ok {
		return fmt.Errorf("admin: editor action %q: %w", f.Action, errBadRequest)
	}
	if target != a.Status && !u.AllowedStatus(target) {
		return fmt.Errorf("admin: %s may not make an article %s: %w", u.Role, target, user.ErrForbidden)
	}
	if err := h.ensureOwnAuthor(r, u, &f); err != nil {
		return err
	}
	before := *a
	f.apply(a)
	h.fillImageFromMedia(r, &a.Image)
	now := h.now().UTC()
	loc := info(r).Site.Location()
	errs := map[string]string{}
	if field, key := applyAction(a, f.Action, parseLocal(f.PublishAt, loc), now); key != "" {
		errs[field] = key
	}
	for field, u := range map[string]string{"source_url": a.Source.URL, "image_url": a.Image.URL} {
		if !webURL(u) {
			errs[field] = "admin.error.url_invalid"
		}
	}
	if err := a.Validate(); err != nil {
		var fe article.FieldErrors
		if !errors.As(err, &fe) {
			return fmt.Errorf("admin: save article: %w", err)
		}
		for k, v := range fe {
			errs[k] = v
		}
	}
	if len(errs) > 0 {
		*a = before
		return h.editor(w, r, http.StatusUnprocessableEntity, a, f, h.translateErrors(r, errs))
	}
	if err := h.setTags(r, a, f.TagNames()); err != nil {
		return err
	}
	err := h.storeArticle(r, a)
	if errors.Is(err, store.ErrConflict) {
		*a = before
		return h.editor(w, r, http.StatusConflict, a, f, h.translateErrors(r, map[string]string{"slug": "admin.error.slug_taken"}))
	}
	if err != nil {
		return err
	}
	saved, err := h.store.Article(ctx, a.ID)
	if err != nil {
		return fmt.Errorf("admin: reload article %d: %w", a.ID, err)
	}
	if err := h.store.AddRevision(ctx, &store.Revision{ArticleID: a.ID, UserID: u.ID, UserName: u.Name, CreatedAt: now, Article: *saved}); err != nil {
		return fmt.Errorf("admin: revision of article %d: %w", a.ID, err)
	}
	h.audit(ctx, u, "article."+auditVerb(f.Action, before.ID == 0), fmt.Sprintf("article:%d", a.ID), a.Title)
	if before.Status == article.Published || a.Status == article.Published {
		h.changed(ctx, Change{Kind: "article", ArticleID: a.ID})
	}
	return h.redirect(w, r, fmt.Sprintf("/admin/articles/%d", a.ID), "admin.flash."+auditVerb(f.Action, before.ID == 0))
}

// webURL reports whether s is empty, a site path ("/media/1/orig") or an
// http(s) URL: what an article may link to or show.
func webURL(s string) bool {
	if s == "" || (strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//")) {
		return true
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func auditVerb(action string, created bool) string {
	switch {
	case action == actSave || action == "":
		if created {
			return "create"
		}
		return "save"
	}
	return action
}

func (h *Handler) storeArticle(r *http.Request, a *article.Article) error {
	if a.ID == 0 {
		if err := h.store.CreateArticle(r.Context(), a); err != nil {
			return fmt.Errorf("admin: create article: %w", err)
		}
		return nil
	}
	if err := h.store.UpdateArticle(r.Context(), a); err != nil {
		return fmt.Errorf("admin: update article %d: %w", a.ID, err)
	}
	return nil
}

// ensureOwnAuthor makes sure an author's article is signed by them, so it
// stays theirs: a user without a public profile gets one made from their
// name.
func (h *Handler) ensureOwnAuthor(r *http.Request, u *user.User, f *articleForm) error {
	if u.Can(user.EditAnyArticle) {
		return nil
	}
	if u.AuthorID == 0 {
		au := &article.Author{Name: u.Name, Slug: article.Slugify(u.Name)}
		if err := h.store.SaveAuthor(r.Context(), au); err != nil {
			au.Slug = article.WithSuffix(au.Slug, int(u.ID))
			if err := h.store.SaveAuthor(r.Context(), au); err != nil {
				return fmt.Errorf("admin: author profile for user %d: %w", u.ID, err)
			}
		}
		u.AuthorID = au.ID
		if err := h.store.UpdateUser(r.Context(), u); err != nil {
			return fmt.Errorf("admin: link user %d to author: %w", u.ID, err)
		}
	}
	if !f.HasAuthor(u.AuthorID) {
		f.AuthorIDs = append([]int64{u.AuthorID}, f.AuthorIDs...)
	}
	return nil
}

// setTags creates the tags typed on the fly and links them.
func (h *Handler) setTags(r *http.Request, a *article.Article, names []string) error {
	a.Tags = a.Tags[:0:0]
	for _, n := range names {
		t, err := h.store.EnsureTag(r.Context(), n)
		if err != nil {
			return fmt.Errorf("admin: tag %q: %w", n, err)
		}
		a.Tags = append(a.Tags, *t)
	}
	return nil
}

// translateErrors turns field error keys (the domain's "error.x" or the
// admin's "admin.error.x") into messages.
func (h *Handler) translateErrors(r *http.Request, errs map[string]string) map[string]string {
	p := h.page(r, "")
	out := make(map[string]string, len(errs))
	for field, key := range errs {
		if !h.i18n.Has(key) && h.i18n.Has("admin."+key) {
			key = "admin." + key
		}
		out[field] = p.T(key)
	}
	return out
}

func (h *Handler) articleDelete(w http.ResponseWriter, r *http.Request) error {
	a, err := h.loadArticle(r)
	if err != nil {
		return err
	}
	if err := h.store.DeleteArticle(r.Context(), a.ID); err != nil {
		return fmt.Errorf("admin: delete article %d: %w", a.ID, err)
	}
	h.audit(r.Context(), currentUser(r), "article.delete", fmt.Sprintf("article:%d", a.ID), a.Title)
	h.changed(r.Context(), Change{Kind: "article", ArticleID: a.ID})
	return h.redirect(w, r, "/admin/articles/", "admin.flash.deleted")
}

// preview renders Markdown as the public page would; the editor's script
// posts the body here (the form's preview button does the same without
// JavaScript).
func (h *Handler) preview(w http.ResponseWriter, r *http.Request) error {
	body := r.PostFormValue("body")
	if len(body) > article.MaxBody {
		return fmt.Errorf("admin: preview too long: %w", errBadRequest)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = io.WriteString(w, markup.Render(body)) // a failed write means the client left
	return nil
}
