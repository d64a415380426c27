package comment

import (
	"sort"
)

// Node is a comment in a thread, with its replies in the order they came.
type Node struct {
	Comment
	Level   int // 1 for a top-level comment, at most MaxLevels
	Replies []*Node
}

// Thread builds the discussion tree of a flat list of one article's
// comments: top-level comments and their replies, oldest first at every
// level. A reply whose parent is not in the list (held, removed or erased)
// becomes a top-level comment, so nothing shown is lost; a reply that would
// nest deeper than MaxLevels is shown beside its parent.
func Thread(list []Comment) []*Node {
	sorted := make([]Comment, len(list))
	copy(sorted, list)
	sort.SliceStable(sorted, func(i, j int) bool { return older(&sorted[i], &sorted[j]) })
	nodes := make(map[ID]*Node, len(sorted))
	for i := range sorted {
		nodes[sorted[i].ID] = &Node{Comment: sorted[i]}
	}
	var roots []*Node
	for i := range sorted {
		n := nodes[sorted[i].ID]
		parent := nodes[n.ParentID]
		if n.ParentID == 0 || parent == nil || parent == n {
			roots = append(roots, n)
			continue
		}
		parent.Replies = append(parent.Replies, n)
	}
	// Comments in a cycle (impossible from the store, but data may be
	// imported) are never reached from a root, so they are left out rather
	// than looped over.
	for _, r := range roots {
		place(r, 1)
	}
	return roots
}

// place numbers n's subtree from level. Under a comment one level above the
// deepest, each reply is followed by its own descendants as siblings, so no
// comment is deeper than MaxLevels.
func place(n *Node, level int) {
	n.Level = level
	if level < MaxLevels-1 {
		for _, r := range n.Replies {
			place(r, level+1)
		}
		return
	}
	var flat []*Node
	for _, r := range n.Replies {
		flat = append(flat, r)
		flat = append(flat, descendants(r)...)
	}
	for _, f := range flat {
		f.Level, f.Replies = level+1, nil
	}
	n.Replies = flat
}

// descendants lists n's replies and theirs, oldest first.
func descendants(n *Node) []*Node {
	var out []*Node
	var walk func(*Node)
	walk = func(x *Node) {
		for _, r := range x.Replies {
			out = append(out, r)
			walk(r)
		}
	}
	walk(n)
	sort.SliceStable(out, func(i, j int) bool { return older(&out[i].Comment, &out[j].Comment) })
	return out
}

func older(a, b *Comment) bool {
	if !a.CreatedAt.Equal(b.CreatedAt) {
		return a.CreatedAt.Before(b.CreatedAt)
	}
	return a.ID < b.ID
}

// Count returns how many comments the tree holds.
func Count(nodes []*Node) int {
	n := 0
	for _, x := range nodes {
		n += 1 + Count(x.Replies)
	}
	return n
}
