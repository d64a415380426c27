// Package article holds the newsroom's content model: articles, categories,
// tags and authors, with the rules that govern them (slugs, states,
// visibility). It knows nothing of HTTP or SQL.
package article

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ID identifies an article in the store.
type ID int64

// Status is where an article stands in its life.
type Status string

// The article states. Only Published articles are ever shown to readers, and
// only once their publication time has come.
const (
	Draft     Status = "draft"
	Pending   Status = "pending" // submitted for review by an author
	Scheduled Status = "scheduled"
	Published Status = "published"
	Archived  Status = "archived"
)

// Valid reports whether s is one of the known states.
func (s Status) Valid() bool {
	switch s {
	case Draft, Pending, Scheduled, Published, Archived:
		return true
	}
	return false
}

// Languages the product speaks; an article's Lang is one of them.
var Languages = []string{"fr", "en"}

// ValidLang reports whether lang is a supported language code.
func ValidLang(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// Image is a picture shown with an article (featured image) or an author.
type Image struct {
	URL     string `json:"url,omitempty"`
	Alt     string `json:"alt,omitempty"`
	Caption string `json:"caption,omitempty"`
	Credit  string `json:"credit,omitempty"`
	Width   int    `json:"width,omitempty"`
	Height  int    `json:"height,omitempty"`
}

// Source attributes an article taken or translated from elsewhere.
type Source struct {
	Name           string `json:"name,omitempty"`
	URL            string `json:"url,omitempty"`
	TranslatedFrom string `json:"translated_from,omitempty"` // language code of the original
}

// Article is one news story.
type Article struct {
	ID          ID        `json:"id"`
	ExternalID  string    `json:"external_id"`
	Slug        string    `json:"slug"`
	Title       string    `json:"title"`
	Lead        string    `json:"lead"`
	Body        string    `json:"body"` // Markdown
	Lang        string    `json:"lang"`
	Status      Status    `json:"status"`
	PublishedAt time.Time `json:"published"` // zero until published or scheduled
	CreatedAt   time.Time `json:"created"`
	UpdatedAt   time.Time `json:"updated"`
	Category    *Category `json:"category,omitempty"`
	Tags        []Tag     `json:"tags"`
	Authors     []Author  `json:"authors"`
	Image       Image     `json:"image"`
	Source      Source    `json:"source"`
	// TranslationGroup links versions of one story in several languages;
	// zero when the article has no translation.
	TranslationGroup int64 `json:"translation_group,omitempty"`
}

// Visible reports whether readers may see the article at time now.
func (a *Article) Visible(now time.Time) bool {
	return a.Status == Published && !a.PublishedAt.IsZero() && !a.PublishedAt.After(now)
}

// Limits on article fields, checked by Validate.
const (
	MaxTitle = 300
	MaxLead  = 2000
	MaxBody  = 1 << 20 // 1 MiB of Markdown
)

// ErrInvalid marks an article that breaks a rule; the wrapped FieldErrors say
// which fields and why.
var ErrInvalid = errors.New("invalid")

// FieldErrors maps a field name to a message catalog key.
type FieldErrors map[string]string

func (fe FieldErrors) Error() string {
	var b strings.Builder
	b.WriteString("invalid article:")
	for k, v := range fe {
		fmt.Fprintf(&b, " %s=%s", k, v)
	}
	return b.String()
}

// Is lets errors.Is(err, ErrInvalid) match a FieldErrors.
func (fe FieldErrors) Is(target error) bool { return target == ErrInvalid }

// Validate checks the article's fields and returns FieldErrors (matching
// ErrInvalid) when any rule is broken, nil otherwise. Keys are catalog keys.
func (a *Article) Validate() error {
	fe := FieldErrors{}
	for name, v := range map[string]string{"title": a.Title, "lead": a.Lead, "body": a.Body, "slug": a.Slug} {
		if !utf8.ValidString(v) {
			fe[name] = "error.invalid_utf8"
		}
	}
	switch {
	case strings.TrimSpace(a.Title) == "":
		fe["title"] = "error.required"
	case utf8.RuneCountInString(a.Title) > MaxTitle:
		fe["title"] = "error.too_long"
	}
	if utf8.RuneCountInString(a.Lead) > MaxLead {
		fe["lead"] = "error.too_long"
	}
	if len(a.Body) > MaxBody {
		fe["body"] = "error.too_long"
	}
	if a.Slug != "" && (Slugify(a.Slug) != a.Slug || IsReserved(a.Slug)) {
		fe["slug"] = "error.slug_invalid"
	}
	if !ValidLang(a.Lang) {
		fe["lang"] = "error.lang_invalid"
	}
	if !a.Status.Valid() {
		fe["status"] = "error.status_invalid"
	}
	if a.Status == Scheduled && a.PublishedAt.IsZero() {
		fe["published"] = "error.schedule_needs_date"
	}
	if len(fe) > 0 {
		return fe
	}
	return nil
}

// ReadingMinutes estimates the reading time of the article, at 230 words a
// minute, never less than one minute.
func (a *Article) ReadingMinutes() int {
	words := countWords(a.Lead) + countWords(a.Body)
	m := (words + 229) / 230
	if m < 1 {
		m = 1
	}
	return m
}

// countWords is len(strings.Fields(s)) without building the slice: lists
// call ReadingMinutes for every teaser, on whole bodies.
func countWords(s string) int {
	n, inWord := 0, false
	for i := 0; i < len(s); {
		var space bool
		if c := s[i]; c < utf8.RuneSelf {
			space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
			i += size
		}
		if space {
			inWord = false
		} else if !inWord {
			inWord, n = true, n+1
		}
	}
	return n
}

// Category is a section of the site (Monde, Économie…), shown in the navigation.
type Category struct {
	ID          int64  `json:"id"`
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Position    int    `json:"position"` // order in the navigation, ascending
}

// Tag is a free keyword shared across articles.
type Tag struct {
	ID   int64  `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// Author is a person with a public profile who signs articles. Login accounts
// are a separate thing that may point to an Author.
type Author struct {
	ID    int64  `json:"id"`
	Slug  string `json:"slug"`
	Name  string `json:"name"`
	Bio   string `json:"bio,omitempty"`
	Photo string `json:"photo,omitempty"`
}
