package importer

import (
	"context"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/markup"
	"github.com/kiosque/kiosque/internal/site"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/wxr"
)

// ExportStore is what a WXR export reads.
type ExportStore interface {
	store.Articles
	store.Taxonomy
	store.Settings
}

// Post meta keys with which an export keeps what WordPress has no field
// for. ImportWXR reads them back, so export → import gives the same
// articles; WordPress keeps them as custom fields.
const (
	metaMarkdown    = "_kiosque_markdown"
	metaExternalID  = "_kiosque_external_id"
	metaLang        = "_kiosque_lang"
	metaStatus      = "_kiosque_status"
	metaAuthors     = "_kiosque_authors"
	metaSourceName  = "_kiosque_source_name"
	metaSourceURL   = "_kiosque_source_url"
	metaTranslated  = "_kiosque_translated_from"
	metaImage       = "_kiosque_image" // URL; alt, caption, credit as suffixes
	metaTranslation = "_kiosque_translation_group"
	metaPosition    = "_kiosque_position" // category term meta
)

// wpStatus maps a Kiosque state to WordPress's.
var wpStatus = map[article.Status]string{
	article.Published: "publish",
	article.Scheduled: "future",
	article.Draft:     "draft",
	article.Pending:   "pending",
	article.Archived:  "draft", // WordPress has no archive; _kiosque_status keeps it
}

// ExportWXR writes every article of st, with authors, categories and tags,
// as a WXR 1.2 document on w. Bodies go out as rendered HTML (for
// WordPress) and as Markdown in post meta (for Kiosque). now dates the
// export.
func ExportWXR(ctx context.Context, st ExportStore, w io.Writer, now time.Time) error {
	kv, err := st.Settings(ctx)
	if err != nil {
		return fmt.Errorf("export wxr: %w", err)
	}
	s := site.FromMap(kv)
	base := strings.TrimRight(s.BaseURL, "/")
	loc := s.Location()
	xw := wxr.NewWriter(w)
	_ = xw.Start(wxr.Channel{Title: s.Name, Link: base, Description: s.Tagline, PubDate: now,
		Language: s.Lang, BaseSiteURL: base, BaseBlogURL: base}) // errors stick in xw; Close reports them
	if err := exportTaxonomy(ctx, st, xw); err != nil {
		return err
	}
	const page = 200
	for offset := 0; ; offset += page {
		list, _, err := st.ListArticles(ctx, store.ArticleFilter{Limit: page, Offset: offset})
		if err != nil {
			return fmt.Errorf("export wxr: %w", err)
		}
		for i := range list {
			it := exportItem(&list[i], base)
			if !it.PostDate.IsZero() {
				// WordPress reads post_date in the site's time zone.
				it.PostDateLocal = it.PostDate.In(loc).Format(time.DateTime)
			}
			if err := exportComments(ctx, st, it, list[i].ID, loc); err != nil {
				return err
			}
			att := featuredAttachment(&list[i], it, base)
			if err := xw.Item(it); err != nil {
				return fmt.Errorf("export wxr: %w", err)
			}
			if att != nil {
				if err := xw.Item(att); err != nil {
					return fmt.Errorf("export wxr: %w", err)
				}
			}
		}
		if len(list) < page {
			break
		}
	}
	if err := xw.Close(); err != nil {
		return fmt.Errorf("export wxr: %w", err)
	}
	return nil
}

func exportTaxonomy(ctx context.Context, st ExportStore, xw *wxr.Writer) error {
	authors, err := st.Authors(ctx)
	if err != nil {
		return fmt.Errorf("export wxr: %w", err)
	}
	for _, a := range authors {
		_ = xw.Author(wxr.Author{ID: a.ID, Login: a.Slug, DisplayName: a.Name}) // sticky error, see Close
	}
	cats, err := st.Categories(ctx)
	if err != nil {
		return fmt.Errorf("export wxr: %w", err)
	}
	for _, c := range cats {
		_ = xw.Category(wxr.Category{TermID: c.ID, Slug: c.Slug, Name: c.Name, Description: c.Description,
			Meta: []wxr.Meta{{Key: metaPosition, Value: strconv.Itoa(c.Position)}}})
	}
	tags, err := st.Tags(ctx)
	if err != nil {
		return fmt.Errorf("export wxr: %w", err)
	}
	for _, t := range tags {
		_ = xw.Tag(wxr.Tag{TermID: t.ID, Slug: t.Slug, Name: t.Name})
	}
	return nil
}

// wpApproved maps a comment state to wp:comment_approved.
var wpApproved = map[comment.State]string{
	comment.Approved: wxr.CommentApproved,
	comment.Pending:  wxr.CommentPending,
	comment.Spam:     wxr.CommentSpam,
	comment.Trash:    wxr.CommentTrash,
}

