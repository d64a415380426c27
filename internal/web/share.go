package web

import (
	"net/url"
	"strings"
)

// ShareLink is one plain "share on…" link: no third-party script, no
// tracking pixel, the reader's browser goes there only when clicked.
type ShareLink struct {
	Network string // stable id, used as CSS class: "facebook", "x"…
	Name    string // label shown; brand names are not translated
	URL     string
}

// shareLinks returns the share links for a page at pageURL titled title,
// with image (absolute URL, may be empty) for Pinterest. mailLabel is the
// localized name of the e-mail link. Every value is percent-encoded.
func shareLinks(pageURL, title, image, mailLabel string) []ShareLink {
	q := escape
	text := title + " " + pageURL
	pin := "https://pinterest.com/pin/create/button/?url=" + q(pageURL) + "&description=" + q(title)
	if image != "" {
		pin += "&media=" + q(image)
	}
	return []ShareLink{
		{"facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?u=" + q(pageURL)},
		{"x", "X", "https://twitter.com/intent/tweet?url=" + q(pageURL) + "&text=" + q(title)},
		{"linkedin", "LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url=" + q(pageURL)},
		{"pinterest", "Pinterest", pin},
		{"whatsapp", "WhatsApp", "https://wa.me/?text=" + q(text)},
		{"bluesky", "Bluesky", "https://bsky.app/intent/compose?text=" + q(text)},
		// share.joinmastodon.org asks the reader for their own instance.
		{"mastodon", "Mastodon", "https://share.joinmastodon.org/?text=" + q(text)},
		{"email", mailLabel, "mailto:?subject=" + q(title) + "&body=" + q(pageURL)},
	}
}

// escape percent-encodes a query value with spaces as %20, never "+", which
// mailto: (RFC 6068) and some share pages would show literally.
func escape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}
