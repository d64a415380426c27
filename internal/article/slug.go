package article

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// MaxSlug is the longest slug Slugify produces, in bytes.
const MaxSlug = 80

// reserved are first path segments that belong to the site itself.
var reserved = map[string]bool{
	"category": true, "tag": true, "author": true, "search": true, "feed": true,
	"admin": true, "api": true, "static": true, "media": true, "privacy": true,
	"page": true, "sitemap.xml": true, "news-sitemap.xml": true, "robots.txt": true,
	"ads.txt": true, "healthz": true, "metrics": true, "1.1": true, "1.2": true,
	"login": true, "logout": true, "sitemap": true, "favicon.ico": true,
}

// IsReserved reports whether slug would shadow one of the site's own paths.
func IsReserved(slug string) bool { return reserved[slug] }

// Slugify turns a title into a URL slug: accents folded, lower case, ASCII
// letters and digits separated by single hyphens, at most MaxSlug bytes, cut
// at a word boundary. Apostrophes join words ("l'Asie" → "lasie"). It returns
// "" when the title has no letter or digit.
func Slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(title) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// combining accent left by NFKD: drop it.
		case r == '\'' || r == '’' || r == 'ʼ':
			// elision: "l'Asie" reads as one word.
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case r == 'ß':
			b.WriteString("ss")
		case r == 'æ' || r == 'Æ':
			b.WriteString("ae")
		case r == 'œ' || r == 'Œ':
			b.WriteString("oe")
		case r == 'ø' || r == 'Ø':
			b.WriteString("o")
		case r == 'đ' || r == 'Đ':
			b.WriteString("d")
		case r == 'ł' || r == 'Ł':
			b.WriteString("l")
		default:
			dash = true
		}
	}
	s := b.String()
	if len(s) > MaxSlug {
		s = s[:MaxSlug]
		if i := strings.LastIndexByte(s, '-'); i > MaxSlug/2 {
			s = s[:i]
		}
		s = strings.Trim(s, "-")
	}
	return s
}

// WithSuffix returns the n-th alternative of a slug taken already: "x-2",
// "x-3"… It keeps the result within MaxSlug.
func WithSuffix(slug string, n int) string {
	suf := "-" + strconv.Itoa(n)
	if len(slug)+len(suf) > MaxSlug {
		slug = strings.TrimRight(slug[:MaxSlug-len(suf)], "-")
	}
	return slug + suf
}

// Unreserved makes a slug usable as an article path: a reserved word or an
// empty slug gets a suffix or a fallback.
func Unreserved(slug, fallback string) string {
	if slug == "" {
		slug = fallback
	}
	if IsReserved(slug) {
		slug += "-1"
	}
	return slug
}
