// Package comment holds readers' comments: the Comment type and its states,
// the rules a submission must follow (Input and its validation), threading
// of replies, the site's commenting policy, and what a reader may ask about
// their own data (export, erasure, forgetting IP addresses). It knows
// nothing of HTTP or SQL.
package comment

import (
	"errors"
	"time"

	"github.com/kiosque/kiosque/internal/article"
)

// ID identifies a comment in the store.
type ID int64

// State is where a comment stands in moderation.
type State string

// The comment states. Only Approved comments are ever shown to readers.
const (
	Approved State = "approved"
	Pending  State = "pending" // waits for a moderator
	Spam     State = "spam"
	Trash    State = "trash"
)

// States lists every state, in the order the moderation queue shows them.
var States = []State{Pending, Approved, Spam, Trash}

// Valid reports whether s is one of the known states.
func (s State) Valid() bool {
	switch s {
	case Approved, Pending, Spam, Trash:
		return true
	}
	return false
}

// MaxLevels is how deep replies nest: a comment, a reply, a reply to the
// reply, and one more. Depth counts from 0, so it is at most MaxLevels-1.
const MaxLevels = 4

// Comment is one reader's comment on an article.
type Comment struct {
	ID        ID
	ArticleID article.ID
	ParentID  ID  // 0 for a top-level comment
	Depth     int // 0 for a top-level comment, at most MaxLevels-1

	AuthorName  string
	AuthorEmail string // never shown to readers
	AuthorURL   string // "" or an http(s) URL
	Text        string // plain text, as typed (see Format for display)

	// NotifyReplies: the commenter asked for an e-mail when someone
	// replies.
	NotifyReplies bool

	IP        string // "" once forgotten (see ForgetIPs)
	UserAgent string // "" once forgotten

	State       State
	SpamScore   float64  // the filter's score, 0 (ham) to 1 (spam)
	SpamReasons []Reason // why the filter decided what it did

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Reason is one cause of the spam filter's decision: a catalog key
// (spam.reason.*) and the arguments its message formats (ints and strings).
type Reason struct {
	Key  string `json:"key"`
	Args []any  `json:"args,omitempty"`
}

// Visible reports whether readers may see the comment.
func (c *Comment) Visible() bool { return c.State == Approved }

// ErrBadParent means a reply names a parent that is not an approved comment
// of the same article (a forged or stale form).
var ErrBadParent = errors.New("comment: bad parent")

// Reply places a new comment on article articleID under parent: it returns
// the parent id and depth the reply gets. A reply to a comment already at
// the deepest level becomes its sibling, so threads never nest deeper than
// MaxLevels. ErrBadParent when parent belongs to another article or is not
// approved.
func Reply(parent *Comment, articleID article.ID) (ID, int, error) {
	if parent == nil {
		return 0, 0, nil
	}
	if parent.ArticleID != articleID || parent.State != Approved {
		return 0, 0, ErrBadParent
	}
	if parent.Depth >= MaxLevels-1 {
		return parent.ParentID, parent.Depth, nil
	}
	return parent.ID, parent.Depth + 1, nil
}
