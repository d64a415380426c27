package ads

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"html/template"
	"io"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Render returns the slot's HTML: an aside with the localized label (e.g.
// "Publicité"), the reserved-height class and the snippet. Lazy slots get
// loading="lazy" on their images and frames.
func (s Slot) Render(label string) template.HTML {
	var b strings.Builder
	b.WriteString(`<aside class="ad-slot ad-slot-`)
	b.WriteString(template.HTMLEscapeString(string(s.Placement)))
	if h := s.Height(); h > 0 {
		b.WriteString(" ad-h-" + strconv.Itoa(h))
	}
	b.WriteString(`" data-position="`)
	b.WriteString(template.HTMLEscapeString(string(s.Placement)))
	b.WriteString(`" data-slot="`)
	b.WriteString(template.HTMLEscapeString(s.ID))
	b.WriteString(`" aria-label="`)
	b.WriteString(template.HTMLEscapeString(label))
	b.WriteString(`"><span class="ad-label" aria-hidden="true">`)
	b.WriteString(template.HTMLEscapeString(label))
	b.WriteString(`</span><div class="ad-body">`)
	snippet := s.HTML
	if s.Lazy() {
		snippet = lazy(snippet)
	}
	b.WriteString(snippet) // trusted: written by the site's editors
	b.WriteString(`</div></aside>`)
	return template.HTML(b.String())
}

// lazy adds loading="lazy" to <img> and <iframe> tags that do not say how
// to load, and leaves every other byte as it was.
func lazy(snippet string) string {
	if !strings.Contains(snippet, "<img") && !strings.Contains(snippet, "<iframe") &&
		!strings.Contains(snippet, "<IMG") && !strings.Contains(snippet, "<IFRAME") {
		return snippet
	}
	z := html.NewTokenizer(strings.NewReader(snippet))
	var out bytes.Buffer
	consumed := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				return snippet
			}
			// An unfinished tag at the end is not a token: keep its bytes.
			out.WriteString(snippet[consumed:])
			return out.String()
		}
		raw := z.Raw()
		consumed += len(raw)
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			out.Write(raw)
			continue
		}
		name, hasAttr := z.TagName()
		a := atom.Lookup(name)
		if (a != atom.Img && a != atom.Iframe) || hasLoading(z, hasAttr) {
			out.Write(raw)
			continue
		}
		// Insert the attribute right after the tag name, keeping the rest.
		n := 1 + len(name)
		out.Write(raw[:n])
		out.WriteString(` loading="lazy"`)
		out.Write(raw[n:])
	}
}

// hasLoading consumes the current tag's attributes and reports whether one
// is "loading". Raw() stays valid: it was taken before.
func hasLoading(z *html.Tokenizer, more bool) bool {
	for more {
		var k []byte
		k, _, more = z.TagAttr()
		if string(k) == "loading" {
			return true
		}
	}
	return false
}

// InlineScriptHashes returns the CSP hash sources ('sha256-…') of the inline
// scripts in the enabled slots' snippets, so that an ad network's inline
// bootstrap can run without allowing every inline script.
func (set Set) InlineScriptHashes() []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range set {
		if !s.Enabled {
			continue
		}
		for _, body := range inlineScripts(s.HTML) {
			sum := sha256.Sum256([]byte(body))
			h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
			if !seen[h] {
				seen[h] = true
				out = append(out, h)
			}
		}
	}
	return out
}

// inlineScripts returns the exact text of the <script> elements without a
// src attribute.
func inlineScripts(snippet string) []string {
	z := html.NewTokenizer(strings.NewReader(snippet))
	var out []string
	inline := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.StartTagToken:
			name, more := z.TagName()
			inline = false
			if atom.Lookup(name) == atom.Script {
				inline = true
				for more {
					var k []byte
					k, _, more = z.TagAttr()
					if string(k) == "src" {
						inline = false
					}
				}
			}
		case html.TextToken:
			if inline {
				out = append(out, string(z.Raw()))
			}
		case html.EndTagToken:
			inline = false
		}
	}
}
