package importer

import (
	"testing"

	"github.com/kiosque/kiosque/internal/article"
	"github.com/kiosque/kiosque/internal/comment"
	"github.com/kiosque/kiosque/internal/wxr"
)

func TestThreaded(t *testing.T) {
	c := func(id, parent int64, approved string) wxr.Comment {
		return wxr.Comment{ID: id, Parent: parent, Approved: approved, Author: "A", Content: "<p>x</p>"}
	}
	cases := []struct {
		name string
		in   []wxr.Comment
		// want: comment id → parent id, depth
		want map[comment.ID][2]int
	}{
		{"reply listed before its parent", []wxr.Comment{c(2, 1, "1"), c(1, 0, "1")}, map[comment.ID][2]int{1: {0, 0}, 2: {1, 1}}},
		{"approved reply to spam moves up", []wxr.Comment{c(1, 0, "1"), c(2, 1, "spam"), c(3, 2, "1")}, map[comment.ID][2]int{2: {1, 1}, 3: {1, 1}}},
		{"deep thread capped", []wxr.Comment{c(1, 0, "1"), c(2, 1, "1"), c(3, 2, "1"), c(4, 3, "1"), c(5, 4, "1")},
			map[comment.ID][2]int{4: {3, 3}, 5: {3, 3}}},
		{"parent cycle", []wxr.Comment{c(1, 2, "1"), c(2, 1, "1")}, nil},
		{"missing parent", []wxr.Comment{c(7, 99, "0")}, map[comment.ID][2]int{7: {0, 0}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := &wxrRun{sum: &Summary{}}
			out := r.threaded(&wxr.Item{Comments: tc.in}, &article.Article{})
			if len(out) != len(tc.in) {
				t.Fatalf("got %d comments, want %d", len(out), len(tc.in))
			}
			pos := map[comment.ID]int{}
			for i, o := range out {
				pos[o.ID] = i
				if o.ParentID != 0 {
					if p, ok := pos[o.ParentID]; !ok || p > i {
						t.Errorf("comment %d comes before its parent %d", o.ID, o.ParentID)
					}
				}
				if w, ok := tc.want[o.ID]; ok && (int(o.ParentID) != w[0] || o.Depth != w[1]) {
					t.Errorf("comment %d: parent %d depth %d, want %v", o.ID, o.ParentID, o.Depth, w)
				}
				if o.Text != "x" {
					t.Errorf("text = %q", o.Text)
				}
			}
		})
	}
}
