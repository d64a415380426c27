package importer

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store"
	"github.com/kiosque/kiosque/internal/wxr"
)

// WXRStore is what a WordPress import writes to.
type WXRStore interface {
	store.Articles
	store.Taxonomy
	store.Redirects
}

// WXROptions tune ImportWXR; the zero value is fine.
type WXROptions struct {
	// Lang of the articles; when empty, the export's language ("fr-FR"
	// gives "fr"), else "fr".
	Lang string
	// Progress, when set, is called after each item with the number of
	// items done and the total.
	Progress func(done, total int)
	// Now is the clock deciding whether a published post dated in the
	// future is scheduled; time.Now when nil.
	Now    func() time.Time
	Logger *slog.Logger
	// MaxField bounds one field of the export (wxr.DefaultMaxField when 0).
	MaxField int
}

// wxrRun holds the state of one import.
type wxrRun struct {
	st   WXRStore
	opt  WXROptions
	sum  *Summary
	lang string
	// From the first pass.
	media     map[int64]wxr.Media // attachment post ID → media
	children  map[int64][]int64   // post ID → its attachments
	total     int                 // posts and pages, for progress
	catDepth  map[string]int      // WordPress category slug → depth (0 = top)
	catParent map[string]string
	// Kiosque IDs by WordPress key.
	authors    map[string]article.Author   // login →
	categories map[string]article.Category // WordPress slug →
	tags       map[string]article.Tag      // WordPress slug →
	remote     int                         // images kept as remote URLs
}

// ImportWXR imports the WordPress export at path into st. It reads the
// file twice (first attachments and taxonomy, then posts), streaming both
// times. A malformed file stops the reading where it breaks, with a
// problem line; what came before is imported. The error is for what stops
// everything (the file cannot be opened, the database fails, ctx ends).
func ImportWXR(ctx context.Context, st WXRStore, path string, opt WXROptions) (*Summary, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.MaxField <= 0 {
		opt.MaxField = wxr.DefaultMaxField
	}
	r := &wxrRun{
		st: st, opt: opt, sum: &Summary{},
		media: map[int64]wxr.Media{}, children: map[int64][]int64{},
		catDepth: map[string]int{}, catParent: map[string]string{},
		authors: map[string]article.Author{}, categories: map[string]article.Category{}, tags: map[string]article.Tag{},
	}
	// The taxonomy is written with a context that cannot be cancelled (see
	// secondPass); reading checks ctx.
	if err := r.firstPass(ctx, path); err != nil {
		return r.sum, err
	}
	if err := r.secondPass(ctx, path); err != nil {
		return r.sum, err
	}
	if r.remote > 0 {
		r.sum.warn("%d featured images kept as remote URLs on the old site (not downloaded): copy them before the old site goes away", r.remote)
	}
	return r.sum, nil
}

// each opens the file and calls fn for every entry, turning item errors
// into problem lines and a broken file into one problem line.
func (r *wxrRun) each(ctx context.Context, path string, problem func(string), fn func(d *wxr.Decoder, e any) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("import wxr: %w", err)
	}
	defer f.Close()
	d := wxr.NewDecoderLimit(f, r.opt.MaxField)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		e, err := d.Next()
		if err == io.EOF {
			return nil
		}
		var ie *wxr.ItemError
		if errors.As(err, &ie) {
			problem(err.Error())
			continue
		}
		var se *wxr.SyntaxError
		if errors.As(err, &se) {
			problem(err.Error() + " (the rest of the file was not read)")
			return nil
		}
		if err != nil {
			return fmt.Errorf("import wxr: %w", err)
		}
		if err := fn(d, e); err != nil {
			return err
		}
	}
}

