package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

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
	st      WXRStore
	opt     WXROptions
	sum     *Summary
	lang    string
	version string // wp:wxr_version of the file
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
	remote     int                         // featured images kept as remote URLs
	remoteBody int                         // articles whose body shows old uploads
	// comments left out because the store cannot keep them
	noCommentStore int
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
	if r.noCommentStore > 0 {
		r.sum.warn("%d comments not imported: this database has no comment store", r.noCommentStore)
	}
	if r.remoteBody > 0 {
		r.sum.warn("%d articles show images from the old site's wp-content/uploads: they stay remote URLs until the files are copied", r.remoteBody)
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
		r.version = d.Channel().WXRVersion
		return nil
	})
	if err != nil {
		return err
	}
	if r.version == "" && r.total > 0 {
		return fmt.Errorf("import wxr: %s is not a WordPress export (no wp:wxr_version); for an RSS or Atom feed use `kiosque import feed URL`", path)
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

// parsed is a post or page read by the second pass's reader, with its body
// converted, or a problem line.
type parsed struct {
	it       *wxr.Item
	body     string
	problem  string
	repaired int // invalid UTF-8 sequences replaced in this item
}

// secondPass imports posts and pages. One goroutine reads and converts
// while this one writes to the database; the channel between them holds a
// few items, so memory stays bounded (worst case about 6 entries of 4 ×
// MaxField each).
func (r *wxrRun) secondPass(ctx context.Context, path string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan parsed, 4) // small: an entry may hold up to 4 × MaxField of text
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
		repaired := 0
		readErr <- r.each(ctx, path, func(line string) { _ = send(parsed{problem: line}) }, func(d *wxr.Decoder, e any) error {
			n := d.Repaired() - repaired
			repaired = d.Repaired()
			it, ok := e.(*wxr.Item)
			if !ok || it.Type == "attachment" {
				return nil
			}
			p := parsed{it: it, repaired: n}
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
		if p.repaired > 0 {
			r.sum.warn("%s %d %q: %d invalid UTF-8 sequences replaced by �", def(p.it.Type, "post"), p.it.PostID, short(p.it.Title), p.repaired)
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
