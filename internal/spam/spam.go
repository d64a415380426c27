// Package spam decides whether a comment is spam. A logistic-regression
// classifier over words, word pairs, character 4-grams, link domains and
// shape markers, trained from the labeled comments shipped in model/ and
// then from the site's own moderators, is combined with the traces bots
// leave: a filled honeypot, a form sent too fast or twice, many links, known
// spam domains, the same text again and again, many posts from one address.
//
// The package knows nothing of HTTP or storage: the web layer passes a
// Comment in and acts on the Decision; the store keeps State.
package spam

import "time"

// Comment is what the filter reads of a comment.
type Comment struct {
	ArticleID string // the article commented on; binds the form token
	Content   string // the text as typed (or as published, HTML included)
	Author    string
	Email     string
	URL       string // the website the commenter typed
	IP        string // the poster's address; empty when unknown
	UserAgent string // the poster's browser, as sent in User-Agent
	// Honeypot is the value of the form's hidden field, which a person never
	// sees and so leaves empty.
	Honeypot string
	// Form holds what the site's own comment form carried. Nil when the
	// comment did not come through that form (Akismet API, import, eval):
	// then no form token is expected.
	Form *Form
}

// Form is what the site's comment form adds to a comment: the signed token
// issued with it (Tokens.Issue).
type Form struct {
	Token string
}

// Decision is the filter's verdict on one comment.
type Decision struct {
	// Spam: file the comment as spam. Review: not spam, but doubtful enough
	// to hold for a moderator. Neither: it may be published.
	Spam   bool
	Review bool
	// Discard: blatant spam, safe to drop without keeping it in the spam
	// queue (Akismet's "X-akismet-pro-tip: discard").
	Discard bool
	// RateLimited: too many comments from this address lately. The comment
	// was not judged; answer 429 with Retry-After and store nothing.
	RateLimited bool
	RetryAfter  time.Duration
	// Score is the spam probability, from 0 to 1.
	Score float64
	// Reasons say why, for moderators: catalog keys with their arguments.
	Reasons []Reason
}

// Reason is one cause of a decision: a message key in the "spam" catalog
// (spam.reason.*) and the arguments its message formats.
type Reason struct {
	Key  string
	Args []any
}
