package wxr

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kiosque/kiosque/internal/markup"
)

func media(id int64) (Media, bool) {
	m := map[int64]Media{
		104: {URL: "https://ex.example/a.jpg", Alt: "Barrage"},
		105: {URL: "https://ex.example/b.jpg", Alt: `say "hi"`},
	}[id]
	return m, m.URL != ""
}

func TestContent(t *testing.T) {
	cases := []struct {
		name      string
		in        string
		opt       ContentOptions
		want      []string // substrings of the converted body
		wantNot   []string
		renderHas []string // substrings of markup.Render(converted)
	}{
		{
			name:      "gutenberg comments go, HTML stays",
			in:        "<!-- wp:paragraph -->\n<p>Un.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:image {\"id\":104} -->\n<figure class=\"wp-block-image\"><img src=\"a.jpg\" alt=\"\"/></figure>\n<!-- /wp:image -->",
			want:      []string{"<p>Un.</p>", "<figure class=\"wp-block-image\">"},
			wantNot:   []string{"wp:paragraph", "wp:image"},
			renderHas: []string{"<p>Un.</p>", "<figure"},
		},
		{
			name:      "caption with linked image",
			in:        `[caption id="attachment_1" align="alignnone" width="300"]<a href="x.jpg"><img src="x-300.jpg" alt="X" /></a> Une légende.[/caption]`,
			want:      []string{`<figure class="wp-caption"><a href="x.jpg"><img src="x-300.jpg" alt="X" /></a><figcaption>Une légende.</figcaption></figure>`},
			renderHas: []string{"<figcaption>Une légende.</figcaption>"},
		},
		{
			name: "caption attribute",
			in:   `[caption caption="Par l'attribut" width="300"]<img src="y.jpg" />[/caption]`,
			want: []string{"<figcaption>Par l&#39;attribut</figcaption>"},
		},
		{
			name:    "gallery with ids, unknown id dropped",
			in:      `Avant [gallery ids="104, 105,999" columns="2"] après`,
			opt:     ContentOptions{Media: media},
			want:    []string{`<img src="https://ex.example/a.jpg" alt="Barrage"`, `alt="say &#34;hi&#34;"`, `<figure class="gallery">`},
			wantNot: []string{"[gallery", "999"},
		},
		{
			name: "gallery of children",
			in:   `[gallery]`,
			opt:  ContentOptions{Media: media, Children: []int64{105}},
			want: []string{"b.jpg"},
		},
		{
			name:    "gallery without media lookup disappears",
			in:      `[gallery ids="1"]`,
			wantNot: []string{"gallery"},
		},
		{
			name: "embed, video, audio",
			in:   "[embed]https://v.example/1[/embed]\n\n[video src=\"https://v.example/2.mp4\"][/video]\n\n[audio mp3='https://a.example/3.mp3']",
			want: []string{`<a href="https://v.example/1">`, `<a href="https://v.example/2.mp4">`, `<a href="https://a.example/3.mp3">`},
		},
		{
			name:      "indented classic text is no code block",
			in:        "Premier.\n\n    Indenté par mégarde.\n\n<pre>  garde\n    son retrait</pre>",
			want:      []string{"\nIndenté par mégarde.", "<pre>  garde\n    son retrait</pre>"},
			renderHas: []string{"<p>Indenté par mégarde.</p>"},
		},
		{
			name:      "more tag and hostile HTML",
			in:        "<p>A</p><!--more--><script>alert(1)</script><p onclick=\"x()\">B</p>",
			wantNot:   []string{"<!--more-->"},
			renderHas: []string{"<p>A</p>"},
		},
		{
			name:      "gutenberg embed block becomes a link",
			in:        "<!-- wp:embed {\"url\":\"https://v.example/9\"} -->\n<figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\">\nhttps://v.example/9?a=1&amp;b=2\n</div></figure>\n<!-- /wp:embed -->",
			renderHas: []string{`<a href="https://v.example/9?a=1&amp;b=2">`},
		},
		{
			name: "unknown shortcode and bracketed prose are kept",
			in:   "Il a dit [sic] que [contact-form-7 id=\"3\"] serait là.",
			want: []string{"[sic]", "[contact-form-7"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Content(c.in, c.opt)
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("Content() = %q\nmissing %q", got, w)
				}
			}
			for _, w := range c.wantNot {
				if strings.Contains(got, w) {
					t.Errorf("Content() = %q\nstill has %q", got, w)
				}
			}
			html := markup.Render(got)
			for _, w := range c.renderHas {
				if !strings.Contains(html, w) {
					t.Errorf("Render = %q\nmissing %q", html, w)
				}
			}
			for _, bad := range []string{"<script", "onclick", "javascript:"} {
				if strings.Contains(html, bad) {
					t.Errorf("Render kept %q: %s", bad, html)
				}
			}
		})
	}
}

func FuzzContent(f *testing.F) {
	for _, s := range []string{
		"<!-- wp:paragraph --><p>x</p><!-- /wp:paragraph -->",
		`[caption id="a" caption="c"]<a href="h"><img src="s"/></a> t[/caption]`,
		`[gallery ids="1,2"]`, "[embed]u[/embed]", "<pre>  x</pre>\n  y", "[caption]", "<!-- wp:x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Content(in, ContentOptions{Media: media, Children: []int64{104}})
		if utf8.ValidString(in) && !utf8.ValidString(out) {
			t.Fatalf("valid UTF-8 in, invalid out: %q", out)
		}
		if again := Content(out, ContentOptions{}); strings.Contains(again, "<!-- wp:") != strings.Contains(out, "<!-- wp:") {
			t.Fatalf("block comments not stable: %q", out)
		}
		if html := markup.Render(out); strings.Contains(strings.ToLower(html), "<script") {
			t.Fatalf("script survived: %q", html)
		}
	})
}
