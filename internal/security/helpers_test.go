package security

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/store"
)

// storeAll lists every article, whatever its state.
var storeAll = store.ArticleFilter{Limit: 1000}

// mediaFS stands for the demo's images under /media/demo/.
var mediaFS = fstest.MapFS{"photo.svg": {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)}}

// commentCount counts an article's comments in every state.
func commentCount(t testing.TB, s store.Comments, id article.ID) int {
	t.Helper()
	counts, err := s.CommentCounts(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, st := range comment.States {
		n += counts[st]
	}
	return n
}
