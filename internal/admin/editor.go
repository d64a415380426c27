package admin

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kiosque/kiosque/internal/article"
)

// articleForm is the editor's form, as typed: it goes back to the page
// intact when something is wrong.
type articleForm struct {
	Title, Slug, Lead, Body, Lang       string
	CategoryID                          int64
	Tags                                string // comma-separated names
	AuthorIDs                           []int64
	ImageURL, ImageAlt                  string
	ImageCaption, ImageCredit           string
	SourceName, SourceURL, TranslatedOf string
	PublishAt                           string // "2006-01-02T15:04", site time zone
	Action                              string
}

// dateTimeLocal is the layout of <input type="datetime-local">.
const dateTimeLocal = "2006-01-02T15:04"

func parseArticleForm(r *http.Request) articleForm {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := articleForm{
		Title: v("title"), Slug: v("slug"), Lead: v("lead"), Body: r.PostFormValue("body"), Lang: v("lang"),
		Tags: v("tags"), ImageURL: v("image_url"), ImageAlt: v("image_alt"),
		ImageCaption: v("image_caption"), ImageCredit: v("image_credit"),
		SourceName: v("source_name"), SourceURL: v("source_url"), TranslatedOf: v("translated_from"),
		PublishAt: v("publish_at"), Action: v("action"),
	}
	f.CategoryID, _ = strconv.ParseInt(v("category"), 10, 64) // not a number: no category
	for _, s := range r.PostForm["authors"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil && id > 0 {
			f.AuthorIDs = append(f.AuthorIDs, id)
		}
	}
	return f
}

func formFromArticle(a *article.Article, loc *time.Location) articleForm {
	f := articleForm{
		Title: a.Title, Slug: a.Slug, Lead: a.Lead, Body: a.Body, Lang: a.Lang,
		ImageURL: a.Image.URL, ImageAlt: a.Image.Alt, ImageCaption: a.Image.Caption, ImageCredit: a.Image.Credit,
		SourceName: a.Source.Name, SourceURL: a.Source.URL, TranslatedOf: a.Source.TranslatedFrom,
	}
	if a.Category != nil {
		f.CategoryID = a.Category.ID
	}
	names := make([]string, len(a.Tags))
	for i, t := range a.Tags {
		names[i] = t.Name
	}
	f.Tags = strings.Join(names, ", ")
	for _, au := range a.Authors {
		f.AuthorIDs = append(f.AuthorIDs, au.ID)
	}
	if !a.PublishedAt.IsZero() {
		f.PublishAt = a.PublishedAt.In(loc).Format(dateTimeLocal)
	}
	return f
}

// TagNames splits the tags field into distinct, non-empty names.
func (f articleForm) TagNames() []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range strings.Split(f.Tags, ",") {
		n = strings.Join(strings.Fields(n), " ")
		key := strings.ToLower(n)
		if n == "" || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, n)
	}
	return out
}

// HasAuthor reports whether author id is ticked (for the template).
func (f articleForm) HasAuthor(id int64) bool {
	for _, a := range f.AuthorIDs {
		if a == id {
			return true
		}
	}
	return false
}

// apply copies the form's content fields into a (not status or times; see
// applyAction). Tags are set by the caller once created.
func (f articleForm) apply(a *article.Article) {
	a.Title, a.Lead, a.Body, a.Lang = f.Title, f.Lead, f.Body, f.Lang
	a.Slug = article.Slugify(f.Slug)
	a.Category = nil
	if f.CategoryID > 0 {
		a.Category = &article.Category{ID: f.CategoryID}
	}
	a.Authors = a.Authors[:0:0]
	for _, id := range f.AuthorIDs {
		a.Authors = append(a.Authors, article.Author{ID: id})
	}
	a.Image = article.Image{URL: f.ImageURL, Alt: f.ImageAlt, Caption: f.ImageCaption, Credit: f.ImageCredit}
	a.Source = article.Source{Name: f.SourceName, URL: f.SourceURL, TranslatedFrom: f.TranslatedOf}
}

// Editor actions, the buttons of the editor form.
const (
	actSave      = "save"
	actPreview   = "preview"
	actSubmit    = "submit"
	actPublish   = "publish"
	actSchedule  = "schedule"
	actUnpublish = "unpublish"
	actArchive   = "archive"
)

// targetStatus returns the status an action leads to from status cur, and
// false for an unknown action. Saving keeps the status (a new article is a
// draft).
func targetStatus(action string, cur article.Status) (article.Status, bool) {
	switch action {
	case actSave, actPreview, "":
		if cur == "" {
			return article.Draft, true
		}
		return cur, true
	case actSubmit:
		return article.Pending, true
	case actPublish:
		return article.Published, true
	case actSchedule:
		return article.Scheduled, true
	case actUnpublish:
		return article.Draft, true
	case actArchive:
		return article.Archived, true
	}
	return "", false
}

// applyAction sets a's status and publication time for an editor action at
// time now; at is the requested schedule time (zero if none). It returns a
// field error key when the action cannot be done as asked.
func applyAction(a *article.Article, action string, at, now time.Time) (field, key string) {
	st, ok := targetStatus(action, a.Status)
	if !ok {
		return "action", "admin.error.invalid"
	}
	switch st {
	case article.Published:
		switch {
		case action == actPublish && (a.PublishedAt.IsZero() || a.PublishedAt.After(now)):
			a.PublishedAt = now
		case action == actSave && !at.IsZero() && !at.Equal(a.PublishedAt.Truncate(time.Minute)):
			// Correcting the date of a published article: never into the
			// future, which would hide it (that is what Schedule is for).
			if at.After(now) {
				return "publish_at", "admin.error.published_future"
			}
			a.PublishedAt = at
		}
	case article.Scheduled:
		if action == actSchedule || a.Status != article.Scheduled {
			if at.IsZero() {
				return "publish_at", "admin.error.schedule_needs_date"
			}
			if !at.After(now) {
				return "publish_at", "admin.error.schedule_past"
			}
		}
		if !at.IsZero() {
			a.PublishedAt = at
		}
	}
	a.Status = st
	return "", ""
}

// parseLocal reads a datetime-local value in the site's time zone; zero
// when empty or unreadable.
func parseLocal(s string, loc *time.Location) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation(dateTimeLocal, s, loc)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}
