package store

import (
	"context"
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
)

// CommentFilter selects comments for ListComments. Zero fields do not filter.
type CommentFilter struct {
	ArticleID article.ID
	States    []comment.State // any of these; empty means every state
	Email     string          // the author's e-mail, exactly (stored lowercased)
	// Oldest lists oldest first (a thread); the default is newest first
	// (the moderation queue).
	Oldest bool
	Limit  int // 0 means 50; at most 1000
	Offset int
}

// DuplicateWindow is how long CreateComment treats the same text from the
// same e-mail on the same article as a double submission.
const DuplicateWindow = time.Minute

// Comments stores readers' comments.
type Comments interface {
	// CreateComment inserts c, filling c.ID, c.CreatedAt and c.UpdatedAt,
	// unless the same text was posted with the same e-mail on the same
	// article within DuplicateWindow (a double submission; someone else's
	// "Merci !" is their own comment): then nothing is inserted, c is overwritten with the
	// stored comment and created is false. The article must exist
	// (ErrNotFound otherwise).
	CreateComment(ctx context.Context, c *comment.Comment) (created bool, err error)
	// Comment loads one comment or returns ErrNotFound.
	Comment(ctx context.Context, id comment.ID) (*comment.Comment, error)
	// ListComments returns one page of comments matching f and the total
	// number matching f without Limit/Offset.
	ListComments(ctx context.Context, f CommentFilter) ([]comment.Comment, int, error)
	// ArticleComments returns every approved comment of an article, oldest
	// first: what readers see under it.
	ArticleComments(ctx context.Context, id article.ID) ([]comment.Comment, error)
	// CommentCounts counts comments per state, on one article or, with id 0,
	// on the whole site. Every state is in the map, with 0 if none.
	CommentCounts(ctx context.Context, id article.ID) (map[comment.State]int, error)
	// ApprovedCommentCounts returns the number of approved comments of each
	// listed article; articles without any are absent.
	ApprovedCommentCounts(ctx context.Context, ids []article.ID) (map[article.ID]int, error)
	// SetCommentState moves the listed comments to state and returns how
	// many exist (and now have it). Unknown ids are skipped.
	SetCommentState(ctx context.Context, state comment.State, ids ...comment.ID) (int, error)
	// UpdateCommentText replaces a comment's text (a moderator's edit).
	// ErrNotFound if absent.
	UpdateCommentText(ctx context.Context, id comment.ID, text string) error
	// DeleteComment removes a comment for good; its replies stay, as
	// top-level comments. ErrNotFound if absent.
	DeleteComment(ctx context.Context, id comment.ID) error
	// HasApprovedComment reports whether email has at least one approved
	// comment (a known commenter, for "hold first-time commenters").
	HasApprovedComment(ctx context.Context, email string) (bool, error)
	// CommentsByEmail returns every comment sent with email, any state and
	// article, oldest first (GDPR access).
	CommentsByEmail(ctx context.Context, email string) ([]comment.Comment, error)
	// EraseCommentsByEmail deletes every comment sent with email and returns
	// how many (GDPR erasure). Replies by others stay, as top-level comments.
	EraseCommentsByEmail(ctx context.Context, email string) (int, error)
	// PurgeComments deletes for good the comments in one of states created
	// before the given time (old spam and trash) and returns how many.
	PurgeComments(ctx context.Context, before time.Time, states ...comment.State) (int, error)
	// ForgetCommentIPs blanks the IP and user agent of every comment created
	// before the given time and returns how many it changed.
	ForgetCommentIPs(ctx context.Context, before time.Time) (int, error)
}

// Sightings is the comment filter's memory shared by every node of a site
// (spam.Shared): how often a key (a hash: a spent form token, a text, a
// poster's address) was seen lately.
type Sightings interface {
	// AddSighting records key seen at at and returns how many times it
	// was seen after since, this time included.
	AddSighting(ctx context.Context, key string, at, since time.Time) (int, error)
	// ForgetSightings deletes the sightings before the given time and
	// returns how many.
	ForgetSightings(ctx context.Context, before time.Time) (int, error)
}