// firstPass reads attachments and taxonomy, and stores authors, categories
// and tags.
func (r *wxrRun) firstPass(ctx context.Context, path string) error {
	var authors []*wxr.Author
	var cats []*wxr.Category
	var tags []*wxr.Tag
	err := r.each(ctx, path, func(string) {}, func(d *wxr.Decoder, e any) error {
		switch e := e.(type) {
		case *wxr.Author:
			authors = append(authors, e)
		case *wxr.Category:
			cats = append(cats, e)
		case *wxr.Tag:
			tags = append(tags, e)
		case *wxr.Item:
			switch e.Type {
			case "attachment":
				url := e.AttachmentURL
				if url == "" {
					url = e.GUID
				}
				r.media[e.PostID] = wxr.Media{URL: url, Alt: e.MetaValue("_wp_attachment_image_alt"), Caption: plain(e.Excerpt)}
				if e.Parent != 0 {
					r.children[e.Parent] = append(r.children[e.Parent], e.PostID)
				}
			case "post", "page", "":
				r.total++
			}
		}
		if r.lang == "" && d.Channel().Language != "" {
			r.lang = d.Channel().Language
		}
		return nil
	})
	if err != nil {
		return err
	}
	r.lang = pickLang(r.opt.Lang, r.lang)
	ctx = context.WithoutCancel(ctx)
	for _, a := range authors {
		if err := r.saveAuthor(ctx, a.Login, a.Name()); err != nil {
			return err
		}
	}
	if err := r.saveCategories(ctx, cats); err != nil {
		return err
	}
	for _, t := range tags {
		if err := r.saveTag(ctx, t.Slug, t.Name); err != nil {
			return err
		}
	}
	return nil
}

func pickLang(opt, channel string) string {
	for _, l := range []string{opt, strings.ToLower(strings.SplitN(strings.SplitN(channel, "-", 2)[0], "_", 2)[0])} {
		if article.ValidLang(l) {
			return l
		}
	}
	return "fr"
}

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
			if c.Parent != "" {
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

// parsed is a post or page read by the second pass's reader, with its body
// converted, or a problem line.
type parsed struct {
	it      *wxr.Item
	body    string
	problem string
}

// secondPass imports posts and pages. One goroutine reads and converts
// while this one writes to the database; the channel between them holds a
// few items, so memory stays bounded.
func (r *wxrRun) secondPass(ctx context.Context, path string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan parsed, 32)
	readErr := make(chan error, 1)
	go func() {
		defer close(ch)
		send := func(p parsed) error {
			select {
			case ch <- p:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		readErr <- r.each(ctx, path, func(line string) { _ = send(parsed{problem: line}) }, func(_ *wxr.Decoder, e any) error {
			it, ok := e.(*wxr.Item)
			if !ok || it.Type == "attachment" {
				return nil
			}
			p := parsed{it: it}
			if it.Type == "post" || it.Type == "page" || it.Type == "" {
				p.body = wxr.Content(it.Content, wxr.ContentOptions{
					Media:    func(id int64) (wxr.Media, bool) { m, ok := r.media[id]; return m, ok },
					Children: r.children[it.PostID],
				})
				it.Content = "" // converted; let it go
			}
			return send(p)
		})
	}()
	done := 0
	for p := range ch {
		if p.problem != "" {
			r.sum.problem("%s", p.problem)
			continue
		}
		switch p.it.Type {
		case "post", "page", "":
		default:
			r.sum.skip(p.it.Type)
			continue
		}
		if err := ctx.Err(); err != nil {
			cancel()
			for range ch { // let the reader end
			}
			return err
		}
		// A cancellable context costs the SQLite driver a goroutine per
		// statement, which would double the import's time; each article
		// is one transaction anyway, and ctx is checked between them.
		if err := r.importItem(context.WithoutCancel(ctx), p.it, p.body); err != nil {
			cancel()
			for range ch { // let the reader end
			}
			return err
		}
		done++
		if r.opt.Progress != nil {
			r.opt.Progress(done, r.total)
		}
	}
	return <-readErr
}

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
	err = r.st.CreateArticle(ctx, a)
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
	}
	return r.oldURLs(ctx, it, a, fresh)
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

// oldURLs stores the WordPress addresses of a: /?p=ID (or /?page_id=ID),
// the permalink path when it differs from Kiosque's /slug/, and /old-slug/
// when the slug changed.
func (r *wxrRun) oldURLs(ctx context.Context, it *wxr.Item, a *article.Article, fresh bool) error {
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
	now := "/" + a.Slug + "/"
	seen := map[string]bool{now: true, "/": true}
	var list []store.Redirect
	for _, p := range paths {
		if !seen[p] {
			seen[p] = true
			list = append(list, store.Redirect{Path: p, ArticleID: a.ID})
		}
	}
	return r.redirects(ctx, list, fresh)
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
