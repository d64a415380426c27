package wxr

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// DefaultMaxField is the default limit on one field (a post's content, a
// comment…): 16 MiB, far above the 1 MiB an article body may hold.
const DefaultMaxField = 16 << 20

// maxDepth bounds element nesting, so hostile input cannot grow the stack.
const maxDepth = 64

// SyntaxError is a fatal problem with the file itself: malformed or
// truncated XML, an unknown encoding. Nothing after Line can be read.
type SyntaxError struct {
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("wxr: line %d: %s", e.Line, e.Msg) }

// ItemError is a problem with one entry (a bad number, a field over the
// limit). The decoder has skipped past it; Next may be called again.
type ItemError struct {
	Line   int
	PostID int64 // 0 when unknown or not an item
	Err    error
}

func (e *ItemError) Error() string {
	if e.PostID != 0 {
		return fmt.Sprintf("wxr: line %d: item %d: %v", e.Line, e.PostID, e.Err)
	}
	return fmt.Sprintf("wxr: line %d: %v", e.Line, e.Err)
}

func (e *ItemError) Unwrap() error { return e.Err }

// Decoder reads a WXR export entry by entry.
type Decoder struct {
	g         *guard
	x         *xml.Decoder
	ch        Channel
	inChannel bool
	done      bool
	depth     int
	fieldErrs []string // problems in the entry being read
}

// NewDecoder returns a decoder reading r, with fields limited to
// DefaultMaxField bytes.
func NewDecoder(r io.Reader) *Decoder { return NewDecoderLimit(r, DefaultMaxField) }

// NewDecoderLimit is NewDecoder with a field limit of maxField bytes: a
// longer text is cut there and its item reported as truncated.
func NewDecoderLimit(r io.Reader, maxField int) *Decoder {
	g := newGuard(r, maxField)
	x := xml.NewDecoder(g)
	x.Strict = true
	x.Entity = xml.HTMLEntity // titles sometimes carry &nbsp; and friends
	x.CharsetReader = charsetReader
	return &Decoder{g: g, x: x}
}

func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return in, nil
	case "iso-8859-1", "latin1", "latin-1", "iso_8859-1":
		return charmap.ISO8859_1.NewDecoder().Reader(in), nil
	case "iso-8859-15", "latin9":
		return charmap.ISO8859_15.NewDecoder().Reader(in), nil
	case "windows-1252", "cp1252":
		return charmap.Windows1252.NewDecoder().Reader(in), nil
	}
	return nil, fmt.Errorf("unsupported encoding %q (re-export the site in UTF-8)", label)
}

// Channel returns the site information read so far. It is complete once
// Next has returned the first item (WordPress writes it before anything
// else, apart from the base URLs that come before the authors).
func (d *Decoder) Channel() Channel { return d.ch }

// Line is the current line in the input, for messages.
func (d *Decoder) Line() int {
	line, _ := d.x.InputPos()
	return line
}

// Next returns the next entry: *Author, *Category, *Tag, *Term or *Item, in
// file order. It returns io.EOF after the last one, an *ItemError for a bad
// entry (call Next again to go on) and a *SyntaxError when the file cannot
// be read further.
func (d *Decoder) Next() (any, error) {
	if d.done {
		return nil, io.EOF
	}
	for {
		tok, err := d.token()
		if err == io.EOF {
			d.done = true
			if d.inChannel || d.depth > 0 {
				return nil, &SyntaxError{Line: d.Line(), Msg: "unexpected end of file: the export is truncated"}
			}
			return nil, io.EOF
		}
		if err != nil {
			d.done = true
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			e, err := d.start(t)
			if e != nil || err != nil {
				return e, err
			}
		case xml.EndElement:
			if t.Name.Local == "channel" {
				d.inChannel = false
			}
		}
	}
}

