package demo

import (
	"errors"
	"strings"
	"testing"
	"time"
)

const okEntry = `---
id: demo-999
title: Un titre d'essai
lead: Un chapeau.
category: europe
authors: claire-moreau, karim-benali
tags: Asie centrale, , Diplomatie
image: astana.svg
alt: Une tour
caption: Une légende
age: 26h30m
source: Agence
source_url: https://example.org/a
translated_from: en
---

Premier paragraphe.

Second: avec deux-points.
`

func TestParseEntry(t *testing.T) {
	e, err := parseEntry(okEntry)
	if err != nil {
		t.Fatal(err)
	}
	want := entry{
		ExternalID: "demo-999", Title: "Un titre d'essai", Lead: "Un chapeau.",
		Category: "europe", Image: "astana.svg", Alt: "Une tour", Caption: "Une légende",
		Age: 26*time.Hour + 30*time.Minute, Status: "published",
		Source: "Agence", SourceURL: "https://example.org/a", TranslatedFrom: "en",
		Body: "Premier paragraphe.\n\nSecond: avec deux-points.\n",
	}
	if e.ExternalID != want.ExternalID || e.Title != want.Title || e.Lead != want.Lead ||
		e.Category != want.Category || e.Image != want.Image || e.Alt != want.Alt ||
		e.Caption != want.Caption || e.Age != want.Age || e.Status != want.Status ||
		e.Source != want.Source || e.SourceURL != want.SourceURL ||
		e.TranslatedFrom != want.TranslatedFrom || e.Body != want.Body {
		t.Errorf("got %+v\nwant %+v", e, want)
	}
	if strings.Join(e.Authors, "|") != "claire-moreau|karim-benali" {
		t.Errorf("authors %q", e.Authors)
	}
	if strings.Join(e.Tags, "|") != "Asie centrale|Diplomatie" {
		t.Errorf("tags %q", e.Tags)
	}
	// CRLF files read the same.
	e2, err := parseEntry(strings.ReplaceAll(okEntry, "\n", "\r\n"))
	if err != nil || e2.Body != e.Body || e2.Title != e.Title {
		t.Errorf("CRLF: %v %+v", err, e2)
	}
}

func TestParseEntryErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
	}{
		{"no header", "Premier paragraphe.\n"},
		{"unclosed", "---\nid: x\n"},
		{"unknown key", strings.Replace(okEntry, "caption:", "legende:", 1)},
		{"repeated key", strings.Replace(okEntry, "caption:", "title:", 1)},
		{"no colon", strings.Replace(okEntry, "caption: Une légende", "caption", 1)},
		{"missing title", strings.Replace(okEntry, "title: Un titre d'essai\n", "", 1)},
		{"missing age", strings.Replace(okEntry, "age: 26h30m\n", "", 1)},
		{"bad age", strings.Replace(okEntry, "age: 26h30m", "age: deux jours", 1)},
		{"missing authors", strings.Replace(okEntry, "authors: claire-moreau, karim-benali", "authors: ,", 1)},
		{"bad status", strings.Replace(okEntry, "age:", "status: live\nage:", 1)},
		{"empty body", strings.SplitAfter(okEntry, "\n---\n")[0]},
		{"not utf8", "---\nid: \xff\n---\nx\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := parseEntry(tt.src); !errors.Is(err, errFrontMatter) {
				t.Errorf("err = %v, want errFrontMatter", err)
			}
		})
	}
}

func FuzzParseEntry(f *testing.F) {
	f.Add(okEntry)
	f.Add("---\n---\n")
	f.Add("---\nid: a\n---\n\n")
	f.Add("---\nage: -3h\nstatus: draft\n---\nx")
	f.Fuzz(func(t *testing.T, src string) {
		e, err := parseEntry(src)
		if err != nil {
			if !errors.Is(err, errFrontMatter) {
				t.Fatalf("error %v does not wrap errFrontMatter", err)
			}
			return
		}
		if e.ExternalID == "" || e.Title == "" || len(e.Authors) == 0 || strings.TrimSpace(e.Body) == "" {
			t.Fatalf("accepted incomplete entry %+v", e)
		}
	})
}
