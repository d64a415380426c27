package demo

// Comment is a reader comment of the demo site, given as data: the comment
// package loads them (through its own store) after Load, and runs each one
// through the spam filter. Spam marks the obvious junk the filter must catch.
type Comment struct {
	ArticleExternalID string
	AuthorName        string
	Email             string
	URL               string
	Text              string
	ParentIndex       int // index in Comments of the comment answered, -1 for none
	Spam              bool
}

// Comments are the demo site's reader comments, about 60 of them, some
// replies and a handful of obvious spam.
var Comments = []Comment{}