// token reads one token, turning decoder errors into SyntaxErrors and
// keeping count of the depth.
func (d *Decoder) token() (xml.Token, error) {
	d.g.reset()
	tok, err := d.x.Token()
	if err == io.EOF {
		return nil, io.EOF
	}
	if err != nil {
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			msg := se.Msg
			if strings.Contains(msg, "unexpected EOF") {
				msg = "unexpected end of file: the export is truncated"
			}
			return nil, &SyntaxError{Line: se.Line, Msg: msg}
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, &SyntaxError{Line: d.Line(), Msg: "unexpected end of file: the export is truncated"}
		}
		return nil, &SyntaxError{Line: d.Line(), Msg: err.Error()}
	}
	switch tok.(type) {
	case xml.StartElement:
		d.depth++
		if d.depth > maxDepth {
			return nil, &SyntaxError{Line: d.Line(), Msg: fmt.Sprintf("elements nested deeper than %d", maxDepth)}
		}
	case xml.EndElement:
		d.depth--
	}
	return tok, nil
}

// space classifies a namespace URL (or an undeclared prefix) as one of
// "wp", "excerpt", "content", "dc" or "" (RSS).
func space(ns string) string {
	switch {
	case ns == "":
		return ""
	case strings.HasPrefix(ns, "http://wordpress.org/export/") && strings.HasSuffix(ns, "/excerpt/"):
		return "excerpt"
	case strings.HasPrefix(ns, "http://wordpress.org/export/"):
		return "wp"
	case ns == NSContent:
		return "content"
	case ns == NSDC:
		return "dc"
	case ns == "wp", ns == "excerpt", ns == "content", ns == "dc", ns == "wfw":
		return ns
	}
	return "other"
}

// key names an element as "prefix:local" with the canonical prefix.
func key(n xml.Name) string {
	if s := space(n.Space); s != "" {
		return s + ":" + n.Local
	}
	return n.Local
}

