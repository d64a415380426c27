package ads

import (
	"fmt"
	"strings"
)

// ExtendableDirectives are the CSP directives SettingCSP may add sources to.
var ExtendableDirectives = []string{"script-src", "img-src", "frame-src", "connect-src", "style-src", "font-src", "media-src"}

// ParseCSP reads SettingCSP: one directive a line, then its sources, e.g.
//
//	script-src https://securepubads.g.doubleclick.net
//	frame-src https://*.doubleclick.net
//
// Blank lines and lines starting with # are skipped. Sources are host or
// scheme sources; the only keywords accepted are 'unsafe-inline' for
// style-src and 'unsafe-eval' for script-src, which some ad networks need.
func ParseCSP(text string) (map[string][]string, error) {
	out := map[string][]string{}
	for n, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		dir := strings.ToLower(f[0])
		if !extendable(dir) {
			return nil, &CSPError{Line: n + 1, Directive: f[0],
				msg: fmt.Sprintf("ads: %s line %d: directive %q cannot be extended", SettingCSP, n+1, f[0])}
		}
		for _, src := range f[1:] {
			if !validSource(dir, src) {
				return nil, &CSPError{Line: n + 1, Directive: dir, Source: src,
					msg: fmt.Sprintf("ads: %s line %d: source %q not allowed in %s", SettingCSP, n+1, src, dir)}
			}
			out[dir] = append(out[dir], src)
		}
	}
	return out, nil
}

// A CSPError is a line of SettingCSP that ParseCSP refuses: its directive
// cannot be extended (Source is empty), or one of its sources is not
// allowed there.
type CSPError struct {
	Line      int // from 1
	Directive string
	Source    string
	msg       string
}

func (e *CSPError) Error() string { return e.msg }

func extendable(dir string) bool {
	for _, d := range ExtendableDirectives {
		if d == dir {
			return true
		}
	}
	return false
}

func validSource(dir, src string) bool {
	switch src {
	case "'unsafe-inline'":
		return dir == "style-src"
	case "'unsafe-eval'":
		return dir == "script-src"
	case "https:", "data:", "blob:":
		return true
	}
	if !strings.HasPrefix(src, "https://") && !strings.HasPrefix(src, "http://") {
		return false
	}
	for _, r := range src {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(".-*:/_%", r)) {
			return false
		}
	}
	return true
}

// ExtendCSP adds sources to a Content-Security-Policy. A directive the
// policy lacks starts from the policy's default-src sources, so adding to
// it never loosens what it allowed before. Sources already present are not
// repeated; the order of the policy's directives is kept, new ones go last.
func ExtendCSP(policy string, extra map[string][]string) string {
	if len(extra) == 0 {
		return policy
	}
	type directive struct {
		name    string
		sources []string
	}
	var dirs []directive
	var defaults []string
	for _, part := range strings.Split(policy, ";") {
		f := strings.Fields(part)
		if len(f) == 0 {
			continue
		}
		dirs = append(dirs, directive{strings.ToLower(f[0]), f[1:]})
		if strings.ToLower(f[0]) == "default-src" {
			defaults = f[1:]
		}
	}
	for _, name := range ExtendableDirectives {
		add := extra[name]
		if len(add) == 0 {
			continue
		}
		i := -1
		for j, d := range dirs {
			if d.name == name {
				i = j
			}
		}
		if i < 0 {
			dirs = append(dirs, directive{name, append([]string(nil), defaults...)})
			i = len(dirs) - 1
		}
		for _, src := range add {
			if !contains(dirs[i].sources, src) {
				dirs[i].sources = append(dirs[i].sources, src)
			}
		}
	}
	parts := make([]string, 0, len(dirs))
	for _, d := range dirs {
		parts = append(parts, strings.TrimSpace(d.name+" "+strings.Join(d.sources, " ")))
	}
	return strings.Join(parts, "; ")
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// CSP returns policy extended for the site's ads: the sources of SettingCSP
// plus the hashes of the enabled slots' inline scripts. An unreadable
// SettingCSP is returned as an error along with the policy extended by the
// hashes alone, so a typo never opens the policy wider.
func CSP(policy string, settings map[string]string, set Set) (string, error) {
	extra, err := ParseCSP(settings[SettingCSP])
	if err != nil {
		extra = map[string][]string{}
	}
	if h := set.InlineScriptHashes(); len(h) > 0 {
		extra["script-src"] = append(extra["script-src"], h...)
	}
	return ExtendCSP(policy, extra), err
}
