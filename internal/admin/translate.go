package admin

import (
	"context"
	"fmt"
	"net/http"
	"sort"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store"
)

// articleTranslate creates the version of an article in another language
// (?lang= or form field lang): a draft with the same content to translate,
// linked to the original through their translation group, and marked as
// translated from the original's language.
func (h *Handler) articleTranslate(w http.ResponseWriter, r *http.Request) error {
	orig, err := h.editableArticle(r)
	if err != nil {
		return err
	}
	lang := r.PostFormValue("lang")
	if !article.ValidLang(lang) || lang == orig.Lang {
		return fmt.Errorf("admin: translate article %d to %q: %w", orig.ID, lang, errBadRequest)
	}
	ctx := r.Context()
	if orig.TranslationGroup == 0 {
		orig.TranslationGroup = int64(orig.ID)
		if err := h.store.UpdateArticle(ctx, orig); err != nil {
			return fmt.Errorf("admin: translation group of %d: %w", orig.ID, err)
		}
	}
	tr := &article.Article{
		Title: orig.Title, Lead: orig.Lead, Body: orig.Body, Lang: lang, Status: article.Draft,
		Category: orig.Category, Tags: orig.Tags, Authors: orig.Authors, Image: orig.Image,
		Source:           article.Source{Name: orig.Source.Name, URL: orig.Source.URL, TranslatedFrom: orig.Lang},
		TranslationGroup: orig.TranslationGroup,
	}
	if err := h.store.CreateArticle(ctx, tr); err != nil {
		return fmt.Errorf("admin: translate article %d: %w", orig.ID, err)
	}
	u := currentUser(r)
	saved, err := h.store.Article(ctx, tr.ID)
	if err != nil {
		return fmt.Errorf("admin: translate article %d: %w", orig.ID, err)
	}
	if err := h.store.AddRevision(ctx, &store.Revision{ArticleID: tr.ID, UserID: u.ID, UserName: u.Name, CreatedAt: h.now().UTC(), Article: *saved}); err != nil {
		return fmt.Errorf("admin: translate article %d: %w", orig.ID, err)
	}
	h.audit(ctx, u, "article.translate", fmt.Sprintf("article:%d", tr.ID), fmt.Sprintf("%s → %s, from article %d", orig.Lang, lang, orig.ID))
	return h.redirect(w, r, fmt.Sprintf("/admin/articles/%d", tr.ID), "admin.flash.translation")
}

// translationsOf returns the other versions of a in its translation group,
// by language then title; none when a is in no group.
func (h *Handler) translationsOf(ctx context.Context, a *article.Article) ([]article.Article, error) {
	if a.TranslationGroup == 0 {
		return nil, nil
	}
	list, _, err := h.store.ListArticles(ctx, store.ArticleFilter{
		TranslationGroup: a.TranslationGroup, ExcludeID: a.ID, Limit: 100, NoTotal: true, NoLinks: true,
	})
	if err != nil {
		return nil, fmt.Errorf("translations of %d: %w", a.ID, err)
	}
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].Lang != list[j].Lang {
			return list[i].Lang < list[j].Lang
		}
		return list[i].Title < list[j].Title
	})
	return list, nil
}
