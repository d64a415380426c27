package web

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/kiosque/kiosque/internal/markup"
)

// TestBodyCache: a body is rendered as markup renders it, once; an edited
// body is rendered anew; the cache stays within its bytes, oldest out.
func TestBodyCache(t *testing.T) {
	c := newBodyCache(8 << 10)
	src := "Premier paragraphe, avec *emphase*.\n\n## Un titre\n\nSecond paragraphe."
	b := c.get(src)
	if want := markup.Blocks(src); !reflect.DeepEqual(b.blocks, want) {
		t.Errorf("blocks %+v, want %+v", b.blocks, want)
	}
	if want := truncate(markup.Text(src), 200); b.text != want {
		t.Errorf("text %q, want %q", b.text, want)
	}
	if c.get(src) != b {
		t.Error("the same body rendered twice")
	}
	edited := strings.Replace(src, "Second", "Deuxième", 1)
	if got := c.get(edited); !strings.Contains(got.blocks[len(got.blocks)-1].HTML, "Deuxième") {
		t.Errorf("edited body shows %q", got.blocks[len(got.blocks)-1].HTML)
	}
	for i := range 200 {
		c.get(src + "\n\nParagraphe " + strconv.Itoa(i) + ".")
		if c.size > c.max {
			t.Fatalf("size %d over %d", c.size, c.max)
		}
	}
	if len(c.byKey) != c.lru.Len() || len(c.byKey) > 100 {
		t.Errorf("%d keys, %d entries", len(c.byKey), c.lru.Len())
	}
	if c.get(src) == b {
		t.Error("the oldest body was never pushed out")
	}
}

// BenchmarkBodyCache compares rendering an article body's Markdown with
// finding it in the body cache.
func BenchmarkBodyCache(b *testing.B) {
	src := strings.Repeat("Un paragraphe d’une quarantaine de mots, avec *emphase* et un [lien](https://example.org/), "+
		"comme en écrivent les rédactions pour leurs articles du jour.\n\n", 12)
	b.Run("render", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			renderBody(src)
		}
	})
	b.Run("hit", func(b *testing.B) {
		c := newBodyCache(bodyCacheBytes)
		c.get(src)
		b.ReportAllocs()
		for b.Loop() {
			c.get(src)
		}
	})
}
