package seo

import "time"

// NewsArticleLD is the schema.org NewsArticle that article pages embed as
// JSON-LD.
type NewsArticleLD struct {
	Context          string         `json:"@context"`
	Type             string         `json:"@type"`
	Headline         string         `json:"headline"`
	Description      string         `json:"description,omitempty"`
	Image            []ImageLD      `json:"image,omitempty"`
	DatePublished    string         `json:"datePublished,omitempty"`
	DateModified     string         `json:"dateModified,omitempty"`
	Author           []PersonLD     `json:"author,omitempty"`
	Publisher        OrganizationLD `json:"publisher"`
	MainEntityOfPage WebPageLD      `json:"mainEntityOfPage"`
	InLanguage       string         `json:"inLanguage,omitempty"`
	ArticleSection   string         `json:"articleSection,omitempty"`
	Keywords         []string       `json:"keywords,omitempty"`
}

// ImageLD is a schema.org ImageObject.
type ImageLD struct {
	Type   string `json:"@type"`
	URL    string `json:"url"`
	Width  int    `json:"width,omitempty"`
	Height int    `json:"height,omitempty"`
}

// PersonLD is a schema.org Person.
type PersonLD struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// OrganizationLD is the publisher.
type OrganizationLD struct {
	Type string   `json:"@type"`
	Name string   `json:"name"`
	Logo *ImageLD `json:"logo,omitempty"`
}

// WebPageLD is the page the article is the main entity of.
type WebPageLD struct {
	Type string `json:"@type"`
	ID   string `json:"@id"`
}

// NewsArticle returns the JSON-LD object of an article page.
func (m Meta) NewsArticle() NewsArticleLD {
	ld := NewsArticleLD{
		Context:          "https://schema.org",
		Type:             "NewsArticle",
		Headline:         m.Title,
		Description:      m.Description,
		Publisher:        OrganizationLD{Type: "Organization", Name: m.SiteName},
		MainEntityOfPage: WebPageLD{Type: "WebPage", ID: m.Canonical},
		InLanguage:       m.Lang,
		ArticleSection:   m.Section,
		Keywords:         m.Tags,
		DatePublished:    ldTime(m.Published),
		DateModified:     ldTime(m.Modified),
	}
	if m.Image != nil {
		ld.Image = []ImageLD{{Type: "ImageObject", URL: m.Image.URL, Width: m.Image.Width, Height: m.Image.Height}}
	}
	for _, a := range m.Authors {
		ld.Author = append(ld.Author, PersonLD{Type: "Person", Name: a.Name, URL: a.URL})
	}
	if m.PublisherLogo != "" {
		ld.Publisher.Logo = &ImageLD{Type: "ImageObject", URL: m.PublisherLogo}
	}
	return ld
}

func ldTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
