package store

import (
	"context"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/user"
)

// Users stores login accounts.
type Users interface {
	// CreateUser inserts u (e-mail already normalized), filling u.ID,
	// CreatedAt and UpdatedAt. ErrConflict when the e-mail is taken.
	CreateUser(ctx context.Context, u *user.User) error
	// UpdateUser saves every field of u by ID. ErrNotFound, ErrConflict.
	UpdateUser(ctx context.Context, u *user.User) error
	// User and UserByEmail load one account or return ErrNotFound.
	User(ctx context.Context, id user.ID) (*user.User, error)
	UserByEmail(ctx context.Context, email string) (*user.User, error)
	// ListUsers returns every account by name.
	ListUsers(ctx context.Context) ([]user.User, error)
}

// Sessions stores logged-in browsers and failed login attempts (for
// throttling), in the database so that several nodes share them.
type Sessions interface {
	// CreateSession inserts s.
	CreateSession(ctx context.Context, s *user.Session) error
	// Session returns the session with this token hash if it has not
	// expired at now, or ErrNotFound.
	Session(ctx context.Context, tokenHash string, now time.Time) (*user.Session, error)
	// DeleteSession removes one session; absent is not an error.
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteUserSessions logs a user out everywhere.
	DeleteUserSessions(ctx context.Context, id user.ID) error
	// DeleteExpired removes sessions expired at now and login failures
	// older than before.
	DeleteExpired(ctx context.Context, now, before time.Time) error

	// AddLoginFailure records a failed login for key at time at.
	AddLoginFailure(ctx context.Context, key string, at time.Time) error
	// LoginFailures counts failures for key at or after since, and returns
	// the time of the last one (zero when none).
	LoginFailures(ctx context.Context, key string, since time.Time) (int, time.Time, error)
	// ClearLoginFailures forgets the failures of key (after a success).
	ClearLoginFailures(ctx context.Context, key string) error
}

// APIKeys stores keys for the JSON and Akismet-compatible APIs, by hash.
type APIKeys interface {
	// CreateAPIKey inserts k, filling k.ID. ErrConflict if the hash exists.
	CreateAPIKey(ctx context.Context, k *user.APIKey) error
	// APIKeyByHash returns the key with this hash (revoked or not), or
	// ErrNotFound.
	APIKeyByHash(ctx context.Context, hash string) (*user.APIKey, error)
	// ListAPIKeys returns every key, newest first.
	ListAPIKeys(ctx context.Context) ([]user.APIKey, error)
	// RevokeAPIKey marks a key revoked at time at. ErrNotFound if absent.
	RevokeAPIKey(ctx context.Context, id int64, at time.Time) error
}

// Audit stores the audit log.
type Audit interface {
	// AddAudit appends e, filling e.ID.
	AddAudit(ctx context.Context, e *user.AuditEntry) error
	// ListAudit returns entries newest first, one page, with the total.
	ListAudit(ctx context.Context, limit, offset int) ([]user.AuditEntry, int, error)
}

// Revision is a saved state of an article: who saved it, when, and a full
// copy of its content.
type Revision struct {
	ID        int64
	ArticleID article.ID
	UserID    user.ID
	UserName  string
	CreatedAt time.Time
	Article   article.Article // the article as saved (with category, tags, authors)
}

// Revisions stores the history of articles.
type Revisions interface {
	// AddRevision appends r, filling r.ID. ErrNotFound when the article
	// does not exist.
	AddRevision(ctx context.Context, r *Revision) error
	// ListRevisions returns an article's revisions, newest first.
	ListRevisions(ctx context.Context, id article.ID) ([]Revision, error)
	// Revision loads one revision, or ErrNotFound.
	Revision(ctx context.Context, id int64) (*Revision, error)
}

// Media is an uploaded image. Its bytes and those of its resized variants
// are kept in the database, so every node serves the same files.
type Media struct {
	ID        int64
	Name      string // original file name, for the library
	MIME      string // image/jpeg, image/png, image/gif, image/webp
	Width     int
	Height    int
	Size      int64
	Alt       string
	Caption   string
	Credit    string
	UserID    user.ID
	CreatedAt time.Time
	Variants  []MediaVariant // without Data in listings
}

// MediaVariant is one stored rendition of an image: "orig" or a width such as
// "480".
type MediaVariant struct {
	Name   string
	MIME   string
	Width  int
	Height int
	Data   []byte
}

// MediaStore stores uploaded images.
type MediaStore interface {
	// CreateMedia inserts m and its variants (with Data), filling m.ID.
	CreateMedia(ctx context.Context, m *Media) error
	// UpdateMedia saves alt, caption and credit. ErrNotFound.
	UpdateMedia(ctx context.Context, m *Media) error
	// MediaByID returns one image with its variants' metadata, no data.
	MediaByID(ctx context.Context, id int64) (*Media, error)
	// MediaVariant returns one variant with its data, or ErrNotFound.
	MediaVariant(ctx context.Context, id int64, name string) (*MediaVariant, error)
	// ListMedia returns images newest first, one page, with the total.
	ListMedia(ctx context.Context, limit, offset int) ([]Media, int, error)
	// DeleteMedia removes an image and its variants. ErrNotFound.
	DeleteMedia(ctx context.Context, id int64) error
}

// Newsroom is what the admin needs beyond the content store.
type Newsroom interface {
	Users
	Sessions
	APIKeys
	Audit
	Revisions
	MediaStore
}
