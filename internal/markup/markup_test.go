package markup

import (
	"strings"
	"testing"
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

func FuzzRender(f *testing.F) {
	for _, s := range []string{"", "# t\n\npara", "<script>x</script>", "[a](javascript:x)", "<a href=\"x\" onclick=\"y\">z</a>", "```\ncode\n```", "| a |\n|---|\n| b |"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		got := strings.ToLower(Render(src))
		for _, bad := range []string{"<script", "javascript:", " onerror=", " onclick=", "<iframe", "<style"} {
			if strings.Contains(got, bad) {
				t.Fatalf("Render(%q) kept %q: %q", src, bad, got)
			}
		}
	})
}
