package importer

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/wxr"
)

// status maps a WordPress status; ok is false for what is not imported.
func (r *wxrRun) status(it *wxr.Item) (article.Status, bool) {
	switch it.Status {
	case "publish":
		if !it.PostDate.IsZero() && it.PostDate.After(r.opt.Now()) {
			return article.Scheduled, true
		}
		return article.Published, true
	case "future":
		if it.PostDate.IsZero() {
			return article.Draft, true
		}
		return article.Scheduled, true
	case "draft", "pending", "auto-draft":
		if it.Status == "auto-draft" {
			return "", false
		}
		return article.Draft, true
	}
	return "", false
}

func (r *wxrRun) importItem(ctx context.Context, it *wxr.Item, body string) error {
	kind := def(it.Type, "post")
	status, ok := r.status(it)
	if ks := article.Status(it.MetaValue(metaStatus)); ks.Valid() {
		status, ok = ks, true // a Kiosque export says exactly
	}
	if !ok {
		r.sum.skip(def(it.Status, "unknown") + " " + kind)
		return nil
	}
	if it.Password != "" {
		r.sum.skip("password-protected " + kind)
		return nil
	}
	a, err := r.article(ctx, it, status, body)
	if err != nil {
		r.sum.problem("%s %d %q: %v", kind, it.PostID, short(it.Title), err)
		return nil
	}
	var saved int
	reds := r.oldPaths(it, a)
	var comments []comment.Comment
	ai, whole := r.st.(store.ArticleImporter)
	if whole {
		comments = r.threaded(it, a)
		saved, err = ai.ImportArticle(ctx, a, reds, comments)
	} else {
		err = r.st.CreateArticle(ctx, a)
	}
	fresh := err == nil
	switch {
	case errors.Is(err, store.ErrConflict):
		r.sum.Existing++
		old, err := r.st.ArticleByExternalID(ctx, a.ExternalID)
		if err != nil {
			return fmt.Errorf("import wxr: %w", err)
		}
		a = old
	case errors.Is(err, article.ErrInvalid):
		r.sum.problem("%s %d %q: %v", kind, it.PostID, short(it.Title), err)
		return nil
	case err != nil:
		return fmt.Errorf("import wxr: %s %d: %w", kind, it.PostID, err)
	default:
		r.sum.Articles++
		if a.Image.URL != "" {
			r.remote++
		}
		if strings.Contains(a.Body, "/wp-content/uploads/") {
			r.remoteBody++
		}
		if whole { // article, old URLs and comments went in as one
			r.sum.Redirects += saved
			r.sum.Comments += len(comments)
			return nil
		}
	}
	for i := range reds {
		reds[i].ArticleID = a.ID
	}
	if err := r.redirects(ctx, dropOwn(reds, a.Slug), fresh); err != nil {
		return err
	}
	return r.importComments(ctx, it, a, fresh)
}

// dropOwn leaves out the redirect of the article's own address.
func dropOwn(list []store.Redirect, slug string) []store.Redirect {
	out := list[:0]
	for _, rd := range list {
		if rd.Path != "/"+slug+"/" {
			out = append(out, rd)
		}
	}
	return out
}

// article builds the Kiosque article of a post or page.
func (r *wxrRun) article(ctx context.Context, it *wxr.Item, status article.Status, body string) (*article.Article, error) {
	a := &article.Article{
		ExternalID: "wp:" + strconv.FormatInt(it.PostID, 10),
		Slug:       wpSlug(it.Name),
		Title:      strings.TrimSpace(html.UnescapeString(it.Title)),
		Lead:       clip(plain(it.Excerpt), article.MaxLead),
		Lang:       r.lang,
		Status:     status,
		Tags:       []article.Tag{},
		Authors:    []article.Author{},
	}
	if it.PostID <= 0 {
		return nil, errors.New("no post id")
	}
	if a.Title == "" {
		a.Title = "(" + strconv.FormatInt(it.PostID, 10) + ")"
	}
	if article.IsReserved(a.Slug) {
		a.Slug = ""
	}
	if status != article.Draft && status != article.Pending {
		a.PublishedAt = it.PostDate
		if a.PublishedAt.IsZero() {
			a.PublishedAt = it.PubDate
		}
		if a.PublishedAt.IsZero() {
			if t, err := wxr.ParseDate(it.PostDateLocal); err == nil {
				a.PublishedAt = t
			}
		}
		if a.PublishedAt.IsZero() {
			return nil, errors.New("published without a date")
		}
	}
	a.Body = body
	if len(a.Body) > article.MaxBody {
		return nil, fmt.Errorf("body of %d bytes is over the %d limit", len(a.Body), article.MaxBody)
	}
	if !utf8.ValidString(a.Body) || !utf8.ValidString(a.Title) {
		return nil, errors.New("text is not valid UTF-8")
	}
	if err := r.links(ctx, it, a); err != nil {
		return nil, err
	}
	if id, err := strconv.ParseInt(it.MetaValue("_thumbnail_id"), 10, 64); err == nil {
		if m, ok := r.media[id]; ok {
			a.Image = article.Image{URL: m.URL, Alt: m.Alt, Caption: m.Caption}
		}
	}
	if err := r.kiosqueMeta(ctx, it, a); err != nil {
		return nil, err
	}
	return a, a.Validate()
}

