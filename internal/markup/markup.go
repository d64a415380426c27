// Package markup turns article Markdown into safe HTML: goldmark renders,
// bluemonday keeps only what an article may contain. The public page, the
// admin preview and the feeds all call Render, so they show the same thing.
package markup

import (
	"bytes"
	stdhtml "html"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
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
	var out []Block
	var buf bytes.Buffer
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		buf.Reset()
		if err := md.Renderer().Render(&buf, source, n); err != nil {
			continue // only a failing writer makes Render fail
		}
		h := strings.TrimSpace(policy.Sanitize(buf.String()))
		if h == "" {
			continue
		}
		out = append(out, Block{HTML: h + "\n", Paragraph: n.Kind() == ast.KindParagraph})
	}
	return out
}

// Text returns the plain text of a Markdown document (for descriptions,
// search snippets and feeds' summaries): tags stripped, entities decoded,
// white space folded.
func Text(src string) string {
	h := bluemonday.StrictPolicy().Sanitize(Render(src))
	return strings.Join(strings.Fields(stdhtml.UnescapeString(h)), " ")
}
