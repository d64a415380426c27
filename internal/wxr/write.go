package wxr

import (
	"bufio"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Writer writes a WXR 1.2 export that WordPress's importer and Decoder both
// read. Call Start, then Author, Category and Tag for the whole taxonomy,
// then Item for each post, then Close. The first error sticks: later calls
// do nothing and Close returns it.
type Writer struct {
	w   *bufio.Writer
	err error
}

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: bufio.NewWriterSize(w, 64<<10)} }

func (w *Writer) str(parts ...string) {
	for _, p := range parts {
		if w.err != nil {
			return
		}
		_, w.err = w.w.WriteString(p)
	}
}

// el writes <name>text</name> with text escaped.
func (w *Writer) el(indent, name, text string) {
	w.str(indent, "<", name, ">", escape(text), "</", name, ">\n")
}

// cdata writes <name><![CDATA[text]]></name>, as WordPress does for content.
func (w *Writer) cdata(indent, name, text string) {
	w.str(indent, "<", name, "><![CDATA[", cdataSafe(text), "]]></", name, ">\n")
}

// Start writes the XML header and the channel information.
func (w *Writer) Start(ch Channel) error {
	w.str(xml.Header[:len(xml.Header)-1], "\n",
		`<rss version="2.0" xmlns:excerpt="`+NSExcerpt+`" xmlns:content="`+NSContent+
			`" xmlns:wfw="`+NSWFW+`" xmlns:dc="`+NSDC+`" xmlns:wp="`+NSWP+`">`, "\n<channel>\n")
	w.el("\t", "title", ch.Title)
	w.el("\t", "link", ch.Link)
	w.el("\t", "description", ch.Description)
	if ch.PubDate.IsZero() {
		ch.PubDate = time.Now()
	}
	w.el("\t", "pubDate", ch.PubDate.UTC().Format(time.RFC1123Z))
	w.el("\t", "language", ch.Language)
	w.el("\t", "wp:wxr_version", "1.2")
	w.el("\t", "wp:base_site_url", ch.BaseSiteURL)
	w.el("\t", "wp:base_blog_url", ch.BaseBlogURL)
	w.str("\n")
	return w.err
}

// Author writes one <wp:author>.
func (w *Writer) Author(a Author) error {
	w.str("\t<wp:author>")
	w.el("", "wp:author_id", itoa(a.ID))
	w.cdata("", "wp:author_login", a.Login)
	w.cdata("", "wp:author_email", a.Email)
	w.cdata("", "wp:author_display_name", a.DisplayName)
	w.cdata("", "wp:author_first_name", a.FirstName)
	w.cdata("", "wp:author_last_name", a.LastName)
	w.str("</wp:author>\n")
	return w.err
}

func (w *Writer) termMeta(list []Meta) {
	for _, m := range list {
		w.str("\t\t<wp:termmeta>")
		w.cdata("", "wp:meta_key", m.Key)
		w.cdata("", "wp:meta_value", m.Value)
		w.str("</wp:termmeta>\n")
	}
}

// Category writes one <wp:category>.
func (w *Writer) Category(c Category) error {
	w.str("\t<wp:category>\n")
	w.el("\t\t", "wp:term_id", itoa(c.TermID))
	w.cdata("\t\t", "wp:category_nicename", c.Slug)
	w.cdata("\t\t", "wp:category_parent", c.Parent)
	w.cdata("\t\t", "wp:cat_name", c.Name)
	if c.Description != "" {
		w.cdata("\t\t", "wp:category_description", c.Description)
	}
	w.termMeta(c.Meta)
	w.str("\t</wp:category>\n")
	return w.err
}

// Tag writes one <wp:tag>.
func (w *Writer) Tag(t Tag) error {
	w.str("\t<wp:tag>\n")
	w.el("\t\t", "wp:term_id", itoa(t.TermID))
	w.cdata("\t\t", "wp:tag_slug", t.Slug)
	w.cdata("\t\t", "wp:tag_name", t.Name)
	if t.Description != "" {
		w.cdata("\t\t", "wp:tag_description", t.Description)
	}
	w.termMeta(t.Meta)
	w.str("\t</wp:tag>\n")
	return w.err
}

