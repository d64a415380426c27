package comment

import (
	"html"
	"html/template"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxLength is the longest comment text accepted, in characters (runes).
const MaxLength = 5000

// TooLong reports whether text is longer than MaxLength characters.
func TooLong(text string) bool { return utf8.RuneCountInString(text) > MaxLength }

// linkRel is the rel of every link a commenter writes: no ranking credit
// (nofollow, ugc) and no access to the page from the opened one (noopener).
const linkRel = "nofollow ugc noopener"

// Format turns a comment's plain text into safe HTML: blocks separated by a
// blank line become paragraphs, other line breaks become <br>, and http,
// https and www. addresses become links with rel="nofollow ugc noopener".
// Everything else is escaped, so the only tags out are p, br and a. Invalid
// UTF-8 and control characters are dropped. Empty text gives "".
func Format(text string) template.HTML {
	var b strings.Builder
	for _, para := range paragraphs(clean(text)) {
		b.WriteString("<p>")
		for i, line := range para {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			linkify(&b, line)
		}
		b.WriteString("</p>\n")
	}
	return template.HTML(b.String())
}

// clean makes text valid UTF-8 with "\n" line ends and no control
// characters other than tab and newline.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r' || r == '\u2028' || r == '\u2029':
			return '\n'
		case unicode.IsControl(r) || r == '\uFEFF':
			return -1
		}
		return r
	}, s)
}

// paragraphs splits text at blank lines into paragraphs of non-empty,
// right-trimmed lines.
func paragraphs(s string) [][]string {
	var out [][]string
	var cur []string
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimRightFunc(line, unicode.IsSpace)
		if strings.TrimSpace(line) == "" {
			if cur != nil {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if cur != nil {
		out = append(out, cur)
	}
	return out
}

// linkify writes line escaped, with its addresses as links.
func linkify(b *strings.Builder, line string) {
	for line != "" {
		start, end, href := nextLink(line)
		if start < 0 {
			b.WriteString(html.EscapeString(line))
			return
		}
		b.WriteString(html.EscapeString(line[:start]))
		b.WriteString(`<a href="`)
		b.WriteString(html.EscapeString(href))
		b.WriteString(`" rel="` + linkRel + `">`)
		b.WriteString(html.EscapeString(line[start:end]))
		b.WriteString("</a>")
		line = line[end:]
	}
}

// nextLink finds the first address in s that starts a word: its bounds and
// the URL to link to, or start -1 when there is none.
func nextLink(s string) (start, end int, href string) {
	from := 0
	for from < len(s) {
		i := indexLinkStart(s[from:])
		if i < 0 {
			return -1, 0, ""
		}
		start = from + i
		end = start + linkEnd(s[start:])
		if href, ok := linkTarget(s[start:end]); ok {
			return start, end, href
		}
		from = start + 1
	}
	return -1, 0, ""
}

// indexLinkStart returns the index of the first "http://", "https://" or
// "www." (any case) at the start of a word in s, or -1.
func indexLinkStart(s string) int {
	lower := strings.ToLower(s)
	for i := 0; i < len(lower); i++ {
		if i > 0 {
			if r, _ := utf8.DecodeLastRuneInString(s[:i]); unicode.IsLetter(r) || unicode.IsDigit(r) || r == '/' || r == '.' || r == '@' || r == '-' || r == '_' {
				continue
			}
		}
		rest := lower[i:]
		if strings.HasPrefix(rest, "http://") || strings.HasPrefix(rest, "https://") || strings.HasPrefix(rest, "www.") {
			return i
		}
	}
	return -1
}

// linkEnd returns the length of the address at the start of s: up to a
// space or a character that cannot be in a typed address, without trailing
// punctuation or an unmatched closing bracket.
func linkEnd(s string) int {
	end := strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '<' || r == '>' || r == '"' || r == '`' || r == '«' || r == '»'
	})
	if end < 0 {
		end = len(s)
	}
	for end > 0 {
		last := s[end-1]
		switch {
		case strings.IndexByte(".,;:!?'*", last) >= 0:
			end--
		case last == ')' && strings.Count(s[:end], "(") < strings.Count(s[:end], ")"):
			end--
		case last == ']' && strings.Count(s[:end], "[") < strings.Count(s[:end], "]"):
			end--
		default:
			return end
		}
	}
	return end
}

// linkTarget returns the URL an address links to: http or https with a
// host, "www." names getting https. ok is false for anything else.
func linkTarget(addr string) (href string, ok bool) {
	if strings.HasPrefix(strings.ToLower(addr), "www.") {
		addr = "https://" + addr
	}
	u, err := url.Parse(addr)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return "", false
	}
	host := u.Hostname()
	if host == "" || strings.HasPrefix(host, ".") || !strings.Contains(host, ".") && host != "localhost" && !strings.Contains(host, ":") {
		return "", false
	}
	return u.String(), true
}
