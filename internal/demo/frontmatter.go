package demo

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// entry is one demo article as written in articles/*.md: a front-matter
// header between two "---" lines, then the Markdown body.
//
//	---
//	id: demo-001
//	title: Un titre
//	lead: Le chapeau, une ou deux phrases.
//	category: international
//	authors: claire-moreau, karim-benali
//	tags: Asie centrale, Diplomatie
//	image: astana.svg
//	alt: Texte alternatif
//	caption: Légende
//	age: 30h              (published this long before "now"; negative: in the future)
//	status: published     (optional: published, draft or scheduled)
//	source: Nom de l'agence (optional)
//	source_url: https://…  (optional)
//	translated_from: en    (optional)
//	---
//	Corps en Markdown…
type entry struct {
	ExternalID     string
	Title          string
	Lead           string
	Category       string   // category slug
	Authors        []string // author slugs
	Tags           []string // tag names
	Image          string   // file name in images/
	Alt            string
	Caption        string
	Age            time.Duration
	Status         string
	Source         string
	SourceURL      string
	TranslatedFrom string
	Body           string
}

var errFrontMatter = errors.New("demo: bad front matter")

// parseEntry reads one article file. It is strict: unknown keys, repeated
// keys and missing required keys are errors, so a typo in a data file fails
// the tests instead of silently dropping a field.
func parseEntry(src string) (entry, error) {
	var e entry
	if !utf8.ValidString(src) {
		return e, fmt.Errorf("%w: not UTF-8", errFrontMatter)
	}
	src = strings.ReplaceAll(src, "\r\n", "\n")
	rest, ok := strings.CutPrefix(src, "---\n")
	if !ok {
		return e, fmt.Errorf("%w: must start with a --- line", errFrontMatter)
	}
	head, body, ok := strings.Cut(rest, "\n---\n")
	if !ok {
		return e, fmt.Errorf("%w: no closing --- line", errFrontMatter)
	}
	seen := map[string]bool{}
	for i, line := range strings.Split(head, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		if !ok || key == "" {
			return e, fmt.Errorf("%w: line %d: want key: value", errFrontMatter, i+2)
		}
		if seen[key] {
			return e, fmt.Errorf("%w: line %d: %s repeated", errFrontMatter, i+2, key)
		}
		seen[key] = true
		switch key {
		case "id":
			e.ExternalID = val
		case "title":
			e.Title = val
		case "lead":
			e.Lead = val
		case "category":
			e.Category = val
		case "authors":
			e.Authors = splitList(val)
		case "tags":
			e.Tags = splitList(val)
		case "image":
			e.Image = val
		case "alt":
			e.Alt = val
		case "caption":
			e.Caption = val
		case "age":
			d, err := time.ParseDuration(val)
			if err != nil {
				return e, fmt.Errorf("%w: line %d: age: %v", errFrontMatter, i+2, err)
			}
			e.Age = d
		case "status":
			e.Status = val
		case "source":
			e.Source = val
		case "source_url":
			e.SourceURL = val
		case "translated_from":
			e.TranslatedFrom = val
		default:
			return e, fmt.Errorf("%w: line %d: unknown key %q", errFrontMatter, i+2, key)
		}
	}
	e.Body = strings.TrimSpace(body) + "\n"
	if e.Status == "" {
		e.Status = "published"
	}
	for _, req := range []struct{ name, val string }{
		{"id", e.ExternalID}, {"title", e.Title}, {"lead", e.Lead},
		{"category", e.Category}, {"image", e.Image}, {"alt", e.Alt},
	} {
		if req.val == "" {
			return e, fmt.Errorf("%w: %s is required", errFrontMatter, req.name)
		}
	}
	if !seen["age"] {
		return e, fmt.Errorf("%w: age is required", errFrontMatter)
	}
	if len(e.Authors) == 0 {
		return e, fmt.Errorf("%w: authors is required", errFrontMatter)
	}
	switch e.Status {
	case "published", "draft", "scheduled":
	default:
		return e, fmt.Errorf("%w: status %q", errFrontMatter, e.Status)
	}
	if strings.TrimSpace(e.Body) == "" {
		return e, fmt.Errorf("%w: empty body", errFrontMatter)
	}
	return e, nil
}

// splitList splits "a, b, c" into its non-empty trimmed items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
