package ads

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/kiosque/kiosque/internal/i18n"
)

func TestParseValidate(t *testing.T) {
	tests := []struct {
		name, raw string
		ok        bool
	}{
		{"empty", "", true},
		{"one slot", `[{"id":"h","placement":"header","enabled":true,"html":"<b>x</b>","min_height":90}]`, true},
		{"bad json", `[{`, false},
		{"unknown placement", `[{"id":"h","placement":"footer"}]`, false},
		{"bad id", `[{"id":"H h","placement":"header"}]`, false},
		{"duplicate id", `[{"id":"h","placement":"header"},{"id":"h","placement":"end"}]`, false},
		{"in-article without paragraph", `[{"id":"a","placement":"in-article"}]`, false},
		{"home without block", `[{"id":"a","placement":"home"}]`, false},
		{"too tall", `[{"id":"a","placement":"end","min_height":5000}]`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.raw)
			if (err == nil) != tt.ok {
				t.Errorf("Parse: err = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	set := Demo(i18n.MustNew(), "fr", "Nouvelles Du Monde")
	raw, err := set.Encode()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Load(map[string]string{SettingSlots: raw})
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(set) || back[1].AfterParagraph != set[1].AfterParagraph || back[0].HTML != set[0].HTML {
		t.Errorf("round trip lost data: %+v", back)
	}
}

func TestPick(t *testing.T) {
	set := Set{
		{ID: "a", Placement: InArticle, Enabled: true, AfterParagraph: 8},
		{ID: "b", Placement: InArticle, Enabled: true, AfterParagraph: 3},
		{ID: "off", Placement: InArticle, Enabled: false, AfterParagraph: 1},
		{ID: "eco", Placement: InArticle, Enabled: true, AfterParagraph: 5, Categories: []string{"economie"}},
		{ID: "dup", Placement: InArticle, Enabled: true, AfterParagraph: 3},
		{ID: "h", Placement: Header, Enabled: true},
	}
	ids := func(ss []Slot) string {
		var out []string
		for _, s := range ss {
			out = append(out, s.ID)
		}
		return strings.Join(out, ",")
	}
	if got := ids(set.Pick(InArticle, "monde")); got != "b,dup,a" {
		t.Errorf("monde: %s", got)
	}
	if got := ids(set.Pick(InArticle, "economie")); got != "b,dup,eco,a" {
		t.Errorf("economie: %s", got)
	}
	if got := ids(set.Pick(Header, "")); got != "h" {
		t.Errorf("header: %s", got)
	}
	after := set.After(InArticle, "monde")
	if len(after) != 2 || after[3].ID != "b" || after[8].ID != "a" {
		t.Errorf("After = %+v", after)
	}
	if _, ok := set.First(Sidebar, ""); ok {
		t.Error("First found a sidebar slot")
	}
}

func TestHeight(t *testing.T) {
	for in, want := range map[int]int{0: 0, -3: 0, 1: 50, 90: 90, 91: 100, 250: 250, 251: 280, 600: 600} {
		if got := (Slot{MinHeight: in}).Height(); got != want {
			t.Errorf("Height(%d) = %d, want %d", in, got, want)
		}
	}
}

func TestRender(t *testing.T) {
	s := Slot{ID: "end", Placement: End, Enabled: true, MinHeight: 240,
		HTML: `<a href="/x"><img src="/a.png" alt="A"></a><iframe src="https://ads.example/f" loading="eager"></iframe><script>go()</script>`}
	got := string(s.Render(`Publicité "x"`))
	doc, err := html.Parse(strings.NewReader(got))
	if err != nil {
		t.Fatal(err)
	}
	var aside, img, iframe *html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "aside":
				aside = n
			case "img":
				img = n
			case "iframe":
				iframe = n
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if aside == nil || attr(aside, "class") != "ad-slot ad-slot-end ad-h-250" || attr(aside, "aria-label") != `Publicité "x"` || attr(aside, "data-position") != "end" {
		t.Fatalf("aside wrong in %s", got)
	}
	if img == nil || attr(img, "loading") != "lazy" {
		t.Errorf("img not lazy: %s", got)
	}
	if iframe == nil || attr(iframe, "loading") != "eager" {
		t.Errorf("iframe loading changed: %s", got)
	}
	if !strings.Contains(got, "<script>go()</script>") {
		t.Errorf("script changed: %s", got)
	}
	s.Placement = Header
	if strings.Contains(string(s.Render("Pub")), `loading="lazy"`) {
		t.Error("header slot lazy")
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func TestCSP(t *testing.T) {
	const base = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'"
	set := Set{
		{ID: "a", Placement: End, Enabled: true, HTML: `<script async src="https://ads.example/x.js"></script><script>(w=window.w||[]).push({})</script>`},
		{ID: "off", Placement: End, Enabled: false, HTML: `<script>evil()</script>`},
	}
	sum := sha256.Sum256([]byte("(w=window.w||[]).push({})"))
	hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	got, err := CSP(base, map[string]string{SettingCSP: "# the network\nscript-src https://ads.example\nframe-src https://*.ads.example\nimg-src https://ads.example data:"}, set)
	if err != nil {
		t.Fatal(err)
	}
	want := "default-src 'self'; img-src 'self' data: https://ads.example; style-src 'self'; script-src 'self' https://ads.example " + hash +
		"; object-src 'none'; frame-src 'self' https://*.ads.example"
	if got != want {
		t.Errorf("CSP =\n%s\nwant\n%s", got, want)
	}
	for _, bad := range []string{"script-src 'unsafe-inline'", "default-src *", "script-src https://a;b", "object-src https://x", "script-src javascript:"} {
		if _, err := ParseCSP(bad); err == nil {
			t.Errorf("ParseCSP(%q) accepted", bad)
		}
	}
	got, err = CSP(base, map[string]string{SettingCSP: "script-src 'unsafe-inline'"}, nil)
	if err == nil || got != base {
		t.Errorf("bad setting: got %q, %v", got, err)
	}
}

func TestDemoValid(t *testing.T) {
	for _, lang := range []string{"fr", "en"} {
		set := Demo(i18n.MustNew(), lang, `Le <Monde>`)
		if err := set.Validate(); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(set[0].HTML, "<Monde>") {
			t.Errorf("site name not escaped: %s", set[0].HTML)
		}
		if strings.Contains(set[0].HTML, "ads.house") {
			t.Errorf("untranslated key in %s", set[0].HTML)
		}
		for _, p := range []Placement{Header, InArticle, End, Home} {
			if len(set.Pick(p, "")) == 0 {
				t.Errorf("%s: no demo slot at %s", lang, p)
			}
		}
	}
}

func FuzzLazy(f *testing.F) {
	f.Add(`<img src=x><iframe src=y>`)
	f.Add(`<IMG SRC=x LOADING=eager><img/>`)
	f.Add("<img \xff src=\"<script>\">")
	f.Add(`<script>"<img>"</script>`)
	f.Fuzz(func(t *testing.T, s string) {
		got := lazy(s)
		if !strings.Contains(s, "<") && got != s {
			t.Fatalf("text changed: %q → %q", s, got)
		}
		if strings.ReplaceAll(got, ` loading="lazy"`, "") != s {
			t.Fatalf("lazy changed more than loading attributes:\n%q\n%q", s, got)
		}
	})
}

func TestSnippetProblem(t *testing.T) {
	tests := []struct{ snippet, rule, tag string }{
		{"", "", ""},
		{"Texte seul", "", ""},
		{`<a href="/"><img src="x.png" alt=""><strong>Ici</strong></a>`, "", ""},
		{`<ins class="adsbygoogle" data-ad-slot="1"></ins><script>(adsbygoogle = window.adsbygoogle || []).push({});</script>`, "", ""},
		{`<script async src="https://x.example/a.js"></script><!-- fin -->`, "", ""},
		{`<ul><li>un<li>deux</ul><p>fin`, "html_open", "<p>"},
		{`<ul><li>un<li>deux</ul><p>fin</p>`, "", ""},
		{`<svg viewBox="0 0 1 1"><path d="M0 0"/></svg><br/>`, "", ""},
		{`<div class="ad">`, "html_open", "<div>"},
		{`<script>var a = 1;`, "html_open", "<script>"},
		{`<textarea>`, "html_open", "<textarea>"},
		{`<b>x</b></div>`, "html_close", "</div>"},
		{`<b><i>x</b></i>`, "html_close", "</b>"},
		{`<!-- sans fin`, "html_comment", ""},
		{`<!x`, "html_comment", ""},
		{`<base href="https://ailleurs.example/">`, "html_tag", "<base>"},
		{`<body onload="x()">`, "html_tag", "<body>"},
		{`<img src=x></img>`, "", ""},
	}
	for _, tt := range tests {
		rule, tag := snippetProblem(tt.snippet)
		if rule != tt.rule || tag != tt.tag {
			t.Errorf("snippetProblem(%q) = %q %q, want %q %q", tt.snippet, rule, tag, tt.rule, tt.tag)
		}
	}
}

func TestCheckAll(t *testing.T) {
	set := Set{
		{ID: "Bad id", Placement: "footer", HTML: "<div>"},
		{ID: "a", Placement: InArticle, MinHeight: 900},
		{ID: "a", Placement: End},
	}
	var got []string
	for _, e := range set.Check() {
		got = append(got, fmt.Sprint(e.Index, e.Field, e.Rule, e.Detail))
	}
	want := []string{"0idid", "0placementplacement", "0htmlhtml_open<div>", "1min_heightmin_height", "1after_paragraphrequired", "2idduplicate"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Check:\n got %q\nwant %q", got, want)
	}
	var se *SlotError
	if err := set.Validate(); !errors.As(err, &se) || se.Index != 0 || se.Rule != "id" {
		t.Errorf("Validate = %v, want the first slot's id error", err)
	}
}

func FuzzSnippetProblem(f *testing.F) {
	f.Add(`<div><p>x</div>`)
	f.Add(`<script>"</div>"</script>`)
	f.Add(`<!-- a --!><b>`)
	f.Add("<a \xff href=\"<b>\">")
	f.Fuzz(func(t *testing.T, s string) {
		rule, tag := snippetProblem(s)
		if rule == "" && tag != "" {
			t.Fatalf("tag %q without a rule", tag)
		}
		if !strings.Contains(s, "<") && rule != "" {
			t.Fatalf("plain text %q refused: %s", s, rule)
		}
	})
}
