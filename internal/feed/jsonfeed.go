package feed

import (
	"encoding/json"
	"fmt"
	"io"
)

// JSONFeedVersion is the version URL of JSON Feed 1.1.
const JSONFeedVersion = "https://jsonfeed.org/version/1.1"

type jsonFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url,omitempty"`
	FeedURL     string       `json:"feed_url,omitempty"`
	Description string       `json:"description,omitempty"`
	Language    string       `json:"language,omitempty"`
	Authors     []jsonPerson `json:"authors,omitempty"`
	Items       []jsonItem   `json:"items"`
}

type jsonPerson struct {
	Name string `json:"name,omitempty"`
	URL  string `json:"url,omitempty"`
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url,omitempty"`
	Title         string       `json:"title,omitempty"`
	ContentHTML   string       `json:"content_html"`
	Summary       string       `json:"summary,omitempty"`
	Image         string       `json:"image,omitempty"`
	DatePublished string       `json:"date_published,omitempty"`
	DateModified  string       `json:"date_modified,omitempty"`
	Authors       []jsonPerson `json:"authors,omitempty"`
	Tags          []string     `json:"tags,omitempty"`
	Language      string       `json:"language,omitempty"`
}

// WriteJSONFeed writes a JSON Feed 1.1 document of items. content_html is
// always present (possibly empty), as the format requires one content field.
func WriteJSONFeed(w io.Writer, c Channel, items []Item) error {
	f := jsonFeed{
		Version:     JSONFeedVersion,
		Title:       clean(c.Title),
		HomePageURL: clean(c.HomeURL),
		FeedURL:     clean(c.FeedURL),
		Description: clean(c.Description),
		Language:    langTag(c.Lang),
		Authors:     []jsonPerson{{Name: clean(c.Title), URL: clean(c.HomeURL)}},
		Items:       []jsonItem{},
	}
	for _, it := range items {
		ji := jsonItem{
			ID:            clean(it.ID),
			URL:           clean(it.URL),
			Title:         clean(it.Title),
			ContentHTML:   clean(it.ContentHTML),
			Summary:       clean(it.Summary),
			DatePublished: rfc3339(it.Published),
			DateModified:  rfc3339(it.Updated),
			Tags:          cleanAll(it.Categories),
			Language:      langTag(it.Lang),
		}
		for _, a := range it.Authors {
			ji.Authors = append(ji.Authors, jsonPerson{Name: clean(a.Name), URL: clean(a.URL)})
		}
		if img := it.Image; img != nil {
			ji.Image = clean(img.URL)
		}
		f.Items = append(f.Items, ji)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("feed: json: %w", err)
	}
	return nil
}
