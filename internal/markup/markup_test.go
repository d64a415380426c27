package markup

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
	stdhtml "html"
)

func TestRenderDropsScripts(t *testing.T) {
	for _, src := range []string{
		"<script>alert(1)</script>",
		"[x](javascript:alert(1))",
		`<img src=x onerror="alert(1)">`,
		"<iframe src=//evil></iframe>",
	} {
		got := Render(src)
		for _, bad := range []string{"<script", "javascript:", "onerror", "<iframe"} {
			if strings.Contains(strings.ToLower(got), bad) {
				t.Errorf("Render(%q) = %q, contains %q", src, got, bad)
			}
		}
	}
}

func TestBlocks(t *testing.T) {
	got := Blocks("Un.\n\nDeux *deux*.\n\n> citation\n\nTrois.")
	if len(got) != 4 {
		t.Fatalf("got %d blocks, want 4: %+v", len(got), got)
	}
	paras := 0
	for _, b := range got {
		if b.Paragraph {
			paras++
		}
	}
	if paras != 3 {
		t.Errorf("got %d paragraphs, want 3", paras)
	}
	if got[1].HTML != "<p>Deux <em>deux</em>.</p>\n" {
		t.Errorf("block 1 = %q", got[1].HTML)
	}
}

func TestText(t *testing.T) {
	if got := Text("L'**Asie** &amp; <b>centrale</b>\n\nFin."); got != "L’Asie & centrale Fin." {
		t.Errorf("Text = %q", got)
	}
}

// dangerous returns what in rendered HTML could run script: script-like
// elements, event-handler attributes and javascript: URLs. Text that merely
// reads like them ("onclick=" in a sentence) is fine.
func dangerous(h string) string {
	z := html.NewTokenizer(strings.NewReader(h))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "iframe", "style", "object", "embed", "form", "input", "svg", "math":
				return "<" + tok.Data + ">"
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(a.Key, "on") || a.Key == "style" || ((a.Key == "href" || a.Key == "src") && !safeURL(a.Val)) {
					return a.Key + "=" + a.Val
				}
			}
		}
	}
}

func safeURL(v string) bool {
	u, err := url.Parse(strings.TrimSpace(v))
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https", "mailto":
		return true
	}
	return false
}

func FuzzRender(f *testing.F) {
	for _, s := range []string{"", "# t\n\npara", "<script>x</script>", "[a](javascript:x)", "<a href=\"x\" onclick=\"y\">z</a>", "```\ncode\n```", "| a |\n|---|\n| b |", "<img src=x onerror=alert(1)>", "[x](JaVaScRiPt:alert(1))", "<a href=\"data:text/html,x\">d</a>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		got := Render(src)
		if bad := dangerous(got); bad != "" {
			t.Fatalf("Render(%q) kept %q: %q", src, bad, got)
		}
	})
}

// FuzzBlocksTogether: sanitizing the blocks of plain Markdown together
// (the fast path) gives exactly what sanitizing them one by one gives.
func FuzzBlocksTogether(f *testing.F) {
	for _, s := range []string{"Un.\n\nDeux *deux*.\n\n> citation\n\nTrois.", "# Titre\n\n- a\n- b\n\n```\nx & y\n```\n\n| a |\n|---|\n| b |", "Voir https://example.org et [lien](http://x.example \"t\").\n\n![img](/a.png)", "a\n\n\n\nb", "\"Guillemets\" -- et ... « français »\n\n***\n\nfin"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if strings.Contains(src, "<") {
			return // raw HTML takes the one-by-one path
		}
		source := []byte(src)
		doc := md.Parser().Parse(text.NewReader(source))
		var blocks []string
		for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
			var b bytes.Buffer
			if err := md.Renderer().Render(&b, source, n); err == nil {
				blocks = append(blocks, b.String())
			}
		}
		if len(blocks) > 1 {
			if n := len(strings.Split(policy.Sanitize(strings.Join(blocks, blockMark)), blockMark)); n != len(blocks) {
				t.Fatalf("%d blocks came back from %d: the fast path is not taken", n, len(blocks))
			}
		}
		got, want := sanitizeAll(blocks, true), sanitizeAll(blocks, false)
		if strings.Join(got, "|") != strings.Join(want, "|") || len(got) != len(want) {
			t.Fatalf("together %q\none by one %q", got, want)
		}
	})
}

// FuzzTextAsStrictPolicy: Text reads the same text as the strict
// sanitizer it replaced (tags stripped, entities decoded, white space
// folded).
func FuzzTextAsStrictPolicy(f *testing.F) {
	for _, s := range []string{"", "# Titre\n\nUn *paragraphe* & un [lien](https://example.org).", "<script>x</script>y",
		"a &amp; b &lt;c&gt; &#233;", "<!-- note -->texte", "```\n<b>code</b>\n```", "| a |\n|---|\n| b |",
		"<div>bloc</div><p>p</p>", "ligne 1  \nligne 2", "<img alt=\"image\" src=x>", "l’Asie « centrale »", "<style>p{}</style>z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		want := strings.Join(strings.Fields(stdhtml.UnescapeString(bluemonday.StrictPolicy().Sanitize(Render(src)))), " ")
		if got := Text(src); got != want {
			t.Fatalf("Text(%q) = %q, the strict policy gives %q", src, got, want)
		}
	})
}

// BenchmarkText measures the plain text of a long article body.
func BenchmarkText(b *testing.B) {
	src := strings.Repeat("Réunis au **Kazakhstan**, les chefs de la diplomatie d'Asie centrale ont entendu le secrétaire d'État [américain](https://example.org). ", 40)
	for b.Loop() {
		Text(src)
	}
}
