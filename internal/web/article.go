package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/cache"
	"github.com/kiosque/kiosque/internal/cluster"
	"github.com/kiosque/kiosque/internal/markup"
)

// Where boxes go in an article's body, counted in paragraphs.
const (
	readAlsoFirst = 3 // first "Lire aussi" box after the 3rd paragraph…
	readAlsoEvery = 4 // …then every 4 more
	readAlsoMax   = 3 // at most 3 boxes
	readAlsoAtEnd = 3 // articles listed at the end
)

// ArticlePage is the data of the article page.
type ArticlePage struct {
	Page
	Article    *article.Article
	Body       []BodyPart
	BodyHTML   template.HTML // Body as the page shows it (bodyHTML)
	ArticleTop template.HTML // breadcrumb, header, picture (articlePieces)
	// ArticleBottom is the source, tags and share block (articlePieces).
	ArticleBottom template.HTML
	ReadAlsoEnd   []template.HTML // teasers (h.teaserHTML)
	Share         []ShareLink
	Minutes       int
	Comments      *CommentSection
}

// BodyPart is one piece of the article body: a block of sanitized HTML, a
// "Lire aussi" box, or the in-article ad slot.
type BodyPart struct {
	HTML     template.HTML
	ReadAlso *article.Article
	Ad       template.HTML // an in-article ad slot (ads.go)
}

// article serves /{slug}/: a published article whose time has come, or 404.
func (h *handler) article(w http.ResponseWriter, r *http.Request) error {
	a, err := h.visibleArticle(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	p, err := h.articlePage(r.Context(), a)
	if err != nil {
		return err
	}
	h.personalizeComments(r, p)
	if err := h.prerenderForm(p); err != nil {
		return err
	}
	return h.render(w, http.StatusOK, "article", p)
}

// visibleArticle loads the article at slug if readers may see it now;
// otherwise the error matches store.ErrNotFound.
func (h *handler) visibleArticle(ctx context.Context, slug string) (*article.Article, error) {
	a, err := h.store.ArticleBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	if !a.Visible(h.now()) {
		return nil, errNotFound
	}
	return a, nil
}

// articlePage prepares the article page of a visible article, with its
// comments and an empty comment form. The comment handler calls it too,
// then fills the form with what the reader typed and the errors.
func (h *handler) articlePage(ctx context.Context, a *article.Article) (*ArticlePage, error) {
	now := h.now()
	p, err := h.newPage(ctx, "/"+a.Slug+"/")
	if err != nil {
		return nil, err
	}
	related, err := h.readAlso.ReadAlso(ctx, a, now, readAlsoMax+readAlsoAtEnd)
	if err != nil {
		// Degrade: the article is worth more than its boxes.
		h.log.WarnContext(ctx, "read also failed", "request_id", requestID(ctx), "article_id", a.ID, "err", err)
	}
	// The page shows a and its related articles: a change to any of them
	// purges it from the page cache.
	cache.Tag(ctx, cluster.ArticleTag(a.ID))
	for _, ra := range related {
		cache.Tag(ctx, cluster.ArticleTag(ra.ID))
	}
	rb := h.bodies.get(a.Body)
	body, used := layoutBody(rb.blocks, related, p.inArticleAds(a))
	end := related[used:]
	if len(end) == 0 {
		end = related
	}
	if len(end) > readAlsoAtEnd {
		end = end[:readAlsoAtEnd]
	}

	p.Title = a.Title
	p.Description = a.Lead
	if p.Description == "" {
		p.Description = rb.text
	}
	p.OGType = "article"
	p.SEO = h.articleMeta(ctx, p, a)
	p.Image = absURL(p.Site, a.Image.URL)
	if a.Category != nil {
		p.Active = a.Category.Slug
	}
	comments, err := h.commentSection(ctx, p, a)
	if err != nil {
		return nil, err
	}
	teasers := make([]template.HTML, len(end))
	for i, ra := range end {
		if teasers[i], err = h.teaserHTML(p.Teaser(ra)); err != nil {
			return nil, err
		}
	}
	bodyHTML, err := h.bodyHTML(body, p.L.ReadAlso)
	if err != nil {
		return nil, err
	}
	ap := &ArticlePage{
		Page:        p,
		Article:     a,
		Body:        body,
		BodyHTML:    bodyHTML,
		ReadAlsoEnd: teasers,
		Share:       shareLinks(p.Canonical, a.Title, p.Image, p.T("web.share.email")),
		Minutes:     h.minutes.of(a),
		Comments:    comments,
	}
	if ap.ArticleTop, ap.ArticleBottom, err = h.articlePieces(ap); err != nil {
		return nil, err
	}
	return ap, nil
}

// layoutBody interleaves the body's blocks with "Lire aussi" boxes (after
// paragraph 3, 7, 11, at most readAlsoMax, taken from related in order) and
// the in-article ad slot. A box or ad only goes between blocks, never after
// the last one. It returns the parts and how many related articles it used.
func layoutBody(blocks []markup.Block, related []article.Article, ads map[int]template.HTML) ([]BodyPart, int) {
	parts := make([]BodyPart, 0, len(blocks)+readAlsoMax+1)
	paragraphs, used := 0, 0
	for i, b := range blocks {
		parts = append(parts, BodyPart{HTML: template.HTML(b.HTML)}) // sanitized by markup
		if !b.Paragraph || i == len(blocks)-1 {
			continue
		}
		paragraphs++
		if ad, ok := ads[paragraphs]; ok {
			parts = append(parts, BodyPart{Ad: ad})
		}
		n := paragraphs - readAlsoFirst
		if n >= 0 && n%readAlsoEvery == 0 && used < readAlsoMax && used < len(related) {
			parts = append(parts, BodyPart{ReadAlso: &related[used]})
			used++
		}
	}
	return parts, used
}

// bodyHTML joins the parts of an article body into the HTML the page
// shows: one template action instead of three field lookups and a printed
// value per paragraph. Blocks and ads are already HTML; each "Lire aussi"
// box is the template read-also-box.
func (h *handler) bodyHTML(parts []BodyPart, label string) (template.HTML, error) {
	var b strings.Builder
	n := 0
	for _, part := range parts {
		n += len(part.HTML) + len(part.Ad) + 3
	}
	b.Grow(n + 256*readAlsoMax)
	t := h.views.pages["article"]
	for _, part := range parts {
		switch {
		case part.ReadAlso != nil:
			box := struct {
				Label   string
				Article *article.Article
			}{label, part.ReadAlso}
			if err := t.ExecuteTemplate(&b, "read-also-box", box); err != nil {
				return "", fmt.Errorf("web: read also box: %w", err)
			}
		case part.Ad != "":
			b.WriteString("\n  ")
			b.WriteString(string(part.Ad))
		default:
			b.WriteString("\n  ")
			b.WriteString(string(part.HTML))
		}
	}
	return template.HTML(b.String()), nil // parts are sanitized HTML; boxes escaped by html/template
}

// truncate cuts s to at most n runes, at a space when it can, with "…".
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := n
	for i := n; i > n/2; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return string(r[:cut]) + "…"
}