// kiosqueMeta applies the _kiosque_* post meta of a Kiosque export, which
// carry what WordPress has no field for.
func (r *wxrRun) kiosqueMeta(ctx context.Context, it *wxr.Item, a *article.Article) error {
	m := func(k string) string { return it.MetaValue(k) }
	if v, ok := metaOf(it, metaMarkdown); ok {
		a.Body = v
	}
	if v := m(metaExternalID); v != "" {
		a.ExternalID = v
	}
	if v := m(metaLang); article.ValidLang(v) {
		a.Lang = v
	}
	if v := m(metaAuthors); v != "" {
		a.Authors = a.Authors[:0]
		for _, slug := range strings.Split(v, ",") {
			if err := r.saveAuthor(ctx, slug, slug); err != nil {
				return err
			}
			if au, ok := r.authors[slug]; ok {
				a.Authors = append(a.Authors, au)
			}
		}
	}
	a.Source = article.Source{Name: m(metaSourceName), URL: m(metaSourceURL), TranslatedFrom: m(metaTranslated)}
	if v := m(metaImage); v != "" {
		a.Image = article.Image{URL: v, Alt: m(metaImage + "_alt"), Caption: m(metaImage + "_caption"), Credit: m(metaImage + "_credit")}
		if w, h, ok := strings.Cut(m(metaImage+"_size"), "x"); ok {
			a.Image.Width, _ = strconv.Atoi(w)  // a bad size is no size
			a.Image.Height, _ = strconv.Atoi(h) // idem
		}
	}
	if v, err := strconv.ParseInt(m(metaTranslation), 10, 64); err == nil {
		a.TranslationGroup = v
	}
	return nil
}

func metaOf(it *wxr.Item, key string) (string, bool) {
	for _, m := range it.Meta {
		if m.Key == key {
			return m.Value, true
		}
	}
	return "", false
}

// links sets the article's category (the deepest of the post's), tags and
// author.
func (r *wxrRun) links(ctx context.Context, it *wxr.Item, a *article.Article) error {
	best := -1
	for _, t := range it.TermsOf("category") {
		c, ok := r.categories[t.Slug]
		if !ok {
			continue
		}
		if d := r.catDepth[t.Slug]; d > best {
			best, a.Category = d, &c
		}
	}
	for _, t := range it.TermsOf("post_tag") {
		if err := r.saveTag(ctx, t.Slug, t.Name); err != nil {
			return err
		}
		if tag, ok := r.tags[t.Slug]; ok {
			a.Tags = append(a.Tags, tag)
		}
	}
	if it.Creator != "" {
		if err := r.saveAuthor(ctx, it.Creator, it.Creator); err != nil {
			return err
		}
		if au, ok := r.authors[it.Creator]; ok {
			a.Authors = append(a.Authors, au)
		}
	}
	return nil
}

// oldPaths lists the WordPress addresses of a post: /?p=ID (and
// /?page_id=ID for a page), its permalink's path and /old-slug/. The one
// equal to the article's own address is dropped when saving.
func (r *wxrRun) oldPaths(it *wxr.Item, a *article.Article) []store.Redirect {
	id := strconv.FormatInt(it.PostID, 10)
	paths := []string{"/?p=" + id}
	if it.Type == "page" {
		paths = append(paths, "/?page_id="+id)
	}
	if u, err := url.Parse(it.Link); err == nil && u.Path != "" {
		p := u.Path
		if u.RawQuery != "" {
			p += "?" + u.RawQuery
		}
		paths = append(paths, p)
	}
	if it.Name != "" {
		paths = append(paths, "/"+strings.Trim(mustUnescape(it.Name), "/")+"/")
	}
	seen := map[string]bool{"/": true}
	var list []store.Redirect
	for _, p := range paths {
		if !seen[p] {
			seen[p] = true
			list = append(list, store.Redirect{Path: p})
		}
	}
	return list
}

func mustUnescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

var reTags = regexp.MustCompile(`<[^>]*>`)

// plain turns an HTML fragment (an excerpt) into one line of text.
func plain(s string) string {
	s = reTags.ReplaceAllString(s, " ")
	return strings.Join(strings.Fields(html.UnescapeString(s)), " ")
}

// clip cuts s to at most n runes.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func short(s string) string { return clip(strings.TrimSpace(s), 60) }

func def(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
