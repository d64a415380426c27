package importer

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/store"
)

// JSONLStore is what a JSONL import writes to.
type JSONLStore interface {
	store.Articles
	store.Taxonomy
}

// JSONLRecord is one line of a JSONL import (DESIGN.md): unknown fields
// are ignored.
type JSONLRecord struct {
	ID        string   `json:"id"`
	Lang      string   `json:"lang"`
	Title     string   `json:"title"`
	Body      string   `json:"body"`
	Category  string   `json:"category"`
	Tags      []string `json:"tags"`
	Author    string   `json:"author"`
	Published string   `json:"published"`
	Slug      string   `json:"slug"`
	SourceURL string   `json:"source_url"`
}

// JSONLOptions tune ImportJSONL; the zero value is fine.
type JSONLOptions struct {
	// Progress, when set, is called after each line with the bytes read
	// and the file's size.
	Progress func(done, total int)
	// Imported, when set, is called with the ID of each new article (the
	// caller may analyze it); its error stops the import.
	Imported func(ctx context.Context, id article.ID) error
	Now      func() time.Time // clock for articles without a date; time.Now when nil
	Logger   *slog.Logger
}

// MaxJSONLLine bounds one line of a JSONL file (an article body is at most
// article.MaxBody).
const MaxJSONLLine = article.MaxBody + 64<<10

// ImportJSONL imports the JSONL file at path into st, one article a line.
// A line whose id is already imported is skipped, so running the same
// import again changes nothing. A bad line becomes a problem in the
// Summary and the rest goes on. The error is for what stops everything
// (the file cannot be read, the database fails, ctx ends).
func ImportJSONL(ctx context.Context, st JSONLStore, path string, opt JSONLOptions) (*Summary, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("import jsonl: %w", err)
	}
	defer f.Close()
	size := 0
	if fi, err := f.Stat(); err == nil {
		size = int(fi.Size())
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	r := &jsonlRun{st: st, opt: opt, sum: &Summary{}, cats: map[string]*article.Category{},
		tags: map[string]article.Tag{}, authors: map[string]article.Author{}}
	return r.sum, r.read(ctx, f, size)
}

type jsonlRun struct {
	st      JSONLStore
	opt     JSONLOptions
	sum     *Summary
	cats    map[string]*article.Category
	tags    map[string]article.Tag
	authors map[string]article.Author
}

