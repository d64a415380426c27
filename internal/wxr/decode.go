package wxr

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/mail"
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
	// entryBytes counts the text kept for the entry being read; past
	// 4 × the field limit (a post with a million comments) the rest of
	// the entry is read but dropped, and the entry reported.
	entryBytes int
	maxEntry   int
	overflow   bool
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
	x.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		r, err := charsetReader(label, in)
		if r != in {
			g.raw = true // the charset decoder makes UTF-8 of its own bytes
		}
		return r, err
	}
	return &Decoder{g: g, x: x, maxEntry: 4 * maxField}
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

// Repaired is how many invalid UTF-8 sequences have been replaced by
// U+FFFD so far. Compare it before and after Next to know whether an entry
// had some.
func (d *Decoder) Repaired() int { return d.g.repaired }

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
	d.entryBytes, d.overflow = 0, false
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
	d.entryBytes += b.Len()
	if d.entryBytes > d.maxEntry {
		if !d.overflow {
			d.fieldErrs = append(d.fieldErrs, fmt.Sprintf("the entry holds more than %d MiB of text", d.maxEntry>>20))
		}
		d.overflow = true
		return "", nil
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
