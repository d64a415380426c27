// Package syndication pulls articles from other sites' RSS and Atom feeds:
// it fetches a source politely (ETag, Last-Modified, timeouts, a bounded
// number of redirects and bytes), skips what it has seen (same GUID, same
// URL, or nearly the same text), machine-translates when the source asks
// for it through a LibreTranslate-compatible service, and stores each new
// item as an article that names its source. Poller does it for every
// source at its interval.
//
// Unlike the domain packages, syndication speaks HTTP: fetching feeds and
// calling the translator is its job. It reaches the database only through
// store interfaces.
package syndication

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"strings"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// Entry is one item of a feed, whatever its format.
type Entry struct {
	GUID      string // RSS guid or Atom id; the link when the feed has none
	Link      string
	Title     string
	Summary   string // RSS description or Atom summary (HTML)
	Content   string // content:encoded or Atom content (HTML); may be empty
	Author    string
	Published time.Time // zero when the feed gives no date
}

// Feed is a parsed feed.
type Feed struct {
	Title   string
	Link    string
	Lang    string
	Entries []Entry
}

// maxEntries bounds how many entries one feed may yield.
const maxEntries = 1000

// rawFeed mirrors RSS 2.0, RSS 1.0 (RDF) and Atom at once: the root
// element's name says which fields to read.
type rawFeed struct {
	XMLName xml.Name
	// RSS 2.0
	Channel struct {
		Title string    `xml:"title"`
		Link  string    `xml:"link"`
		Lang  string    `xml:"language"`
		Items []rawItem `xml:"item"`
	} `xml:"channel"`
	// RSS 1.0 puts items next to the channel.
	RDFItems []rawItem `xml:"item"`
	// Atom
	Title   string     `xml:"title"`
	Links   []atomLink `xml:"link"`
	Lang    string     `xml:"lang,attr"`
	Entries []rawEntry `xml:"entry"`
}

type rawItem struct {
	Title       string `xml:"title"`
	Link        string `xml:"link"`
	GUID        string `xml:"guid"`
	Description string `xml:"description"`
	Content     string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
	PubDate     string `xml:"pubDate"`
	DCDate      string `xml:"http://purl.org/dc/elements/1.1/ date"`
	Creator     string `xml:"http://purl.org/dc/elements/1.1/ creator"`
	Author      string `xml:"author"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",innerxml"`
}

// text returns the HTML of an Atom text construct.
func (t atomText) text() string {
	s := strings.TrimSpace(t.Body)
	if t.Type == "xhtml" {
		return s // already markup
	}
	// text and html are escaped once in the XML: unescape by decoding.
	var out struct {
		V string `xml:",chardata"`
	}
	if err := xml.Unmarshal([]byte("<x>"+s+"</x>"), &out); err == nil {
		s = out.V
	}
	if t.Type == "" || t.Type == "text" {
		return escapeText(s)
	}
	return s
}

type rawEntry struct {
	ID        string     `xml:"id"`
	Title     atomText   `xml:"title"`
	Links     []atomLink `xml:"link"`
	Summary   atomText   `xml:"summary"`
	Content   atomText   `xml:"content"`
	Published string     `xml:"published"`
	Updated   string     `xml:"updated"`
	Author    struct {
		Name string `xml:"name"`
	} `xml:"author"`
}

// Parse reads an RSS 2.0, RSS 1.0 or Atom 1.0 feed. Entries without a title
// and a link are dropped; at most 1000 entries are kept.
func Parse(r io.Reader) (*Feed, error) {
	d := xml.NewDecoder(r)
	d.Strict = false // feeds in the wild are often slightly broken
	d.Entity = xml.HTMLEntity
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf-8", "utf8", "us-ascii":
			return in, nil
		case "iso-8859-1", "latin1":
			return charmap.ISO8859_1.NewDecoder().Reader(in), nil
		case "windows-1252", "cp1252":
			return charmap.Windows1252.NewDecoder().Reader(in), nil
		}
		return nil, fmt.Errorf("unsupported encoding %q", label)
	}
	var raw rawFeed
	if err := d.Decode(&raw); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("syndication: empty feed")
		}
		return nil, fmt.Errorf("syndication: not a feed: %w", err)
	}
	f := &Feed{}
	switch strings.ToLower(raw.XMLName.Local) {
	case "rss":
		f.Title, f.Link, f.Lang = raw.Channel.Title, raw.Channel.Link, raw.Channel.Lang
		f.Entries = rssEntries(raw.Channel.Items)
	case "rdf":
		f.Entries = rssEntries(raw.RDFItems)
	case "feed":
		f.Title, f.Lang = raw.Title, raw.Lang
		f.Link = alternate(raw.Links)
		for _, e := range raw.Entries {
			f.Entries = append(f.Entries, Entry{
				GUID: strings.TrimSpace(e.ID), Link: alternate(e.Links), Title: strings.TrimSpace(e.Title.text()),
				Summary: e.Summary.text(), Content: e.Content.text(), Author: strings.TrimSpace(e.Author.Name),
				Published: date(e.Published, e.Updated),
			})
		}
	default:
		return nil, fmt.Errorf("syndication: <%s> is not an RSS or Atom feed", raw.XMLName.Local)
	}
	kept := f.Entries[:0]
	for _, e := range f.Entries {
		if e.GUID == "" {
			e.GUID = e.Link
		}
		if e.Title == "" || e.GUID == "" {
			continue
		}
		kept = append(kept, e)
		if len(kept) == maxEntries {
			break
		}
	}
	f.Entries = kept
	return f, nil
}

func rssEntries(items []rawItem) []Entry {
	out := make([]Entry, 0, len(items))
	for _, it := range items {
		author := it.Creator
		if author == "" {
			author = it.Author
		}
		out = append(out, Entry{
			GUID: strings.TrimSpace(it.GUID), Link: strings.TrimSpace(it.Link), Title: strings.TrimSpace(it.Title),
			Summary: it.Description, Content: it.Content, Author: strings.TrimSpace(author),
			Published: date(it.PubDate, it.DCDate),
		})
	}
	return out
}

func alternate(links []atomLink) string {
	for _, l := range links {
		if l.Rel == "" || l.Rel == "alternate" {
			return strings.TrimSpace(l.Href)
		}
	}
	return ""
}

// date parses the first of values that is an RFC 822 or RFC 3339 date.
func date(values ...string) time.Time {
	for _, v := range values {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		if t, err := mail.ParseDate(v); err == nil {
			return t.UTC()
		}
		for _, layout := range []string{time.RFC3339, time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
			if t, err := time.Parse(layout, v); err == nil {
				return t.UTC()
			}
		}
	}
	return time.Time{}
}

func escapeText(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s)) // a bytes.Buffer never fails
	return b.String()
}
