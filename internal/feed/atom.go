package feed

import (
	"encoding/xml"
	"io"
	"strconv"
)

type atomFeed struct {
	XMLName  xml.Name    `xml:"feed"`
	NS       string      `xml:"xmlns,attr"`
	Lang     string      `xml:"xml:lang,attr,omitempty"`
	ID       string      `xml:"id"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomPerson  `xml:"author"`
	Gen      string      `xml:"generator,omitempty"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href   string `xml:"href,attr"`
	Rel    string `xml:"rel,attr,omitempty"`
	Type   string `xml:"type,attr,omitempty"`
	Length string `xml:"length,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomText struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Authors    []atomPerson   `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary"`
	Content    *atomText      `xml:"content"`
}

// WriteAtom writes an Atom 1.0 (RFC 4287) feed of items. The feed has the
// channel's title as author, so entries without authors stay valid. It
// returns the writer's error, if any.
func WriteAtom(w io.Writer, c Channel, items []Item) error {
	f := atomFeed{
		NS:       NSAtom,
		Lang:     c.Lang,
		ID:       clean(c.FeedURL),
		Title:    clean(c.Title),
		Subtitle: clean(c.Description),
		Updated:  rfc3339(c.updated(items)),
		Links: []atomLink{
			{Href: clean(c.FeedURL), Rel: "self", Type: "application/atom+xml"},
			{Href: clean(c.HomeURL), Rel: "alternate", Type: "text/html"},
		},
		Author: atomPerson{Name: clean(c.Title), URI: clean(c.HomeURL)},
		Gen:    clean(c.Generator),
	}
	for _, it := range items {
		e := atomEntry{
			ID:        clean(it.ID),
			Title:     atomText{Type: "text", Value: clean(it.Title)},
			Links:     []atomLink{{Href: clean(it.URL), Rel: "alternate", Type: "text/html"}},
			Published: rfc3339(it.Published),
			Updated:   rfc3339(it.Updated),
		}
		for _, a := range it.Authors {
			e.Authors = append(e.Authors, atomPerson{Name: clean(a.Name), URI: clean(a.URL)})
		}
		for _, cat := range cleanAll(it.Categories) {
			e.Categories = append(e.Categories, atomCategory{Term: cat})
		}
		if s := clean(it.Summary); s != "" {
			e.Summary = &atomText{Type: "text", Value: s}
		}
		if h := clean(it.ContentHTML); h != "" {
			e.Content = &atomText{Type: "html", Value: h}
		}
		if img := it.Image; img != nil {
			typ := img.Type
			if typ == "" {
				typ = "image/jpeg"
			}
			e.Links = append(e.Links, atomLink{Href: clean(img.URL), Rel: "enclosure", Type: typ, Length: strconv.Itoa(0)})
		}
		f.Entries = append(f.Entries, e)
	}
	return writeXML(w, f)
}
