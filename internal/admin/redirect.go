package admin

import (
	"path"
	"strings"
)

// safeNext returns where to send a user after login: next when it names a
// newsroom page on this site, else "/admin/". next comes from the login
// form, so anyone can craft it: it is cleaned of dot segments first (a
// browser would resolve them), and refused with control characters (a
// browser drops tabs and newlines, which could turn "/admin/../\t/x" into
// another host; a NUL breaks the header), backslashes (read as slashes) or
// a leading "//".
func safeNext(next string) string {
	const home = "/admin/"
	if next == "" || strings.ContainsAny(next, `\`) || strings.IndexFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
		return home
	}
	p, query, _ := strings.Cut(next, "?")
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	if !strings.HasPrefix(clean, home) || strings.HasPrefix(clean, "//") {
		return home
	}
	if query != "" {
		clean += "?" + query
	}
	return clean
}
