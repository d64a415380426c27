package comment

import (
	"context"
	"fmt"
	"time"

	"github.com/kiosque/kiosque/internal/article"
)

// Export is everything the site keeps about the comments sent with one
// e-mail address: what an admin hands a reader who asks (GDPR access). It
// encodes to JSON as is.
type Export struct {
	Email    string            `json:"email"`
	Exported time.Time         `json:"exported"`
	Comments []ExportedComment `json:"comments"`
}

// ExportedComment is one comment in an Export, with every personal datum
// the site holds on it.
type ExportedComment struct {
	ID           ID         `json:"id"`
	ArticleID    article.ID `json:"article_id"`
	ArticleTitle string     `json:"article_title,omitempty"`
	ArticleURL   string     `json:"article_url,omitempty"`
	ParentID     ID         `json:"parent_id,omitempty"`
	Name         string     `json:"name"`
	Email        string     `json:"email"`
	URL          string     `json:"url,omitempty"`
	Text         string     `json:"text"`
	IP           string     `json:"ip,omitempty"`
	UserAgent    string     `json:"user_agent,omitempty"`
	State        State      `json:"state"`
	Created      time.Time  `json:"created"`
}

// NewExport assembles the export of list for email at now. Comments come
// oldest first; article titles and URLs are filled later by the caller that
// knows them.
func NewExport(email string, now time.Time, list []Comment) Export {
	e := Export{Email: email, Exported: now.UTC(), Comments: make([]ExportedComment, 0, len(list))}
	for _, c := range list {
		e.Comments = append(e.Comments, ExportedComment{
			ID: c.ID, ArticleID: c.ArticleID, ParentID: c.ParentID,
			Name: c.AuthorName, Email: c.AuthorEmail, URL: c.AuthorURL, Text: c.Text,
			IP: c.IP, UserAgent: c.UserAgent, State: c.State, Created: c.CreatedAt.UTC(),
		})
	}
	return e
}

// Retention is what the periodic job needs from the store.
type Retention interface {
	// PurgeComments deletes the comments in one of states created before
	// the given time and returns how many.
	PurgeComments(ctx context.Context, before time.Time, states ...State) (int, error)
	IPForgetter
}

// SpamRetentionDays is how long spam and trashed comments are kept before
// they are deleted for good, as the privacy page says.
const SpamRetentionDays = 30

// Expire is the periodic privacy job: it blanks the IP address and user
// agent of comments older than ipDays (see ForgetIPs) and deletes spam and
// trashed comments older than SpamRetentionDays. It returns how many
// comments it changed and deleted. Run it hourly on one node.
func Expire(ctx context.Context, s Retention, now time.Time, ipDays int) (forgot, purged int, err error) {
	if forgot, err = ForgetIPs(ctx, s, now, ipDays); err != nil {
		return 0, 0, err
	}
	purged, err = s.PurgeComments(ctx, now.AddDate(0, 0, -SpamRetentionDays), Spam, Trash)
	if err != nil {
		return forgot, 0, fmt.Errorf("comment: purge old spam and trash: %w", err)
	}
	return forgot, purged, nil
}

// IPForgetter is the store method ForgetIPs needs.
type IPForgetter interface {
	// ForgetCommentIPs blanks the IP and user agent of every comment created
	// before the given time and returns how many it changed.
	ForgetCommentIPs(ctx context.Context, before time.Time) (int, error)
}

// DefaultIPRetentionDays is how long IP addresses are kept when the site's
// settings say nothing.
const DefaultIPRetentionDays = 30

// ForgetIPs blanks the IP address and user agent of comments older than
// days days at now, as the privacy page promises, and returns how many
// comments it changed. Run it periodically (hourly is plenty); days < 1
// means DefaultIPRetentionDays.
func ForgetIPs(ctx context.Context, s IPForgetter, now time.Time, days int) (int, error) {
	if days < 1 {
		days = DefaultIPRetentionDays
	}
	n, err := s.ForgetCommentIPs(ctx, now.AddDate(0, 0, -days))
	if err != nil {
		return 0, fmt.Errorf("comment: forget IPs older than %d days: %w", days, err)
	}
	return n, nil
}
