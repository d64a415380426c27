package comment

import (
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

func TestFormat(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"only blank lines", "\n \n\t\n", ""},
		{"one line", "Merci !", "<p>Merci !</p>\n"},
		{"two paragraphs", "Premier.\n\nSecond.", "<p>Premier.</p>\n<p>Second.</p>\n"},
		{"line break", "Ligne un\nligne deux", "<p>Ligne un<br>\nligne deux</p>\n"},
		{"windows line ends", "Un\r\n\r\nDeux\r\nTrois", "<p>Un</p>\n<p>Deux<br>\nTrois</p>\n"},
		{"HTML is text", `<script>alert("x")</script> & <b>gras</b>`,
			"<p>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;gras&lt;/b&gt;</p>\n"},
		{"https link", "Voir https://example.org/rapport.pdf.",
			`<p>Voir <a href="https://example.org/rapport.pdf" rel="nofollow ugc noopener">https://example.org/rapport.pdf</a>.</p>` + "\n"},
		{"www link", "Source : www.insee.fr/fr/statistiques",
			`<p>Source : <a href="https://www.insee.fr/fr/statistiques" rel="nofollow ugc noopener">www.insee.fr/fr/statistiques</a></p>` + "\n"},
		{"link in brackets", "(voir http://example.org/a_(b))",
			`<p>(voir <a href="http://example.org/a_(b)" rel="nofollow ugc noopener">http://example.org/a_(b)</a>)</p>` + "\n"},
		{"link with query", "https://example.org/?a=1&b=\"2\"",
			`<p><a href="https://example.org/?a=1&amp;b=" rel="nofollow ugc noopener">https://example.org/?a=1&amp;b=</a>&#34;2&#34;</p>` + "\n"},
		{"javascript is no link", "javascript:alert(1)", "<p>javascript:alert(1)</p>\n"},
		{"data is no link", "data:text/html,<b>x</b>", "<p>data:text/html,&lt;b&gt;x&lt;/b&gt;</p>\n"},
		{"scheme without host", "http:// rien", "<p>http:// rien</p>\n"},
		{"credentials are no link", "http://user:pw@example.org", "<p>http://user:pw@example.org</p>\n"},
		{"not at a word start", "xhttp://example.org", "<p>xhttp://example.org</p>\n"},
		{"invalid UTF-8 and controls dropped", "a\xffb\x00c\x1bd", "<p>abcd</p>\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(Format(tc.in)); got != tc.want {
				t.Errorf("Format(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestTooLong(t *testing.T) {
	if TooLong(strings.Repeat("é", MaxLength)) {
		t.Error("MaxLength accented characters are too long")
	}
	if !TooLong(strings.Repeat("a", MaxLength+1)) {
		t.Error("MaxLength+1 characters are not too long")
	}
}

var (
	tagRE  = regexp.MustCompile(`<[^>]*>`)
	okTags = regexp.MustCompile(`^(<p>|</p>|<br>|</a>|<a href="https?://[^"<>]+" rel="nofollow ugc noopener">)$`)
)

// FuzzFormat checks that only p, br and http(s) links ever come out, that
// tags are balanced, and that no text is lost or added.
func FuzzFormat(f *testing.F) {
	for _, s := range []string{
		"Bonjour\n\nhttps://example.org/x?y=1&z=2 et www.example.com.",
		`<a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)>`,
		"http://[::1]:80/ https://xn--e1afmkfd.xn--p1ai/ HTTP://EXAMPLE.ORG",
		"www.\"onmouseover=alert(1)//.com",
		"https://example.org/\"><script>",
		"\xff\xfe\r\r\n\u2028",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := string(Format(in))
		depth := 0
		for _, tag := range tagRE.FindAllString(out, -1) {
			if !okTags.MatchString(tag) {
				t.Fatalf("tag %q out of %q", tag, in)
			}
			switch {
			case tag == "<p>" || strings.HasPrefix(tag, "<a "):
				depth++
			case tag == "</p>" || tag == "</a>":
				depth--
			}
			if depth < 0 || depth > 2 {
				t.Fatalf("unbalanced tags in %q", out)
			}
		}
		if depth != 0 {
			t.Fatalf("unclosed tags in %q", out)
		}
		text := html.UnescapeString(tagRE.ReplaceAllString(out, ""))
		if strings.ContainsAny(tagRE.ReplaceAllString(out, ""), "<>\"") {
			t.Fatalf("unescaped markup in %q", out)
		}
		if got, want := visible(text), visible(clean(in)); got != want {
			t.Fatalf("text changed:\n got %q\nwant %q", got, want)
		}
	})
}

// visible drops white space, for comparing texts whose line breaks differ.
func visible(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}
