package store

import (
	"context"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
)

// Redirect sends an old URL of an imported site to its new place: an
// article (ArticleID, whose current slug Slug the store fills on read) or,
// when ArticleID is 0, a fixed Target path.
type Redirect struct {
	Path      string // "/?p=12", "/2024/05/03/slug/", "/old-slug/"
	ArticleID article.ID
	Target    string
	Slug      string // filled by Redirect(): the article's slug now
}

// Redirects stores old URLs. SQLite and PostgreSQL implement it.
type Redirects interface {
	// SaveRedirect inserts or replaces the redirect for r.Path.
	SaveRedirect(ctx context.Context, r Redirect) error
	// SaveRedirects saves several redirects in one transaction.
	SaveRedirects(ctx context.Context, list []Redirect) error
	// Redirect returns the redirect for an exact path (with its query,
	// "/?p=12"), or ErrNotFound.
	Redirect(ctx context.Context, path string) (*Redirect, error)
	// RedirectsTo lists the old paths of an article.
	RedirectsTo(ctx context.Context, id article.ID) ([]string, error)
}

// CommentImporter stores comments brought from another system.
type CommentImporter interface {
	// ImportComments inserts comments of one article in one transaction,
	// all or none, keeping their CreatedAt, State, Depth and threading. On
	// input, ID and ParentID are the caller's own ids, used only to link a
	// reply to a parent earlier in the same list (a ParentID not found
	// there makes a top-level comment); on return each ID is the stored
	// one. Unlike CreateComment there is no duplicate check. ErrNotFound
	// if the article does not exist.
	ImportComments(ctx context.Context, id article.ID, list []comment.Comment) error
}

// ArticleImporter stores an imported article whole: the article with its
// links, its old URLs and its comments, in one transaction.
type ArticleImporter interface {
	// ImportArticle creates a as CreateArticle does, then saves redirects
	// (their ArticleID set to a's; one for a's own address is dropped) and
	// comments (as ImportComments does), all or nothing, and returns how
	// many redirects it saved. ErrConflict when a's external id is taken.
	ImportArticle(ctx context.Context, a *article.Article, redirects []Redirect, comments []comment.Comment) (saved int, err error)
}

// FeedSource is an RSS or Atom feed that syndication pulls articles from.
type FeedSource struct {
	ID   int64
	Name string // shown to readers as the source
	URL  string
	// Publish: new items are published at once; otherwise they wait as
	// drafts in the editors' queue. Translated items always wait.
	Publish bool
	// TranslateFrom is the language of the feed ("en") when its items are
	// to be machine-translated into Lang; "" for no translation.
	TranslateFrom string
	Lang          string // language of the articles made (default "fr")
	Interval      time.Duration
	Enabled       bool
	// Poll state: the validators of the last answer, when, and how it went.
	ETag         string
	LastModified string
	PolledAt     time.Time
	LastError    string
	CreatedAt    time.Time
}

// FeedItem records one item taken from a feed, for deduplication.
type FeedItem struct {
	SourceID    int64
	GUID        string // the item's GUID or, lacking one, its link
	URL         string
	Fingerprint uint64 // near-duplicate text fingerprint (simhash)
	ArticleID   article.ID
	SeenAt      time.Time
}

// Syndication stores feed sources and the items already seen.
type Syndication interface {
	// SaveFeedSource inserts (ID 0) or updates a source. ErrConflict when
	// another source has the URL; ErrNotFound when updating a missing one.
	SaveFeedSource(ctx context.Context, s *FeedSource) error
	// FeedSource loads one source or returns ErrNotFound.
	FeedSource(ctx context.Context, id int64) (*FeedSource, error)
	// FeedSourceByURL loads the source with this URL or returns ErrNotFound.
	FeedSourceByURL(ctx context.Context, url string) (*FeedSource, error)
	// FeedSources lists every source by name.
	FeedSources(ctx context.Context) ([]FeedSource, error)
	// DeleteFeedSource removes a source; its articles stay.
	DeleteFeedSource(ctx context.Context, id int64) error
	// FeedItemSeen reports whether an item with this GUID, or with this URL
	// when url is not empty, was taken before from any source.
	FeedItemSeen(ctx context.Context, guid, url string) (bool, error)
	// RecentFingerprints returns the fingerprints of items seen at or after
	// since, newest first, at most limit.
	RecentFingerprints(ctx context.Context, since time.Time, limit int) ([]uint64, error)
	// SaveFeedItem records an item; recording the same GUID again is
	// ErrConflict.
	SaveFeedItem(ctx context.Context, it FeedItem) error
}
