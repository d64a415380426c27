package feed

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Namespaces used by the feeds and sitemaps.
const (
	NSAtom    = "http://www.w3.org/2005/Atom"
	NSContent = "http://purl.org/rss/1.0/modules/content/"
	NSDC      = "http://purl.org/dc/elements/1.1/"
	NSMedia   = "http://search.yahoo.com/mrss/"
	NSSitemap = "http://www.sitemaps.org/schemas/sitemap/0.9"
	NSNews    = "http://www.google.com/schemas/sitemap-news/0.9"
)

// encoding/xml writes prefixed names only when spelled out literally, so the
// writer's structs name elements "content:encoded" and declare the prefixes
// on the root; readers (and our tests) resolve them by namespace URI.
type rssDoc struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	NSAtom    string     `xml:"xmlns:atom,attr"`
	NSContent string     `xml:"xmlns:content,attr"`
	NSDC      string     `xml:"xmlns:dc,attr"`
	NSMedia   string     `xml:"xmlns:media,attr"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language,omitempty"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Generator     string    `xml:"generator,omitempty"`
	Self          rssSelf   `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type rssSelf struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type rssEnclosure struct {
	URL    string `xml:"url,attr"`
	Length string `xml:"length,attr"`
	Type   string `xml:"type,attr"`
}

type mediaContent struct {
	URL         string `xml:"url,attr"`
	Medium      string `xml:"medium,attr"`
	Type        string `xml:"type,attr,omitempty"`
	Width       string `xml:"width,attr,omitempty"`
	Height      string `xml:"height,attr,omitempty"`
	Description string `xml:"media:description,omitempty"`
}

type rssItem struct {
	Title       string        `xml:"title"`
	Link        string        `xml:"link"`
	GUID        rssGUID       `xml:"guid"`
	Description string        `xml:"description"`
	Content     string        `xml:"content:encoded,omitempty"`
	Creators    []string      `xml:"dc:creator"`
	Categories  []string      `xml:"category"`
	PubDate     string        `xml:"pubDate"`
	Enclosure   *rssEnclosure `xml:"enclosure"`
	Media       *mediaContent `xml:"media:content"`
}

// rfc822 is RFC 822 with a four-digit year and a numeric zone, the form RSS
// readers parse best.
func rfc822(t time.Time) string { return t.UTC().Format(time.RFC1123Z) }

// WriteRSS writes an RSS 2.0 feed of items (with content:encoded, dc:creator,
// enclosure and media:content for the featured image). It returns the
// writer's error, if any.
func WriteRSS(w io.Writer, c Channel, items []Item) error {
	doc := rssDoc{
		Version: "2.0", NSAtom: NSAtom, NSContent: NSContent, NSDC: NSDC, NSMedia: NSMedia,
		Channel: rssChannel{
			Title:       clean(c.Title),
			Link:        clean(c.HomeURL),
			Description: clean(c.Description),
			Language:    langTag(c.Lang),
			Generator:   clean(c.Generator),
			Self:        rssSelf{Href: clean(c.FeedURL), Rel: "self", Type: "application/rss+xml"},
		},
	}
	if doc.Channel.Description == "" {
		doc.Channel.Description = doc.Channel.Title // required by RSS 2.0
	}
	if u := c.updated(items); !u.IsZero() {
		doc.Channel.LastBuildDate = rfc822(u)
	}
	for _, it := range items {
		ri := rssItem{
			Title:       clean(it.Title),
			Link:        clean(it.URL),
			GUID:        rssGUID{IsPermaLink: "true", Value: clean(it.ID)},
			Description: clean(it.Summary),
			Content:     clean(it.ContentHTML),
			Categories:  cleanAll(it.Categories),
			PubDate:     rfc822(it.Published),
		}
		for _, a := range it.Authors {
			ri.Creators = append(ri.Creators, clean(a.Name))
		}
		if img := it.Image; img != nil {
			typ := img.Type
			if typ == "" {
				typ = "image/jpeg"
			}
			// The length is unknown without fetching the file; 0 is the
			// customary value and readers accept it.
			ri.Enclosure = &rssEnclosure{URL: clean(img.URL), Length: "0", Type: typ}
			ri.Media = &mediaContent{URL: clean(img.URL), Medium: "image", Type: img.Type,
				Width: dim(img.Width), Height: dim(img.Height), Description: clean(img.Alt)}
		}
		doc.Channel.Items = append(doc.Channel.Items, ri)
	}
	return writeXML(w, doc)
}

func dim(n int) string {
	if n <= 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func cleanAll(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if s = clean(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("feed: write: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("feed: encode: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("feed: write: %w", err)
	}
	return nil
}