// start handles a start element at channel level: it returns an entry, or
// nil after consuming a channel field.
func (d *Decoder) start(t xml.StartElement) (any, error) {
	k := key(t.Name)
	switch {
	case k == "rss":
		return nil, nil
	case k == "channel":
		d.inChannel = true
		return nil, nil
	case !d.inChannel:
		return nil, &SyntaxError{Line: d.Line(), Msg: fmt.Sprintf("<%s> outside <channel>: not a WordPress export", t.Name.Local)}
	}
	d.fieldErrs = d.fieldErrs[:0]
	d.g.truncated = false
	line := d.Line()
	var e any
	var id int64
	var err error
	switch k {
	case "item":
		var it *Item
		it, err = d.item()
		if it != nil {
			e, id = it, it.PostID
		}
	case "wp:author":
		e, err = d.author()
	case "wp:category":
		e, err = d.category()
	case "wp:tag":
		e, err = d.tag()
	case "wp:term":
		e, err = d.term()
	default:
		var s string
		s, err = d.text(k)
		if err == nil {
			d.channelField(k, s)
		}
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	if len(d.fieldErrs) > 0 {
		return nil, &ItemError{Line: line, PostID: id, Err: errors.New(strings.Join(d.fieldErrs, "; "))}
	}
	return e, nil
}

func (d *Decoder) channelField(k, s string) {
	switch k {
	case "title":
		d.ch.Title = s
	case "link":
		d.ch.Link = s
	case "description":
		d.ch.Description = s
	case "language":
		d.ch.Language = s
	case "pubDate":
		d.ch.PubDate = rfc822(s)
	case "wp:wxr_version":
		d.ch.WXRVersion = s
	case "wp:base_site_url":
		d.ch.BaseSiteURL = s
	case "wp:base_blog_url":
		d.ch.BaseBlogURL = s
	}
}

func rfc822(s string) time.Time {
	t, err := mail.ParseDate(strings.TrimSpace(s))
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

// text reads the character data of the element just started (named k, for
// messages) up to its end, skipping nested elements. A text cut by the
// field limit is noted.
func (d *Decoder) text(k string) (string, error) {
	var b strings.Builder
	depth := 1
	for depth > 0 {
		tok, err := d.token()
		if err == io.EOF {
			return "", &SyntaxError{Line: d.Line(), Msg: "unexpected end of file: the export is truncated"}
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if depth == 1 {
				b.Write(t)
			}
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if d.g.truncated {
		d.g.truncated = false
		d.fieldErrs = append(d.fieldErrs, k+" is larger than the field limit")
	}
	return b.String(), nil
}

// fields reads the children of the element just started, calling set with
// each child's key and text. Children named in nested are handed to their
// function instead, which must consume them.
func (d *Decoder) fields(set func(k, v string), nested map[string]func(xml.StartElement) error) error {
	for {
		tok, err := d.token()
		if err == io.EOF {
			return &SyntaxError{Line: d.Line(), Msg: "unexpected end of file: the export is truncated"}
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			k := key(t.Name)
			if fn, ok := nested[k]; ok {
				if err := fn(t); err != nil {
					return err
				}
				continue
			}
			v, err := d.text(k)
			if err != nil {
				return err
			}
			set(k, v)
		}
	}
}

// num parses an integer field, noting a bad value.
func (d *Decoder) num(k, v string) int64 {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		d.fieldErrs = append(d.fieldErrs, fmt.Sprintf("%s: %q is not a number", k, v))
	}
	return n
}

// date parses a GMT date field, noting a bad value.
func (d *Decoder) date(k, v string) time.Time {
	t, err := ParseDate(v)
	if err != nil {
		d.fieldErrs = append(d.fieldErrs, fmt.Sprintf("%s: %q is not a date", k, strings.TrimSpace(v)))
	}
	return t
}

func (d *Decoder) author() (*Author, error) {
	a := &Author{}
	err := d.fields(func(k, v string) {
		switch k {
		case "wp:author_id":
			a.ID = d.num(k, v)
		case "wp:author_login":
			a.Login = strings.TrimSpace(v)
		case "wp:author_email":
			a.Email = strings.TrimSpace(v)
		case "wp:author_display_name":
			a.DisplayName = v
		case "wp:author_first_name":
			a.FirstName = v
		case "wp:author_last_name":
			a.LastName = v
		}
	}, nil)
	return a, err
}

// meta returns a nested handler that appends a <wp:*meta> pair to *list.
func (d *Decoder) meta(list *[]Meta) func(xml.StartElement) error {
	return func(xml.StartElement) error {
		var m Meta
		err := d.fields(func(k, v string) {
			switch k {
			case "wp:meta_key":
				m.Key = v
			case "wp:meta_value":
				m.Value = v
			}
		}, nil)
		if m.Key != "" {
			*list = append(*list, m)
		}
		return err
	}
}

func (d *Decoder) category() (*Category, error) {
	c := &Category{}
	err := d.fields(func(k, v string) {
		switch k {
		case "wp:term_id":
			c.TermID = d.num(k, v)
		case "wp:category_nicename":
			c.Slug = strings.TrimSpace(v)
		case "wp:category_parent":
			c.Parent = strings.TrimSpace(v)
		case "wp:cat_name":
			c.Name = v
		case "wp:category_description":
			c.Description = v
		}
	}, map[string]func(xml.StartElement) error{"wp:termmeta": d.meta(&c.Meta)})
	return c, err
}

func (d *Decoder) tag() (*Tag, error) {
	t := &Tag{}
	err := d.fields(func(k, v string) {
		switch k {
		case "wp:term_id":
			t.TermID = d.num(k, v)
		case "wp:tag_slug":
			t.Slug = strings.TrimSpace(v)
		case "wp:tag_name":
			t.Name = v
		case "wp:tag_description":
			t.Description = v
		}
	}, map[string]func(xml.StartElement) error{"wp:termmeta": d.meta(&t.Meta)})
	return t, err
}

func (d *Decoder) term() (*Term, error) {
	t := &Term{}
	err := d.fields(func(k, v string) {
		switch k {
		case "wp:term_id":
			t.TermID = d.num(k, v)
		case "wp:term_taxonomy":
			t.Taxonomy = strings.TrimSpace(v)
		case "wp:term_slug":
			t.Slug = strings.TrimSpace(v)
		case "wp:term_parent":
			t.Parent = strings.TrimSpace(v)
		case "wp:term_name":
			t.Name = v
		case "wp:term_description":
			t.Description = v
		}
	}, map[string]func(xml.StartElement) error{"wp:termmeta": d.meta(&t.Meta)})
	return t, err
}

func (d *Decoder) item() (*Item, error) {
	it := &Item{}
	nested := map[string]func(xml.StartElement) error{
		"wp:postmeta": d.meta(&it.Meta),
		"wp:comment": func(xml.StartElement) error {
			c, err := d.comment()
			if err == nil {
				it.Comments = append(it.Comments, c)
			}
			return err
		},
		"category": func(t xml.StartElement) error {
			ref := TermRef{Domain: "category"}
			for _, a := range t.Attr {
				switch a.Name.Local {
				case "domain":
					ref.Domain = a.Value
				case "nicename":
					ref.Slug = a.Value
				}
			}
			name, err := d.text("category")
			ref.Name = name
			if ref.Slug != "" || strings.TrimSpace(name) != "" {
				it.Terms = append(it.Terms, ref)
			}
			return err
		},
	}
	err := d.fields(func(k, v string) { d.itemField(it, k, v) }, nested)
	return it, err
}

func (d *Decoder) itemField(it *Item, k, v string) {
	switch k {
	case "title":
		it.Title = v
	case "link":
		it.Link = strings.TrimSpace(v)
	case "pubDate":
		it.PubDate = rfc822(v)
	case "dc:creator":
		it.Creator = strings.TrimSpace(v)
	case "guid":
		it.GUID = strings.TrimSpace(v)
	case "description":
		it.Description = v
	case "content:encoded":
		it.Content = v
	case "excerpt:encoded":
		it.Excerpt = v
	case "wp:post_id":
		it.PostID = d.num(k, v)
	case "wp:post_date":
		it.PostDateLocal = strings.TrimSpace(v)
	case "wp:post_date_gmt":
		it.PostDate = d.date(k, v)
	case "wp:post_modified_gmt":
		it.Modified = d.date(k, v)
	case "wp:comment_status":
		it.CommentStatus = strings.TrimSpace(v)
	case "wp:ping_status":
		it.PingStatus = strings.TrimSpace(v)
	case "wp:post_name":
		it.Name = strings.TrimSpace(v)
	case "wp:status":
		it.Status = strings.TrimSpace(v)
	case "wp:post_parent":
		it.Parent = d.num(k, v)
	case "wp:menu_order":
		it.MenuOrder = int(d.num(k, v))
	case "wp:post_type":
		it.Type = strings.TrimSpace(v)
	case "wp:post_password":
		it.Password = v
	case "wp:is_sticky":
		it.Sticky = strings.TrimSpace(v) == "1"
	case "wp:attachment_url":
		it.AttachmentURL = strings.TrimSpace(v)
	}
}

func (d *Decoder) comment() (Comment, error) {
	var c Comment
	err := d.fields(func(k, v string) {
		switch k {
		case "wp:comment_id":
			c.ID = d.num(k, v)
		case "wp:comment_author":
			c.Author = v
		case "wp:comment_author_email":
			c.AuthorEmail = strings.TrimSpace(v)
		case "wp:comment_author_url":
			c.AuthorURL = strings.TrimSpace(v)
		case "wp:comment_author_IP":
			c.AuthorIP = strings.TrimSpace(v)
		case "wp:comment_date":
			c.DateLocal = strings.TrimSpace(v)
		case "wp:comment_date_gmt":
			c.Date = d.date(k, v)
		case "wp:comment_content":
			c.Content = v
		case "wp:comment_approved":
			c.Approved = strings.TrimSpace(v)
		case "wp:comment_type":
			c.Type = strings.TrimSpace(v)
		case "wp:comment_parent":
			c.Parent = d.num(k, v)
		case "wp:comment_user_id":
			c.UserID = d.num(k, v)
		}
	}, map[string]func(xml.StartElement) error{"wp:commentmeta": d.meta(&c.Meta)})
	return c, err
}
