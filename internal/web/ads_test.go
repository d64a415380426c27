package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func slotsOf(doc *html.Node) map[string]*html.Node {
	out := map[string]*html.Node{}
	for _, s := range find(doc, "aside", "ad-slot") {
		out[attr(s, "data-slot")] = s
	}
	return out
}

func TestDemoAdSlots(t *testing.T) {
	f := newFixture(t)
	article := slotsOf(f.page(t, "/"+f.main+"/", http.StatusOK))
	for _, id := range []string{"header", "article-1", "end"} {
		s, ok := article[id]
		if !ok {
			t.Errorf("article: no %s slot", id)
			continue
		}
		if got := text(first(t, s, "span", "ad-label")); got != "Publicité" {
			t.Errorf("%s: label %q", id, got)
		}
		if !strings.Contains(attr(s, "class"), "ad-h-") {
			t.Errorf("%s: no reserved height in %q", id, attr(s, "class"))
		}
	}
	if _, ok := article["sidebar"]; ok {
		t.Error("the switched-off sidebar slot shows")
	}
	home := slotsOf(f.page(t, "/", http.StatusOK))
	if _, ok := home["home-1"]; !ok {
		t.Errorf("home: no home-1 slot (got %v)", home)
	}
}

func TestConfiguredAdSlots(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	slots := `[
	 {"id":"top","placement":"header","enabled":true,"min_height":90,"html":"<img src=\"/x.png\" alt=\"\">"},
	 {"id":"eco","placement":"in-article","enabled":true,"after_paragraph":2,"categories":["economie"],"min_height":250,"html":"<b>eco</b>"},
	 {"id":"monde","placement":"in-article","enabled":true,"after_paragraph":2,"categories":["monde"],"min_height":250,"html":"<img src=\"/y.png\" alt=\"\"><script>window.ad=1</script>"}
	]`
	if err := f.st.SaveSettings(ctx, map[string]string{"ads.slots": slots, "ads.csp": "img-src https://ads.example"}); err != nil {
		t.Fatal(err)
	}
	rec := f.get(t, "/"+f.main+"/")
	doc, err := html.Parse(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	got := slotsOf(doc)
	if len(got) != 2 || got["top"] == nil || got["monde"] == nil {
		t.Fatalf("slots on a Monde article: %v", got)
	}
	if img := first(t, got["monde"], "img", ""); attr(img, "loading") != "lazy" {
		t.Errorf("in-article image not lazy")
	}
	if img := first(t, got["top"], "img", ""); attr(img, "loading") != "" {
		t.Errorf("header image lazy")
	}
	// The slot follows the second paragraph of the body.
	body := first(t, doc, "div", "article-body")
	var paragraphs int
	for c := body.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == "p" {
			paragraphs++
		}
		if c == got["monde"] && paragraphs != 2 {
			t.Errorf("slot after paragraph %d, want 2", paragraphs)
		}
	}
	csp := rec.Header().Get("Content-Security-Policy")
	if !strings.Contains(csp, "img-src 'self' data: https: https://ads.example") || !strings.Contains(csp, "'sha256-") {
		t.Errorf("CSP not extended for the ads: %s", csp)
	}

	// "[]" switches ads off; the policy is the strict one again.
	if err := f.st.SaveSettings(ctx, map[string]string{"ads.slots": "[]", "ads.csp": ""}); err != nil {
		t.Fatal(err)
	}
	rec = f.get(t, "/"+f.main+"/")
	if strings.Contains(rec.Body.String(), "ad-slot") || rec.Header().Get("Content-Security-Policy") != ContentSecurityPolicy {
		t.Errorf("ads off: slots or CSP remain")
	}

	// A broken setting shows no ads and keeps the strict policy.
	if err := f.st.SaveSettings(ctx, map[string]string{"ads.slots": "[{", "ads.csp": "script-src 'unsafe-inline'"}); err != nil {
		t.Fatal(err)
	}
	rec = f.get(t, "/")
	if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "ad-slot") || rec.Header().Get("Content-Security-Policy") != ContentSecurityPolicy {
		t.Errorf("broken setting: status %d, CSP %q", rec.Code, rec.Header().Get("Content-Security-Policy"))
	}
}
