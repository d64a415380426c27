package seo

import (
	"net/url"
	"strings"
)

// Share is one share link: a plain URL, no third-party script.
type Share struct {
	Network string // stable id, also a CSS class: "facebook", "x", "linkedin"…
	Name    string // the network's name as shown (a proper noun, not translated)
	URL     string
}

// ShareLinks returns the share links of a page with canonical URL pageURL,
// title and (possibly empty) absolute image URL, in the order they are
// shown. Mastodon is not here: it needs the reader's instance, see
// MastodonShareURL.
func ShareLinks(pageURL, title, image string) []Share {
	u, t := url.QueryEscape(pageURL), url.QueryEscape(title)
	text := url.QueryEscape(title + " " + pageURL)
	pin := "https://pinterest.com/pin/create/button/?url=" + u + "&description=" + t
	if image != "" {
		pin = "https://pinterest.com/pin/create/button/?url=" + u + "&media=" + url.QueryEscape(image) + "&description=" + t
	}
	return []Share{
		{"facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?u=" + u},
		{"x", "X", "https://twitter.com/intent/tweet?url=" + u + "&text=" + t},
		{"linkedin", "LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url=" + u},
		{"pinterest", "Pinterest", pin},
		{"whatsapp", "WhatsApp", "https://wa.me/?text=" + text},
		{"bluesky", "Bluesky", "https://bsky.app/intent/compose?text=" + text},
		{"email", "E-mail", MailtoURL(title, pageURL)},
	}
}

// MailtoURL is an RFC 6068 mailto: link with the title as subject and the
// URL as body. Spaces are %20 (not "+", which mail clients show as is).
func MailtoURL(title, pageURL string) string {
	return "mailto:?subject=" + pathEscape(title) + "&body=" + pathEscape(pageURL)
}

// pathEscape percent-encodes everything but unreserved characters, which is
// what RFC 6068 hfvalues need.
func pathEscape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// MastodonShareURL returns the share URL on a reader's Mastodon instance, or
// "" when instance is not a plain host name (with an optional port). The
// instance may be typed as "mastodon.social", "https://mastodon.social/" or
// "@user@mastodon.social".
func MastodonShareURL(instance, text string) string {
	h := strings.TrimSpace(strings.ToLower(instance))
	h = strings.TrimPrefix(strings.TrimPrefix(h, "https://"), "http://")
	if i := strings.LastIndexByte(h, '@'); i >= 0 {
		h = h[i+1:]
	}
	h = strings.TrimSuffix(h, "/")
	if !validHost(h) {
		return ""
	}
	return "https://" + h + "/share?text=" + url.QueryEscape(text)
}

func validHost(h string) bool {
	if h == "" || len(h) > 253 || !strings.Contains(h, ".") {
		return false
	}
	host, port, hasPort := strings.Cut(h, ":")
	if hasPort && (port == "" || len(port) > 5 || strings.Trim(port, "0123456789") != "") {
		return false
	}
	for _, label := range strings.Split(host, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}
