package wxr

import (
	"html"
	"regexp"
	"strconv"
	"strings"
)

// Media is an attachment that content may show: a [gallery] or a featured
// image points to it by post ID.
type Media struct {
	URL     string
	Alt     string
	Caption string
}

// ContentOptions tell Content how to resolve references to attachments.
type ContentOptions struct {
	// Media returns the attachment with this post ID; nil or false when
	// unknown, in which case the reference is dropped.
	Media func(id int64) (Media, bool)
	// Children are the IDs of the post's own attachments, which a [gallery]
	// without ids shows.
	Children []int64
}

var (
	reBlockComment = regexp.MustCompile(`(?s)<!--\s*/?wp:.*?-->`)
	reMoreComment  = regexp.MustCompile(`<!--\s*(?:more|nextpage|noteaser)\b.*?-->`)
	reCaption      = regexp.MustCompile(`(?s)\[(?:caption|wp_caption)\b([^\]]*)\](.*?)\[/(?:caption|wp_caption)\]`)
	reGallery      = regexp.MustCompile(`\[gallery\b([^\]]*)\]`)
	reEmbed        = regexp.MustCompile(`(?s)\[embed\b[^\]]*\](.*?)\[/embed\]`)
	reMediaCode    = regexp.MustCompile(`\[(?:video|audio)\b([^\]]*)\]`)
	reMediaClose   = regexp.MustCompile(`\[/(?:video|audio|playlist)\]|\[playlist\b[^\]]*\]`)
	reAttr         = regexp.MustCompile(`([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"\]]+))`)
	// The image part of a caption: a linked or bare <img>.
	reCaptionImage = regexp.MustCompile(`(?s)^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$`)
	rePre          = regexp.MustCompile(`(?is)<pre\b.*?</pre>`)
	// A Gutenberg embed block holds its URL as bare text in a wrapper.
	reEmbedBlock   = regexp.MustCompile(`(?s)<div class="wp-block-embed__wrapper">\s*(https?://[^\s<]+)\s*</div>`)
	reManyNewlines = regexp.MustCompile(`\n{3,}`)
)

// Content turns WordPress post HTML into a body for markup.Render: block
// comments go, [caption] becomes <figure> with <figcaption>, [gallery] a
// figure of images, [embed], [video] and [audio] links; other text and HTML
// stay as they are (markup.Render sanitizes them). Lines are unindented
// outside <pre>, so Markdown never mistakes HTML for a code block.
func Content(src string, opt ContentOptions) string {
	s := strings.ReplaceAll(src, "\r\n", "\n")
	s = reBlockComment.ReplaceAllString(s, "")
	s = reMoreComment.ReplaceAllString(s, "")
	s = reCaption.ReplaceAllStringFunc(s, captionFigure)
	s = reGallery.ReplaceAllStringFunc(s, func(m string) string { return galleryFigure(m, opt) })
	s = reEmbed.ReplaceAllStringFunc(s, func(m string) string {
		u := strings.TrimSpace(reEmbed.FindStringSubmatch(m)[1])
		return link(u, u)
	})
	s = reMediaCode.ReplaceAllStringFunc(s, func(m string) string {
		a := attrs(reMediaCode.FindStringSubmatch(m)[1])
		for _, k := range []string{"src", "mp4", "mp3", "webm", "ogg", "m4a"} {
			if u := a[k]; u != "" {
				return link(u, u)
			}
		}
		return ""
	})
	s = reMediaClose.ReplaceAllString(s, "")
	s = reEmbedBlock.ReplaceAllStringFunc(s, func(m string) string {
		u := html.UnescapeString(reEmbedBlock.FindStringSubmatch(m)[1])
		return `<div class="wp-block-embed__wrapper"><a href="` + html.EscapeString(u) + `">` + html.EscapeString(u) + `</a></div>`
	})
	s = unindent(s)
	s = reManyNewlines.ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s)
}

// attrs parses shortcode attributes.
func attrs(s string) map[string]string {
	out := map[string]string{}
	for _, m := range reAttr.FindAllStringSubmatch(s, -1) {
		out[strings.ToLower(m[1])] = m[2] + m[3] + m[4]
	}
	return out
}

func link(href, text string) string {
	if href == "" {
		return ""
	}
	return `<p><a href="` + html.EscapeString(href) + `">` + html.EscapeString(text) + `</a></p>`
}

func captionFigure(m string) string {
	sub := reCaption.FindStringSubmatch(m)
	a, inner := attrs(sub[1]), sub[2]
	img, text := "", inner
	if im := reCaptionImage.FindStringSubmatch(inner); im != nil {
		img, text = im[1], im[2]
	}
	text = strings.TrimSpace(text)
	if c := a["caption"]; c != "" && text == "" {
		text = html.EscapeString(c)
	}
	var b strings.Builder
	b.WriteString("\n\n<figure class=\"wp-caption\">")
	b.WriteString(strings.TrimSpace(img))
	if text != "" {
		b.WriteString("<figcaption>" + strings.ReplaceAll(text, "\n", " ") + "</figcaption>")
	}
	b.WriteString("</figure>\n\n")
	return b.String()
}

func galleryFigure(m string, opt ContentOptions) string {
	if opt.Media == nil {
		return ""
	}
	a := attrs(reGallery.FindStringSubmatch(m)[1])
	ids := opt.Children
	if v := a["ids"]; v != "" {
		ids = nil
		for _, f := range strings.Split(v, ",") {
			if id, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64); err == nil {
				ids = append(ids, id)
			}
		}
	}
	var b strings.Builder
	for _, id := range ids {
		md, ok := opt.Media(id)
		if !ok || md.URL == "" {
			continue
		}
		b.WriteString(`<img src="` + html.EscapeString(md.URL) + `" alt="` + html.EscapeString(md.Alt) + `" loading="lazy">`)
	}
	if b.Len() == 0 {
		return ""
	}
	return "\n\n<figure class=\"gallery\">" + b.String() + "</figure>\n\n"
}

// unindent strips leading blanks from every line outside <pre> blocks.
func unindent(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for _, loc := range rePre.FindAllStringIndex(s, -1) {
		unindentLines(&b, s[last:loc[0]])
		b.WriteString(s[loc[0]:loc[1]])
		last = loc[1]
	}
	unindentLines(&b, s[last:])
	return b.String()
}

func unindentLines(b *strings.Builder, s string) {
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteByte('\n')
			line = strings.TrimLeft(line, " \t")
		}
		b.WriteString(line)
	}
}
