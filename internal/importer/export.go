package importer

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/kiosque/kiosque/internal/article"
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
			if err := xw.Item(exportItem(&list[i], base)); err != nil {
				return fmt.Errorf("export wxr: %w", err)
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
