// Package markup turns article Markdown into safe HTML: goldmark renders,
// bluemonday keeps only what an article may contain. The public page, the
// admin preview and the feeds all call Render, so they show the same thing.
package markup

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	xhtml "golang.org/x/net/html"
)

var (
	md = goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify, extension.Typographer),
		// Raw HTML in Markdown passes through goldmark and is then cleaned by
		// the policy, so imported WordPress HTML keeps its safe parts.
		goldmark.WithRendererOptions(html.WithUnsafe()),
	)
	policy = newPolicy()
)

func newPolicy() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.AllowAttrs("class").Matching(bluemonday.SpaceSeparatedTokens).OnElements("figure", "figcaption", "blockquote", "p")
	p.AllowElements("figure", "figcaption")
	p.AllowAttrs("loading").Matching(bluemonday.Paragraph).OnElements("img")
	p.RequireNoFollowOnLinks(false)
	p.RequireNoReferrerOnFullyQualifiedLinks(false)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	return p
}

// Render returns the sanitized HTML of a Markdown document. It never fails:
// Markdown has no syntax errors, and whatever the sanitizer drops is dropped.
func Render(src string) string {
	var b strings.Builder
	for _, blk := range Blocks(src) {
		b.WriteString(blk.HTML)
	}
	return b.String()
}

// Block is one top-level block of a rendered document, already sanitized.
type Block struct {
	HTML      string
	Paragraph bool // a text paragraph (where "Lire aussi" boxes and ads count)
}

// Blocks renders src block by block, so that pages can place boxes between
// paragraphs without parsing HTML. Empty blocks are left out.
func Blocks(src string) []Block {
	source := []byte(src)
	doc := md.Parser().Parse(text.NewReader(source))
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf) // goldmark would make one per Render otherwise
	var rendered []string
	var paragraph []bool
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		buf.Reset()
		if err := md.Renderer().Render(w, source, n); err != nil {
			continue // only a failing writer makes Render fail
		}
		rendered = append(rendered, buf.String())
		paragraph = append(paragraph, n.Kind() == ast.KindParagraph)
	}
	sanitized := sanitizeAll(rendered, !strings.Contains(src, "<"))
	out := make([]Block, 0, len(sanitized))
	for i, h := range sanitized {
		if h = strings.TrimSpace(h); h != "" {
			out = append(out, Block{HTML: h + "\n", Paragraph: paragraph[i]})
		}
	}
	return out
}

// blockMark separates blocks sanitized together. It is random, so no
// article can contain it.
var blockMark = func() string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return "\n\u27e6" + hex.EncodeToString(b[:]) + "\u27e7\n"
}()

// sanitizeAll returns each block of HTML sanitized. Sanitizing costs a
// tokenizer and a writer per call, so when together is set (Markdown
// without raw HTML, whose blocks are each well formed) the blocks go
// through the sanitizer at once, separated by blockMark, which is text
// and so kept in place; otherwise, or should the marks not all come back,
// one by one.
func sanitizeAll(blocks []string, together bool) []string {
	if together && len(blocks) > 1 {
		parts := strings.Split(policy.Sanitize(strings.Join(blocks, blockMark)), blockMark)
		if len(parts) == len(blocks) {
			return parts
		}
	}
	out := make([]string, len(blocks))
	for i, b := range blocks {
		out[i] = policy.Sanitize(b)
	}
	return out
}

// Text returns the plain text of a Markdown document (for descriptions,
// search snippets and feeds' summaries): tags stripped, entities decoded,
// white space folded.
//
// The rendered HTML is already sanitized, so its text is read with an HTML
// tokenizer rather than a second, strict sanitizer: the same text for a
// quarter less time (BenchmarkText; FuzzTextAsStrictPolicy checks they
// agree).
func Text(src string) string {
	z := xhtml.NewTokenizer(strings.NewReader(Render(src)))
	var b strings.Builder
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case xhtml.TextToken:
			b.Write(z.Text())
		}
	}
}
