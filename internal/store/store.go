// Package store declares what Kiosque needs from a database: small
// interfaces per aggregate, filter structs and sentinel errors. The sqlite
// and postgres packages implement them; storetest is the conformance suite
// both must pass.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/kiosque/kiosque/internal/article"
)

// Sentinel errors. Implementations translate driver errors into these at the
// store boundary so callers can match them with errors.Is.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict") // unique key taken (slug, external id, e-mail…)
)

// ArticleFilter selects articles for ListArticles. Zero fields do not filter.
type ArticleFilter struct {
	// VisibleAt, when set, keeps only articles published at or before this
	// time (status published): what readers may see.
	VisibleAt  time.Time
	Status     article.Status
	Lang       string
	CategoryID int64
	TagID      int64
	AuthorID   int64
	TitleLike  string // case-insensitive substring of the title
	ExcludeID  article.ID
	// TranslationGroup keeps the versions of one story in several
	// languages (hreflang alternates).
	TranslationGroup int64
	// Before is a keyset cursor: only articles published strictly before
	// this (time, id) pair. Used by the API's cursors.
	Before *Cursor
	Limit  int // 0 means 20; at most 1000
	Offset int
	// NoTotal skips counting the matching articles, for callers that do
	// not paginate ("Lire aussi", feeds): ListArticles returns -1 as the
	// total.
	NoTotal bool
	// NoLinks skips loading tags and authors (left empty), for callers
	// that show teasers only; the category is always loaded.
	NoLinks bool
}

// Cursor is a position in the (published_at desc, id desc) order.
type Cursor struct {
	PublishedAt time.Time
	ID          article.ID
}

// Articles stores news stories with their taxonomy links.
type Articles interface {
	// CreateArticle inserts a, filling a.ID, a.CreatedAt and a.UpdatedAt. An
	// empty slug is derived from the title; a taken slug gets a numeric
	// suffix, so creation never fails on a slug collision. A taken external
	// id is ErrConflict. Category, tags and authors are linked by ID.
	CreateArticle(ctx context.Context, a *article.Article) error
	// UpdateArticle saves every field of a (by a.ID) and its links, and sets
	// a.UpdatedAt. ErrNotFound if it does not exist, ErrConflict if the
	// slug or external id belongs to another article.
	UpdateArticle(ctx context.Context, a *article.Article) error
	// DeleteArticle removes an article for good. ErrNotFound if absent.
	DeleteArticle(ctx context.Context, id article.ID) error
	// Article, ArticleBySlug and ArticleByExternalID load one article with
	// its category, tags and authors, or return ErrNotFound.
	Article(ctx context.Context, id article.ID) (*article.Article, error)
	ArticleBySlug(ctx context.Context, slug string) (*article.Article, error)
	ArticleByExternalID(ctx context.Context, externalID string) (*article.Article, error)
	// ArticlesByID loads the articles with those IDs in the order of ids,
	// with their category, and with tags and authors when links is set (a
	// second query): what a page showing a short list of chosen articles
	// ("Lire aussi") needs. An ID without an article is left out, a
	// repeated one is given once; no error for either.
	ArticlesByID(ctx context.Context, ids []article.ID, links bool) ([]article.Article, error)
	// ListArticles returns one page of articles matching f, newest
	// published first (then newest created), with category, tags and
	// authors, and the total number matching f without Limit/Offset/Before
	// (-1 when f.NoTotal); without tags and authors when f.NoLinks.
	ListArticles(ctx context.Context, f ArticleFilter) ([]article.Article, int, error)
	// PublishDue turns every scheduled article whose time has come (at or
	// before now) into a published one and returns their IDs.
	PublishDue(ctx context.Context, now time.Time) ([]article.ID, error)
}

// Taxonomy stores categories, tags and author profiles.
type Taxonomy interface {
	// SaveCategory inserts (ID 0) or updates a category. ErrConflict when
	// the slug is taken; ErrNotFound when updating a missing one.
	SaveCategory(ctx context.Context, c *article.Category) error
	Category(ctx context.Context, id int64) (*article.Category, error)
	CategoryBySlug(ctx context.Context, slug string) (*article.Category, error)
	// Categories lists all categories by Position, then name.
	Categories(ctx context.Context) ([]article.Category, error)
	DeleteCategory(ctx context.Context, id int64) error

	// EnsureTag returns the tag with this name's slug, creating it if needed.
	EnsureTag(ctx context.Context, name string) (*article.Tag, error)
	SaveTag(ctx context.Context, t *article.Tag) error
	TagBySlug(ctx context.Context, slug string) (*article.Tag, error)
	// Tags lists all tags by name.
	Tags(ctx context.Context) ([]article.Tag, error)
	DeleteTag(ctx context.Context, id int64) error

	SaveAuthor(ctx context.Context, a *article.Author) error
	Author(ctx context.Context, id int64) (*article.Author, error)
	AuthorBySlug(ctx context.Context, slug string) (*article.Author, error)
	// Authors lists all author profiles by name.
	Authors(ctx context.Context) ([]article.Author, error)
	DeleteAuthor(ctx context.Context, id int64) error
}

// Settings stores the site's key/value settings (see package site for their
// meaning).
type Settings interface {
	// Settings returns every stored setting; absent keys are absent.
	Settings(ctx context.Context) (map[string]string, error)
	// SaveSettings upserts the given keys, leaving others untouched.
	SaveSettings(ctx context.Context, kv map[string]string) error
}

// Store is everything a Kiosque database offers. Consumers should depend on
// the narrowest interface they use.
type Store interface {
	Articles
	Taxonomy
	Settings
	Comments
	Sightings
	Newsroom
	// Imports and syndication (see syndication.go).
	Redirects
	Syndication
	CommentImporter
	ArticleImporter
	Blobs
	SearchIndex
	// Ping checks the database is reachable.
	Ping(ctx context.Context) error
	// Close releases the connections.
	Close() error
}
