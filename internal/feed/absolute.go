package feed

import (
	"strings"

	"golang.org/x/net/html"
)

// absoluteLinks rewrites root-relative href and src attributes ("/media/…")
// of sanitized HTML into absolute URLs under base, since feed readers show
// content away from the site. Other bytes are kept as they are.
func absoluteLinks(h, base string) string {
	if !strings.Contains(h, `="/`) {
		return h
	}
	base = strings.TrimRight(base, "/")
	z := html.NewTokenizer(strings.NewReader(h))
	var b strings.Builder
	consumed := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			b.WriteString(h[consumed:]) // an unfinished tag at the end, if any
			return b.String()
		}
		raw := z.Raw()
		consumed += len(raw)
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			b.Write(raw)
			continue
		}
		t := z.Token()
		changed := false
		for i, a := range t.Attr {
			if (a.Key == "href" || a.Key == "src") && strings.HasPrefix(a.Val, "/") && !strings.HasPrefix(a.Val, "//") {
				t.Attr[i].Val = base + a.Val
				changed = true
			}
		}
		if !changed {
			b.Write(raw)
			continue
		}
		b.WriteString(t.String())
	}
}
