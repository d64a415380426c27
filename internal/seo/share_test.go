package seo

import (
	"net/url"
	"strings"
	"testing"
)

func TestShareLinks(t *testing.T) {
	const page = "https://example.org/blinken-met-en-garde/"
	const title = `Blinken & l'Asie centrale : « 100 % » #C5+1?`
	const image = "https://example.org/static/demo/a b.svg"
	// For each network: the query parameter holding the URL, the title and
	// the image ("" when the network does not take it).
	want := map[string]struct{ host, urlParam, titleParam, imageParam string }{
		"facebook":  {"www.facebook.com", "u", "", ""},
		"x":         {"twitter.com", "url", "text", ""},
		"linkedin":  {"www.linkedin.com", "url", "", ""},
		"pinterest": {"pinterest.com", "url", "description", "media"},
		"whatsapp":  {"wa.me", "text", "text", ""},
		"bluesky":   {"bsky.app", "text", "text", ""},
	}
	links := ShareLinks(page, title, image)
	if len(links) != len(want)+1 {
		t.Fatalf("got %d links", len(links))
	}
	for _, l := range links {
		if l.Network == "email" {
			continue
		}
		w, ok := want[l.Network]
		if !ok {
			t.Errorf("unexpected network %q", l.Network)
			continue
		}
		u, err := url.Parse(l.URL)
		if err != nil || u.Scheme != "https" || u.Host != w.host {
			t.Errorf("%s: bad URL %q (%v)", l.Network, l.URL, err)
			continue
		}
		q := u.Query()
		if !strings.Contains(q.Get(w.urlParam), page) {
			t.Errorf("%s: %s = %q, want it to hold %q", l.Network, w.urlParam, q.Get(w.urlParam), page)
		}
		if w.titleParam != "" && !strings.Contains(q.Get(w.titleParam), title) {
			t.Errorf("%s: %s = %q, want it to hold %q", l.Network, w.titleParam, q.Get(w.titleParam), title)
		}
		if w.imageParam != "" && q.Get(w.imageParam) != image {
			t.Errorf("%s: %s = %q, want %q", l.Network, w.imageParam, q.Get(w.imageParam), image)
		}
		if len(q) > 3 {
			t.Errorf("%s: unexpected parameters %v", l.Network, q)
		}
	}
}

func TestMailtoURL(t *testing.T) {
	const page = "https://example.org/a/?x=1&y=2"
	const title = "Fin & début : 100 % vrai"
	got := MailtoURL(title, page)
	u, err := url.Parse(got)
	if err != nil || u.Scheme != "mailto" {
		t.Fatalf("bad mailto %q: %v", got, err)
	}
	if strings.Contains(got, "+") || strings.Contains(got, " ") {
		t.Errorf("mailto %q has + or space", got)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil || q.Get("subject") != title || q.Get("body") != page {
		t.Errorf("subject=%q body=%q (%v)", q.Get("subject"), q.Get("body"), err)
	}
}

func TestMastodonShareURL(t *testing.T) {
	tests := []struct{ instance, want string }{
		{"mastodon.social", "https://mastodon.social/share?text=a+b"},
		{" https://Mastodon.Social/ ", "https://mastodon.social/share?text=a+b"},
		{"@alice@piaille.fr", "https://piaille.fr/share?text=a+b"},
		{"example.org:8443", "https://example.org:8443/share?text=a+b"},
		{"", ""},
		{"localhost", ""},
		{"evil.org/phish?x=", ""},
		{"javascript:alert(1)", ""},
		{"a..b", ""},
		{"-a.org", ""},
	}
	for _, tt := range tests {
		if got := MastodonShareURL(tt.instance, "a b"); got != tt.want {
			t.Errorf("MastodonShareURL(%q) = %q, want %q", tt.instance, got, tt.want)
		}
	}
}
