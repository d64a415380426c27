// Package i18n holds the interface's message catalogs (French and English)
// and the locale helpers that format dates and numbers for readers.
//
// Catalogs are flat JSON objects embedded from messages/<area>.<lang>.json
// (web.fr.json, admin.en.json…). Each area owns its files; keys start with
// the area ("web.read_also"). Every key must exist in every language: New
// fails otherwise, so a missing translation stops the start, not a page.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"
)

//go:embed messages/*.json
var files embed.FS

// Languages are the supported interface languages; the first is the default.
var Languages = []string{"fr", "en"}

// Bundle holds every catalog. It is safe for concurrent use once built.
type Bundle struct {
	msgs map[string]map[string]string // lang → key → message
}

// New loads the embedded catalogs and checks that each language has exactly
// the same keys.
func New() (*Bundle, error) {
	b := &Bundle{msgs: map[string]map[string]string{}}
	for _, l := range Languages {
		b.msgs[l] = map[string]string{}
	}
	entries, err := files.ReadDir("messages")
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		parts := strings.Split(strings.TrimSuffix(name, ".json"), ".")
		if len(parts) != 2 {
			return nil, fmt.Errorf("i18n: %s: want <area>.<lang>.json", name)
		}
		cat, ok := b.msgs[parts[1]]
		if !ok {
			return nil, fmt.Errorf("i18n: %s: unknown language %q", name, parts[1])
		}
		raw, err := files.ReadFile(path.Join("messages", name))
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		var m map[string]string
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		for k, v := range m {
			if _, dup := cat[k]; dup {
				return nil, fmt.Errorf("i18n: %s: key %q defined twice", name, k)
			}
			cat[k] = v
		}
	}
	if err := b.checkSameKeys(); err != nil {
		return nil, err
	}
	return b, nil
}

// MustNew is New for program start and tests: it panics on a broken catalog.
func MustNew() *Bundle {
	b, err := New()
	if err != nil {
		panic(err)
	}
	return b
}

func (b *Bundle) checkSameKeys() error {
	var missing []string
	for _, l := range Languages {
		for k := range b.msgs[l] {
			for _, other := range Languages {
				if _, ok := b.msgs[other][k]; !ok {
					missing = append(missing, other+":"+k)
				}
			}
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Errorf("i18n: missing translations: %s", strings.Join(missing, ", "))
	}
	return nil
}

// Supported reports whether lang has a catalog.
func (b *Bundle) Supported(lang string) bool {
	_, ok := b.msgs[lang]
	return ok
}

// T returns the message for key in lang, formatted with args by fmt.Sprintf
// when args are given. An unknown language falls back to the default one; an
// unknown key comes back as the key itself, so a mistake shows on the page
// and in tests instead of an empty string.
func (b *Bundle) T(lang, key string, args ...any) string {
	cat, ok := b.msgs[lang]
	if !ok {
		cat = b.msgs[Languages[0]]
	}
	msg, ok := cat[key]
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(msg, args...)
	}
	return msg
}

// Has reports whether key exists (in every language, as New guarantees).
func (b *Bundle) Has(key string) bool {
	_, ok := b.msgs[Languages[0]][key]
	return ok
}

// Messages returns a copy of one language's catalog; tests use it to look for
// strings of the other language on a page.
func (b *Bundle) Messages(lang string) map[string]string {
	out := make(map[string]string, len(b.msgs[lang]))
	for k, v := range b.msgs[lang] {
		out[k] = v
	}
	return out
}