// exportComments adds the article's comments, every state, oldest first,
// when st keeps comments. Unlike WordPress's exporter it keeps spam, so
// that an import into Kiosque has the whole moderation history.
func exportComments(ctx context.Context, st ExportStore, it *wxr.Item, id article.ID, loc *time.Location) error {
	cs, ok := st.(store.Comments)
	if !ok {
		return nil
	}
	const page = 1000
	for offset := 0; ; offset += page {
		list, _, err := cs.ListComments(ctx, store.CommentFilter{ArticleID: id, Oldest: true, Limit: page, Offset: offset})
		if err != nil {
			return fmt.Errorf("export wxr: comments of %d: %w", id, err)
		}
		for _, c := range list {
			it.Comments = append(it.Comments, wxr.Comment{
				ID: int64(c.ID), Parent: int64(c.ParentID), Author: c.AuthorName, AuthorEmail: c.AuthorEmail,
				AuthorURL: c.AuthorURL, AuthorIP: c.IP, Date: c.CreatedAt, DateLocal: c.CreatedAt.In(loc).Format(time.DateTime),
				Content:  html.EscapeString(c.Text),
				Approved: wpApproved[c.State], Type: "comment",
			})
		}
		if len(list) < page {
			return nil
		}
	}
}

// attachmentIDBase offsets the post IDs of exported featured images so
// they never collide with article IDs (WordPress renumbers on import).
const attachmentIDBase = 1_000_000_000

// featuredAttachment returns the attachment item of a's featured image,
// pointing the post at it with _thumbnail_id, as WordPress exports do; nil
// when a has none.
func featuredAttachment(a *article.Article, it *wxr.Item, base string) *wxr.Item {
	u := a.Image.URL
	if u == "" {
		return nil
	}
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
		u = base + u // media served by Kiosque: WordPress downloads from here
	}
	id := attachmentIDBase + int64(a.ID)
	it.Meta = append(it.Meta, wxr.Meta{Key: "_thumbnail_id", Value: strconv.FormatInt(id, 10)})
	att := &wxr.Item{
		Title: def(a.Image.Caption, a.Title), Link: u, GUID: u, PostID: id, PostDate: a.PublishedAt,
		Excerpt: a.Image.Caption, Content: a.Image.Credit, Name: a.Slug + "-image", Status: "inherit",
		Parent: int64(a.ID), Type: "attachment", AttachmentURL: u, Creator: it.Creator,
	}
	if a.Image.Alt != "" {
		att.Meta = append(att.Meta, wxr.Meta{Key: "_wp_attachment_image_alt", Value: a.Image.Alt})
	}
	return att
}

func exportItem(a *article.Article, base string) *wxr.Item {
	id := strconv.FormatInt(int64(a.ID), 10)
	it := &wxr.Item{
		Title:    a.Title,
		Link:     base + "/" + a.Slug + "/",
		PubDate:  a.PublishedAt,
		GUID:     base + "/?p=" + id,
		Content:  markup.Render(a.Body),
		Excerpt:  a.Lead,
		PostID:   int64(a.ID),
		PostDate: a.PublishedAt,
		Modified: a.UpdatedAt,
		Name:     a.Slug,
		Status:   wpStatus[a.Status],
		Type:     "post",
	}
	if it.Status == "" {
		it.Status = "draft"
	}
	if len(a.Authors) > 0 {
		it.Creator = a.Authors[0].Slug
	}
	if a.Category != nil {
		it.Terms = append(it.Terms, wxr.TermRef{Domain: "category", Slug: a.Category.Slug, Name: a.Category.Name})
	}
	for _, t := range a.Tags {
		it.Terms = append(it.Terms, wxr.TermRef{Domain: "post_tag", Slug: t.Slug, Name: t.Name})
	}
	meta := func(k, v string) {
		if v != "" {
			it.Meta = append(it.Meta, wxr.Meta{Key: k, Value: v})
		}
	}
	meta(metaMarkdown, a.Body)
	meta(metaExternalID, a.ExternalID)
	meta(metaLang, a.Lang)
	meta(metaStatus, string(a.Status))
	if len(a.Authors) > 1 {
		slugs := make([]string, len(a.Authors))
		for i, au := range a.Authors {
			slugs[i] = au.Slug
		}
		meta(metaAuthors, strings.Join(slugs, ","))
	}
	meta(metaSourceName, a.Source.Name)
	meta(metaSourceURL, a.Source.URL)
	meta(metaTranslated, a.Source.TranslatedFrom)
	meta(metaImage, a.Image.URL)
	meta(metaImage+"_alt", a.Image.Alt)
	meta(metaImage+"_caption", a.Image.Caption)
	meta(metaImage+"_credit", a.Image.Credit)
	if a.Image.Width > 0 || a.Image.Height > 0 {
		meta(metaImage+"_size", strconv.Itoa(a.Image.Width)+"x"+strconv.Itoa(a.Image.Height))
	}
	if a.TranslationGroup != 0 {
		meta(metaTranslation, strconv.FormatInt(a.TranslationGroup, 10))
	}
	return it
}