func (r *jsonlRun) read(ctx context.Context, in io.Reader, size int) error {
	br := bufio.NewReaderSize(in, 1<<16)
	done := 0
	for n := 1; ; n++ {
		line, raw, err := readLine(br, MaxJSONLLine)
		done += raw
		if errors.Is(err, errLongLine) {
			r.sum.problem("line %d: longer than %d bytes", n, MaxJSONLLine)
		} else if len(strings.TrimSpace(string(line))) > 0 {
			if ierr := r.importLine(ctx, n, line); ierr != nil {
				return ierr
			}
		}
		if r.opt.Progress != nil {
			r.opt.Progress(done, max(size, done))
		}
		if err == io.EOF {
			return nil
		}
		if err != nil && !errors.Is(err, errLongLine) {
			return fmt.Errorf("import jsonl: line %d: %w", n, err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

var errLongLine = errors.New("line too long")

// readLine returns the next line without its newline and how many bytes
// it took; a line over max bytes is consumed and reported as errLongLine.
func readLine(br *bufio.Reader, max int) ([]byte, int, error) {
	var buf []byte
	raw := 0
	for {
		chunk, err := br.ReadSlice('\n')
		raw += len(chunk)
		if len(buf)+len(chunk) > max {
			for errors.Is(err, bufio.ErrBufferFull) {
				chunk, err = br.ReadSlice('\n')
				raw += len(chunk)
			}
			if err == io.EOF || err == nil {
				return nil, raw, errLongLine
			}
			return nil, raw, err
		}
		buf = append(buf, chunk...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return []byte(strings.TrimRight(string(buf), "\r\n")), raw, err
	}
}

// importLine imports one record; only database and context errors are
// returned, the rest become problems.
func (r *jsonlRun) importLine(ctx context.Context, n int, line []byte) error {
	var rec JSONLRecord
	if err := json.Unmarshal(line, &rec); err != nil {
		r.sum.problem("line %d: not a JSON object: %v", n, err)
		return nil
	}
	if strings.TrimSpace(rec.ID) == "" {
		r.sum.problem("line %d: no id", n)
		return nil
	}
	_, err := r.st.ArticleByExternalID(ctx, rec.ID)
	if err == nil {
		r.sum.Existing++
		return nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("import jsonl: line %d: %w", n, err)
	}
	a, err := r.article(ctx, rec)
	if err != nil {
		if errors.Is(err, article.ErrInvalid) || errors.Is(err, errBadField) {
			r.sum.problem("line %d (id %s): %v", n, short(rec.ID), err)
			return nil
		}
		return fmt.Errorf("import jsonl: line %d: %w", n, err)
	}
	if err := r.st.CreateArticle(ctx, a); err != nil {
		if errors.Is(err, store.ErrConflict) {
			r.sum.problem("line %d (id %s): %v", n, short(rec.ID), err)
			return nil
		}
		return fmt.Errorf("import jsonl: line %d: %w", n, err)
	}
	r.sum.Articles++
	if r.opt.Imported != nil {
		if err := r.opt.Imported(ctx, a.ID); err != nil {
			return fmt.Errorf("import jsonl: line %d: %w", n, err)
		}
	}
	return nil
}

var errBadField = errors.New("bad field")

// article builds the article of rec, creating its category, tags and
// author when they do not exist yet.
func (r *jsonlRun) article(ctx context.Context, rec JSONLRecord) (*article.Article, error) {
	a := &article.Article{ExternalID: rec.ID, Lang: rec.Lang, Title: strings.TrimSpace(rec.Title),
		Body: rec.Body, Slug: rec.Slug, Status: article.Published, Source: article.Source{URL: rec.SourceURL}}
	if a.Title == "" {
		a.Title = TitleFromBody(rec.Body)
	}
	if a.Slug != "" && article.Slugify(a.Slug) != a.Slug {
		a.Slug = article.Slugify(a.Slug)
	}
	a.PublishedAt = r.opt.Now().UTC().Truncate(time.Millisecond)
	if rec.Published != "" {
		t, err := parseDate(rec.Published)
		if err != nil {
			return nil, fmt.Errorf("%w: published %q: want RFC 3339 or YYYY-MM-DD", errBadField, short(rec.Published))
		}
		a.PublishedAt = t
		if t.After(r.opt.Now()) {
			a.Status = article.Scheduled
		}
	}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if err := r.links(ctx, a, rec); err != nil {
		return nil, err
	}
	return a, nil
}

// TitleFromBody makes a title of a body's first line when a record has
// none (some sources put everything in the body).
func TitleFromBody(body string) string {
	first, _, _ := strings.Cut(strings.TrimSpace(body), "\n")
	first = strings.TrimSpace(first)
	if r := []rune(first); len(r) > 120 {
		cut := strings.LastIndex(string(r[:120]), " ")
		if cut < 40 {
			cut = len(string(r[:120]))
		}
		first = string(r[:120])[:cut] + "…"
	}
	return first
}

func parseDate(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Truncate(time.Millisecond), nil
		}
	}
	return time.Time{}, errBadField
}

func (r *jsonlRun) links(ctx context.Context, a *article.Article, rec JSONLRecord) error {
	if name := strings.TrimSpace(rec.Category); name != "" {
		c, err := r.category(ctx, name)
		if err != nil {
			return err
		}
		a.Category = c
	}
	for _, name := range rec.Tags {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		t, ok := r.tags[name]
		if !ok {
			tp, err := r.st.EnsureTag(ctx, name)
			if err != nil {
				return err
			}
			t = *tp
			r.tags[name] = t
		}
		a.Tags = append(a.Tags, t)
	}
	if name := strings.TrimSpace(rec.Author); name != "" {
		au, ok := r.authors[name]
		if !ok {
			slug := article.Slugify(name)
			got, err := r.st.AuthorBySlug(ctx, slug)
			switch {
			case err == nil:
				au = *got
			case errors.Is(err, store.ErrNotFound):
				au = article.Author{Name: name, Slug: slug}
				if err := r.st.SaveAuthor(ctx, &au); err != nil {
					return err
				}
				r.sum.Authors++
			default:
				return err
			}
			r.authors[name] = au
		}
		a.Authors = []article.Author{au}
	}
	return nil
}

func (r *jsonlRun) category(ctx context.Context, name string) (*article.Category, error) {
	if c, ok := r.cats[name]; ok {
		return c, nil
	}
	slug := article.Slugify(name)
	c, err := r.st.CategoryBySlug(ctx, slug)
	if errors.Is(err, store.ErrNotFound) {
		c = &article.Category{Name: name, Slug: slug}
		err = r.st.SaveCategory(ctx, c)
		r.sum.Categories++
	}
	if err != nil {
		return nil, err
	}
	r.cats[name] = c
	return c, nil
}
