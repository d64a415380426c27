package comment

import (
	"time"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/site"
)

// Open reports whether article a takes new comments at now under the
// site's policy: comments are open, the article is visible, and it is not
// older than the closing delay (CloseCommentsDays, 0 = never closes).
func Open(s site.Settings, a *article.Article, now time.Time) bool {
	if s.Comments != site.CommentsOpen || !a.Visible(now) {
		return false
	}
	closes := ClosesAt(s, a)
	return closes.IsZero() || now.Before(closes)
}

// ClosesAt is when comments on a close by age, or the zero time when they
// never do.
func ClosesAt(s site.Settings, a *article.Article) time.Time {
	if s.CloseCommentsDays <= 0 || a.PublishedAt.IsZero() {
		return time.Time{}
	}
	return a.PublishedAt.AddDate(0, 0, s.CloseCommentsDays)
}

// Verdict is what the spam filter says of a new comment.
type Verdict struct {
	Spam    bool    // blatant or likely spam: stored as Spam, never shown
	Hold    bool    // unsure: a moderator decides
	Score   float64 // 0 (ham) to 1 (spam)
	Reasons []Reason
}

// Decide returns the state a new comment gets: Spam when the filter says
// so, Pending when it is unsure or when the site holds the first comment of
// a commenter with no approved comment yet (known is false), Approved
// otherwise.
func Decide(s site.Settings, v Verdict, known bool) State {
	switch {
	case v.Spam:
		return Spam
	case v.Hold:
		return Pending
	case s.HoldFirstComment && !known:
		return Pending
	}
	return Approved
}