// Item writes one <item> with its terms, metadata and comments.
func (w *Writer) Item(it *Item) error {
	w.str("\n\t<item>\n")
	w.el("\t\t", "title", it.Title)
	w.el("\t\t", "link", it.Link)
	if !it.PubDate.IsZero() {
		w.el("\t\t", "pubDate", it.PubDate.UTC().Format(time.RFC1123Z))
	}
	w.cdata("\t\t", "dc:creator", it.Creator)
	w.str("\t\t<guid isPermaLink=\"false\">", escape(it.GUID), "</guid>\n")
	w.el("\t\t", "description", it.Description)
	w.cdata("\t\t", "content:encoded", it.Content)
	w.cdata("\t\t", "excerpt:encoded", it.Excerpt)
	w.el("\t\t", "wp:post_id", itoa(it.PostID))
	local := it.PostDateLocal
	if local == "" {
		local = FormatDate(it.PostDate)
	}
	w.cdata("\t\t", "wp:post_date", local)
	w.cdata("\t\t", "wp:post_date_gmt", FormatDate(it.PostDate))
	if !it.Modified.IsZero() {
		w.cdata("\t\t", "wp:post_modified", FormatDate(it.Modified))
		w.cdata("\t\t", "wp:post_modified_gmt", FormatDate(it.Modified))
	}
	w.cdata("\t\t", "wp:comment_status", def(it.CommentStatus, "open"))
	w.cdata("\t\t", "wp:ping_status", def(it.PingStatus, "closed"))
	w.cdata("\t\t", "wp:post_name", it.Name)
	w.cdata("\t\t", "wp:status", it.Status)
	w.el("\t\t", "wp:post_parent", itoa(it.Parent))
	w.el("\t\t", "wp:menu_order", strconv.Itoa(it.MenuOrder))
	w.cdata("\t\t", "wp:post_type", def(it.Type, "post"))
	w.cdata("\t\t", "wp:post_password", it.Password)
	sticky := "0"
	if it.Sticky {
		sticky = "1"
	}
	w.el("\t\t", "wp:is_sticky", sticky)
	if it.AttachmentURL != "" {
		w.cdata("\t\t", "wp:attachment_url", it.AttachmentURL)
	}
	for _, t := range it.Terms {
		w.str("\t\t<category domain=\"", escape(t.Domain), "\" nicename=\"", escape(t.Slug), "\"><![CDATA[", cdataSafe(t.Name), "]]></category>\n")
	}
	for _, m := range it.Meta {
		w.str("\t\t<wp:postmeta>\n")
		w.cdata("\t\t\t", "wp:meta_key", m.Key)
		w.cdata("\t\t\t", "wp:meta_value", m.Value)
		w.str("\t\t</wp:postmeta>\n")
	}
	for i := range it.Comments {
		w.comment(&it.Comments[i])
	}
	w.str("\t</item>\n")
	return w.err
}

func (w *Writer) comment(c *Comment) {
	w.str("\t\t<wp:comment>\n")
	w.el("\t\t\t", "wp:comment_id", itoa(c.ID))
	w.cdata("\t\t\t", "wp:comment_author", c.Author)
	w.cdata("\t\t\t", "wp:comment_author_email", c.AuthorEmail)
	w.cdata("\t\t\t", "wp:comment_author_url", c.AuthorURL)
	w.cdata("\t\t\t", "wp:comment_author_IP", c.AuthorIP)
	local := c.DateLocal
	if local == "" {
		local = FormatDate(c.Date)
	}
	w.cdata("\t\t\t", "wp:comment_date", local)
	w.cdata("\t\t\t", "wp:comment_date_gmt", FormatDate(c.Date))
	w.cdata("\t\t\t", "wp:comment_content", c.Content)
	w.cdata("\t\t\t", "wp:comment_approved", c.Approved)
	w.cdata("\t\t\t", "wp:comment_type", c.Type)
	w.el("\t\t\t", "wp:comment_parent", itoa(c.Parent))
	w.el("\t\t\t", "wp:comment_user_id", itoa(c.UserID))
	for _, m := range c.Meta {
		w.str("\t\t\t<wp:commentmeta>")
		w.cdata("", "wp:meta_key", m.Key)
		w.cdata("", "wp:meta_value", m.Value)
		w.str("</wp:commentmeta>\n")
	}
	w.str("\t\t</wp:comment>\n")
}

// Close ends the document and flushes it. It does not close the
// underlying writer.
func (w *Writer) Close() error {
	w.str("</channel>\n</rss>\n")
	if w.err != nil {
		return w.err
	}
	if err := w.w.Flush(); err != nil {
		w.err = err
		return err
	}
	w.err = errors.New("wxr: writer closed")
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func def(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// xmlSafe drops what XML 1.0 cannot carry (control characters, invalid
// UTF-8), which no text in an export needs.
func xmlSafe(s string) string {
	clean := true
	for _, r := range s {
		if !xmlChar(r) {
			clean = false
			break
		}
	}
	if clean && utf8.ValidString(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == utf8.RuneError || !xmlChar(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
}

func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

func escape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(xmlSafe(s))) // a strings.Builder never fails
	return b.String()
}

// cdataSafe makes s fit in a CDATA section: "]]>" is split across two.
func cdataSafe(s string) string {
	return strings.ReplaceAll(xmlSafe(s), "]]>", "]]]]><![CDATA[>")
}
