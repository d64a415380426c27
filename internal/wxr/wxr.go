// Package wxr reads and writes WordPress eXtended RSS (WXR 1.0, 1.1 and 1.2),
// the format of WordPress's "Export" tool. The Decoder streams: it holds one
// item at a time, never the whole file, and bounds the size of any single
// field, so a 1 GB export needs little memory. The package is pure: no
// database, no network. Content turns WordPress post HTML (Gutenberg block
// comments, [caption] and [gallery] shortcodes) into clean HTML that
// markup.Render accepts.
package wxr

import (
	"strings"
	"time"
)

// Namespaces of the WXR elements. The wp namespace's version part varies
// (1.0, 1.1, 1.2); the decoder accepts any of them.
const (
	NSContent = "http://purl.org/rss/1.0/modules/content/"
	NSDC      = "http://purl.org/dc/elements/1.1/"
	NSWFW     = "http://wellformedweb.org/CommentAPI/"
	NSWP      = "http://wordpress.org/export/1.2/"
	NSExcerpt = "http://wordpress.org/export/1.2/excerpt/"
)

// Channel is the site-wide information at the top of an export.
type Channel struct {
	Title       string
	Link        string
	Description string
	Language    string // e.g. "fr-FR"
	PubDate     time.Time
	WXRVersion  string
	BaseSiteURL string
	BaseBlogURL string
}

// Author is a WordPress user who wrote something in the export. Items name
// their author by Login (dc:creator).
type Author struct {
	ID          int64
	Login       string
	Email       string
	DisplayName string
	FirstName   string
	LastName    string
}

// Name is the author's public name: the display name, else first and last
// names, else the login.
func (a *Author) Name() string {
	if n := strings.TrimSpace(a.DisplayName); n != "" {
		return n
	}
	if n := strings.TrimSpace(a.FirstName + " " + a.LastName); n != "" {
		return n
	}
	return a.Login
}

// Meta is one key/value pair of post, term or comment metadata.
type Meta struct {
	Key   string
	Value string
}

// Category is a WordPress category. Parent is the parent's slug, empty at
// the top level.
type Category struct {
	TermID      int64
	Slug        string
	Parent      string
	Name        string
	Description string
	Meta        []Meta
}

// Tag is a WordPress tag.
type Tag struct {
	TermID      int64
	Slug        string
	Name        string
	Description string
	Meta        []Meta
}

// Term is a term of another taxonomy (nav_menu, custom taxonomies).
type Term struct {
	TermID      int64
	Taxonomy    string
	Slug        string
	Parent      string
	Name        string
	Description string
	Meta        []Meta
}

// TermRef is an item's link to a term: <category domain="…" nicename="…">.
type TermRef struct {
	Domain string // "category", "post_tag" or a custom taxonomy
	Slug   string
	Name   string
}

// Comment states, as wp:comment_approved writes them.
const (
	CommentApproved = "1"
	CommentPending  = "0"
	CommentSpam     = "spam"
	CommentTrash    = "trash"
)

// Comment is one comment on an item. Parent is the ID of the comment it
// answers, 0 at the top level.
type Comment struct {
	ID          int64
	Author      string
	AuthorEmail string
	AuthorURL   string
	AuthorIP    string
	Date        time.Time // from comment_date_gmt; zero when unset
	DateLocal   string    // comment_date as written, site time zone
	Content     string
	Approved    string // CommentApproved, CommentPending, CommentSpam or CommentTrash
	Type        string // "", "comment", "pingback" or "trackback"
	Parent      int64
	UserID      int64
	Meta        []Meta
}

// Item is a post, page, attachment or any other post type.
type Item struct {
	Title         string
	Link          string
	PubDate       time.Time
	Creator       string // author login
	GUID          string
	Description   string
	Content       string // raw WordPress HTML
	Excerpt       string
	PostID        int64
	PostDateLocal string    // wp:post_date as written, site time zone
	PostDate      time.Time // from wp:post_date_gmt; zero when unset
	Modified      time.Time // from wp:post_modified_gmt; zero when unset
	CommentStatus string
	PingStatus    string
	Name          string // wp:post_name, the slug
	Status        string // publish, draft, pending, private, future, inherit, trash
	Parent        int64
	MenuOrder     int
	Type          string // post, page, attachment, nav_menu_item…
	Password      string
	Sticky        bool
	AttachmentURL string
	Terms         []TermRef
	Meta          []Meta
	Comments      []Comment
}

// MetaValue returns the value of the first meta with this key, or "".
func (it *Item) MetaValue(key string) string {
	for _, m := range it.Meta {
		if m.Key == key {
			return m.Value
		}
	}
	return ""
}

// TermsOf returns the item's terms of one domain ("category", "post_tag").
func (it *Item) TermsOf(domain string) []TermRef {
	var out []TermRef
	for _, t := range it.Terms {
		if t.Domain == domain {
			out = append(out, t)
		}
	}
	return out
}

// ParseDate reads a WordPress "2006-01-02 15:04:05" date as UTC. The empty
// string and "0000-00-00 00:00:00" (drafts) give the zero time.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "0000-00-00") {
		return time.Time{}, nil
	}
	return time.ParseInLocation(time.DateTime, s, time.UTC)
}

// FormatDate writes t in WordPress's date format, UTC; the zero time gives
// "0000-00-00 00:00:00".
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return "0000-00-00 00:00:00"
	}
	return t.UTC().Format(time.DateTime)
}
