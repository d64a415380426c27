package admin

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzSafeNext checks the login redirect never leaves the newsroom, however
// next= is crafted: the result starts with /admin/, holds no control
// character or backslash, and a browser resolving it stays on the site.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/admin/articles/?status=draft", "//evil.example/", "/admin/../\t/evil.example/",
		"/admin/\x00//x", "/admin/..\\evil", "https://evil.example/admin/", "/admin/./../..//evil", "/admin/%2e%2e/x"} {
		f.Add(s)
	}
	base, _ := url.Parse("https://site.example/admin/login")
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if !strings.HasPrefix(got, "/admin/") || strings.ContainsAny(got, "\\") ||
			strings.IndexFunc(got, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
			t.Fatalf("safeNext(%q) = %q", next, got)
		}
		ref, err := url.Parse(got)
		if err != nil {
			return // kept as typed: a browser shows an error, not another site
		}
		if to := base.ResolveReference(ref); to.Host != base.Host {
			t.Fatalf("safeNext(%q) = %q leads to %v", next, got, to)
		}
	})
}
